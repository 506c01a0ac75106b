import type { SubjectType } from '../ids';

export type RuleSetId = 'SH2025' | 'MH2024';

export interface RuleSource {
  ruleSet: RuleSetId;
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
