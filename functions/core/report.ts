import type { AuthorityId, District, SubjectType } from './ids';
import type { EvidenceContentType, EvidenceKind } from './evidence-types';
import type { ReportInput } from './schemas/report';

// The stored report: one item holds the report, its triage, routing, evidence and its append-only events.

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
  contentType: EvidenceContentType;
  kind: EvidenceKind;
  declaredSize: number;
  key: string;
  status: 'pending' | 'accepted' | 'rejected';
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

export interface ReportRecord {
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
  evidence: Record<string, EvidenceRecord>;
  events: ReportEvent[];
  messages: Message[];
}

/** A change to a report, applied atomically with a version check by the store. */
export interface ReportChange {
  /** Attribute paths (`status`, `evidence.<id>`) to set. */
  set?: Record<string, unknown>;
  events: ReportEvent[];
  messages?: Message[];
}

export class DomainError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 413 | 422 | 428 | 429 | 503,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export function newReport(args: {
  trackingCode: string;
  secretHash: string;
  requestDigest: string;
  input: ReportInput;
  receivedAt: string;
  route: Route;
  triage: Record<string, unknown> | null;
  authorityName: string;
}): ReportRecord {
  const { input } = args;
  return {
    trackingCode: args.trackingCode,
    version: 1,
    receivedAt: args.receivedAt,
    status: 'new',
    route: args.route,
    secretHash: args.secretHash,
    requestDigest: args.requestDigest,
    ...input,
    triage: args.triage,
    evidence: {},
    events: [
      {
        at: args.receivedAt,
        type: 'received',
        actor: 'reporter',
        public: true,
        text: `举报已收到，交由${args.authorityName}办理`,
        data: { authority: args.route.authority },
      },
    ],
    messages: [],
  };
}

export function isOpen(report: ReportRecord): boolean {
  return report.status !== 'closed';
}

/** The evidence record an id from a URL names: own properties only (`__proto__`, `toString` name nothing). */
export function evidenceById(report: Pick<ReportRecord, 'evidence'>, evidenceId: string): EvidenceRecord | undefined {
  return Object.hasOwn(report.evidence, evidenceId) ? report.evidence[evidenceId] : undefined;
}

/** Files that count towards the limit: everything not refused. */
export function evidenceInUse(report: ReportRecord): number {
  return Object.values(report.evidence).filter((e) => e.status !== 'rejected').length;
}
