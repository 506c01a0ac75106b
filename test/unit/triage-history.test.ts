// Escalation across cases (issue 11, the engine's part): an earlier decision on record makes the heavier clause
// come first, citing that decision; a history that does not meet the clause never does.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { registryFromCsv } from '../../functions/core/registry';
import { historyEntrySchema, triage, type HistoryEntry, type TriageInput } from '../../functions/core/triage';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CSV = `name,aliases,creditCode,district,authority,occupations,status,filedOn,cycleYears
上海明德职业技能评价有限公司,明德评价|明德技能评价,91310112MA1DEV0011,minhang,municipal,电工|育婴员|保育师,active,2024-03-01,3
上海仁和康养职业技能评价中心,仁和康养评价|仁和评价中心,52310000DEV0000033,jingan,industry:health,养老护理员|健康照护师,active,,
`;
const registry = registryFromCsv(CSV);
const DATE = '2026-05-20';
const run = (input: Partial<TriageInput> & { description: string }, history?: HistoryEntry[]) =>
  triage({ id: 'h', incidentDate: DATE, ...input }, registry, { receivedDate: '2026-06-01', ...(history ? { history } : {}) });

const MINGDE = { institutionName: '上海明德职业技能评价有限公司' };
const decided = (party: HistoryEntry['party'], decision: string, ruleId: string, decidedOn: string, docNo: string): HistoryEntry => ({
  party,
  decision,
  ruleId,
  decidedOn,
  docNo,
});

describe('an institution on record', () => {
  // A 第二十一条 report: score sheets tallied wrong again.
  const report = { description: '明德评价这次考试的考务又是一团乱，考场里没人维持秩序，考生随意进出，督导也是走过场。', subjectType: 'institution' };
  const interview = decided(MINGDE, '约谈', 'SH2025-21-6', '2025-09-10', '沪人社职监〔2025〕12号');

  it('without history: a 第二十一条 clause, not 22-1', () => {
    const r = run(report);
    expect(r.suggestions[0]!.ruleId).toMatch(/^SH2025-21-/);
    expect(r.suggestions[0]!.escalatedFrom).toBeUndefined();
  });

  it('a 约谈 in the current 备案周期 puts SH2025-22-1 first, citing it', () => {
    const plain = run(report).suggestions[0]!.ruleId;
    const r = run(report, [interview]);
    expect(r.suggestions[0]!.ruleId).toBe('SH2025-22-1');
    expect(r.suggestions[0]!.escalatedFrom).toEqual({
      ruleId: plain,
      because: [{ decision: '约谈', decidedOn: '2025-09-10', docNo: '沪人社职监〔2025〕12号' }],
    });
    expect(r.suggestions[0]!.matched.length).toBeGreaterThan(0);
  });

  it('a 约谈 in the previous 备案周期 does not count', () => {
    // The filing started 2024-03-01 for 3 years; 2026-05-20 lies in [2024-03-01, 2027-03-01).
    const r = run(report, [decided(MINGDE, '约谈', 'SH2025-21-6', '2024-01-15', '沪人社职监〔2024〕3号')]);
    expect(r.suggestions[0]!.ruleId).not.toBe('SH2025-22-1');
    expect(r.suggestions.some((s) => s.escalatedFrom)).toBe(false);
  });

  it('another institution’s 约谈 does not count', () => {
    const r = run(report, [decided({ institutionName: '仁和康养评价' }, '约谈', 'SH2025-21-6', '2025-09-10', '沪人社职监〔2025〕13号')]);
    expect(r.suggestions[0]!.ruleId).not.toBe('SH2025-22-1');
  });

  it('matches by credit code too', () => {
    const r = run(report, [decided({ creditCode: '91310112MA1DEV0011' }, '约谈', 'SH2025-21-6', '2025-09-10', '沪人社职监〔2025〕12号')]);
    expect(r.suggestions[0]!.ruleId).toBe('SH2025-22-1');
  });

  it('a 警告 before, and the conduct again: SH2025-23-1', () => {
    const warned = { description: '明德评价上次被警告以后，这次考试又没有按评价方案来，实操时间从两小时改成了一小时，题量也减半了。', subjectType: 'institution' };
    const plain = run(warned).suggestions[0]!.ruleId;
    expect(plain).toMatch(/^SH2025-22-/);
    const r = run(warned, [decided(MINGDE, '警告', 'SH2025-22-2', '2025-11-02', '沪人社职监〔2025〕40号')]);
    expect(r.suggestions[0]!.ruleId).toBe('SH2025-23-1');
    expect(r.suggestions[0]!.escalatedFrom?.because).toEqual([{ decision: '警告', decidedOn: '2025-11-02', docNo: '沪人社职监〔2025〕40号' }]);
  });

  it('a decision after the incident does not count', () => {
    const r = run(report, [decided(MINGDE, '约谈', 'SH2025-21-6', '2026-05-25', '沪人社职监〔2026〕9号')]);
    expect(r.suggestions[0]!.ruleId).not.toBe('SH2025-22-1');
  });
});

describe('a person on record', () => {
  const person = (name: string, role: 'examiner' | 'supervisor' | 'staff') => ({ person: { name, role, institutionName: '明德评价' } });
  const cases: { role: 'examiner' | 'supervisor' | 'staff'; text: string; talk: string; criticism: string }[] = [
    { role: 'examiner', text: '明德评价的考评员王建国这次又迟到了四十分钟，考生在考场里干等。', talk: 'SH2025-12-1', criticism: 'SH2025-13-1' },
    { role: 'supervisor', text: '来明德评价的督导员李红这次又迟到早退，开考半小时才到，没结束就走了。', talk: 'SH2025-15-1', criticism: 'SH2025-16-1' },
    { role: 'staff', text: '明德评价负责发卷的工作人员赵敏这次又没有按时分发试卷，考生等了二十分钟才拿到卷子。', talk: 'SH2025-19-1', criticism: 'SH2025-20-1' },
  ];
  for (const c of cases) {
    const name = c.text.match(/(王建国|李红|赵敏)/)![0];
    const report = { description: c.text, subjectType: c.role };
    const talk = (on: string, no: string) => decided(person(name, c.role), '谈话提醒', 'SH2025-11-1', on, no);

    it(`${c.role}: 谈话提醒 twice in the cycle → ${c.talk}`, () => {
      const plain = run(report).suggestions[0]!.ruleId;
      expect(plain).not.toBe(c.talk);
      const r = run(report, [talk('2025-06-01', '明德〔2025〕1号'), talk('2025-12-01', '明德〔2025〕9号')]);
      expect(r.suggestions[0]!.ruleId).toBe(c.talk);
      expect(r.suggestions[0]!.escalatedFrom?.because.map((b) => b.docNo)).toEqual(['明德〔2025〕1号', '明德〔2025〕9号']);
    });

    it(`${c.role}: one 谈话提醒 only → not ${c.talk}`, () => {
      const r = run(report, [talk('2025-12-01', '明德〔2025〕9号')]);
      expect(r.suggestions[0]!.ruleId).not.toBe(c.talk);
      expect(r.suggestions[0]!.escalatedFrom).toBeUndefined();
    });

    it(`${c.role}: 通报批评 once in the cycle → ${c.criticism}`, () => {
      const r = run(report, [decided(person(name, c.role), '通报批评', 'SH2025-11-1', '2025-12-01', '沪人社职〔2025〕77号')]);
      expect(r.suggestions[0]!.ruleId).toBe(c.criticism);
      expect(r.suggestions[0]!.escalatedFrom?.because).toEqual([{ decision: '通报批评', decidedOn: '2025-12-01', docNo: '沪人社职〔2025〕77号' }]);
    });

    it(`${c.role}: someone else's 通报批评 → not ${c.criticism}`, () => {
      const r = run(report, [decided({ person: { name: '钱多多', role: c.role } }, '通报批评', 'SH2025-11-1', '2025-12-01', '沪人社职〔2025〕78号')]);
      expect(r.suggestions[0]!.ruleId).not.toBe(c.criticism);
    });
  }

  it('a person’s 通报批评 in the previous cycle of their institution does not count', () => {
    const r = run(
      { description: cases[0]!.text, subjectType: 'examiner' },
      [decided(person('王建国', 'examiner'), '通报批评', 'SH2025-11-1', '2024-02-10', '沪人社职〔2024〕5号')],
    );
    expect(r.suggestions[0]!.ruleId).not.toBe('SH2025-13-1');
  });

  it('both tiers met: the heavier one', () => {
    const r = run({ description: cases[0]!.text, subjectType: 'examiner' }, [
      decided(person('王建国', 'examiner'), '谈话提醒', 'SH2025-11-1', '2025-06-01', 'a'),
      decided(person('王建国', 'examiner'), '谈话提醒', 'SH2025-11-1', '2025-07-01', 'b'),
      decided(person('王建国', 'examiner'), '通报批评', 'SH2025-12-1', '2025-12-01', 'c'),
    ]);
    expect(r.suggestions[0]!.ruleId).toBe('SH2025-13-1');
  });
});

describe('the history format', () => {
  it('validates entries with messages in Chinese', () => {
    const bad = historyEntrySchema.safeParse({ party: {}, decision: '', ruleId: 'SH2025-99-1', decidedOn: '2025-13-40', docNo: '' });
    expect(bad.success).toBe(false);
    const messages = bad.error!.issues.map((i) => i.message).join('\n');
    expect(messages).toMatch(/当事方/);
    expect(messages).toMatch(/条款编号/);
    expect(messages).toMatch(/决定日期/);
    expect(messages).toMatch(/文号/);
    expect(historyEntrySchema.safeParse(decided(MINGDE, '约谈', 'SH2025-21-6', '2025-09-10', 'x')).success).toBe(true);
  });

  it('the triage command reads --history and escalates as triage() does', () => {
    const dir = mkdtempSync(join(tmpdir(), 'triage-history-'));
    writeFileSync(join(dir, 'registry.csv'), CSV);
    writeFileSync(join(dir, 'history.jsonl'), JSON.stringify(decided(MINGDE, '约谈', 'SH2025-21-6', '2025-09-10', '沪人社职监〔2025〕12号')) + '\n');
    const input = { id: 'h1', description: '明德评价这次考试的考务又是一团乱，考场里没人维持秩序，考生随意进出，督导也是走过场。', subjectType: 'institution', incidentDate: DATE };
    writeFileSync(join(dir, 'cases.jsonl'), JSON.stringify(input) + '\n');
    const cli = (...extra: string[]) =>
      spawnSync('npx', ['tsx', 'functions/cli/triage.ts', '--registry', join(dir, 'registry.csv'), ...extra, join(dir, 'cases.jsonl')], { cwd: ROOT, encoding: 'utf8' });
    const r = cli('--history', join(dir, 'history.jsonl'));
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.suggestions[0].ruleId).toBe('SH2025-22-1');
    expect(out.suggestions[0].escalatedFrom.because[0].docNo).toBe('沪人社职监〔2025〕12号');
    writeFileSync(join(dir, 'bad.jsonl'), '{"party":{},"decision":"约谈"}\n');
    const bad = cli('--history', join(dir, 'bad.jsonl'));
    expect(bad.status).not.toBe(0);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/第1行/);
  }, 60_000);
});
