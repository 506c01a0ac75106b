import { CalendarYearUnavailable, type ShanghaiDate } from '../deadlines';
import type { Party } from '../documents/content';
import { DOCUMENT_KIND_NAMES, type DocumentKind } from '../documents/office';
import { DomainError, STATUS_NAMES, type EvidenceRecord, type ReportChange, type ReportEvent, type ReportState, type ReportStatus } from '../report';
import type { WorkingCalendar } from '../working-calendar';
import { pendingItems, startProcedure, type Step } from './commands';
import { procedureDeadlines } from './periods';
import type { ProcedureCommand } from './schema';
import type { CaseProcedure, DocumentRecord, DocumentTarget, IssuedFiles, PartyProcedure, ProcedureContext, ReferralRecord } from './types';

// The procedure kept on its report: a command's step becomes one ReportChange (the procedure, the queue status
// it implies, the rules found, its events), so that every step is one conditional write of the report's state
// on the version the user saw, with its events on the audit trail.

/**
 * The procedure lives in the report's state item, whose DynamoDB limit is 400 KB; the rest of the state stays
 * under 40 KB. Every command that would make the procedure's JSON larger than this is refused, so the item can
 * never reach the limit however many parties, drafts and statements a case has. Files are only referenced.
 */
export const PROCEDURE_MAX_BYTES = 240 * 1024;

const encoder = new TextEncoder();
export const procedureBytes = (procedure: CaseProcedure) => encoder.encode(JSON.stringify(procedure)).length;

function assertBounded(procedure: CaseProcedure): void {
  const bytes = procedureBytes(procedure);
  if (bytes > PROCEDURE_MAX_BYTES) {
    throw new DomainError(
      413,
      'procedure_too_large',
      `本案的程序记录将达到 ${Math.ceil(bytes / 1024)} KB，超过 ${PROCEDURE_MAX_BYTES / 1024} KB 的上限：请精简事实、理由等文字，篇幅长的材料请作为案件材料上传后引用`,
    );
  }
}

/** Where the procedure may start: a report the office has received and not yet concluded. */
export function startOnReport(report: ReportState, ctx: ProcedureContext): Step {
  if (report.procedure) throw new DomainError(409, 'procedure_started', '本案已启动认定处理程序');
  if (report.status !== 'new' && report.status !== 'investigating') {
    throw new DomainError(409, 'invalid_transition', `“${STATUS_NAMES[report.status]}”的举报不能再启动认定处理程序`);
  }
  return startProcedure({ caseId: report.trackingCode, authority: report.route.authority, advertising: report.channel === 'advertising' }, ctx);
}

// ── The queue status the procedure implies ──────────────────────────────────────────────────────────────

const revoked = (p: PartyProcedure) => p.review?.service !== undefined && p.review.draft.outcome === 'revoked';

/**
 * 核查中 while the office investigates; 已认定 once a party's sanction is served (and not revoked on review) or an
 * institution reported its own finding (第三十条); 不予认定 once every decision served is not to proceed (or was
 * revoked); 办结 when the procedure is closed.
 */
export function statusOf(procedure: CaseProcedure): ReportStatus {
  if (procedure.closed) return 'closed';
  const sanctioned = procedure.parties.some((p) => (p.decision?.service && p.decision.draft.outcome === 'sanction' && !revoked(p)) || p.reportBack !== undefined);
  if (sanctioned) return 'confirmed';
  if (procedure.parties.some((p) => p.decision?.service)) return 'not-confirmed';
  return 'investigating';
}

/** What the reporter reads once the case is closed: that decisions were made, their content only where published. */
export function publicOutcome(procedure: CaseProcedure): string {
  const published = procedure.parties.flatMap((p) => [p.decision?.service?.publishedSummary, p.review?.service?.publishedSummary]).filter((s): s is string => Boolean(s));
  if (published.length) return `经调查核实，已依法作出处理决定并送达当事人：${published.join('；')}`;
  return statusOf({ ...procedure, closed: undefined }) === 'confirmed'
    ? '经调查核实，已依法作出处理决定并送达当事人，处理程序已结束。'
    : '经调查核实，已依法作出处理，处理程序已结束。';
}

/** The report's change for one step: the procedure, the status and the rules it implies, and its events. */
export function procedureChange(report: ReportState, step: Step, actor: { id: string; name: string }, at: string): ReportChange {
  assertBounded(step.state);
  const status = statusOf(step.state);
  const events: ReportEvent[] = [...step.events];
  const set: ReportChange['set'] = { procedure: step.state };
  if (status !== report.status) {
    set.status = status;
    events.push({
      at,
      type: 'status',
      actor: actor.id,
      public: false,
      text: `状态变更为“${STATUS_NAMES[status]}”（随认定处理程序）`,
      data: { by: actor.name, from: report.status, to: status, reason: '认定处理程序' },
    });
  }
  if (status === 'closed') set.outcome = publicOutcome(step.state);
  // The clauses the investigation records found: the queue, its filters and the statistics read them here.
  const ruleIds = [...new Set(step.state.parties.flatMap((p) => p.investigation?.ruleIds ?? []))];
  if (ruleIds.length && JSON.stringify(ruleIds) !== JSON.stringify(report.decision?.ruleIds)) {
    set.decision = { ruleIds, by: actor.name, at, reason: '调查核实记录认定' };
  }
  return { set, events };
}

/** The procedure's stages for the reporter's look-up, in plain words: whether each has happened, never what it decided. */
export function publicSteps(procedure: CaseProcedure): { step: string; text: string; done: boolean }[] {
  const any = (f: (p: PartyProcedure) => unknown) => procedure.parties.some((p) => Boolean(f(p)));
  return [
    { step: 'investigation', text: '调查核实', done: any((p) => p.investigation || p.handling.by === 'institution') },
    { step: 'notice', text: '告知当事人，听取陈述、申辩', done: any((p) => p.notice?.service || p.handling.by === 'institution') },
    { step: 'decision', text: '作出处理决定', done: any((p) => p.decision?.service || p.reportBack) },
    { step: 'closed', text: '结案归档', done: procedure.closed !== undefined },
  ];
}

// ── Files a command refers to ───────────────────────────────────────────────────────────────────────────

/** Every file reference in a command, with the field it sits in. */
export function fileRefsOf(command: ProcedureCommand): { ref: string; field: string }[] {
  const list = (field: string, refs: readonly string[] | undefined) => (refs ?? []).map((ref, i) => ({ ref, field: `${field}.${i}` }));
  switch (command.type) {
    case 'record-investigation':
      return command.evidence.flatMap((e, i) => (e.source === 'staff' ? [{ ref: e.fileRef, field: `evidence.${i}.fileRef` }] : []));
    case 'serve':
      return [...list('proofRefs', command.proofRefs), ...(command.consentRef ? [{ ref: command.consentRef, field: 'consentRef' }] : [])];
    case 'record-statement':
    case 'record-objection':
      return list('attachmentRefs', command.attachmentRefs);
    case 'record-waiver':
      return [{ ref: command.proofRef, field: 'proofRef' }];
    case 'record-rectification-plan':
    case 'record-rectification-completed':
    case 'record-report-back':
      return list('refs', command.refs);
    default:
      return [];
  }
}

/** A command may refer only to files staff added to this report that passed the check. */
export async function checkFileRefs(command: ProcedureCommand, find: (evidenceId: string) => Promise<EvidenceRecord | undefined>): Promise<void> {
  for (const { ref, field } of fileRefsOf(command)) {
    const file = await find(ref);
    if (!file || file.addedBy !== 'staff' || file.status !== 'accepted') {
      throw new DomainError(422, 'file_unknown', `文件 ${ref} 不是本案工作人员上传并通过检查的材料：请先在“案件材料”中上传，再选择它`, field);
    }
  }
}

// ── Documents by where they sit ─────────────────────────────────────────────────────────────────────────

type AnyRecord = DocumentRecord<{ kind: DocumentKind }>;

/** `p1.notice`, `p2.decision`, `p1.review`, `r1`: a document's address in URLs. */
export function targetSlug(target: DocumentTarget): string {
  return 'referralId' in target ? target.referralId : `${target.partyId}.${target.document}`;
}

export function targetOfSlug(slug: string): DocumentTarget {
  const party = /^(p\d+)\.(notice|decision|review)$/.exec(slug);
  if (party) return { partyId: party[1]!, document: party[2] as 'notice' | 'decision' | 'review' };
  if (/^r\d+$/.test(slug)) return { referralId: slug };
  throw new DomainError(404, 'document_unknown', `没有“${slug}”这份文书`);
}

export function recordAt(state: CaseProcedure, target: DocumentTarget): AnyRecord | undefined {
  if ('referralId' in target) return state.referrals.find((r) => r.id === target.referralId);
  return state.parties.find((p) => p.id === target.partyId)?.[target.document] as AnyRecord | undefined;
}

/** The state with a document's issued files recorded on it. */
export function withIssued(state: CaseProcedure, target: DocumentTarget, issued: IssuedFiles): CaseProcedure {
  if ('referralId' in target) {
    return { ...state, referrals: state.referrals.map((r): ReferralRecord => (r.id === target.referralId ? { ...r, issued } : r)) };
  }
  return { ...state, parties: state.parties.map((p) => (p.id === target.partyId && p[target.document] ? { ...p, [target.document]: { ...p[target.document]!, issued } } : p)) };
}

export interface DocumentSummary {
  id: string;
  target: DocumentTarget;
  kind: DocumentKind;
  name: string;
  partyId: string;
  partyName: string;
  status: 'draft' | 'approved' | 'served';
  revision: number;
  author: { id: string; name: string };
  editors: { id: string; name: string }[];
  draftedAt: string;
  approval?: { by: { id: string; name: string }; date: string; docNo: string };
  service?: { method: string; servedOn: string; proofRefs: string[] };
  issued?: { pdf: { sha256: string; size: number }; docx: { sha256: string; size: number } };
}

export function documentsOf(state: CaseProcedure): DocumentSummary[] {
  const summary = (record: AnyRecord, target: DocumentTarget, party: PartyProcedure): DocumentSummary => ({
    id: targetSlug(target),
    target,
    kind: record.draft.kind,
    name: DOCUMENT_KIND_NAMES[record.draft.kind],
    partyId: party.id,
    partyName: party.party.name,
    status: record.service ? 'served' : record.approval ? 'approved' : 'draft',
    revision: record.revision,
    author: record.author,
    editors: record.editors,
    draftedAt: record.draftedAt,
    ...(record.approval ? { approval: { by: record.approval.by, date: record.approval.date, docNo: record.approval.docNo } } : {}),
    ...(record.service ? { service: { method: record.service.method, servedOn: record.service.servedOn, proofRefs: record.service.proofRefs } } : {}),
    ...(record.issued ? { issued: { pdf: { sha256: record.issued.pdf.sha256, size: record.issued.pdf.size }, docx: { sha256: record.issued.docx.sha256, size: record.issued.docx.size } } } : {}),
  });
  return [
    ...state.parties.flatMap((p) =>
      (['notice', 'decision', 'review'] as const).flatMap((document) => {
        const record = p[document] as AnyRecord | undefined;
        return record ? [summary(record, { partyId: p.id, document }, p)] : [];
      }),
    ),
    ...state.referrals.flatMap((r) => {
      const party = state.parties.find((p) => p.id === r.partyId);
      return party ? [summary(r as AnyRecord, { referralId: r.id }, party)] : [];
    }),
  ];
}

// ── The staff view ──────────────────────────────────────────────────────────────────────────────────────

function workingDaysLeft(calendar: WorkingCalendar, today: ShanghaiDate, due: ShanghaiDate): number | null {
  try {
    return due < today ? -calendar.workingDaysBetween(due, today) : calendar.workingDaysBetween(today, due);
  } catch (error) {
    if (error instanceof CalendarYearUnavailable) return null;
    throw error;
  }
}

/** The procedure as the console shows it: the state, every period with where it stands, what keeps it open. */
export function procedureView(procedure: CaseProcedure, calendar: WorkingCalendar, today: ShanghaiDate) {
  const { all, current } = procedureDeadlines(procedure, today);
  const withLeft = all.map((d) => ({ ...d, workingDaysLeft: workingDaysLeft(calendar, today, d.due) }));
  return {
    procedure,
    today,
    deadlines: withLeft,
    current: current.map((d) => `${d.partyId}:${d.kind}`),
    pending: procedure.closed ? [] : pendingItems(procedure, today),
    documents: documentsOf(procedure),
    bytes: procedureBytes(procedure),
    maxBytes: PROCEDURE_MAX_BYTES,
  };
}

/** The office's next date from the procedure: what is running or overdue, for the due index and reminders. */
export function procedureNextDue(procedure: CaseProcedure | undefined, today: ShanghaiDate): { due: string; label: string } | undefined {
  if (!procedure || procedure.closed) return undefined;
  const next = procedureDeadlines(procedure, today).current.sort((a, b) => a.due.localeCompare(b.due))[0];
  return next ? { due: next.due, label: `${next.label}（${next.article}）` } : undefined;
}

// ── What the institution and people records learn (issue 11 wires it to the records store) ──────────────

export const DECISION_SERVED_EVENT = 'procedure.decision-served';
export const REVIEW_SERVED_EVENT = 'procedure.review-served';

/** A decision served on a party: what the record of the institution or the person must learn of it. */
export interface DecisionServed {
  caseId: string;
  authority: string;
  partyId: string;
  party: Party;
  outcome: 'sanction' | 'no-action';
  /** The decision actually taken (sanction), or why not to proceed (no-action). */
  decision?: string;
  reasons?: string;
  ruleIds: string[];
  /** The day it was approved and dated (签发), and the day it was served. */
  decidedOn: ShanghaiDate;
  servedOn: ShanghaiDate;
  docNo: string;
  incidentDate: ShanghaiDate;
}

/** A 复核决定 served: upheld, varied (newDecision) or revoked, naming the decision it reviewed. */
export interface ReviewServed {
  caseId: string;
  authority: string;
  partyId: string;
  party: Party;
  outcome: 'upheld' | 'varied' | 'revoked';
  newDecision?: string;
  decisionDocNo: string;
  decidedOn: ShanghaiDate;
  servedOn: ShanghaiDate;
  docNo: string;
}

/** The event's data with the case it belongs to, or undefined for another event. */
function servedData(event: ReportEvent, type: string, report: Pick<ReportState, 'trackingCode' | 'route'>) {
  if (event.type !== type || !event.data) return undefined;
  const { by: _by, target: _target, method: _method, proofRefs: _proofs, objectionDue: _o, rectificationPlanDue: _r, ...data } = event.data as Record<string, unknown>;
  return { caseId: report.trackingCode, authority: report.route.authority, ...data };
}

export function decisionServedOf(event: ReportEvent, report: Pick<ReportState, 'trackingCode' | 'route'>): DecisionServed | undefined {
  return servedData(event, DECISION_SERVED_EVENT, report) as DecisionServed | undefined;
}

export function reviewServedOf(event: ReportEvent, report: Pick<ReportState, 'trackingCode' | 'route'>): ReviewServed | undefined {
  return servedData(event, REVIEW_SERVED_EVENT, report) as ReviewServed | undefined;
}
