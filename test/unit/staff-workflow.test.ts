import { describe, expect, it } from 'vitest';
import { DomainError, STATUSES, type ReportState, type ReportStatus } from '../../functions/core/report';
import { reportState } from '../support/report-fixture';
import { applyStaffAction, authorityFromGroups, canSee, staffActionSchema, TRANSITIONS, type StaffUser } from '../../functions/core/staff';
import { previewRegistryImport } from '../../functions/core/registry-import';

const handler: StaffUser = { id: 'u1', name: '王敏', authority: 'district:minhang', admin: false };
const at = '2025-11-03T02:00:00.000Z';

function report(status: ReportStatus, patch: Partial<ReportState> = {}): ReportState {
  return reportState({ version: 4, status, decision: { ruleIds: ['SH2025-22-9'], by: '王敏', at }, ...patch });
}

function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('expected a refusal');
}

describe('status transitions: 新收 → 核查中 → 已认定 / 不予认定 / 已转办 → 办结', () => {
  const pairs = STATUSES.flatMap((from) => STATUSES.filter((to) => to !== 'closed').map((to) => [from, to] as const));
  it.each(pairs)('%s → %s', (from, to) => {
    const action = { type: 'status' as const, status: to, reason: '核查情况说明' };
    const allowed = TRANSITIONS[from].includes(to) && from !== 'closed';
    if (allowed) {
      const change = applyStaffAction(report(from), action, handler, at);
      expect(change.set).toEqual({ status: to });
      expect(change.events[0]).toMatchObject({ type: 'status', actor: 'u1', public: true, data: { from, to, reason: '核查情况说明', by: '王敏' } });
    } else {
      expect(refusal(() => applyStaffAction(report(from), action, handler, at)).status).toBe(409);
    }
  });

  it.each(STATUSES)('closing from %s', (from) => {
    const action = { type: 'close' as const, outcome: '已责令该机构整改并撤下广告' };
    if (['confirmed', 'not-confirmed', 'transferred'].includes(from)) {
      expect(applyStaffAction(report(from), action, handler, at).set).toEqual({ status: 'closed', outcome: action.outcome });
    } else {
      expect(refusal(() => applyStaffAction(report(from), action, handler, at)).status).toBe(409);
    }
  });

  it('refuses 办结 through a plain status change, and 已认定 without a rule decision', () => {
    expect(refusal(() => applyStaffAction(report('confirmed'), { type: 'status', status: 'closed', reason: '结束了' }, handler, at)).code).toBe('use_close');
    const undecided = report('investigating', { decision: undefined });
    expect(refusal(() => applyStaffAction(undecided, { type: 'status', status: 'confirmed', reason: '情况属实' }, handler, at)).message).toContain('先确认违规条款');
  });
});

describe('actions', () => {
  it('records a rule decision and keeps the suggestion', () => {
    const change = applyStaffAction(report('investigating', { decision: undefined, triage: { suggestions: [{ ruleId: 'SH2025-22-9' }] } }), { type: 'decide-rules', ruleIds: ['SH2025-22-9', 'SH2025-23-11'], reason: '广告和卖证都有' }, handler, at);
    expect(change.set).toEqual({ decision: { ruleIds: ['SH2025-22-9', 'SH2025-23-11'], by: '王敏', at, reason: '广告和卖证都有' } });
    expect(change.set).not.toHaveProperty('triage');
  });

  it('refuses unknown rule ids with a Chinese message', () => {
    const parsed = staffActionSchema.safeParse({ type: 'decide-rules', ruleIds: ['SH2025-21-5'] });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.message).toContain('条款编号不存在');
  });

  it('transfers to another authority, back to 新收 in its queue, with a public event', () => {
    const change = applyStaffAction(report('investigating'), { type: 'transfer', authority: 'district:pudong', reason: '机构实际在浦东' }, handler, at);
    expect(change.set).toMatchObject({ route: { authority: 'district:pudong' }, status: 'new', assignee: null });
    expect(change.events[0]).toMatchObject({ type: 'transferred', public: true, text: '转交上海市浦东新区人力资源和社会保障局办理' });
    expect(refusal(() => applyStaffAction(report('confirmed'), { type: 'transfer', authority: 'district:pudong', reason: '机构在浦东' }, handler, at)).status).toBe(409);
    expect(refusal(() => applyStaffAction(report('new'), { type: 'transfer', authority: 'district:minhang', reason: '本单位' }, handler, at)).code).toBe('same_authority');
  });

  it('keeps notes internal and messages visible to the reporter', () => {
    expect(applyStaffAction(report('new'), { type: 'note', text: '先电话核实' }, handler, at).events[0]!.public).toBe(false);
    const message = applyStaffAction(report('new'), { type: 'message', text: '请补充广告截图' }, handler, at);
    expect(message.messages).toEqual([{ at, from: 'staff', text: '请补充广告截图', author: 'u1' }]);
  });

  it('extends the conclusion limit once only', () => {
    expect(applyStaffAction(report('investigating'), { type: 'extend', reason: '需要现场检查' }, handler, at).set).toHaveProperty('extension');
    const extended = report('investigating', { extension: { reason: '需要现场检查', by: '王敏', at } });
    expect(refusal(() => applyStaffAction(extended, { type: 'extend', reason: '还要再查' }, handler, at)).code).toBe('already_extended');
  });

  it('has no referral action: the procedure’s 移送函 (第三十四条) records referrals', () => {
    expect(staffActionSchema.safeParse({ type: 'referral', to: 'police', reason: '涉嫌犯罪' }).success).toBe(false);
  });

  it('leaves the status, closing and transfer to the procedure once it has started', () => {
    const started = report('investigating', { procedure: { caseId: 'X', authority: 'district:minhang', advertising: false, parties: [], referrals: [], referralsDrafted: 0 } });
    for (const action of [
      { type: 'status', status: 'confirmed', reason: '已查实' },
      { type: 'close', outcome: '已处理' },
      { type: 'transfer', authority: 'district:pudong', reason: '不归本区' },
    ] as const) {
      expect(refusal(() => applyStaffAction(started, action, handler, at)).code).toBe('procedure_started');
    }
    expect(applyStaffAction(started, { type: 'note', text: '补记一笔' }, handler, at).events).toHaveLength(1);
  });

  it('does nothing to a closed report', () => {
    expect(refusal(() => applyStaffAction(report('closed'), { type: 'note', text: '补记' }, handler, at)).code).toBe('report_closed');
  });
});

describe('who sees what', () => {
  it('reads authorities from groups, in either spelling', () => {
    expect(authorityFromGroups(['admin', 'district-minhang'])).toBe('district:minhang');
    expect(authorityFromGroups(['district:pudong'])).toBe('district:pudong');
    expect(authorityFromGroups(['district:atlantis', 'staff'])).toBeNull();
  });

  it('lets municipal staff see everything and others only their own authority', () => {
    const minhang = report('new').route.authority;
    expect(canSee(handler, minhang)).toBe(true);
    expect(canSee({ ...handler, authority: 'district:pudong' }, minhang)).toBe(false);
    expect(canSee({ ...handler, authority: 'municipal' }, minhang)).toBe(true);
    expect(canSee({ ...handler, authority: null, admin: true }, minhang)).toBe(false);
  });
});

describe('registry import preview', () => {
  const header = 'name,aliases,creditCode,district,authority,occupations,status\n';
  const current = `${header}上海甲评价有限公司,甲评价,91310000MA1TEST00A,minhang,district:minhang,电工,active\n上海乙评价有限公司,,91310000MA1TEST00B,pudong,district:pudong,育婴员,active\n`;
  it('shows what is added, removed and changed, field by field', () => {
    const next = `${header}上海甲评价有限公司,甲评价,91310000MA1TEST00A,minhang,municipal,电工|焊工,suspended\n上海丙评价有限公司,,91310000MA1TEST00C,xuhui,district:xuhui,保育师,active\n`;
    const preview = previewRegistryImport(current, next);
    expect(preview).toMatchObject({ count: 2, added: ['上海丙评价有限公司'], removed: ['上海乙评价有限公司'], unchanged: 0, errors: [] });
    expect(preview.changed).toEqual([
      {
        name: '上海甲评价有限公司',
        fields: [
          { field: 'authority', from: 'district:minhang', to: 'municipal' },
          { field: 'occupations', from: '电工', to: '电工|焊工' },
          { field: 'status', from: '正常', to: '评价活动暂停' },
        ],
      },
    ]);
  });

  it('lists errors with their line numbers', () => {
    const preview = previewRegistryImport(undefined, `${header}上海丁评价有限公司,,9131,minhang,district:atlantis,电工,active\n`);
    expect(preview.errors[0]).toMatchObject({ line: 2 });
    expect(preview.errors[0]!.message).toMatch(/authority|单位|主管/);
  });
});
