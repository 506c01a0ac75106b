import type { SubjectType } from '../ids';
import type { Escalation } from './escalation';

/** The rule sets this repository ships; a RuleSet's own id is any string (a later 细则 brings its own). */
export type RuleSetId = 'SH2025' | 'MH2024';

/** Who can commit a violation: every subject type but `unknown`. */
export type Subject = Exclude<SubjectType, 'unknown'>;

export interface RuleSource {
  ruleSet: string;
  /** e.g. 沪人社职〔2025〕176号 */
  docNo: string;
  title: string;
  /** ISO date the document took effect */
  inForce: string;
}

/** The tier of a consequence, used by the console's filters. */
export type ConsequenceTier =
  // SH2025 candidates
  | 'cancel-subject' | 'cancel-all-this-year' | 'ban-2-years' | 'ban-5-years'
  // SH2025 staff
  | 'talk-and-correct' | 'public-criticism' | 'revoke-qualification'
  // SH2025 institutions
  | 'interview-and-correct' | 'warning-and-suspension' | 'termination' | 'certificate-data'
  // MH2024 tiers
  | 'general' | 'serious' | 'especially-serious';

export interface Consequence {
  tier: ConsequenceTier;
  /** Plain Chinese summary, e.g. “取消当次全部科目评价成绩，且当年不得参加技能评价” */
  summary: string;
  /** What the authority does to the institution as well, where the article says so. */
  institution?: string;
  /** MH2024 rows: each tier the row names, with its handling (both where a row has two). */
  tiers?: { tier: '一般' | '严重' | '特别严重'; handling: string }[];
}

export interface Citation {
  /** e.g. 人社职司便函〔2021〕57号 */
  docNo: string;
  /** e.g. 第十三条（二）, or 三、（四）2. */
  article: string;
  text: string;
}

export interface Rule {
  /** Fixed id per CONTRACT.md, e.g. SH2025-22-9, SH2025-24, MH2024-5 */
  id: string;
  source: RuleSource;
  /** Article number (SH2025) or the row's 序号 (MH2024). */
  article: number;
  /** Clause number (SH2025 第X项), null for SH2025-24 and MH2024 rows. */
  clause: number | null;
  /** The article's lead-in sentence as the document says it (MH2024: the row's 违纪违规情形 heading). */
  lead: string;
  /** The clause text as the document says it. */
  text: string;
  subjectType: Exclude<SubjectType, 'unknown'>;
  consequence: Consequence;
  /** MH2024 rows: the articles the row cites, e.g. “人社职司便函〔2021〕57号 第十三条（二）”. */
  basis?: string[];
  /** MH2024 rows: the cited passages as the annex quotes them (checked against the source by the tests). */
  citations?: Citation[];
  /** MH2024 → SH2025 ids covering the same conduct; SH2025 → the MH2024 rows that map to it. */
  crosswalk: string[];
}

/**
 * One rule set as data: what the triage engine needs to judge a report under it, and nothing the engine
 * must know by name. A new 细则 is a new RuleSet in RULE_SETS; the engine needs no change.
 */
export interface RuleSet {
  id: string;
  source: RuleSource;
  /** The subjects whose conduct this set judges (MH2024: institutions only). */
  subjects: readonly Subject[];
  rules: readonly Rule[];
  /**
   * Each kind of conduct (the triage engine's concept ids, e.g. `pass-guarantee`) → the clause it falls under
   * for each subject who can commit it here.
   */
  conduct: Readonly<Record<string, Partial<Record<Subject, string>>>>;
  /** Where an earlier decision makes a later finding heavier (see escalation.ts). */
  escalations: readonly Escalation[];
  /** Caveat for the console when this set judges an incident from before it took effect (no older table covers it). */
  earlyNote: string;
}
