import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import * as z from 'zod';
import { DomainError } from '../core/report';
import { firstError } from '../core/schemas/common';
import { VersionConflict } from '../core/ports';
import { Busy } from '../core/work-limiter';
import { logger } from '../adapters/observability';

// One error shape for every API answer: {"error": {"code", "message" (Chinese, says what to fix), "field"}}.

export function errorBody(code: string, message: string, field?: string) {
  return { error: { code, message, ...(field ? { field } : {}) } };
}

const THROTTLED = new Set(['ThrottlingException', 'ProvisionedThroughputExceededException', 'RequestLimitExceeded', 'SlowDown', 'TooManyRequestsException']);

export function onError(error: Error, c: Context) {
  if (error instanceof Busy) c.header('Retry-After', String(error.retryAfterSeconds));
  if (error instanceof DomainError) return c.json(errorBody(error.code, error.message, error.field), error.status as ContentfulStatusCode);
  if (error instanceof z.ZodError) {
    const { code, message, field } = firstError(error);
    return c.json(errorBody(code, message, field), 400);
  }
  if (error instanceof VersionConflict) {
    return c.json(errorBody('conflict', '这份举报刚被其他人修改过，请刷新后再试'), 409);
  }
  if (THROTTLED.has(error.name)) {
    c.header('Retry-After', '5');
    return c.json(errorBody('busy', '系统繁忙，这次提交没有保存，请稍等几秒后重试'), 503);
  }
  logger.error('request failed', { method: c.req.method, error });
  return c.json(errorBody('server_error', '服务器暂时出错，这次提交没有保存，请稍后重试'), 500);
}

/** Reads a JSON body, with a Chinese message when it is not JSON. */
export async function jsonBody(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw new DomainError(400, 'invalid_json', '提交的内容不是有效的 JSON，请检查格式');
  }
}
