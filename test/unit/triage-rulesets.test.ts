// A rule set is data: a fictional later 细则 joins the shipped sets and triage judges by it from its date on,
// with no change to the engine.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { registryFromCsv } from '../../functions/core/registry';
import { RULE_SETS, ruleSetJudging, type Rule, type RuleSet } from '../../functions/core/rules';
import { triage } from '../../functions/core/triage';

const registry = registryFromCsv(readFileSync(new URL('../fixtures/shared/dev-registry.csv', import.meta.url), 'utf8'));
const source = { ruleSet: 'SH2027', docNo: '沪人社职〔2027〕1号', title: '虚构的后续细则（测试用）', inForce: '2027-01-01' };
const rule = (id: string, article: number, clause: number, subjectType: Rule['subjectType'], text: string): Rule => ({
  id,
  source,
  article,
  clause,
  lead: '测试用条款。',
  text,
  subjectType,
  consequence: { tier: 'general', summary: '测试用处理' },
  crosswalk: [],
});

const SH2027: RuleSet = {
  id: 'SH2027',
  source,
  subjects: ['institution', 'candidate', 'examiner', 'supervisor', 'expert', 'staff'],
  rules: [
    rule('SH2027-5-1', 5, 1, 'institution', '以“包过”等名义虚假宣传的'),
    rule('SH2027-3-2', 3, 2, 'candidate', '由他人代考或代他人考试的'),
    rule('SH2027-4-1', 4, 1, 'examiner', '考评中迟到早退的'),
  ],
  conduct: {
    'pass-guarantee': { institution: 'SH2027-5-1' },
    impersonation: { candidate: 'SH2027-3-2' },
    'late-early': { examiner: 'SH2027-4-1' },
  },
  escalations: [],
  earlyNote: '测试用',
};
const sets = [...RULE_SETS, SH2027];
const run = (description: string, incidentDate: string, subjectType?: string) =>
  triage({ id: 'x', description, incidentDate, ...(subjectType ? { subjectType } : {}) }, registry, { receivedDate: '2027-06-01', ruleSets: sets });

describe('a third rule set, as data', () => {
  it('is the one in force from its date', () => {
    expect(ruleSetJudging(sets, 'institution', '2027-01-01').set.id).toBe('SH2027');
    expect(ruleSetJudging(sets, 'institution', '2026-12-31').set.id).toBe('SH2025');
    expect(ruleSetJudging(sets, 'institution', '2025-01-01').set.id).toBe('MH2024');
  });

  it('triage suggests its clauses for incidents from that date on', () => {
    const ad = run('培训机构在朋友圈发广告说考不过全额退款，保证一次包过。', '2027-03-01', 'institution');
    expect(ad.ruleSet).toBe('SH2027');
    expect(ad.suggestions[0]!.ruleId).toBe('SH2027-5-1');
    expect(ad.suggestions[0]!.matched.length).toBeGreaterThan(0);
    expect(run('考场里有人拿着别人的身份证替考。', '2027-03-01', 'candidate').suggestions[0]!.ruleId).toBe('SH2027-3-2');
    expect(run('考评员迟到了一个小时才来。', '2027-03-01', 'examiner').suggestions[0]!.ruleId).toBe('SH2027-4-1');
  });

  it('every suggestion carries an id of the set in force', () => {
    const r = run('培训机构在朋友圈发广告说考不过全额退款，保证一次包过。', '2027-03-01', 'institution');
    for (const s of r.suggestions) expect(s.ruleId).toMatch(/^SH2027-/);
  });

  it('leaves earlier incidents to the earlier sets', () => {
    expect(run('培训机构在朋友圈发广告说考不过全额退款，保证一次包过。', '2026-03-01', 'institution').suggestions[0]!.ruleId).toBe('SH2025-22-9');
    expect(run('培训机构在朋友圈发广告说考不过全额退款，保证一次包过。', '2025-03-01', 'institution').suggestions[0]!.ruleId).toBe('MH2024-5');
  });
});

describe('the shipped rule sets', () => {
  it('map every violation clause from some kind of conduct, and only to their own clauses', () => {
    for (const set of RULE_SETS) {
      const own = new Set(set.rules.map((r) => r.id));
      const reached = new Set(Object.values(set.conduct).flatMap((bySubject) => Object.values(bySubject)));
      for (const id of reached) expect(own.has(id), `${set.id}: ${id}`).toBe(true);
      for (const id of own) expect(reached.has(id), `${set.id}: nothing reaches ${id}`).toBe(true);
      for (const bySubject of Object.values(set.conduct)) {
        for (const [subject, id] of Object.entries(bySubject)) {
          expect(set.subjects).toContain(subject);
          expect(set.rules.find((r) => r.id === id)!.subjectType).toBe(subject);
        }
      }
    }
  });

  it('the engine names no rule id, rule set or in-force date', () => {
    for (const file of ['engine.ts', 'features.ts', 'model.ts', 'history.ts', 'train.ts', 'signals.ts', 'scope.ts']) {
      const code = readFileSync(new URL(`../../functions/core/triage/${file}`, import.meta.url), 'utf8').replace(/^\s*(\/\/|\*).*$/gm, '');
      expect(code, file).not.toMatch(/SH2025|MH2024|2025-07-03|2024-07-23|oldPeriod/);
    }
  });
});
