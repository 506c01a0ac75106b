import type { Deadline, ShanghaiDate } from '../deadlines';
import type {
  NoActionDecisionContent,
  NoticeContent,
  OtherAuthorityDecision,
  Party,
  ReferralContent,
  ReviewContent,
  SanctionDecisionContent,
} from '../documents/content';
import type { OfficeProfile } from '../documents/office';
import type { AuthorityId } from '../ids';
import type { WorkingCalendar } from '../working-calendar';

// The procedure of 细则第二十五条至第三十四条 as a value: one CaseProcedure per case, holding one
// PartyProcedure per party (an institution, a staff member, a candidate) and the case's referrals. It is plain
// JSON, so the store keeps it on the report item as it keeps the rest.

export interface Actor {
  id: string;
  name: string;
}

export interface ProcedureSettings {
  /** Working days the party has to state its case and defend after the notice is served (the 细则 fixes none). */
  statementDays: number;
}

/** What every command is given besides its input. */
export interface ProcedureContext {
  actor: Actor;
  /** When the step is taken: an ISO timestamp with offset. */
  at: string;
  /** Every period is counted with it. */
  calendar: WorkingCalendar;
  /** The office handling the case: its name, 文号 prefix and contact go into the documents. */
  office: OfficeProfile;
  settings: ProcedureSettings;
  /** The report's accepted evidence ids, which an investigation record may cite. */
  reportEvidenceIds?: readonly string[];
}

/** Evidence an investigation record relies on: the report's own evidence, or a file staff added. */
export type EvidenceRef =
  | { source: 'report'; evidenceId: string; description: string }
  | { source: 'staff'; fileRef: string; category: StaffEvidenceCategory; description: string };

export const STAFF_EVIDENCE_CATEGORIES = ['询问笔录', '现场照片', '书证', '视听资料', '电子数据', '其他'] as const;
export type StaffEvidenceCategory = (typeof STAFF_EVIDENCE_CATEGORIES)[number];

/** 第二十六、二十七条: what was found and on what evidence. */
export interface InvestigationRecord {
  incidentDate: ShanghaiDate;
  facts: string[];
  evidence: EvidenceRef[];
  reasons?: string;
  otherAuthorityDecision?: OtherAuthorityDecision;
  ruleIds: string[];
  recordedBy: Actor;
  recordedAt: string;
}

export const SERVICE_METHODS = ['direct', 'mail', 'electronic', 'announcement'] as const;
export type ServiceMethod = (typeof SERVICE_METHODS)[number];
export const SERVICE_METHOD_NAMES: Record<ServiceMethod, string> = {
  direct: '直接送达',
  mail: '邮寄送达',
  electronic: '电子送达',
  announcement: '公告送达',
};

export interface Service {
  method: ServiceMethod;
  /** The day of service (for 公告, the day it was announced): the periods run from it. */
  servedOn: ShanghaiDate;
  /** 送达回证, 邮寄回执, 电子送达记录, 公告页面: file references. */
  proofRefs: string[];
  /** 电子送达: the party's written consent to it (送达地址确认书). */
  consentRef?: string;
  /** Where the decision is published: the words the public may read. */
  publishedSummary?: string;
  recordedBy: Actor;
  recordedAt: string;
}

/** A document that leaves the office: drafted, edited, approved by a second person, then served or sent. */
export interface DocumentRecord<Draft> {
  draft: Draft;
  author: Actor;
  draftedAt: string;
  /** Everyone who changed the text after the author; none of them may approve it. */
  editors: Actor[];
  revision: number;
  approval?: { by: Actor; at: string; docNo: string; date: ShanghaiDate };
  /** The document as issued: its PDF and DOCX stored when it was approved, each with its SHA-256. */
  issued?: IssuedFiles;
  service?: Service;
}

/** A file the office stored (an issued document, the case file): where, how big, its SHA-256. */
export interface StoredFile {
  key: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  versionId?: string;
}

export interface IssuedFiles {
  pdf: StoredFile;
  docx: StoredFile;
}

/** 第三十条: the case file, packed once the case is closed (a job: it carries the evidence originals). */
export interface CaseFileRecord {
  status: 'queued' | 'running' | 'done' | 'failed';
  requestedAt: string;
  requestedBy: string;
  finishedAt?: string;
  /** The zip, once written. */
  file?: StoredFile;
  /** How many files the zip holds besides its manifest. */
  entries?: number;
  error?: string;
}

type Drafted<T> = Omit<T, 'docNo' | 'date'>;
export type NoticeDraft = Drafted<NoticeContent>;
export type DecisionDraft = Drafted<SanctionDecisionContent> | Drafted<NoActionDecisionContent>;
export type ReviewDraft = Drafted<ReviewContent>;
export type ReferralDraft = Drafted<ReferralContent>;

export interface StatementRecord {
  /** When the party handed it in or posted it (the postmark): what counts against the period. */
  submittedOn: ShanghaiDate;
  receivedOn: ShanghaiDate;
  channel: 'written' | 'oral';
  summary: string;
  attachmentRefs: string[];
  recordedBy: Actor;
  recordedAt: string;
}

/** Who decides a party's case: the office, or (第二十五条) the institution, which then reports back (第三十条). */
export type Handling = { by: 'office' } | { by: 'institution'; institutionName: string; reason: string; since: string };

export interface PartyProcedure {
  id: string;
  party: Party;
  handling: Handling;
  investigation?: InvestigationRecord;
  notice?: DocumentRecord<NoticeDraft> & { statementPeriod?: Deadline };
  statements: StatementRecord[];
  waiver?: { on: ShanghaiDate; proofRef: string; recordedBy: Actor; recordedAt: string };
  /** The office's view of the statements; `statementCount` says how many it covers. */
  consideration?: { conclusion: string; statementCount: number; by: Actor; at: string };
  decision?: DocumentRecord<DecisionDraft> & { objectionPeriod?: Deadline };
  objection?: { submittedOn: ShanghaiDate; receivedOn: ShanghaiDate; summary: string; attachmentRefs: string[]; reviewDue: Deadline; recordedBy: Actor; recordedAt: string };
  review?: DocumentRecord<ReviewDraft>;
  /** 第三十二条, after a 第二十二条 warning is served. */
  rectification?: {
    planDue: Deadline;
    plan?: { receivedOn: ShanghaiDate; refs: string[]; late: boolean; recordedBy: Actor };
    completed?: { on: ShanghaiDate; verification: string; refs: string[]; recordedBy: Actor };
  };
  /** 第三十条第二句: the institution's own result, received by the office. */
  reportBack?: {
    concludedOn: ShanghaiDate;
    receivedOn: ShanghaiDate;
    due: Deadline;
    late: boolean;
    summary: string;
    refs: string[];
    /** What the report lacks (e.g. the two signatures of 第二十五条第一款). */
    defects: string[];
    recordedBy: Actor;
  };
}

export interface ReferralRecord extends DocumentRecord<ReferralDraft> {
  id: string;
  partyId: string;
}

export interface CaseProcedure {
  /** The report's tracking code. */
  caseId: string;
  authority: AuthorityId;
  /** The report came in through an advertisement (渠道 advertising): a 市场监管 referral is then possible. */
  advertising: boolean;
  parties: PartyProcedure[];
  referrals: ReferralRecord[];
  /** Referrals ever drafted, discarded ones included: a new one's id (r1, r2, …) never repeats an old one's. */
  referralsDrafted: number;
  closed?: { at: string; by: Actor; summary: string };
  caseFile?: CaseFileRecord;
}

/** A document of the procedure, by where it sits. */
export type DocumentTarget = { partyId: string; document: 'notice' | 'decision' | 'review' } | { referralId: string };
