import { randomUUID } from 'node:crypto';
import { authorityName, withAuthorityNames, type AuthorityNames } from './ids';
import { FILE_TYPES, MAX_EVIDENCE_PER_REPORT, MAX_STAFF_FILES_PER_REPORT, partSizeFor, servedFileName, type FileContentType } from './evidence-types';
import type { DeskAccount, DeskTicketView } from './desk';
import type { AttemptCounter, DeskStore, EvidenceImages, EvidenceStorage, EvidenceVerifier, ImageTools, StoredPart } from './ports';
import { PRICE_TOO_LOW, receiptScope, type ProofOfWork } from './proof-of-work';
import type { WorkLimiter } from './work-limiter';
import { deriveReceipt, hashSecret, normaliseTrackingCode, requestDigest, verifySecret } from './receipt';
import * as z from 'zod';
import { feedbackSchema } from './schemas/feedback';
import { CalendarYearUnavailable, shanghaiDate } from './deadlines';
import {
  DomainError,
  FEEDBACK_NAMES,
  PUBLIC_STATUS_NAMES,
  isOpen,
  newReport,
  type EvidenceRecord,
  type ReportRecord,
  type ReportState,
  type Route,
} from './report';
import { mutate, withDue, type ChangeDeps } from './changes';
import type { EvidenceRequest } from './schemas/evidence';
import type { ReportInput } from './schemas/report';
import { citationOf, ruleById } from './rules';
import { publicSteps } from './procedure/on-report';

// The public reporting workflow: file a report, add evidence, look it up, answer staff.
// Storage comes in through ports; every change goes through core/changes.ts `mutate`.

export interface Assessment {
  route: Route;
  triage: Record<string, unknown> | null;
}

export interface ReportingDeps extends ChangeDeps {
  desks: DeskStore;
  attempts: AttemptCounter;
  pow: ProofOfWork;
  /** Bounds receipt hashing in flight (scrypt): beyond it, requests are refused with 503 at once. */
  hashing: WorkLimiter;
  storage: EvidenceStorage;
  verifier: EvidenceVerifier;
  receiptKey: () => Promise<Buffer>;
  /** `context.authority`: the office a stored report is routed to, when it is assessed again. */
  assess: (input: ReportInput, receivedAt: Date, context?: { authority?: string }) => Promise<Assessment>;
  /** Photos: decoding in full, display copies, and the text read once one is accepted (none: magic bytes only). */
  images?: EvidenceImages;
  /** Industry departments' names from the registry in force (none: each is shown as 行业主管部门). */
  authorityNames?: () => Promise<AuthorityNames>;
  /** The earlier report a report being filed looks like (duplicates.ts), kept as its queue signal. */
  likelyDuplicate?: (state: ReportState) => Promise<ReportState['duplicate']>;
  /** How long *complete* waits for the check before answering 202 `checking` (default `CHECK_BUDGET_MS`). */
  checkBudgetMs?: number;
}

/**
 * *complete* waits this long for the check. A photo (≤ 20 MB) is checked well within it; a large video is hashed
 * for longer, so the answer is 202 `checking` and the result reaches the record by whichever path finishes first
 * (the checker the API invoked, or the bucket's ObjectCreated event). Well under the public function's 29 s.
 */
export const CHECK_BUDGET_MS = 10_000;

/** The names in force, or none. */
export const namesOf = async (deps: { authorityNames?: () => Promise<AuthorityNames> }): Promise<AuthorityNames> => (deps.authorityNames ? deps.authorityNames() : new Map());

const now = (deps: Pick<ReportingDeps, 'now'>) => (deps.now ?? (() => new Date()))();

const NOT_FOUND = new DomainError(404, 'not_found', '查询码或查询密码不正确，请核对回执后重试');

export interface ReceiptAnswer {
  trackingCode: string;
  secret: string;
  authority: string;
  authorityName: string;
  rules: PublicRule[];
}

export interface PublicRule {
  ruleId: string;
  citation: string;
  text: string;
  consequence: string;
  /** true once staff have decided; otherwise a suggestion of the triage engine. */
  decided: boolean;
}

/**
 * The rules a report stands under, for the reporter: staff's decision, else the engine's top three suggestions —
 * a clause made heavier by an earlier decision as the clause the conduct itself falls under, since the earlier
 * decisions on record are not the reporter's to read.
 */
export function publicRules(report: Pick<ReportState, 'decision' | 'triage'>): PublicRule[] {
  const suggestions = (report.triage?.suggestions ?? []) as { ruleId: string; escalatedFrom?: { ruleId: string } }[];
  const suggested = [...new Set(suggestions.map((s) => s.escalatedFrom?.ruleId ?? s.ruleId))].slice(0, 3);
  const ids = report.decision?.ruleIds ?? suggested;
  return ids.flatMap((id) => {
    const rule = ruleById(id);
    return rule ? [{ ruleId: id, citation: citationOf(rule), text: rule.text, consequence: rule.consequence.summary, decided: Boolean(report.decision) }] : [];
  });
}

/**
 * Files a report. The answer comes only after the report is stored; a retry with the same Idempotency-Key
 * gets the same receipt and never a second report.
 */
export async function fileReport(
  deps: ReportingDeps,
  input: ReportInput,
  idempotencyKey: string | undefined,
  desk?: Pick<DeskAccount, 'id' | 'name'>,
): Promise<{ replayed: boolean; receipt: ReceiptAnswer }> {
  const key = idempotencyKey ?? randomUUID();
  // A desk's keys are its own: the same key from the public or another desk is another report.
  const { trackingCode, secret } = deriveReceipt(await deps.receiptKey(), desk ? `desk/${desk.id}/${key}` : key);
  const digest = requestDigest(input);
  // A retry of a report already stored costs one read: no triage, no hashing.
  const earlier = idempotencyKey ? await deps.store.get(trackingCode) : undefined;
  if (earlier) return { replayed: true, receipt: receiptFor(earlier, secret, digest, await namesOf(deps)) };
  const receivedAt = now(deps);
  const { route, triage } = await deps.assess(input, receivedAt);
  const names = await namesOf(deps);
  const report = await withDue(
    deps,
    newReport({
      ...(desk ? { source: { desk: desk.id, deskName: desk.name, ...(input.hotlineTicket ? { ticket: input.hotlineTicket } : {}) } } : {}),
      trackingCode,
      secretHash: await deps.hashing.run(() => hashSecret(secret)),
      requestDigest: digest,
      input,
      receivedAt: receivedAt.toISOString(),
      route,
      triage,
      authorityName: authorityName(route.authority, names),
    }),
  );
  // A signal only: a failed look never holds a report back.
  const duplicate = await deps.likelyDuplicate?.(report).catch(() => undefined);
  const result = await deps.store.create(duplicate ? { ...report, duplicate } : report);
  return { replayed: !result.created, receipt: receiptFor(result.created ? report : result.existing, secret, digest, names) };
}

function receiptFor(stored: ReportState, secret: string, digest: string, names: AuthorityNames): ReceiptAnswer {
  if (stored.requestDigest !== digest) {
    throw new DomainError(409, 'idempotency_key_reused', '这个 Idempotency-Key 已用于另一份内容不同的举报，请为新的举报生成新的 Key', 'Idempotency-Key');
  }
  return {
    trackingCode: stored.trackingCode,
    secret,
    authority: stored.route.authority,
    authorityName: authorityName(stored.route.authority, names),
    rules: publicRules(stored),
  };
}

/** A dummy hash to spend the same time on an unknown code as on a wrong secret. */
let dummyHash: Promise<string> | undefined;

/** What a receipt holder's request brings besides the secret: the solved challenge, where one was asked for. */
export interface ReceiptProof {
  /** The `X-Proof-Of-Work` header. */
  header?: string;
  /** Look-ups always pay; the holder's other requests only once the code has seen failures. */
  always: boolean;
}

/**
 * Finds the report a receipt belongs to. A wrong secret and an unknown code answer alike. Every attempt is
 * counted atomically before the secret is checked, and its price (the proof of work) rises with the failures
 * counted for that code, up to a cap: guessing slows down, the holder is never shut out.
 */
export async function authenticate(deps: ReportingDeps, rawCode: string, secret: string, proof: ReceiptProof): Promise<ReportState> {
  const code = normaliseTrackingCode(rawCode) ?? rawCode.trim().toUpperCase().slice(0, 40);
  const scope = receiptScope(code);
  const at = now(deps);
  const failures = await deps.attempts.count(scope, at);
  const paid = proof.always || failures > 0 || proof.header ? await deps.pow.check(proof.header, 'receipt', scope) : undefined;
  const attempt = await deps.attempts.add(scope, at);
  // The count includes attempts made since this one was priced (parallel guesses): each must pay for its place.
  if (attempt > 1 && !(paid !== undefined && deps.pow.paysFor(paid, attempt - 1))) throw PRICE_TOO_LOW();
  const report = normaliseTrackingCode(rawCode) ? await deps.store.get(code) : undefined;
  const ok = await deps.hashing.run(async () => verifySecret(secret, report?.secretHash ?? (await (dummyHash ??= hashSecret('no-such-report')))));
  if (!report || !ok) throw NOT_FOUND;
  await deps.attempts.remove(scope, at);
  return report;
}

/** The price of a challenge for this receipt now: the failures counted for its code. */
export async function receiptChallenge(deps: ReportingDeps, rawCode: string) {
  const code = normaliseTrackingCode(rawCode) ?? rawCode.trim().toUpperCase().slice(0, 40);
  const scope = receiptScope(code);
  return deps.pow.issue('receipt', scope, await deps.attempts.count(scope, now(deps)));
}

export function publicView(report: ReportRecord, names?: AuthorityNames) {
  return {
    trackingCode: report.trackingCode,
    status: report.status,
    statusName: PUBLIC_STATUS_NAMES[report.status],
    authority: report.route.authority,
    authorityName: authorityName(report.route.authority, names),
    receivedAt: report.receivedAt,
    rules: publicRules(report),
    outcome: report.outcome ?? null,
    // The procedure's stages in plain words (its events in the timeline say when); null before it starts.
    procedure: report.procedure ? { steps: publicSteps(report.procedure) } : null,
    timeline: report.events.filter((e) => e.public).map((e) => ({ at: e.at, event: withAuthorityNames(e.text, names) })),
    messages: report.messages.map(({ at, from, text }) => ({ at, from, text })),
    // Files staff added to the case (询问笔录, proofs of service) are the office's, never the reporter's to see.
    evidence: Object.values(report.evidence)
      .filter((e) => (e.status === 'pending' || e.status === 'accepted') && e.addedBy !== 'staff')
      .map((e) => ({ evidenceId: e.evidenceId, fileName: e.fileName, status: e.status, size: e.size ?? e.declaredSize })),
    canAddEvidence: isOpen(report) && report.tally.evidenceInUse < MAX_EVIDENCE_PER_REPORT,
    feedback: report.feedback ? { rating: report.feedback.rating, ratingName: FEEDBACK_NAMES[report.feedback.rating], reopened: report.feedback.reopened } : null,
    canGiveFeedback: report.status === 'closed' && !report.feedback,
  };
}

export type UploadInstructions =
  | { method: 'PUT'; url: string; headers: Record<string, string>; expiresAt: string }
  | {
      method: 'MULTIPART';
      partSize: number;
      /** Parts still to send, each with a fresh URL. */
      parts: { partNumber: number; url: string }[];
      /** Parts storage already holds (after a resume): not to be sent again. */
      stored?: { partNumber: number; etag: string; size: number }[];
      expiresAt: string;
    };

const EVIDENCE_NOT_FOUND = () => new DomainError(404, 'evidence_not_found', '找不到这个文件的上传记录，请重新添加文件', 'evidenceId');

async function findEvidence(deps: Pick<ReportingDeps, 'store'>, state: ReportState, evidenceId: string): Promise<EvidenceRecord> {
  const evidence = await deps.store.evidence(state, evidenceId);
  if (!evidence) throw EVIDENCE_NOT_FOUND();
  return evidence;
}

const EVIDENCE_REMOVED = () => new DomainError(409, 'evidence_removed', '这个文件的上传已经移除，不能再继续；如需补充，请重新添加文件', 'evidenceId');

async function pendingEvidence(deps: Pick<ReportingDeps, 'store'>, state: ReportState, evidenceId: string): Promise<EvidenceRecord> {
  const evidence = await findEvidence(deps, state, evidenceId);
  if (evidence.status === 'removed') throw EVIDENCE_REMOVED();
  if (evidence.status !== 'pending') throw new DomainError(409, 'upload_finished', '这个文件已经上传并检查过了，不能再次上传；如需补充，请添加新文件', 'evidenceId');
  return evidence;
}

function partCount(evidence: Pick<EvidenceRecord, 'declaredSize' | 'partSize'>): number {
  return Math.ceil(evidence.declaredSize / (evidence.partSize ?? partSizeFor(evidence.declaredSize)));
}

/** What the upload steps need: the reporter's and staff's uploads share them. */
export type UploadDeps = Pick<ReportingDeps, 'store' | 'storage' | 'deadlines' | 'now'>;

async function partUrls(deps: UploadDeps, evidence: EvidenceRecord, partNumbers: number[]) {
  return Promise.all(partNumbers.map(async (partNumber) => ({ partNumber, url: (await deps.storage.presignPart(evidence.key, evidence.uploadId!, partNumber)).url })));
}

/** Reserves a place for one file and returns where the browser uploads it, straight to storage. */
export async function requestUpload(
  deps: UploadDeps,
  report: ReportState,
  request: EvidenceRequest | { fileName: string; contentType: FileContentType; size: number; category?: string },
  addedBy: EvidenceRecord['addedBy'] = 'reporter',
): Promise<{ evidenceId: string; upload: UploadInstructions }> {
  assertCanAddEvidence(report, addedBy);
  const evidenceId = randomUUID();
  const key = `reports/${report.trackingCode}/${evidenceId}`;
  const kind = FILE_TYPES[request.contentType].kind;
  const evidence: EvidenceRecord = {
    evidenceId,
    fileName: request.fileName,
    contentType: request.contentType,
    kind,
    declaredSize: request.size,
    key,
    status: 'pending',
    addedAt: now(deps).toISOString(),
    addedBy,
    ...('category' in request && request.category ? { category: request.category } : {}),
  };
  let upload: UploadInstructions;
  if (kind !== 'video') {
    upload = { method: 'PUT', ...(await deps.storage.presignPut(key, request.contentType, request.size)) };
  } else {
    evidence.uploadId = await deps.storage.createMultipart(key, request.contentType);
    evidence.partSize = partSizeFor(request.size);
    const numbers = Array.from({ length: partCount(evidence) }, (_, i) => i + 1);
    upload = { method: 'MULTIPART', partSize: evidence.partSize, parts: await partUrls(deps, evidence, numbers), expiresAt: expiry(deps) };
  }
  try {
    await mutate(deps, report.trackingCode, (current) => {
      assertCanAddEvidence(current, addedBy);
      return {
        evidence: [{ record: evidence }],
        events: [{ at: evidence.addedAt, type: 'evidence-requested', actor: addedBy, public: false, text: `开始上传证据：${request.fileName}`, data: { evidenceId } }],
      };
    });
  } catch (error) {
    if (evidence.uploadId) await deps.storage.abortMultipart(key, evidence.uploadId).catch(() => undefined);
    throw error;
  }
  return { evidenceId, upload };
}

/** Upload URLs are short-lived: fresh ones for a file still pending, and for a video only the parts not yet stored. */
export async function renewUpload(deps: UploadDeps, report: ReportState, evidenceId: string): Promise<{ evidenceId: string; upload: UploadInstructions }> {
  const evidence = await pendingEvidence(deps, report, evidenceId);
  if (!evidence.uploadId) return { evidenceId, upload: { method: 'PUT', ...(await deps.storage.presignPut(evidence.key, evidence.contentType, evidence.declaredSize)) } };
  const stored = (await deps.storage.listParts(evidence.key, evidence.uploadId)) ?? [];
  const have = new Set(stored.map((p) => p.partNumber));
  const missing = Array.from({ length: partCount(evidence) }, (_, i) => i + 1).filter((n) => !have.has(n));
  return {
    evidenceId,
    upload: { method: 'MULTIPART', partSize: evidence.partSize ?? partSizeFor(evidence.declaredSize), parts: await partUrls(deps, evidence, missing), stored, expiresAt: expiry(deps) },
  };
}

function expiry(deps: UploadDeps): string {
  return new Date(now(deps).getTime() + UPLOAD_URL_LIFETIME_MS).toISOString();
}
/** Matches the storage adapter's URL lifetime; the client asks for fresh URLs after it. */
const UPLOAD_URL_LIFETIME_MS = 15 * 60_000;

function assertCanAddEvidence(report: ReportState, addedBy: EvidenceRecord['addedBy'] = 'reporter'): void {
  if (!isOpen(report)) throw new DomainError(409, 'report_closed', '这份举报已经办结，不能再补充证据');
  if (addedBy === 'staff') {
    if ((report.tally.staffFiles ?? 0) >= MAX_STAFF_FILES_PER_REPORT) {
      throw new DomainError(409, 'too_many_files', `每个案件最多由工作人员添加 ${MAX_STAFF_FILES_PER_REPORT} 个文件，已经达到上限`);
    }
    return;
  }
  if (report.tally.evidenceInUse >= MAX_EVIDENCE_PER_REPORT) {
    throw new DomainError(409, 'too_many_files', `每份举报最多 ${MAX_EVIDENCE_PER_REPORT} 个文件，已经达到上限`);
  }
}

/**
 * Checks a video's parts against what was declared before joining them: every part stored, each the agreed
 * size (the last one the rest), and the ETags the browser reports equal to what storage holds.
 */
function checkParts(evidence: EvidenceRecord, stored: StoredPart[], claimed: { partNumber: number; etag: string }[]): { partNumber: number; etag: string }[] {
  const partSize = evidence.partSize ?? partSizeFor(evidence.declaredSize);
  const count = partCount(evidence);
  const byNumber = new Map(stored.map((p) => [p.partNumber, p]));
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((n) => !byNumber.has(n));
  if (missing.length) {
    throw new DomainError(400, 'upload_incomplete', `视频还有 ${missing.length} 个分片没有上传（第 ${missing.slice(0, 5).join('、')}${missing.length > 5 ? ' 等' : ''} 片），请继续上传后再提交`, 'parts');
  }
  const extra = stored.filter((p) => p.partNumber > count);
  if (extra.length) throw new DomainError(400, 'upload_mismatch', `上传的分片比声明的文件多（第 ${extra[0]!.partNumber} 片），请重新上传这个文件`, 'parts');
  for (let n = 1; n <= count; n++) {
    const expected = n < count ? partSize : evidence.declaredSize - partSize * (count - 1);
    if (byNumber.get(n)!.size !== expected) {
      throw new DomainError(400, 'upload_mismatch', `第 ${n} 片有 ${byNumber.get(n)!.size} 字节，应为 ${expected} 字节：上传的文件与声明的大小不一致，请重新上传原文件`, 'parts');
    }
  }
  const claimedByNumber = new Map(claimed.map((p) => [p.partNumber, p.etag.replace(/"/g, '')]));
  const listed = [...claimedByNumber.keys()];
  if (listed.length !== count || listed.some((n) => !byNumber.has(n))) {
    throw new DomainError(400, 'upload_incomplete', `提交的分片列表应包含第 1 到第 ${count} 片，共 ${count} 片`, 'parts');
  }
  const wrong = listed.find((n) => claimedByNumber.get(n) !== byNumber.get(n)!.etag);
  if (wrong !== undefined) throw new DomainError(400, 'upload_mismatch', `第 ${wrong} 片的 ETag 与已存储的不一致，请重新上传这一片`, 'parts');
  return Array.from({ length: count }, (_, i) => ({ partNumber: i + 1, etag: byNumber.get(i + 1)!.etag }));
}

/** What *complete* answers: the checked record, or `checking` when the check outlasted the budget. */
export type CompletionOutcome = { checking: false; evidence: EvidenceRecord } | { checking: true; evidenceId: string };

/**
 * Finishes an upload (multipart: checks and joins the parts), then checks the stored file — waiting for the check
 * at most `checkBudgetMs`; after that the check goes on and its result is recorded by whichever path finishes first.
 */
export async function completeUpload(
  deps: UploadDeps & Pick<ReportingDeps, 'verifier' | 'checkBudgetMs'>,
  report: ReportState,
  evidenceId: string,
  parts: { partNumber: number; etag: string }[] | undefined,
): Promise<CompletionOutcome> {
  const evidence = await findEvidence(deps, report, evidenceId);
  if (evidence.status === 'removed') throw EVIDENCE_REMOVED();
  if (evidence.status === 'pending' && evidence.uploadId) {
    if (!parts?.length) throw new DomainError(400, 'invalid_input', '视频分片上传后，请提交每个分片的编号和 ETag', 'parts');
    const stored = await deps.storage.listParts(evidence.key, evidence.uploadId);
    // No upload any more: an earlier complete call joined the parts and its answer was lost; the check follows.
    if (stored === undefined) {
      if (!(await deps.storage.head(evidence.key))) {
        throw new DomainError(400, 'upload_incomplete', '视频的分片没有全部上传成功，请重新添加这个文件', 'parts');
      }
    } else {
      await deps.storage.completeMultipart(evidence.key, evidence.uploadId, checkParts(evidence, stored, parts));
    }
  }
  // Checked already (an earlier call's answer was lost, or the bucket event was first): its result, at once.
  const checking = evidence.status === 'pending' ? deps.verifier.verify(report.trackingCode, evidenceId) : Promise.resolve(evidence);
  const checked = evidence.status === 'pending' ? await within(checking, deps.checkBudgetMs ?? CHECK_BUDGET_MS) : evidence;
  if (!checked) {
    // The check goes on (the invoked checker, and the bucket event, record it); its failure here is the other path's to retry.
    checking.catch(() => undefined);
    return { checking: true, evidenceId };
  }
  if (checked.status === 'rejected') throw new DomainError(422, 'evidence_rejected', checked.rejectedReason ?? '文件未通过检查，已删除', 'file');
  if (checked.status === 'removed') throw EVIDENCE_REMOVED();
  return { checking: false, evidence: checked };
}

/** The promise's value if it settles within `ms` (no bound: Infinity), else undefined (its rejection within `ms` is thrown). */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  if (!Number.isFinite(ms)) return promise;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Where an upload stands, for the page that polls after a 202 (or comes back later). */
export type EvidenceStatus =
  | { evidenceId: string; status: 'accepted'; size: number; contentType: string; sha256: string; capturedAt?: string }
  | { evidenceId: string; status: 'rejected'; reason: string }
  | { evidenceId: string; status: 'removed' }
  | { evidenceId: string; status: 'uploading'; storedParts: number; storedBytes: number; size: number }
  | { evidenceId: string; status: 'checking' };

export async function evidenceStatus(deps: UploadDeps, report: ReportState, evidenceId: string): Promise<EvidenceStatus> {
  const e = await findEvidence(deps, report, evidenceId);
  if (e.addedBy !== 'reporter') throw EVIDENCE_NOT_FOUND();
  if (e.status === 'accepted') return acceptedBody(e);
  if (e.status === 'rejected') return { evidenceId, status: 'rejected', reason: e.rejectedReason ?? '文件未通过检查，已删除' };
  if (e.status === 'removed') return { evidenceId, status: 'removed' };
  // A video whose upload still exists is being sent; once its parts are joined (or for a single PUT) it is being checked.
  const stored = e.uploadId ? await deps.storage.listParts(e.key, e.uploadId) : undefined;
  if (stored) return { evidenceId, status: 'uploading', storedParts: stored.length, storedBytes: stored.reduce((n, p) => n + p.size, 0), size: e.declaredSize };
  return { evidenceId, status: 'checking' };
}

/** The body *complete* answers with 200 (fixed for integrators), and the status endpoint for a checked file. */
export function acceptedBody(e: EvidenceRecord) {
  return { evidenceId: e.evidenceId, status: 'accepted' as const, size: e.size ?? e.declaredSize, contentType: e.contentType, sha256: e.sha256 ?? '', ...(e.capturedAt ? { capturedAt: e.capturedAt } : {}) };
}

/**
 * The reporter gives up an unfinished upload: the record is marked removed and its multipart upload aborted (the
 * parts stored are freed), so that it no longer counts toward the limit. A file already checked stays evidence; a
 * video whose parts were joined is being checked and cannot be removed any more. Removing twice answers alike.
 */
export async function removeUpload(deps: UploadDeps, report: ReportState, evidenceId: string): Promise<{ evidenceId: string; status: 'removed' }> {
  const evidence = await findEvidence(deps, report, evidenceId);
  if (evidence.addedBy !== 'reporter') throw EVIDENCE_NOT_FOUND();
  if (evidence.status === 'removed') return { evidenceId, status: 'removed' };
  const finished = () => new DomainError(409, 'upload_finished', '这个文件已经上传完成并检查过了，作为证据保留，不能移除', 'evidenceId');
  if (evidence.status !== 'pending') throw finished();
  if (evidence.uploadId && (await deps.storage.listParts(evidence.key, evidence.uploadId)) === undefined) {
    throw new DomainError(409, 'upload_checking', '这个文件已经传完，正在检查，不能再移除；检查结果会显示在查询进度里', 'evidenceId');
  }
  const at = now(deps).toISOString();
  await mutate(deps, report.trackingCode, async (current) => {
    const latest = await findEvidence(deps, current, evidenceId);
    if (latest.status === 'removed') return undefined;
    if (latest.status !== 'pending') throw finished();
    const { uploadId: _uploadId, ...rest } = latest;
    return {
      evidence: [{ record: { ...rest, status: 'removed', removedAt: at }, was: 'pending' }],
      events: [{ at, type: 'evidence-removed', actor: 'reporter', public: false, text: `举报人移除了没有传完的文件：${latest.fileName}`, data: { evidenceId } }],
    };
  });
  // Recorded first, aborted after: a complete call in between is refused (removed), and nothing is left half-done
  // when the abort fails — the bucket's lifecycle rule aborts an unfinished upload after a day.
  if (evidence.uploadId) await deps.storage.abortMultipart(evidence.key, evidence.uploadId).catch(() => undefined);
  return { evidenceId, status: 'removed' };
}

/** The check behind every upload; safe to run twice (the bucket event and the complete call may race). */
export async function verifyEvidence(
  deps: Pick<ReportingDeps, 'store' | 'storage' | 'now' | 'deadlines' | 'images'>,
  trackingCode: string,
  evidenceId: string,
): Promise<EvidenceRecord> {
  const report = await deps.store.get(trackingCode);
  if (!report) throw EVIDENCE_NOT_FOUND();
  const evidence = await findEvidence(deps, report, evidenceId);
  if (evidence.status !== 'pending') return evidence;
  // Loaded on first use: the file-type and EXIF readers are needed only where uploads are checked.
  const { checkStoredObject } = await import('./evidence-check');
  const images = deps.images && evidence.kind === 'photo' ? await deps.images.tools() : undefined;
  const outcome = await checkStoredObject(deps.storage, evidence, images);
  if (!outcome) throw new DomainError(409, 'not_uploaded', '文件还没有上传完成，请等上传结束后再提交', 'file');
  const at = now(deps).toISOString();
  const stored = { ...(outcome.object.versionId ? { versionId: outcome.object.versionId } : {}), ...(outcome.object.etag ? { etag: outcome.object.etag } : {}) };
  const { uploadId: _uploadId, ...rest } = evidence;
  let checked: EvidenceRecord;
  let event: ReportRecord['events'][number];
  if (outcome.accepted) {
    checked = {
      ...rest,
      ...stored,
      status: 'accepted',
      size: outcome.size,
      sha256: outcome.sha256,
      checkedAt: at,
      servedName: servedFileName(evidence.fileName, evidence.contentType),
      ...(outcome.capturedAt ? { capturedAt: outcome.capturedAt } : {}),
      ...(images && outcome.bytes ? { display: await writeDisplayCopy(deps.storage, images, evidence, outcome.bytes) } : {}),
    };
    // A file staff added is the office's: the reporter's look-up never hears of it.
    event = { at, type: 'evidence-accepted', actor: 'system', public: evidence.addedBy !== 'staff', text: `${evidence.addedBy === 'staff' ? '工作人员添加的材料通过检查' : '收到证据材料'}：${evidence.fileName}`, data: { evidenceId, sha256: outcome.sha256 } };
  } else {
    await deps.storage.delete(evidence.key);
    checked = { ...rest, ...stored, status: 'rejected', rejectedReason: outcome.reason, checkedAt: at, ...(outcome.size ? { size: outcome.size } : {}) };
    event = { at, type: 'evidence-rejected', actor: 'system', public: false, text: `文件未通过检查：${evidence.fileName}（${outcome.reason}）`, data: { evidenceId } };
  }
  let result = checked;
  await mutate(deps, trackingCode, async (current) => {
    const latest = await findEvidence(deps, current, evidenceId);
    // The other path (bucket event or complete call) recorded its check first: that one stands.
    if (latest.status !== 'pending') {
      result = latest;
      return undefined;
    }
    return { evidence: [{ record: checked, was: 'pending' }], events: [event] };
  });
  // Removed by the reporter while it was being checked: the file is no evidence, and nothing keeps it.
  if (result.status === 'removed' && outcome.accepted) await deps.storage.delete(evidence.key);
  // The image's text is read after this check, not within it (a few seconds of OCR): only started here, by the path
  // whose check was recorded (the bucket event and the complete call may both have checked).
  if (result === checked && checked.status === 'accepted' && checked.display && deps.images?.accepted) await deps.images.accepted(trackingCode, evidenceId);
  return result;
}

/** The display copy of an accepted photo, beside the evidence under `display/` (its own key, never an evidence key). */
async function writeDisplayCopy(storage: EvidenceStorage, images: ImageTools, evidence: EvidenceRecord, bytes: Uint8Array): Promise<EvidenceRecord['display']> {
  const copy = await images.displayCopy(bytes);
  const key = displayKeyOf(evidence.key, copy.contentType);
  await storage.put(key, copy.bytes, copy.contentType);
  return { key, contentType: copy.contentType, width: copy.width, height: copy.height };
}

/** `reports/<code>/<id>` → `display/<code>/<id>.webp`. */
export const displayKeyOf = (evidenceKey: string, contentType: 'image/webp' | 'image/jpeg') =>
  `display/${evidenceKey.replace(/^reports\//, '')}.${contentType === 'image/webp' ? 'webp' : 'jpg'}`;

/**
 * The bucket says an object was stored under an evidence key. Pending evidence is checked; for evidence already
 * checked, any object other than the one that was checked is tampering: it is flagged on the report and never
 * replaces the record (a refused file put back is deleted again; staff keep being served the checked version).
 */
export async function evidenceObjectCreated(
  deps: Pick<ReportingDeps, 'store' | 'storage' | 'now' | 'deadlines' | 'images'>,
  trackingCode: string,
  evidenceId: string,
  object: { versionId?: string; etag?: string },
): Promise<EvidenceRecord> {
  const report = await deps.store.get(trackingCode);
  if (!report) throw EVIDENCE_NOT_FOUND();
  const evidence = await findEvidence(deps, report, evidenceId);
  if (evidence.status === 'pending') return verifyEvidence(deps, trackingCode, evidenceId);
  const etag = object.etag?.replace(/"/g, '');
  if (evidence.status === 'removed') {
    // The reporter gave this upload up (a PUT that arrived late, or anything stored there since): not evidence.
    if (await deps.storage.head(evidence.key)) await deps.storage.delete(evidence.key);
    return evidence;
  }
  if (evidence.status === 'rejected') {
    // A refused file is deleted before the refusal is recorded: an object there now was put back since.
    if (!(await deps.storage.head(evidence.key))) return evidence;
    await deps.storage.delete(evidence.key);
  } else if (object.versionId ? object.versionId === evidence.versionId : etag !== undefined && etag === evidence.etag) {
    return evidence; // the notification of the very object that was checked
  }
  const at = now(deps).toISOString();
  const mark = { at, ...(object.versionId ? { versionId: object.versionId } : {}), ...(etag ? { etag } : {}) };
  let flagged = evidence;
  await mutate(deps, trackingCode, async (current) => {
    const record = await findEvidence(deps, current, evidenceId);
    flagged = { ...record, tampering: [...(record.tampering ?? []), mark] };
    return {
      evidence: [{ record: flagged, was: record.status }],
      events: [
        {
          at,
          type: 'evidence-tampered',
          actor: 'system',
          public: false,
          text: `检查后又有文件存入证据“${record.fileName}”的位置：${record.status === 'rejected' ? '已再次删除' : '不作为证据，仍提供检查过的原件'}`,
          data: { evidenceId, ...mark },
        },
      ],
    };
  });
  return flagged;
}

/** A reporter may leave a few messages in a row; after that, staff answer first. */
export const REPORTER_MESSAGES_IN_A_ROW = 5;
/** All the reporter can add to one report: a bound on what an anonymous caller can make staff read. */
export const REPORTER_MESSAGES_MAX = 100;

function assertCanMessage(report: ReportState): void {
  if (!isOpen(report)) throw new DomainError(409, 'report_closed', '这份举报已经办结，不能再留言');
  if (report.tally.reporterMessages >= REPORTER_MESSAGES_MAX) {
    throw new DomainError(409, 'too_many_messages', `每份举报最多可以留言 ${REPORTER_MESSAGES_MAX} 条，已经达到上限；如有新情况，请提交一份新的举报`, 'text');
  }
  if (report.tally.reporterInARow >= REPORTER_MESSAGES_IN_A_ROW) {
    throw new DomainError(409, 'awaiting_staff', `您已连续留言 ${REPORTER_MESSAGES_IN_A_ROW} 条，请等工作人员回复后再留言；补充材料可以作为证据上传`, 'text');
  }
}

export async function replyToStaff(deps: ReportingDeps, report: ReportState, text: string): Promise<{ at: string }> {
  assertCanMessage(report);
  const at = now(deps).toISOString();
  await mutate(deps, report.trackingCode, (current) => {
    assertCanMessage(current);
    return {
      messages: [{ at, from: 'reporter', text }],
      events: [{ at, type: 'reporter-message', actor: 'reporter', public: false, text: '举报人留言' }],
    };
  });
  return { at };
}

/** 回访: after 办结 the reporter is asked once whether they are satisfied. */
export const FEEDBACK_REOPEN_WORKING_DAYS = 15;

export { feedbackSchema };

/**
 * The reporter's answer after 办结, once. An unsatisfied answer within 15 working days of 办结 reopens review at the
 * office (the conclusion limit counted again from the reopening); a later one is recorded for the figures only.
 */
export async function giveFeedback(deps: ReportingDeps, report: ReportState, answer: z.infer<typeof feedbackSchema>): Promise<{ reopened: boolean }> {
  if (report.status !== 'closed') throw new DomainError(409, 'not_closed', '举报还没有办结，办结后可以评价处理结果');
  if (report.feedback) throw new DomainError(409, 'feedback_given', '您已经评价过这次处理结果了，谢谢');
  if (answer.rating === 'unsatisfied' && !answer.reason) throw new DomainError(400, 'invalid_input', '请说明不满意的原因，工作人员会据此重新核查', 'reason');
  const at = now(deps).toISOString();
  const { calendar } = await deps.deadlines();
  const closedOn = shanghaiDate(report.milestones.closedAt ?? at);
  let inTime = false;
  try {
    inTime = shanghaiDate(at) <= calendar.addWorkingDays(closedOn, FEEDBACK_REOPEN_WORKING_DAYS);
  } catch (error) {
    if (!(error instanceof CalendarYearUnavailable)) throw error;
    inTime = true; // the calendar cannot say: the reporter is not refused a review for it
  }
  const reopened = answer.rating === 'unsatisfied' && inTime;
  const feedback = { rating: answer.rating, ...(answer.reason ? { reason: answer.reason } : {}), at, reopened };
  await mutate(deps, report.trackingCode, (current) => {
    if (current.feedback) throw new DomainError(409, 'feedback_given', '您已经评价过这次处理结果了，谢谢');
    return {
      set: { feedback, ...(reopened ? { status: 'investigating' as const } : {}) },
      events: [
        { at, type: 'feedback', actor: 'reporter', public: true, text: `举报人评价处理结果：${FEEDBACK_NAMES[answer.rating]}`, data: { rating: answer.rating } },
        ...(reopened ? [{ at, type: 'reopened', actor: 'system', public: true, text: '举报人对处理结果不满意，已重新核查' }] : []),
      ],
    };
  });
  return { reopened };
}

/** What a desk reads back about a report it filed (its own only). */
export async function deskView(deps: Pick<ReportingDeps, 'store' | 'authorityNames'>, desk: Pick<DeskAccount, 'id'>, trackingCode: string): Promise<DeskTicketView> {
  const report = await deps.store.load(trackingCode);
  const names = await namesOf(deps);
  if (!report || report.source?.desk !== desk.id) throw new DomainError(404, 'not_found', '找不到这份举报，或它不是本坐席提交的');
  return {
    trackingCode: report.trackingCode,
    ticket: report.source.ticket ?? null,
    authority: report.route.authority,
    authorityName: authorityName(report.route.authority, names),
    status: report.status,
    statusName: PUBLIC_STATUS_NAMES[report.status],
    receivedAt: report.receivedAt,
    returned: report.deskReturn ? { reason: report.deskReturn.reason, at: report.deskReturn.at } : null,
    timeline: report.events.filter((e) => e.public).map((e) => ({ at: e.at, event: withAuthorityNames(e.text, names) })),
  };
}
