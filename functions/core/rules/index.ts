// The rule tables: SH2025 (沪人社职〔2025〕176号, from 2025-07-03) and MH2024 (闵人社发〔2024〕54号 附件).
import { MH2024_TO_SH2025, sh2025Crosswalk } from './crosswalk';
import { ESCALATIONS } from './escalation';
import { MH2024_CONDUCT, MH2024_RULES, MH2024_SOURCE } from './mh2024';
import { SH2025_CONDUCT, SH2025_RULES, SH2025_SOURCE } from './sh2025';
import { shanghaiDate } from '../deadlines';
import type { Rule, RuleSet, RuleSetId, RuleSource, Subject } from './types';

export type { Citation, Consequence, ConsequenceTier, Rule, RuleSet, RuleSetId, RuleSource, Subject } from './types';
export { ESCALATIONS, escalationsFrom, escalationsTo, type Escalation, type EscalationKind } from './escalation';
export { SCAN_CORRECTIONS, type ScanCorrection } from './corrections';
export { MH2024_TO_SH2025 } from './crosswalk';

export const SOURCES: Readonly<Record<RuleSetId, RuleSource>> = { SH2025: SH2025_SOURCE, MH2024: MH2024_SOURCE };

const back = sh2025Crosswalk();

/** All 126 rules: SH2025 in document order, then MH2024 by 序号. */
export const RULES: readonly Rule[] = [
  ...SH2025_RULES.map((r) => ({ ...r, crosswalk: back.get(r.id) ?? [] })),
  ...MH2024_RULES.map((r) => ({ ...r, crosswalk: [...(MH2024_TO_SH2025[r.id] ?? [])] })),
];

export const RULE_IDS: readonly string[] = RULES.map((r) => r.id);

const byId = new Map(RULES.map((r) => [r.id, r]));

export function ruleById(id: string): Rule | undefined {
  return byId.get(id);
}

/** 2025-07-03 → 2025年7月3日, as the notes say it. */
const chineseDate = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
};

const PEOPLE: Subject[] = ['candidate', 'examiner', 'supervisor', 'expert', 'staff'];

/** The rule sets this repository ships, as data the triage engine reads. */
export const RULE_SETS: readonly RuleSet[] = [
  {
    id: SH2025_SOURCE.ruleSet,
    source: SH2025_SOURCE,
    subjects: [...PEOPLE, 'institution'],
    rules: RULES.filter((r) => r.source === SH2025_SOURCE),
    conduct: SH2025_CONDUCT,
    escalations: ESCALATIONS,
    earlyNote: `事发于${chineseDate(SH2025_SOURCE.inForce)}《细则》施行前，本表按《细则》条款归类，仅供参考；处理应依据当时有效的规定。`,
  },
  {
    id: MH2024_SOURCE.ruleSet,
    source: MH2024_SOURCE,
    subjects: ['institution'],
    rules: RULES.filter((r) => r.source === MH2024_SOURCE),
    conduct: MH2024_CONDUCT,
    escalations: [],
    earlyNote: `事发于${chineseDate(MH2024_SOURCE.inForce)}前，按《评价机构违纪违规认定处理指引》归类，仅供参考；该指引所据为人社职司便函〔2021〕57号。`,
  },
];

export interface RuleSetChoice {
  set: RuleSet;
  /** No set covering the subject was in force yet: the earliest one stands in (its earlyNote applies). */
  early: boolean;
}

/**
 * The set that judges a subject's conduct on a date: of the sets that cover the subject, the latest in force on
 * that date; before any of them took effect, the earliest (its category is the nearest written description).
 */
export function ruleSetJudging(sets: readonly RuleSet[], subject: Subject, date: string): RuleSetChoice {
  const covering = sets.filter((s) => s.subjects.includes(subject)).sort((a, b) => a.source.inForce.localeCompare(b.source.inForce));
  if (!covering.length) throw new Error(`no rule set covers ${subject}`);
  const inForce = covering.filter((s) => s.source.inForce <= date);
  return inForce.length ? { set: inForce[inForce.length - 1]!, early: false } : { set: covering[0]!, early: true };
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A date as given (YYYY-MM-DD), or the Shanghai date of a timestamp: incident and received dates come as either. */
export function dateInShanghai(value: string): string {
  if (ISO_DATE.test(value)) return value;
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) throw new Error(`not an ISO date: ${value}`);
  return shanghaiDate(instant);
}

/**
 * Which table judges an institution's conduct: SH2025 for an incident on or after 2025-07-03 (the 细则 applies
 * from the day it was issued), MH2024 before. With no incident date, the report is judged as of the day it was
 * received.
 *
 * MH2024 lists institution violations only. For candidates and staff (examiners, supervisors, experts, other
 * staff) before 2025-07-03 there is no table here: the triage engine still suggests the SH2025 id that
 * describes the conduct, flagged with `judgeBy(...).note`, because staff need a category and the 细则 clause
 * is the closest written description; the decision itself rests on the rules in force then. Likewise MH2024
 * is Minhang's guide (in force 2024-07-23) restating the national 2021 指引 (人社职司便函〔2021〕57号): for an
 * earlier incident or another district it is the nearest table we have, and judgeBy says so.
 */
export function ruleSetFor(incidentDate: string | undefined, receivedDate: string): RuleSetId {
  return judgeBy(incidentDate, receivedDate, 'institution').ruleSet;
}

/** The date a report is judged on. An unreadable incident date counts as none (the schemas reject it first). */
export function judgedOn(incidentDate: string | undefined, receivedDate: string): string {
  if (incidentDate && incidentDate.trim() !== '') {
    try {
      return dateInShanghai(incidentDate.trim());
    } catch {
      // fall through to the received date
    }
  }
  return dateInShanghai(receivedDate);
}

export interface Judgement {
  /** The table whose ids the suggestions should carry. */
  ruleSet: RuleSetId;
  /** Plain Chinese caveat for the console, where the table is not strictly the one in force. */
  note?: string;
}

/** ruleSetFor, with the subject taken into account (see the nuance above); `unknown` is judged as an institution. */
export function judgeBy(
  incidentDate: string | undefined,
  receivedDate: string,
  subjectType: Rule['subjectType'] | 'unknown',
): Judgement {
  const subject = subjectType === 'unknown' ? 'institution' : subjectType;
  const { set, early } = ruleSetJudging(RULE_SETS, subject, judgedOn(incidentDate, receivedDate));
  return { ruleSet: set.id as RuleSetId, ...(early ? { note: set.earlyNote } : {}) };
}

const DIGITS = '〇一二三四五六七八九';
/** 1–99 in Chinese numerals, as articles and clauses are numbered: 22 → 二十二. */
export function chineseNumber(n: number): string {
  if (n < 10) return DIGITS[n]!;
  const tens = Math.floor(n / 10);
  return `${tens === 1 ? '' : DIGITS[tens]}十${n % 10 ? DIGITS[n % 10] : ''}`;
}

/** Where a rule stands, as people cite it: 沪人社职〔2025〕176号 第二十二条第（九）项 / 闵人社发〔2024〕54号 附件 序号5. */
export function citationOf(rule: Rule): string {
  if (rule.source.ruleSet === 'MH2024') return `${rule.source.docNo} 附件 序号${rule.article}`;
  const clause = rule.clause === null ? '第二款' : `第（${chineseNumber(rule.clause)}）项`;
  return `${rule.source.docNo} 第${chineseNumber(rule.article)}条${clause}`;
}
