import type { AuthorityId, District, SubjectType } from './ids';
import type { EvidenceKind, FileContentType } from './evidence-types';
import type { ReportInput } from './schemas/report';
import type { CaseProcedure } from './procedure/types';

// The stored report. Its state is one bounded item, replaced whole by one conditional write on its version;
// what grows over a case's life (events, messages, evidence records) lives in items of its own. The events,
// messages and evidence a change makes are written inside the new state (`lastChange`) by that same conditional
// write, and copied into their own items afterwards: so the audit trail can never disagree with the state, and
// dynalite, which has no transactions, needs none.

export const STATUSES = ['new', 'investigating', 'confirmed', 'not-confirmed', 'transferred', 'closed'] as const;
export type ReportStatus = (typeof STATUSES)[number];
export const STATUS_NAMES: Record<ReportStatus, string> = {
  new: '新收',
  investigating: '核查中',
  confirmed: '已认定',
  'not-confirmed': '不予认定',
  transferred: '已转办',
  closed: '办结',
};
/** What the reporter sees: 受理 → 核查 → 认定 → 办结. */
export const PUBLIC_STATUS_NAMES: Record<ReportStatus, string> = {
  new: '已受理，等待核查',
  investigating: '核查中',
  confirmed: '已认定',
  'not-confirmed': '已认定（不构成违规）',
  transferred: '已转交其他部门办理',
  closed: '已办结',
};

export interface Route {
  authority: AuthorityId;
  reason: string;
}

export interface EvidenceRecord {
  evidenceId: string;
  fileName: string;
  contentType: FileContentType;
  /** Staff files: what the file is (询问笔录, 现场照片, 送达凭证…). */
  category?: string;
  kind: EvidenceKind;
  declaredSize: number;
  key: string;
  /** `removed`: an upload the reporter gave up before it was checked (its multipart upload aborted); it no longer counts. */
  status: 'pending' | 'accepted' | 'rejected' | 'removed';
  /** When the reporter removed an unfinished upload. */
  removedAt?: string;
  /** Multipart uploads only, while pending. */
  uploadId?: string;
  /** Multipart uploads: the size of every part but the last. */
  partSize?: number;
  addedAt: string;
  addedBy: 'reporter' | 'staff';
  size?: number;
  sha256?: string;
  /** EXIF DateTimeOriginal where the photo carries one. */
  capturedAt?: string;
  checkedAt?: string;
  rejectedReason?: string;
  /** The stored object that was checked: staff are served exactly this version. */
  versionId?: string;
  etag?: string;
  /** The file name staff download, its extension following the verified type (证据.zip → 证据.jpg). */
  servedName?: string;
  /** Images: the copy staff see by default (upright, without metadata), under the bucket's `display/` prefix. */
  display?: { key: string; contentType: 'image/webp' | 'image/jpeg'; width: number; height: number };
  /** Images: the text read from the image (offline OCR), line by line; `lines` is empty when none was found. */
  imageText?: { readAt: string; lines: { text: string; confidence: number }[] };
  /** Objects stored under this evidence's key after it was checked: never taken as the evidence. */
  tampering?: { at: string; versionId?: string; etag?: string }[];
}

export interface ReportEvent {
  at: string;
  type: string;
  /** `reporter`, `system`, or a staff user's id. */
  actor: string;
  /** Shown on the reporter's look-up page. */
  public: boolean;
  /** Plain Chinese description of what happened. */
  text: string;
  data?: Record<string, unknown>;
}

export interface Message {
  at: string;
  from: 'staff' | 'reporter';
  text: string;
  author?: string;
}

export interface ReportState {
  trackingCode: string;
  version: number;
  receivedAt: string;
  status: ReportStatus;
  route: Route;
  secretHash: string;
  requestDigest: string;
  subjectType: SubjectType;
  institutionName?: string;
  district?: District;
  occupation?: string;
  level?: string;
  incidentDate?: string;
  channel: ReportInput['channel'];
  sourceUrl?: string;
  description: string;
  anonymous: boolean;
  contact?: { name: string; phone?: string; email?: string };
  /** The engine's output, kept with the engine's version; null until triage runs. */
  triage: Record<string, unknown> | null;
  /** The staff's decision on the rules; the suggestion stays on record in `triage`. */
  decision?: { ruleIds: string[]; by: string; at: string; reason?: string };
  assignee?: { id: string; name: string } | null;
  referrals?: { to: string; reason: string; by: string; at: string }[];
  /** The conclusion limit may be extended once, with a reason. */
  extension?: { reason: string; by: string; at: string };
  /** What the reporter reads when the case is closed. */
  outcome?: string;
  /** A report a hotline desk filed: which desk, and its 工单号. */
  source?: { desk: string; deskName: string; ticket?: string };
  /** 退单: the office sent the desk's ticket back for another dispatch. */
  deskReturn?: { reason: string; by: string; at: string };
  /** The reporter's answer after 办结 (回访): given once. */
  feedback?: { rating: FeedbackRating; reason?: string; at: string; reopened: boolean };
  /**
   * The procedure of 细则第二十五至三十四条, once started. Bounded: every command refuses a procedure whose JSON
   * would exceed PROCEDURE_MAX_BYTES (functions/core/procedure/on-report.ts); files are references, not content.
   */
  procedure?: CaseProcedure;
  /** Merged into another report, handled with it as one case (records/merge.ts): that report's code. */
  caseOf?: string;
  /** An earlier report this one looked like when it was filed (duplicates.ts): a queue signal. */
  duplicate?: { of: string; why: 'institution' | 'text' };
  /** The reports merged into this one (at most MAX_MERGED). */
  mergedReports?: string[];
  /**
   * The text read from the report's images (evidence-text.ts), at most IMAGE_TEXT_MAX characters: the queue's search
   * reads it and triage runs on it with the description. Each image's own lines stay on its evidence record.
   */
  imageText?: string;
  /** When the steps the deadlines depend on were taken. */
  milestones: Milestones;
  /** Counts the limits need, kept here so that no limit ever reads the history. */
  tally: Tally;
  /** What came in from the reporter since staff last acted: shown as signals in the queue. */
  attention: { reporterReplied?: string; newEvidence?: string };
  /** The next limit that falls due (a Shanghai date), written with every change; null when none is open. */
  due: DueDate;
  /** The latest change's events, messages and evidence, written with this state; copied into items of their own. */
  lastChange: ChangeRecord;
}

export const FEEDBACK_RATINGS = ['satisfied', 'basically-satisfied', 'unsatisfied'] as const;
export type FeedbackRating = (typeof FEEDBACK_RATINGS)[number];
export const FEEDBACK_NAMES: Record<FeedbackRating, string> = { satisfied: '满意', 'basically-satisfied': '基本满意', unsatisfied: '不满意' };

export interface Milestones {
  /** Review reopened after an unsatisfied answer: the conclusion limit counts again from here. */
  reopenedAt?: string;
  acknowledgedAt?: string;
  firstReplyAt?: string;
  /** 已认定, 不予认定 or 已转办. */
  concludedAt?: string;
  confirmedAt?: string;
  closedAt?: string;
}

export interface Tally {
  /** The reporter's files that count towards the limit: pending and accepted. */
  evidenceInUse: number;
  /** Every file the reporter ever declared, refused ones too. */
  evidenceFiles: number;
  /** Files staff added to the case (询问笔录, photos, proofs of service): a limit of their own. */
  staffFiles?: number;
  reporterMessages: number;
  /** Reporter messages since the last staff message. */
  reporterInARow: number;
}

export interface DueDate {
  next: string | null;
  label?: string;
  /** Set when a limit falls in a year the calendar has no arrangement for. */
  unavailable?: string;
}

export interface ChangeRecord {
  version: number;
  at: string;
  events: ReportEvent[];
  messages: Message[];
  evidence: EvidenceRecord[];
}

/** A report with its history: the state plus every event, message and evidence record. */
export interface ReportRecord extends ReportState {
  events: ReportEvent[];
  messages: Message[];
  evidence: Record<string, EvidenceRecord>;
}

/** The top-level fields a change may set; the rest follows from what the change records. */
export type SettableFields = Pick<
  ReportState,
  'status' | 'route' | 'triage' | 'decision' | 'assignee' | 'referrals' | 'extension' | 'outcome' | 'deskReturn' | 'feedback' | 'procedure' | 'caseOf' | 'mergedReports' | 'imageText'
>;

/** A change to a report, applied atomically with a version check by the store. */
export interface ReportChange {
  set?: Partial<SettableFields>;
  events: ReportEvent[];
  messages?: Message[];
  /** Evidence records created or changed, each with the status it had before (none for a new file). */
  evidence?: { record: EvidenceRecord; was?: EvidenceRecord['status'] }[];
}

export class DomainError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 422 | 428 | 429 | 503,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export const EMPTY_TALLY: Tally = { evidenceInUse: 0, evidenceFiles: 0, reporterMessages: 0, reporterInARow: 0 };

export function newReport(args: {
  source?: ReportState['source'];
  trackingCode: string;
  secretHash: string;
  requestDigest: string;
  input: ReportInput;
  receivedAt: string;
  route: Route;
  triage: Record<string, unknown> | null;
  authorityName: string;
}): ReportState {
  const { hotlineTicket: _ticket, ...input } = args.input;
  const received: ReportEvent = {
    at: args.receivedAt,
    type: 'received',
    actor: 'reporter',
    public: true,
    text: `举报已收到，交由${args.authorityName}办理`,
    data: { authority: args.route.authority },
  };
  return {
    trackingCode: args.trackingCode,
    version: 1,
    receivedAt: args.receivedAt,
    status: 'new',
    route: args.route,
    secretHash: args.secretHash,
    requestDigest: args.requestDigest,
    ...input,
    ...(args.source ? { source: args.source } : {}),
    triage: args.triage,
    milestones: {},
    tally: { ...EMPTY_TALLY },
    attention: {},
    due: { next: null },
    lastChange: { version: 1, at: args.receivedAt, events: [received], messages: [], evidence: [] },
  };
}

const CONCLUDED: readonly ReportStatus[] = ['confirmed', 'not-confirmed', 'transferred'];

/**
 * The state after a change, at `at`: the fields it sets, the milestones and counts its events, messages and
 * evidence imply, and the change itself as `lastChange`. Pure; `due` is refreshed by the caller with a calendar.
 */
export function applyChange(state: ReportState, change: ReportChange, at: string): ReportState {
  const next: ReportState = {
    ...state,
    ...change.set,
    version: state.version + 1,
    milestones: { ...state.milestones },
    tally: { ...EMPTY_TALLY, ...state.tally },
    attention: { ...state.attention },
  };
  const { milestones, tally, attention } = next;
  if (next.status !== state.status) {
    if (state.status === 'new') milestones.acknowledgedAt ??= at;
    // The procedure may move 已认定 ↔ 不予认定 as decisions are served and reviewed: concluded at the first.
    if (CONCLUDED.includes(next.status) && !CONCLUDED.includes(state.status)) milestones.concludedAt = at;
    if (next.status === 'confirmed') milestones.confirmedAt = at;
    if (next.status === 'closed') milestones.closedAt = at;
    if (state.status === 'closed') {
      // Reopened for review: concluded and closed no more, the conclusion limit counted from now.
      milestones.reopenedAt = at;
      delete milestones.concludedAt;
      delete milestones.closedAt;
    }
    // A transfer starts the case afresh at the receiving office.
    if (next.status === 'new') {
      delete milestones.acknowledgedAt;
      delete milestones.concludedAt;
    }
  }
  for (const message of change.messages ?? []) {
    if (message.from === 'reporter') {
      tally.reporterMessages++;
      tally.reporterInARow++;
      attention.reporterReplied = message.at;
    } else {
      tally.reporterInARow = 0;
      milestones.firstReplyAt ??= message.at;
    }
  }
  for (const { record, was } of change.evidence ?? []) {
    if (record.addedBy === 'staff') {
      if (!was) tally.staffFiles = (tally.staffFiles ?? 0) + 1;
      continue;
    }
    if (!was) {
      tally.evidenceFiles++;
      tally.evidenceInUse++;
    } else if (countsTowardLimit(was) && !countsTowardLimit(record.status)) tally.evidenceInUse--;
    if (was === 'pending' && record.status === 'accepted' && record.addedBy === 'reporter') attention.newEvidence = at;
  }
  // Staff acting on the report have seen what came in.
  if (change.events.some((e) => e.actor !== 'reporter' && e.actor !== 'system')) next.attention = {};
  next.lastChange = { version: next.version, at, events: change.events, messages: change.messages ?? [], evidence: (change.evidence ?? []).map((e) => e.record) };
  return next;
}

/** A reporter's file counts toward the 10-file limit while pending or accepted; refused and removed ones do not. */
export function countsTowardLimit(status: EvidenceRecord['status']): boolean {
  return status === 'pending' || status === 'accepted';
}

export function isOpen(report: Pick<ReportState, 'status'>): boolean {
  return report.status !== 'closed';
}

/** The evidence record an id from a URL names: own properties only (`__proto__`, `toString` name nothing). */
export function evidenceById(report: Pick<ReportRecord, 'evidence'>, evidenceId: string): EvidenceRecord | undefined {
  return Object.hasOwn(report.evidence, evidenceId) ? report.evidence[evidenceId] : undefined;
}
