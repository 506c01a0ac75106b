import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { DomainError } from '../core/report';
import { correlationId, count, logger, withCorrelationId } from '../adapters/observability';
import { METRICS } from '../adapters/metric-names';

export const CORRELATION_HEADER = 'X-Correlation-Id';

/**
 * A proof that was sent and did not hold. Not counted: a request that comes without one (`…_required`, how the
 * site learns that a proof is wanted) or one priced too low after failures (`…_price`): both are the normal flow.
 */
const PROOF_FAILURES = new Set(['proof_of_work_invalid', 'proof_of_work_expired', 'proof_of_work_spent']);

/**
 * First middleware of each app: one correlation id per request — on Lambda the API Gateway request id (also in
 * the API's access log), else a new UUID — on every log line the request causes and in the `X-Correlation-Id`
 * response header (a reporter or officer can quote it); one log line per request (method, route pattern, status,
 * duration, and for a refusal its error code and field: never a value); proof-of-work failures counted.
 */
export function requestContext(): MiddlewareHandler {
  return async (c, next) => {
    const id = correlationId() ?? randomUUID();
    const started = performance.now();
    c.header(CORRELATION_HEADER, id);
    await withCorrelationId(id, next);
    c.header(CORRELATION_HEADER, id);
    const error = c.error instanceof DomainError ? c.error : undefined;
    if (error && PROOF_FAILURES.has(error.code)) count(METRICS.proofOfWorkFailures);
    withCorrelationId(id, () =>
      logger.info('request', {
        method: c.req.method,
        route: routePath(c),
        status: c.res.status,
        duration_ms: Math.round(performance.now() - started),
        ...(error ? { code: error.code, ...(error.field ? { field: error.field } : {}) } : {}),
      }),
    );
  };
}
