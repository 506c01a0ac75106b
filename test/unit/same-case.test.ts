import { describe, expect, it } from 'vitest';
import { admitToCase, bigrams, closeWithCase, joinCase, leaveCase, releaseFromCase, resemblance, rowText, sameCaseCandidates, stateText } from '../../functions/core/records';
import { applyChange, DomainError, type ReportState } from '../../functions/core/report';
import { queueRowOf, type QueueIndex, type QueueRow } from '../../functions/core/queue';
import type { StaffUser } from '../../functions/core/staff';
import { reportState } from '../support/report-fixture';

// Same institution, same conduct: reports found with bounded reads, merged into one case with both trails kept.

const municipal: StaffUser = { id: 'zhou', name: '市职鉴中心 周伟', authority: 'municipal', admin: false };
const AD = '朋友圈广告：“高级电工证包过，考不过全额退款”，交3800元不用去考场，机构说可以直接拿证。';

const state = (code: string, patch: Partial<ReportState> = {}) => reportState({ trackingCode: code, ...patch });

/** An index over in-memory rows that counts what it was asked for. */
function rows(all: ReportState[]) {
  const calls: { authority: string; limit: number }[] = [];
  return {
    calls,
    async rows(authority: string, index: QueueIndex, after: string | undefined, limit: number) {
      calls.push({ authority, limit });
      const range = index.index === 'byAuthority' ? index : { from: undefined, to: undefined };
      const mine = all
        .filter((s) => s.route.authority === authority)
        .map((s) => ({ row: queueRowOf(s), position: `${s.receivedAt}#${s.trackingCode}` }))
        .filter((r) => (!range.from || r.position >= range.from) && (!range.to || r.position <= range.to))
        .sort((a, b) => a.position.localeCompare(b.position))
        .filter((r) => !after || r.position > after);
      return { rows: mine.slice(0, limit), done: mine.length <= limit };
    },
    async forInstitution(name: string, limit: number): Promise<QueueRow[]> {
      return all.filter((s) => s.institutionName === name).slice(0, limit).map(queueRowOf);
    },
  };
}

describe('finding one case', () => {
  it('tells a pasted advertisement from an unrelated report', () => {
    const a = bigrams(stateText({ description: AD }));
    expect(resemblance(a, bigrams(stateText({ description: `我也看到了：${AD}` })))).toBeGreaterThan(0.8);
    expect(resemblance(a, bigrams(stateText({ description: '高级电工证包过的广告，说不用去考场，交钱直接拿证，考不过退款' })))).toBeLessThan(0.6);
    expect(resemblance(a, bigrams(stateText({ description: '考评员王建国考试时一直在玩手机，还迟到了半个小时。' })))).toBeLessThan(0.1);
    const row = queueRowOf(state('AAAA-AAAA-AAA1', { description: AD }));
    expect(rowText(row)).toBe(stateText({ description: AD }));
  });

  it('across districts for the municipal centre, within two weeks, best first, with bounded reads', async () => {
    const me = state('AAAA-AAAA-AAA1', { description: AD, receivedAt: '2025-11-01T02:00:00.000Z', route: { authority: 'district:minhang', reason: '' } });
    const all = [
      me,
      state('BBBB-BBBB-BBB1', { description: `转发：${AD}`, receivedAt: '2025-11-03T02:00:00.000Z', route: { authority: 'district:pudong', reason: '' } }),
      state('BBBB-BBBB-BBB2', { description: AD, receivedAt: '2025-12-01T02:00:00.000Z', route: { authority: 'district:pudong', reason: '' } }),
      state('CCCC-CCCC-CCC1', { description: '考评员迟到半小时，考生在门口等。', receivedAt: '2025-11-02T02:00:00.000Z', route: { authority: 'district:minhang', reason: '' } }),
      state('DDDD-DDDD-DDD1', { description: '这家机构的考场没有监控。', institutionName: '上海闵湖美业职业技能评价有限公司', receivedAt: '2025-06-01T02:00:00.000Z' }),
      ...Array.from({ length: 250 }, (_, i) => state(`EEEE-EEEE-${String(i).padStart(4, '0')}`, { description: `无关的举报 ${i} 号：考点卫生很差，厕所没有水。`, receivedAt: '2025-10-25T02:00:00.000Z', route: { authority: 'district:xuhui', reason: '' } })),
    ];
    const source = rows(all);
    me.institutionName = '上海闵湖美业职业技能评价有限公司';
    const { candidates, scanned, bounded } = await sameCaseCandidates(source, me, ['municipal', 'district:minhang', 'district:pudong', 'district:xuhui'], () => true);
    expect(candidates.map((c) => [c.trackingCode, c.sameInstitution, c.resemblance >= 0.6])).toEqual([
      ['BBBB-BBBB-BBB1', false, true],
      ['DDDD-DDDD-DDD1', true, false],
    ]);
    // At most 200 rows of an authority; the xuhui backlog was cut there and said so.
    expect(scanned).toBeLessThanOrEqual(1000);
    expect(source.calls.filter((c) => c.authority === 'district:xuhui').reduce((n, c) => n + c.limit, 0)).toBe(200);
    expect(bounded).toBe(true);
    // What the user may not see is never offered.
    const narrow = await sameCaseCandidates(source, me, ['district:minhang', 'district:pudong'], (row) => row.authority === 'district:minhang');
    expect(narrow.candidates.map((c) => c.trackingCode)).toEqual(['DDDD-DDDD-DDD1']);
  });
});

describe('merging', () => {
  const at = '2025-11-05T02:00:00.000Z';
  const primary = state('PPPP-PPPP-PPP1', { route: { authority: 'district:pudong', reason: '' }, status: 'investigating' });
  const member = state('MMMM-MMMM-MMM1', { route: { authority: 'district:minhang', reason: '' }, assignee: { id: 'wang', name: '王敏' } });

  it("moves the member to the primary's office, records it on both, and can be undone on both", () => {
    const join = joinCase(member, primary, municipal, '同一条广告', at)!;
    expect(join.set).toEqual({ caseOf: 'PPPP-PPPP-PPP1', route: { authority: 'district:pudong', reason: '并入 PPPP-PPPP-PPP1 一并办理：同一条广告' }, assignee: null });
    expect(join.events.map((e) => [e.type, e.public])).toEqual([['merged-into', false], ['merged-public', true]]);
    const joined = applyChange(member, join, at);
    expect(joinCase(joined, primary, municipal, '同一条广告', at)).toBeUndefined(); // asking again does nothing
    const admit = admitToCase(primary, joined, municipal, '同一条广告', at)!;
    const withMember = applyChange(primary, admit, at);
    expect(withMember.mergedReports).toEqual(['MMMM-MMMM-MMM1']);
    expect(admitToCase(withMember, joined, municipal, '同一条广告', at)).toBeUndefined();
    expect(queueRowOf(joined).caseOf).toBe('PPPP-PPPP-PPP1');

    const left = applyChange(joined, leaveCase(joined, municipal, '不是同一事项', at)!, at);
    expect(left.caseOf).toBeUndefined();
    expect(left.route.authority).toBe('district:pudong');
    expect(applyChange(withMember, releaseFromCase(withMember, member.trackingCode, municipal, '不是同一事项', at)!, at).mergedReports).toEqual([]);
  });

  it('refuses a merge into itself, into a merged report, of a case primary, or of closed reports', () => {
    const code = (fn: () => unknown) => {
      try {
        fn();
        return 'done';
      } catch (error) {
        return error instanceof DomainError ? error.message : String(error);
      }
    };
    expect(code(() => joinCase(member, member, municipal, 'x', at))).toBe('不能把举报并入它自己');
    expect(code(() => joinCase(member, { ...primary, caseOf: 'QQQQ-QQQQ-QQQ1' }, municipal, 'x', at))).toBe('举报 PPPP-PPPP-PPP1 已并入 QQQQ-QQQQ-QQQ1，请并入 QQQQ-QQQQ-QQQ1');
    expect(code(() => joinCase({ ...member, mergedReports: ['ZZZZ-ZZZZ-ZZZ1'] }, primary, municipal, 'x', at))).toMatch(/^已有 1 件举报并入这份举报/);
    expect(code(() => joinCase({ ...member, status: 'closed' }, primary, municipal, 'x', at))).toBe('已办结的举报不能合并');
  });

  it("closes the members with the primary's outcome", () => {
    const joined = applyChange(member, joinCase(member, primary, municipal, '同一条广告', at)!, at);
    const closedPrimary = { ...primary, status: 'closed' as const, outcome: '经查属实，已对机构予以警告。' };
    const close = closeWithCase(joined, closedPrimary, municipal, at)!;
    expect(close.set).toEqual({ status: 'closed', outcome: '经查属实，已对机构予以警告。' });
    expect(close.events[0]).toMatchObject({ public: true, text: '随合并办理的举报一并办结：经查属实，已对机构予以警告。' });
    expect(closeWithCase(member, closedPrimary, municipal, at)).toBeUndefined();
  });
});
