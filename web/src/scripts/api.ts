// Small fetch wrapper for the public API (same origin, JSON, Chinese error messages).
import { challengeQuery, PROOF_HEADER, ProofFailed, solveProof, wantsProof } from './proof';

export interface ApiErrorBody {
  code?: string;
  message?: string;
  field?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Shown when the request never reached the server, or the answer was not ours. */
export const NETWORK_MESSAGE = '网络连接不稳定，没能连上服务器。请检查网络后再试一次。';

// Requests the page's Content-Security-Policy blocked, so that a failed request can say so rather than blame the network.
const blockedByPolicy = new Set<string>();
if (typeof document !== 'undefined') {
  document.addEventListener('securitypolicyviolation', (e) => {
    try {
      blockedByPolicy.add(new URL(e.blockedURI).origin);
    } catch {
      /* not a URL (inline, eval): not a request */
    }
  });
}

/** Why a request did not reach its server, in words that say what actually went wrong. */
export async function unreachable(url: string): Promise<string> {
  const target = new URL(url, location.href);
  if (typeof navigator !== 'undefined' && navigator.onLine === false) return '您的设备没有连上网络，请连上网络后再试一次。';
  await new Promise((r) => setTimeout(r, 0)); // the violation event is queued after the failed fetch
  if (blockedByPolicy.has(target.origin)) {
    return `浏览器的安全策略（CSP）阻止了本页访问 ${target.origin}。请从网站首页重新打开本页，或把这个提示告诉网站管理员。`;
  }
  return target.origin === location.origin ? NETWORK_MESSAGE : `没能连上 ${target.host}。请检查网络后再试一次；仍然不行，请把这个提示告诉网站管理员。`;
}
const SERVER_MESSAGE = '服务器暂时出了问题，请稍后再试。也可以拨打 12345 反映。';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** A full server (503) says when to come back; the same request is sent again (the same Idempotency-Key). */
const BUSY_TRIES = 4;

/**
 * POSTs JSON to the public API. Filing and look-ups pay a proof of work first; other receipt requests pay
 * when the API asks (428). A busy server (503) is asked again after its Retry-After, a few times.
 */
export function apiPost<T>(path: string, body: unknown, headers: Record<string, string> = {}): Promise<T> {
  return apiRequest<T>('POST', path, body, headers);
}

/** GET (an upload's status) or DELETE (removing an unfinished upload) with a receipt's secret; as apiPost otherwise. */
export function apiGet<T>(path: string, headers: Record<string, string> = {}): Promise<T> {
  return apiRequest<T>('GET', path, undefined, headers);
}
export function apiDelete<T>(path: string, headers: Record<string, string> = {}): Promise<T> {
  return apiRequest<T>('DELETE', path, undefined, headers);
}

async function apiRequest<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body: unknown, headers: Record<string, string>): Promise<T> {
  const query = challengeQuery(path, body);
  const alwaysPays = path === '/api/reports' || path === '/api/track';
  let proof = alwaysPays && query ? await solve(query) : undefined;
  for (let attempt = 1; ; attempt++) {
    let res: Response;
    try {
      res = await fetch(path, {
        method,
        headers: { ...(method === 'POST' ? { 'content-type': 'application/json' } : {}), accept: 'application/json', ...headers, ...(proof ? { [PROOF_HEADER]: proof } : {}) },
        ...(method === 'POST' ? { body: JSON.stringify(body) } : {}),
        credentials: 'same-origin',
        cache: 'no-store',
      });
    } catch {
      throw new ApiError(0, await unreachable(path), 'network');
    }
    const data: unknown = await res.json().catch(() => undefined);
    if (res.ok) return data as T;
    const error = toApiError(res.status, data);
    if (res.status === 428 && query && wantsProof(error.code) && attempt <= 2) {
      proof = await solve(query);
      continue;
    }
    if (res.status === 503 && attempt < BUSY_TRIES) {
      await sleep(1000 * Math.min(10, Number(res.headers.get('Retry-After')) || 2));
      if (proof) proof = query ? await solve(query) : undefined; // a proof is spent once
      continue;
    }
    throw error;
  }
}

async function solve(query: string): Promise<string> {
  try {
    return await solveProof(query);
  } catch (error) {
    throw new ApiError(0, error instanceof ProofFailed ? error.message : NETWORK_MESSAGE, 'proof');
  }
}

export function toApiError(status: number, data: unknown): ApiError {
  const err = (data as { error?: ApiErrorBody } | undefined)?.error;
  const message = err?.message || (status >= 500 || status === 0 ? SERVER_MESSAGE : `请求没有成功（${status}），请稍后再试。`);
  return new ApiError(status, message, err?.code, err?.field);
}

/** Tracking codes are typed case-insensitively, with or without dashes or spaces. */
export function normaliseTrackingCode(raw: string): string {
  return raw
    .normalize('NFKC') // full-width letters and digits from Chinese IMEs
    .toUpperCase()
    .replace(/[^0-9A-Z]/g, '');
}

/** RFC 4122 v4; randomUUID needs a secure context, so fall back to getRandomValues. */
export function uuid(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const timeFormat = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

export function formatTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : timeFormat.format(d);
}
