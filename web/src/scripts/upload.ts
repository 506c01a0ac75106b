// Evidence upload, shared by the report form and the look-up page:
// declare the file to the API, send it straight to storage (one PUT, or multipart in parts), then complete.
import { evidenceRequestSchema } from '../../../functions/core/schemas/evidence';
import { firstError } from '../../../functions/core/schemas/common';
import { CONTENT_TYPE_ALIASES, FILE_TYPES, type FileContentType } from '../../../functions/core/evidence-types';
import { ApiError, apiPost, NETWORK_MESSAGE } from './api';

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

export type Progress = (loaded: number, total: number) => void;

const PART_TRIES = 3;
const PART_CONCURRENCY = 3;

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

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

class UploadError extends Error {
  constructor(
    message: string,
    readonly status = 0,
  ) {
    super(message);
  }
}
/** S3 answers 403 to a URL whose (short) life has ended: ask the API for a fresh one. */
const expired = (err: unknown) => err instanceof UploadError && err.status === 403;

/** One PUT with XMLHttpRequest, for its upload progress events. Resolves with the ETag header. */
function put(url: string, body: Blob, headers: Record<string, string>, onProgress: (loaded: number) => void, signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
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
    xhr.onabort = () => reject(new UploadError('上传已取消'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(body);
  });
}

/** Network trouble and server errors are worth another try; a 4xx answer is not. */
function retryable(err: unknown): boolean {
  if (err instanceof UploadError) return err.status === 0 || err.status >= 500;
  return !(err instanceof ApiError) || err.status === 0 || err.status >= 500;
}

async function withRetry<T>(attempt: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (err) {
      if (i >= PART_TRIES || !retryable(err) || signal?.aborted) throw err;
      await sleep(1000 * 2 ** (i - 1)); // 1 s, then 2 s
    }
  }
}

/** Where an upload is declared, renewed and completed: the reporter's receipt routes, or the staff console's. */
export interface UploadEndpoints<T> {
  create(body: { fileName: string; contentType: string; size: number }): Promise<EvidenceCreated>;
  renew(evidenceId: string): Promise<EvidenceCreated>;
  complete(evidenceId: string, body: { parts?: { partNumber: number; etag: string }[] }): Promise<T>;
}

/**
 * Upload one file as evidence of report `code`. Resolves with the API's acceptance,
 * rejects with an Error whose message is Chinese and can be shown as is.
 */
export async function uploadEvidence(code: string, secret: string, file: File, onProgress: Progress, signal?: AbortSignal): Promise<EvidenceAccepted> {
  const problem = checkFile(file);
  if (problem) throw new Error(problem);
  const auth = { 'X-Report-Secret': secret };
  const base = `/api/reports/${encodeURIComponent(code)}/evidence`;
  return uploadThrough<EvidenceAccepted>(
    {
      create: (body) => apiPost<EvidenceCreated>(base, body, auth),
      renew: (id) => apiPost<EvidenceCreated>(`${base}/${encodeURIComponent(id)}/upload`, {}, auth),
      complete: (id, body) => apiPost<EvidenceAccepted>(`${base}/${encodeURIComponent(id)}/complete`, body, auth),
    },
    file,
    onProgress,
    signal,
  );
}

/** Declares the file, sends it straight to storage (one PUT, or a video's parts), then asks for the check. */
export async function uploadThrough<T>(endpoints: UploadEndpoints<T>, file: File, onProgress: Progress, signal?: AbortSignal): Promise<T> {
  const created = await endpoints.create({ fileName: file.name, contentType: contentTypeOf(file), size: file.size });
  const total = file.size;
  onProgress(0, total);

  let completion: { parts?: { partNumber: number; etag: string }[] } = {};
  let upload = created.upload;
  const renew = async () => {
    upload = (await endpoints.renew(created.evidenceId)).upload;
  };
  // Upload URLs are short-lived: once one has expired, fresh ones are asked for and the upload goes on.
  const withFreshUrl = async <T>(send: () => Promise<T>): Promise<T> => {
    try {
      return await withRetry(send, signal);
    } catch (err) {
      if (!expired(err)) throw err;
      await renew();
      return withRetry(send, signal);
    }
  };
  if (upload.method === 'PUT') {
    await withFreshUrl(() => {
      const current = upload as PutUpload;
      return put(current.url, file, current.headers ?? {}, (loaded) => onProgress(loaded, total), signal);
    });
  } else {
    const { partSize } = upload;
    const loaded = new Array<number>(upload.parts.length).fill(0);
    const report = () => onProgress(loaded.reduce((a, b) => a + b, 0), total);
    const urlOf = (partNumber: number) => (upload as MultipartUpload).parts.find((p) => p.partNumber === partNumber)?.url ?? '';
    const etags: { partNumber: number; etag: string }[] = [];
    const queue = upload.parts.map((p) => p.partNumber);
    const worker = async () => {
      for (let partNumber = queue.shift(); partNumber; partNumber = queue.shift()) {
        const i = partNumber - 1;
        const blob = file.slice(i * partSize, Math.min(partNumber * partSize, total));
        const n = partNumber;
        const etag = await withFreshUrl(() => {
          loaded[i] = 0;
          return put(urlOf(n), blob, {}, (bytes) => ((loaded[i] = bytes), report()), signal);
        });
        if (!etag) throw new UploadError('存储服务没有返回分片标识（ETag），请联系网站管理员');
        etags.push({ partNumber, etag });
      }
    };
    await Promise.all(Array.from({ length: Math.min(PART_CONCURRENCY, queue.length) }, worker));
    completion = { parts: etags.sort((a, b) => a.partNumber - b.partNumber) };
  }
  // A 422 here means the stored file was not what it claimed to be; the API says why, in Chinese.
  return withRetry(() => endpoints.complete(created.evidenceId, completion), signal);
}
