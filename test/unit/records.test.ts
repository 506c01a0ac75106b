import { describe, expect, it } from 'vitest';
import { assessReport } from '../../functions/core/assess';
import {
  addYears,
  applyOverlays,
  decisionInputSchema,
  decisionRecord,
  effectiveStatus,
  filingCycleOf,
  historyFor,
  historySource,
  overlayOf,
  PERSON_RECORD_RETENTION_YEARS,
  retained,
  servedDecisionOf,
  standing,
  withStatusOverlays,
  type DecisionRecord,
  type HistoryEntry,
  type RecordsReader,
  type RosterEntry,
} from '../../functions/core/records';
import { createRegistry, type Institution, type Registry } from '../../functions/core/registry';
import { DomainError } from '../../functions/core/report';
import { publicRules } from '../../functions/core/reporting';
import type { ReportInput } from '../../functions/core/schemas/report';
import { triage } from '../../functions/core/triage';

// The records of decisions and what they are used for: the history triage is given for a report (the 备案周期,
// the tiers of the 细则), a person's retention and 禁考 period, and the registry status decisions put in force.

const MINGDE: Institution = {
  name: '上海明德职业技能评价有限公司',
  aliases: ['明德评价'],
  creditCode: '91310112MA1DEV0011',
  district: 'minhang',
  authority: 'district:minhang',
  occupations: ['电工', '育婴员'],
  status: 'active',
};
/** An institution whose registry row gives its filing: filed 2024-03-01, three-year cycles. */
const FILED = { ...MINGDE, name: '上海仁和康养职业技能评价中心', aliases: ['仁和康养'], creditCode: '52310000DEV0000033', filedOn: '2024-03-01', cycleYears: 3 } as Institution;
const registry: Registry = createRegistry([MINGDE, FILED]);

const actor = { id: 'u1', name: '闵行区人社局 王敏' };
const TODAY = '2025-11-20';

function record(input: Record<string, unknown>, authority = 'district:minhang' as const): DecisionRecord {
  return decisionRecord(decisionInputSchema.parse(input), { registry, authority, actor, at: '2025-11-20T02:00:00.000Z', today: TODAY, source: 'staff' });
}

const yuetan = (decidedOn: string, docNo = '闵人社处〔2025〕3号', name = '明德评价') =>
  record({ party: { institutionName: name }, decision: '约谈', ruleIds: ['SH2025-21-6'], decidedOn, docNo });

/** The records store as the history reads it: a port over plain arrays. */
function reader(decisions: DecisionRecord[], roster: RosterEntry[] = []): RecordsReader & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    async institutionDecisions(key, limit) {
      reads.push(`inst:${key}`);
      return decisions.filter((d) => !d.personKey && d.institutionKey === key).slice(0, limit);
    },
    async roster(authority, key) {
      reads.push(`roster:${authority}:${key}`);
      return roster.filter((p) => decisions.some((d) => d.personKey === p.personKey && d.authority === authority && d.institutionKey === key));
    },
    async personDecisions(authority, key, limit) {
      reads.push(`person:${authority}:${key}`);
      return decisions.filter((d) => d.personKey === key && d.authority === authority).slice(0, limit);
    },
  };
}

const rosterOf = (d: DecisionRecord): RosterEntry => ({
  personKey: d.personKey!,
  name: d.party.person!.name,
  role: d.party.person!.role,
  ...(d.party.person!.cardNo ? { cardNo: d.party.person!.cardNo } : {}),
  institutionName: d.party.person!.institutionName!,
  retainUntil: d.retainUntil!,
});

const report = (description: string, incidentDate = '2025-10-12'): ReportInput =>
  ({ subjectType: 'institution', channel: 'exam', institutionName: '明德评价', district: 'minhang', incidentDate, description, anonymous: true }) as ReportInput;

const received = new Date('2025-11-01T02:00:00.000Z');

/** A triage engine that says what it was given: what the wiring passes, without faking the escalation itself. */
function watchingEngine() {
  const calls: { history?: HistoryEntry[] }[] = [];
  const engine = ((input, reg, options = {}) => {
    calls.push(options as { history?: HistoryEntry[] });
    return triage(input, reg, options);
  }) as typeof triage;
  return { engine, calls };
}

describe('the 备案周期', () => {
  it('is the calendar year without a filing date, and whole cycles from the registry filing date with one', () => {
    expect(filingCycleOf(MINGDE, '2025-10-12')).toEqual({ from: '2025-01-01', to: '2026-01-01', basis: 'calendar-year' });
    expect(filingCycleOf(undefined, '2025-01-01')).toMatchObject({ from: '2025-01-01', to: '2026-01-01' });
    expect(filingCycleOf(FILED, '2025-10-12')).toEqual({ from: '2024-03-01', to: '2027-03-01', basis: 'registry' });
    expect(filingCycleOf(FILED, '2027-03-01')).toMatchObject({ from: '2027-03-01', to: '2030-03-01' });
    expect(filingCycleOf(FILED, '2024-02-29')).toMatchObject({ from: '2021-03-01', to: '2024-03-01' });
    expect(filingCycleOf({ ...FILED, cycleYears: 1 } as Institution, '2025-10-12')).toMatchObject({ from: '2025-03-01', to: '2026-03-01' });
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
  });

  it('is recorded with each decision as the registry gave it then', () => {
    expect(yuetan('2025-03-10').cycle).toEqual({ from: '2025-01-01', to: '2026-01-01', basis: 'calendar-year' });
    expect(yuetan('2025-03-10', 'x〔2025〕1号', '仁和康养').cycle).toEqual({ from: '2024-03-01', to: '2027-03-01', basis: 'registry' });
  });
});

describe('recording a decision', () => {
  it('keeps an institution under the registry name, with its credit code, whatever name it was typed with', () => {
    const r = yuetan('2025-03-10');
    expect(r.party).toEqual({ institutionName: MINGDE.name, creditCode: MINGDE.creditCode });
    expect(r.institutionKey).toBe('上海明德职业技能评价');
    expect(r.retainUntil).toBeUndefined();
    // The same party, decision and 文号: the same record id, however typed.
    expect(record({ party: { creditCode: MINGDE.creditCode }, decision: '约谈', ruleIds: ['SH2025-21-6'], decidedOn: '2025-03-10', docNo: '闵人社处〔2025〕3号' }).id).toBe(r.id);
    expect(yuetan('2025-03-10', '闵人社处〔2025〕4号').id).not.toBe(r.id);
  });

  it('refuses what it cannot record, naming the field', () => {
    const refused = (input: Record<string, unknown>) => {
      try {
        record(input);
      } catch (error) {
        if (error instanceof DomainError) return `${error.field}: ${error.message}`;
        throw error;
      }
      throw new Error('recorded');
    };
    const base = { party: { institutionName: '明德评价' }, decision: '约谈', ruleIds: ['SH2025-21-6'], decidedOn: '2025-03-10', docNo: '闵人社处〔2025〕3号' };
    expect(refused({ ...base, ruleIds: [] })).toMatch(/^ruleIds: 请填写处理依据的条款/);
    expect(refused({ ...base, ruleIds: ['SH2025-11-1'] })).toMatch(/^ruleIds: 条款 SH2025-11-1 是关于考评人员的/);
    expect(refused({ ...base, decidedOn: '2025-12-01' })).toMatch(/^decidedOn: 决定日期 2025-12-01 还没到/);
    expect(refused({ ...base, decision: '谈话提醒' })).toMatch(/^party.person: “谈话提醒”是对人员的处理/);
    expect(refused({ ...base, party: { person: { name: '王建国', role: 'examiner' } }, decision: '谈话提醒', ruleIds: ['SH2025-11-1'] })).toMatch(/^party.person.institutionName: 没有证卡号时/);
    expect(refused({ ...base, decision: '撤销证书', ruleIds: ['SH2025-24'] })).toMatch(/^certificates: 请列出被撤销的证书编号/);
    expect(refused({ ...base, party: { person: { name: '李四', role: 'candidate', institutionName: '明德评价' } }, decision: '禁考', ruleIds: ['SH2025-6-1'] })).toMatch(/^ruleIds: 禁考应依据第七、八或九条/);
    expect(refused({ ...base, rectifyBy: '2025-12-01' })).toMatch(/^rectifyBy: 整改期限只用于/);
    expect(() => decisionInputSchema.parse({ ...base, ruleIds: ['SH2025-99-1'] })).toThrow(/有条款编号不存在/);
  });

  it("records a candidate's 禁考 with its end date: 当年, 2 年, 5 年 (第七—九条)", () => {
    const candidate = (ruleId: string) =>
      record({ party: { person: { name: '李四', role: 'candidate', institutionName: '明德评价' } }, decision: '禁考', ruleIds: [ruleId], decidedOn: '2025-06-15', docNo: `明德〔2025〕${ruleId}号` });
    expect(candidate('SH2025-7-1').ban).toEqual({ kind: 'this-year', from: '2025-06-15', until: '2025-12-31' });
    expect(candidate('SH2025-8-1').ban).toEqual({ kind: '2-years', from: '2025-06-15', until: '2027-06-14' });
    expect(candidate('SH2025-9-1').ban).toEqual({ kind: '5-years', from: '2025-06-15', until: '2030-06-14' });
  });

  it("keeps a person's record five years from the decision, no longer: TTL and a check on every read", () => {
    const r = record({ party: { person: { name: '王建国', cardNo: 'kp-3101-2233', role: 'examiner' } }, decision: '通报批评', ruleIds: ['SH2025-12-1'], decidedOn: '2021-06-01', docNo: '闵人社〔2021〕8号' });
    expect(PERSON_RECORD_RETENTION_YEARS).toBe(5);
    expect(r.retainUntil).toBe('2026-06-01');
    expect(r.personKey).toBe('card:KP31012233');
    expect(r.party.person?.cardNo).toBe('KP31012233');
    expect(retained(r, '2026-05-31')).toBe(true);
    expect(retained(r, '2026-06-01')).toBe(false);
    // Past retention it counts for nothing, even if the store still answers it.
    expect(standing(r, registry, '2026-05-01', '2026-06-02')).toEqual({ counts: false, why: '已超过保存期限' });
    // The longest ban ends within the retention.
    const ban = record({ party: { person: { name: '李四', role: 'candidate', institutionName: '明德评价' } }, decision: '禁考', ruleIds: ['SH2025-9-1'], decidedOn: '2025-06-15', docNo: '明德〔2025〕9号' });
    expect(ban.ban!.until < ban.retainUntil!).toBe(true);
  });
});

describe("what the records learn from the procedure's served decision", () => {
  const served = (ruleIds: string[], outcome: 'sanction' | 'no-action' = 'sanction') => ({
    caseId: 'ABCD-EFGH-JKMN',
    authority: 'district:minhang',
    partyId: 'p1',
    party: { kind: 'institution' as const, name: MINGDE.name },
    outcome,
    decision: '警告，限期整改',
    ruleIds,
    decidedOn: '2025-10-13',
    servedOn: '2025-10-14',
    docNo: '闵人社处〔2025〕1号',
    incidentDate: '2025-09-12',
  });
  const actor = { id: 'li', name: '李强' };

  it("records the consequence of the heaviest clause applied, with the decision's 文号 and the case", () => {
    expect(servedDecisionOf(served(['SH2025-21-6']), actor)).toMatchObject({ decision: '约谈', docNo: '闵人社处〔2025〕1号', reportCode: 'ABCD-EFGH-JKMN' });
    expect(servedDecisionOf(served(['SH2025-21-6', 'SH2025-22-9']), actor)?.decision).toBe('警告');
  });

  it('records nothing for a decision not to proceed, or under clauses that name no decision', () => {
    expect(servedDecisionOf(served(['SH2025-22-9'], 'no-action'), actor)).toBeUndefined();
    expect(servedDecisionOf(served(['MH2024-1']), actor)).toBeUndefined();
  });
});

describe('the history triage is given for a report', () => {
  const subject = (description: string) => ({ institutionName: MINGDE.name, authority: 'district:minhang', description });

  it('passes a 约谈 of the current 备案周期 for the institution’s next report, in the engine’s HistoryEntry shape', async () => {
    const store = reader([yuetan('2025-03-10')]);
    const history = await historySource(store, () => new Date('2025-11-20T02:00:00Z'))(subject('考场组织混乱，考生随意走动'), '2025-10-12', registry);
    expect(history).toEqual([
      { party: { institutionName: MINGDE.name, creditCode: MINGDE.creditCode }, decision: '约谈', ruleId: 'SH2025-21-6', decidedOn: '2025-03-10', docNo: '闵人社处〔2025〕3号' },
    ]);
    // Bounded: the institution's decisions and its roster, one read each.
    expect(store.reads).toEqual(['inst:上海明德职业技能评价', 'roster:district:minhang:上海明德职业技能评价']);
  });

  it('passes no 约谈 of the previous 备案周期, nor one after the incident; a 警告 counts in any cycle (第二十三条（一）)', () => {
    const previous = yuetan('2024-11-02', '闵人社处〔2024〕9号');
    const after = yuetan('2025-10-20', '闵人社处〔2025〕7号');
    const warning = record({ party: { institutionName: '明德评价' }, decision: '警告', ruleIds: ['SH2025-22-9'], decidedOn: '2023-05-04', docNo: '闵人社处〔2023〕2号' });
    expect(historyFor([previous, after, warning], registry, '2025-10-12', TODAY).map((h) => h.docNo)).toEqual(['闵人社处〔2023〕2号']);
    expect(standing(previous, registry, '2025-10-12', TODAY)).toEqual({ counts: false, why: '不在本次行为所在的备案周期（2025-01-01 起）内' });
    expect(standing(after, registry, '2025-10-12', TODAY)).toEqual({ counts: false, why: '晚于本次行为' });
  });

  it('reads the cycle from the registry’s filing columns when it has them', () => {
    // Filed 2024-03-01: a 约谈 of 2024-11-02 is in the same cycle as an incident of 2025-10-12; one of 2024-02-20 is not.
    const inCycle = yuetan('2024-11-02', 'a〔2024〕1号', '仁和康养');
    const before = yuetan('2024-02-20', 'a〔2024〕0号', '仁和康养');
    expect(historyFor([inCycle, before], registry, '2025-10-12', TODAY).map((h) => h.docNo)).toEqual(['a〔2024〕1号']);
  });

  it('passes one entry per decision, whatever the number of its clauses; decisions no escalation rests on are not passed', () => {
    const two = record({ party: { institutionName: '明德评价' }, decision: '约谈', ruleIds: ['SH2025-21-6', 'SH2025-21-2'], decidedOn: '2025-02-01', docNo: 'b〔2025〕1号' });
    const terminated = record({ party: { institutionName: '明德评价' }, decision: '终止备案', ruleIds: ['SH2025-23-6'], decidedOn: '2025-02-02', docNo: 'b〔2025〕2号' });
    expect(historyFor([two, two, terminated], registry, '2025-10-12', TODAY)).toEqual([expect.objectContaining({ docNo: 'b〔2025〕1号', ruleId: 'SH2025-21-6' })]);
  });

  it('passes the 谈话提醒 and 通报批评 of a person the report names, within the cycle of the institution they work for', async () => {
    const reminder = (decidedOn: string, docNo: string) =>
      record({ party: { person: { name: '王建国', role: 'examiner', institutionName: '明德评价' } }, decision: '谈话提醒', ruleIds: ['SH2025-11-1'], decidedOn, docNo });
    const first = reminder('2025-02-10', '明德〔2025〕1号');
    const second = reminder('2025-05-20', '明德〔2025〕2号');
    const lastYear = reminder('2024-12-01', '明德〔2024〕9号');
    const criticism = record({ party: { person: { name: '赵敏', cardNo: 'DD20250001', role: 'supervisor', institutionName: '明德评价' } }, decision: '通报批评', ruleIds: ['SH2025-15-1'], decidedOn: '2025-04-01', docNo: '闵人社〔2025〕5号' });
    const decisions = [first, second, lastYear, criticism];
    const store = reader(decisions, [rosterOf(first), rosterOf(criticism)]);
    const source = historySource(store, () => new Date('2025-11-20T02:00:00Z'));

    const named = await source(subject('考评员王建国又一次迟到半小时，考生等在门外'), '2025-10-12', registry);
    expect(named).toEqual([
      { party: { person: { name: '王建国', role: 'examiner', institutionName: MINGDE.name } }, decision: '谈话提醒', ruleId: 'SH2025-11-1', decidedOn: '2025-02-10', docNo: '明德〔2025〕1号' },
      { party: { person: { name: '王建国', role: 'examiner', institutionName: MINGDE.name } }, decision: '谈话提醒', ruleId: 'SH2025-11-1', decidedOn: '2025-05-20', docNo: '明德〔2025〕2号' },
    ]);
    // Named by 证卡号 only.
    expect((await source(subject('督导员（证号 DD-2025-0001）又在考场玩手机'), '2025-10-12', registry)).map((h) => h.docNo)).toEqual(['闵人社〔2025〕5号']);
    // Not named: nothing about people.
    expect(await source(subject('考场组织混乱'), '2025-10-12', registry)).toEqual([]);
    // Another office's records are not read.
    expect(await source({ ...subject('考评员王建国又迟到'), authority: 'district:pudong' }, '2025-10-12', registry)).toEqual([]);
  });
});

describe('assess passes the history to triage', () => {
  const input = report('这家机构考场组织混乱，考生随意走动，监考不管。');
  const history = async () => [{ party: { institutionName: MINGDE.name }, decision: '约谈', ruleId: 'SH2025-21-6', decidedOn: '2025-03-10', docNo: '闵人社处〔2025〕3号' }];

  it('gives the engine the entries and keeps them with the result', async () => {
    const { engine, calls } = watchingEngine();
    const asked: unknown[] = [];
    const result = await assessReport(input, received, registry, {
      engine,
      history: async (subject, judged, reg) => {
        asked.push({ subject, judged, same: reg === registry });
        return history();
      },
    });
    // Who the report is about is the engine's answer: the registry's name for 明德评价, the office it routes to.
    expect(asked).toEqual([{ subject: { institutionName: MINGDE.name, authority: 'district:minhang', description: input.description }, judged: '2025-10-12', same: true }]);
    expect(calls.map((c) => c.history)).toEqual([undefined, await history()]);
    expect(result.triage?.history).toEqual(await history());
  });

  it('without history the engine is given none, and the result says nothing of it', async () => {
    const { engine, calls } = watchingEngine();
    const result = await assessReport(input, received, registry, { engine, history: async () => [] });
    expect(calls).toHaveLength(1);
    expect(calls[0]).not.toHaveProperty('history');
    expect(result.triage).not.toHaveProperty('history');
  });

  it("shows the reporter the clause the conduct falls under, never the heavier one an earlier decision calls for", () => {
    const because = [{ decision: '约谈', decidedOn: '2025-03-10', docNo: '闵人社处〔2025〕3号' }];
    const triage = { suggestions: [{ ruleId: 'SH2025-22-1', escalatedFrom: { ruleId: 'SH2025-21-6', because } }, { ruleId: 'SH2025-21-6' }, { ruleId: 'SH2025-21-2' }, { ruleId: 'SH2025-21-4' }] };
    expect(publicRules({ triage }).map((r) => r.ruleId)).toEqual(['SH2025-21-6', 'SH2025-21-2', 'SH2025-21-4']);
  });

  it('looks up the people of the office a stored report is routed to', async () => {
    const seen: string[] = [];
    await assessReport(input, received, registry, { authority: 'municipal', history: async (s) => (seen.push(s.authority), []) });
    expect(seen).toEqual(['municipal']);
  });
});

describe('registry status from decisions', () => {
  const warning = record({ party: { institutionName: '明德评价' }, decision: '警告', ruleIds: ['SH2025-22-9'], decidedOn: '2025-09-01', docNo: '闵人社处〔2025〕6号', rectifyBy: '2025-10-31' });
  const done = record({ party: { institutionName: '明德评价' }, decision: '整改完成', decidedOn: '2025-11-01', docNo: '闵人社处〔2025〕9号' });

  it('suspends during 整改 and lifts only its own suspension', () => {
    const overlay = overlayOf(warning, MINGDE.name)!;
    expect(overlay).toMatchObject({ status: 'suspended', decision: '警告', docNo: '闵人社处〔2025〕6号' });
    const suspended = applyOverlays(registry, [overlay]);
    expect(suspended.institutions.find((i) => i.name === MINGDE.name)?.status).toBe('suspended');
    expect(registry.institutions.find((i) => i.name === MINGDE.name)?.status).toBe('active');
    // The lift restores the imported status, never overrides it.
    expect(applyOverlays(registry, [overlayOf(done, MINGDE.name)!])).toBe(registry);
    expect(effectiveStatus('suspended', overlayOf(done, MINGDE.name))).toBe('suspended');
    expect(effectiveStatus('active', { status: 'terminated' })).toBe('terminated');
    // Triage sees it: the registry flag on the next report.
    const result = triage(report('明德评价考场里监考老师帮考生答题'), suspended, { receivedDate: '2025-11-01' });
    expect(result.registry?.status).toBe('suspended');
  });

  it('is read at most once a minute per instance, and at once after invalidate', async () => {
    let t = 0;
    let reads = 0;
    const base = { get: async () => registry, invalidate: () => undefined };
    const source = withStatusOverlays(base, async () => (reads++, [overlayOf(warning, MINGDE.name)!]), () => t);
    const first = await source.get();
    expect(await source.get()).toBe(first);
    t = 59_000;
    await source.get();
    expect(reads).toBe(1);
    t = 60_000;
    await source.get();
    source.invalidate();
    await source.get();
    expect(reads).toBe(3);
  });
});
