import { LogFormatter, LogItem } from '@aws-lambda-powertools/logger';
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';

// What a log line may carry. Reports hold what a reporter saw and who they are; logs are kept for months and read
// by operators who are not case officers. So a log line never carries a description, a message, contact details,
// a receipt secret, a token or a key — enforced here, in the one formatter every function logs through, rather
// than left to each call site:
// 1. only keys on the list below are written; any other key's value becomes "[redacted]" (at any depth);
// 2. every string written (the log message, error messages and stacks included) is scrubbed of what looks like a
//    phone number, an e-mail address, an identity card number, a receipt secret or a token, of quoted excerpts
//    longer than a few characters (V8 quotes the input it failed to parse), and of Chinese text: operators' log
//    messages are English, so any run of Han characters can only be someone's words and is replaced by its length.

/** The only keys a log line may carry besides the standard ones (level, message, timestamp, service, …). */
export const LOGGABLE_KEYS = new Set([
  // a request
  'correlation_id', 'method', 'route', 'status', 'duration_ms', 'code', 'field',
  // the work a function did
  'trackingCode', 'evidenceId', 'job', 'key', 'authority', 'rows', 'sent', 'checked', 'count', 'version', 'outcome',
  'overdue', 'dueSoon', 'kind', 'reason', 'records',
  // an error, as formatError writes it
  'error', 'name', 'location', 'message', 'stack', 'cause', 'httpStatusCode', 'requestId', 'fault',
]);

export const REDACTED = '[redacted]';
const MAX_STRING = 2000;

const SCRUBBERS: [RegExp, string | ((match: string) => string)][] = [
  [/eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g, '[token]'], // a JWT
  [/\b(?:bearer|basic)\s+[\w+/=.-]{8,}/gi, '[token]'],
  [/[^\s@"'<>(),;:]+@[^\s@"'<>(),;:]+\.[a-z]{2,}/gi, '[email]'],
  [/(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])/g, '[id-number]'], // 居民身份证号码
  [/(?<!\d)(?:\+?86[-\s]?)?1[3-9]\d(?:[-\s]?\d{4}){2}(?!\d)/g, '[phone]'], // mobile
  [/(?<!\d)0\d{2,3}[-\s]?\d{7,8}(?!\d)/g, '[phone]'], // landline with area code
  [/(?<![\dA-Za-z])\d{7,8}(?![\dA-Za-z])/g, '[number]'], // a landline without its area code, or any long number
  [/\b[0-9A-Z]{16}\b|\b(?:[0-9A-Z]{4}-){3}[0-9A-Z]{4}\b/g, '[secret]'], // a receipt secret (16 base32 characters)
  [/"[^"\n]{12,}"|'[^'\n]{24,}'/g, (m) => `${m[0]}[quoted]${m[0]}`],
  [/[\p{Script=Han}\u3000-\u303f\uff01-\uff5e]+/gu, (m) => `[text:${[...m].length}]`],
];

/** A string as it may appear in a log: scrubbed, and cut at 2,000 characters. */
export function scrub(value: string): string {
  let out = value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…` : value;
  for (const [pattern, replacement] of SCRUBBERS) out = out.replace(pattern, replacement as string);
  return out;
}

/**
 * A value as it may appear in a log: allowed keys only, strings scrubbed, errors as `formatError` writes them,
 * at most six levels deep.
 */
export function loggable(value: unknown, formatError: (error: Error) => object, depth = 0): unknown {
  if (typeof value === 'string') return scrub(value);
  if (value === null || typeof value !== 'object') return typeof value === 'function' || typeof value === 'symbol' ? undefined : value;
  if (depth >= 6) return REDACTED;
  if (value instanceof Error) return loggable(formatError(value), formatError, depth);
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => loggable(v, formatError, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = LOGGABLE_KEYS.has(key) ? loggable(v, formatError, depth + 1) : REDACTED;
  return out;
}

type FormattedError = { name: string; location: string; message: string; stack?: string; cause?: unknown; [key: string]: unknown };

/**
 * Powertools' standard fields, the request's correlation id, and the additional keys through `loggable`.
 * Errors keep their name, location, message and stack (scrubbed), an AWS error's status and request id, and
 * their cause; nothing else they carry (an SDK error's raw response, a validation error's input).
 */
export class PrivateLogFormatter extends LogFormatter {
  constructor(private readonly correlationId: () => string | undefined) {
    super();
  }

  override formatAttributes(attributes: UnformattedAttributes, additional: LogAttributes): LogItem {
    const base: LogAttributes = {
      level: attributes.logLevel,
      message: scrub(String(attributes.message ?? '')),
      timestamp: this.formatTimestamp(attributes.timestamp),
      service: attributes.serviceName,
      correlation_id: this.correlationId(),
      cold_start: attributes.lambdaContext?.coldStart,
      function_name: attributes.lambdaContext?.functionName,
      function_request_id: attributes.lambdaContext?.awsRequestId,
      xray_trace_id: attributes.xRayTraceId,
    };
    return new LogItem({ attributes: base }).addAttributes(loggable(additional, (error) => this.formatError(error)) as LogAttributes);
  }

  override formatError(error: Error): FormattedError {
    const meta = (error as { $metadata?: { httpStatusCode?: number; requestId?: string }; $fault?: string }).$metadata;
    return {
      name: error.name,
      location: this.getCodeLocation(error.stack),
      message: error.message,
      ...(error.stack ? { stack: error.stack } : {}),
      ...(meta?.httpStatusCode ? { httpStatusCode: meta.httpStatusCode } : {}),
      ...(meta?.requestId ? { requestId: meta.requestId } : {}),
      ...((error as { $fault?: string }).$fault ? { fault: (error as { $fault?: string }).$fault } : {}),
      ...(error.cause instanceof Error ? { cause: this.formatError(error.cause) } : {}),
    };
  }
}
