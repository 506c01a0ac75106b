// Evidence upload, shared by the report form and the look-up page:
// declare the file to the API, send it straight to storage (one PUT, or multipart in parts), then complete.
import { evidenceRequestSchema } from '../../../functions/core/schemas/evidence';
import { firstError } from '../../../functions/core/schemas/common';
import { CONTENT_TYPE_ALIASES, FILE_TYPES, type FileContentType } from '../../../functions/core/evidence-types';
import { ApiError, apiDelete, apiGet, apiPost, NETWORK_MESSAGE } from './api';

type PutUpload = { method: 'PUT'; url: string; headers?: Record<string, string> };
type MultipartUpload = { method: 'MULTIPART'; partSize: number; parts: { partNumber: number; url: string }[]; stored?: { partNumber: number; etag: string }[] };
export interface EvidenceCreated {
  evidenceId: string;
  upload: PutUpload | MultipartUpload;
}
export interface EvidenceAccepted {
  evidenceId: string;
  status: string;
  size: number;
  contentType: string;
  sha256: string;
}

/** `loaded` counts the bytes storage holds or is receiving, parts stored before a resume included. */
export type Progress = (loaded: number, total: number) => void;

/** What the status endpoint answers while the page waits for a check (after 202) or comes back to an upload. */
export type EvidenceStatus =
  | (EvidenceAccepted & { status: 'accepted' })
  | { evidenceId: string; status: 'rejected'; reason: string }
  | { evidenceId: string; status: 'removed' }
  | { evidenceId: string; status: 'uploading'; storedParts: number; storedBytes: number; size: number }
  | { evidenceId: string; status: 'checking' };

const PART_CONCURRENCY = 3;
/**
 * Waits between tries of a request that met no network or a server error: about 90 s in all, so that a phone's
 * connection dropping for a tunnel or a lift (12 s, say) does not fail the file. After each wait the parts storage
 * holds are asked for again, so a part whose answer was lost is not sent twice.
 */
export const RETRY_DELAYS_MS = [1000, 2000, 4000, 8000, 15_000, 30_000, 30_000];
/** How often the page asks whether a file it completed with 202 has been checked. */
const POLL_DELAYS_MS = [500, 1000, 2000, 3000, 5000];
const POLL_FOR_MS = 15 * 60_000;

/** Phones often leave HEIC/MOV without a MIME type; fall back to the file extension. */
export function contentTypeOf(file: File): string {
  const declared = file.type.toLowerCase();
  if (declared) return CONTENT_TYPE_ALIASES[declared] ?? declared;
  const ext = file.name.toLowerCase().split('.').pop() ?? '';
  const byExt: Record<string, FileContentType> = { jpeg: 'image/jpeg', heif: 'image/heic' };
  for (const [type, info] of Object.entries(FILE_TYPES)) byExt[info.ext] = type as FileContentType;
  return byExt[ext] ?? 'application/octet-stream';
}

/** The API's own check, run before anything is sent: undefined when the file is acceptable. */
export function checkFile(file: File): string | undefined {
  const parsed = evidenceRequestSchema.safeParse({ fileName: file.name, contentType: contentTypeOf(file), size: file.size });
  return parsed.success ? undefined : firstError(parsed.error).message;
}

/** Waits `ms`, or less when the device comes back online (there is no point waiting longer then). */
function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      window.removeEventListener('online', online);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    // Back online: go on a moment later (the connection needs a breath), not after the whole wait.
    const online = () => setTimeout(done, 300);
    const timer = setTimeout(done, ms);
    window.addEventListener('online', online, { once: true });
    signal?.addEventListener('abort', done, { once: true });
  });
}

export class UploadError extends Error {
  constructor(
    message: string,
    readonly status = 0,
  ) {
    super(message);
  }
}
/** S3 answers 403 to a URL whose (short) life has ended: ask the API for a fresh one. */
const expired = (err: unknown) => err instanceof UploadError && err.status === 403;
/** S3 answers 412 to a photo PUT whose object is stored already (`If-None-Match: *`): sent before a reload. */
const alreadyStored = (err: unknown) => err instanceof UploadError && err.status === 412;

/** One PUT with XMLHttpRequest, for its upload progress events. Resolves with the ETag header. */
function put(url: string, body: Blob, headers: Record<string, string>, onProgress: (loaded: number) => void, signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new UploadError('上传已暂停'));
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    for (const [name, value] of Object.entries(headers)) {
      // The browser sets these itself and refuses to be told.
      if (!/^(content-length|host)$/i.test(name)) xhr.setRequestHeader(name, value);
    }
    xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(body.size);
        resolve(xhr.getResponseHeader('ETag') ?? '');
      } else reject(new UploadError(`存储服务拒绝了上传（${xhr.status}）`, xhr.status));
    };
    xhr.onerror = () => reject(new UploadError(NETWORK_MESSAGE));
    xhr.ontimeout = () => reject(new UploadError(NETWORK_MESSAGE));
    xhr.onabort = () => reject(new UploadError('上传已暂停'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(body);
  });
}

/** Network trouble and server errors are worth another try; a 4xx answer is not. */
function retryable(err: unknown): boolean {
  if (err instanceof UploadError) return err.status === 0 || err.status >= 500;
  return !(err instanceof ApiError) || err.status === 0 || err.status >= 500;
}

/**
 * Tries `attempt` again after network trouble or a server error, with growing waits (RETRY_DELAYS_MS); `between`
 * runs before each new try (to learn what storage holds by now) and may answer in its place.
 */
async function withRetry<T>(attempt: () => Promise<T>, signal?: AbortSignal, between?: () => Promise<T | undefined>, onWait?: (ms: number) => void): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await attempt();
    } catch (err) {
      if (i >= RETRY_DELAYS_MS.length || !retryable(err) || signal?.aborted) throw err;
      onWait?.(RETRY_DELAYS_MS[i]!);
      await pause(RETRY_DELAYS_MS[i]!, signal);
      if (signal?.aborted) throw err;
      if (between) {
        const known = await between().catch(() => undefined); // still offline: try again after the next wait
        if (known !== undefined) return known;
      }
    }
  }
}

/** Where an upload is declared, renewed, completed and (reporters only) looked at: the receipt routes or the staff console's. */
export interface UploadEndpoints<T> {
  create(body: { fileName: string; contentType: string; size: number }): Promise<EvidenceCreated>;
  renew(evidenceId: string): Promise<EvidenceCreated>;
  complete(evidenceId: string, body: { parts?: { partNumber: number; etag: string }[] }): Promise<T>;
  /** Where a completed upload stands, for a complete call answered 202 `checking`. */
  status?(evidenceId: string): Promise<EvidenceStatus>;
}

export interface UploadOptions {
  signal?: AbortSignal;
  /** Resume this upload (declared before a reload, or interrupted): only the parts storage lacks are sent. */
  resume?: string;
  /** The upload was declared: its id, to be kept for a resume. */
  onDeclared?: (evidenceId: string) => void;
  /** All bytes are stored and the server is checking the file (after 202 the page polls). */
  onChecking?: () => void;
  /** A request met no network (or a server error): the next try comes after `ms`, sooner when back online. */
  onWaiting?: (ms: number) => void;
}

const reporterEndpoints = (code: string, secret: string): UploadEndpoints<EvidenceAccepted | { evidenceId: string; status: 'checking' }> => {
  const auth = { 'X-Report-Secret': secret };
  const base = `/api/reports/${encodeURIComponent(code)}/evidence`;
  return {
    create: (body) => apiPost<EvidenceCreated>(base, body, auth),
    renew: (id) => apiPost<EvidenceCreated>(`${base}/${encodeURIComponent(id)}/upload`, {}, auth),
    complete: (id, body) => apiPost(`${base}/${encodeURIComponent(id)}/complete`, body, auth),
    status: (id) => apiGet<EvidenceStatus>(`${base}/${encodeURIComponent(id)}`, auth),
  };
};

/**
 * Upload one file as evidence of report `code`, or resume its upload (`options.resume`). Resolves with the API's
 * acceptance, rejects with an Error whose message is Chinese and can be shown as is.
 */
export async function uploadEvidence(code: string, secret: string, file: File, onProgress: Progress, options: UploadOptions = {}): Promise<EvidenceAccepted> {
  const problem = checkFile(file);
  if (problem) throw new Error(problem);
  return (await uploadThrough(reporterEndpoints(code, secret), file, onProgress, options.signal, options)) as EvidenceAccepted;
}

/** Where one of the report's uploads stands (GET …/evidence/{id}). */
export function uploadStatus(code: string, secret: string, evidenceId: string): Promise<EvidenceStatus> {
  return apiGet<EvidenceStatus>(`/api/reports/${encodeURIComponent(code)}/evidence/${encodeURIComponent(evidenceId)}`, { 'X-Report-Secret': secret });
}

/** The reporter gives up an unfinished upload: aborted and no longer counted toward the limit. */
export async function removeUpload(code: string, secret: string, evidenceId: string): Promise<void> {
  try {
    await apiDelete(`/api/reports/${encodeURIComponent(code)}/evidence/${encodeURIComponent(evidenceId)}`, { 'X-Report-Secret': secret });
  } catch (err) {
    // Gone already (removed in another tab, or never stored): nothing is left to remove.
    if (err instanceof ApiError && err.status === 404 && err.code === 'evidence_not_found') return;
    throw err;
  }
}

/** Polls the status after a 202 until the check is recorded (by the API's check or the bucket's, whichever was first). */
async function checked<T>(endpoints: UploadEndpoints<T>, evidenceId: string, signal?: AbortSignal): Promise<T> {
  const until = Date.now() + POLL_FOR_MS;
  for (let i = 0; Date.now() < until; i++) {
    await pause(POLL_DELAYS_MS[Math.min(i, POLL_DELAYS_MS.length - 1)]!, signal);
    if (signal?.aborted) throw new UploadError('上传已暂停');
    const status = await withRetry(() => endpoints.status!(evidenceId), signal);
    if (status.status === 'accepted') return status as T;
    if (status.status === 'rejected') throw new Error(status.reason);
    if (status.status === 'removed') throw new Error('这个文件的上传已经移除');
  }
  throw new Error('文件已经传完，检查还没有结束。检查结果会显示在“查询进度”页，不需要重新上传。');
}

/** What a renew answers when the file was checked meanwhile: that file's status, to finish with. */
async function finishedMeanwhile<T>(endpoints: UploadEndpoints<T>, evidenceId: string, err: unknown): Promise<T | undefined> {
  if (!(err instanceof ApiError && err.code === 'upload_finished' && endpoints.status)) return undefined;
  const status = await endpoints.status(evidenceId);
  if (status.status === 'accepted') return status as T;
  if (status.status === 'rejected') throw new Error(status.reason);
  return undefined;
}

/**
 * Declares the file (or, resuming, asks which parts storage holds), sends what is missing straight to storage (one
 * PUT, or a video's parts), then asks for the check; a 202 `checking` is followed up by polling the status.
 */
export async function uploadThrough<T>(endpoints: UploadEndpoints<T>, file: File, onProgress: Progress, signal?: AbortSignal, options: UploadOptions = {}): Promise<T> {
  let evidenceId: string;
  let upload: PutUpload | MultipartUpload;
  if (options.resume) {
    evidenceId = options.resume;
    try {
      upload = (await withRetry(() => endpoints.renew(evidenceId), signal)).upload;
    } catch (err) {
      const done = await finishedMeanwhile(endpoints, evidenceId, err);
      if (done !== undefined) {
        onProgress(file.size, file.size);
        return done;
      }
      throw err;
    }
  } else {
    const created = await withRetry(() => endpoints.create({ fileName: file.name, contentType: contentTypeOf(file), size: file.size }), signal);
    evidenceId = created.evidenceId;
    upload = created.upload;
    options.onDeclared?.(evidenceId);
  }
  const total = file.size;

  let completion: { parts?: { partNumber: number; etag: string }[] } = {};
  // One renewal at a time, shared by the parts that wait for it: parallel requests with the receipt would each be
  // counted as an attempt on the code and priced as guesses are.
  let renewing: Promise<PutUpload | MultipartUpload> | undefined;
  const renew = () =>
    (renewing ??= endpoints
      .renew(evidenceId)
      .then((fresh) => (upload = fresh.upload))
      .finally(() => (renewing = undefined)));
  // Upload URLs are short-lived: once one has expired, fresh ones are asked for and the upload goes on.
  const withFreshUrl = async <R>(send: () => Promise<R>, between?: () => Promise<R | undefined>): Promise<R> => {
    try {
      return await withRetry(send, signal, between, options.onWaiting);
    } catch (err) {
      if (!expired(err)) throw err;
      await renew();
      return withRetry(send, signal, between, options.onWaiting);
    }
  };
  if (upload.method === 'PUT') {
    onProgress(0, total);
    try {
      await withFreshUrl(() => {
        const current = upload as PutUpload;
        return put(current.url, file, current.headers ?? {}, (loaded) => onProgress(loaded, total), signal);
      });
    } catch (err) {
      if (!alreadyStored(err)) throw err;
      onProgress(total, total); // stored before the reload: only the check is left
    }
  } else {
    const partSize = upload.partSize;
    const count = Math.ceil(total / partSize);
    const loaded = new Array<number>(count).fill(0);
    const etags = new Map<number, string>();
    for (const p of upload.stored ?? []) {
      etags.set(p.partNumber, p.etag);
      loaded[p.partNumber - 1] = Math.min(partSize, total - (p.partNumber - 1) * partSize);
    }
    const report = () => onProgress(loaded.reduce((a, b) => a + b, 0), total);
    report();
    const urlOf = (partNumber: number) => (upload as MultipartUpload).parts.find((p) => p.partNumber === partNumber)?.url ?? '';
    const queue = upload.parts.map((p) => p.partNumber).filter((n) => !etags.has(n));
    const worker = async () => {
      for (let partNumber = queue.shift(); partNumber; partNumber = queue.shift()) {
        const i = partNumber - 1;
        const blob = file.slice(i * partSize, Math.min(partNumber * partSize, total));
        const n = partNumber;
        const etag = await withFreshUrl(
          () => {
            loaded[i] = 0;
            return put(urlOf(n), blob, {}, (bytes) => ((loaded[i] = bytes), report()), signal);
          },
          // After a drop: storage may hold this part already (its answer was lost); then it is not sent again.
          async () => {
            const fresh = (await renew()) as MultipartUpload;
            return fresh.stored?.find((p) => p.partNumber === n)?.etag;
          },
        );
        if (!etag) throw new UploadError('存储服务没有返回分片标识（ETag），请联系网站管理员');
        loaded[i] = blob.size;
        report();
        etags.set(partNumber, etag.replace(/"/g, ''));
      }
    };
    await Promise.all(Array.from({ length: Math.min(PART_CONCURRENCY, queue.length) }, worker));
    completion = { parts: [...etags].sort((a, b) => a[0] - b[0]).map(([partNumber, etag]) => ({ partNumber, etag })) };
  }
  options.onChecking?.();
  // A 422 here means the stored file was not what it claimed to be; the API says why, in Chinese.
  let answer: T;
  try {
    answer = await withRetry(() => endpoints.complete(evidenceId, completion), signal);
  } catch (err) {
    const done = await finishedMeanwhile(endpoints, evidenceId, err);
    if (done !== undefined) return done;
    throw err;
  }
  if ((answer as { status?: string }).status === 'checking' && endpoints.status) return checked(endpoints, evidenceId, signal);
  return answer;
}
