// Small fetch wrapper for the public API (same origin, JSON, Chinese error messages).

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
const SERVER_MESSAGE = '服务器暂时出了问题，请稍后再试。也可以拨打 12345 反映。';

export async function apiPost<T>(path: string, body: unknown, headers: Record<string, string> = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body: JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, NETWORK_MESSAGE, 'network');
  }
  const data: unknown = await res.json().catch(() => undefined);
  if (res.ok) return data as T;
  throw toApiError(res.status, data);
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
