import { AsyncLocalStorage } from 'node:async_hooks';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Tracer } from '@aws-lambda-powertools/tracer';
import type { Context } from 'aws-lambda';
import { METRIC_NAMESPACE, METRICS } from './metric-names';
import { PrivateLogFormatter } from './log-privacy';

// Logs, metrics and traces for every function, with Powertools for AWS Lambda (TypeScript):
// - `logger`: JSON lines through `PrivateLogFormatter` (never a description, message, contact detail or secret),
//   each with the correlation id of the request it belongs to;
// - `count(…)`: business metrics in CloudWatch's embedded metric format, flushed at the end of each invocation;
// - `tracer`: X-Ray, loaded only where it can trace (on Lambda with tracing on; never in China, locally or in
//   tests, where the X-Ray SDK would only cost start-up time); `traced(client)` instruments an SDK client.
// On the local stack the logger writes warnings and errors only (POWERTOOLS_LOG_LEVEL=INFO shows every request)
// and metrics are counted in memory but never printed (Powertools flushes, and so empties, a metric at 100 values).

const inLambda = Boolean(process.env.AWS_LAMBDA_FUNCTION_NAME);
const service = process.env.POWERTOOLS_SERVICE_NAME ?? 'skill-reports-local';

const requestScope = new AsyncLocalStorage<{ correlationId: string }>();

/** The correlation id of the request being served, if any. */
export const correlationId = (): string | undefined => requestScope.getStore()?.correlationId;

/** Runs `fn` (and everything it awaits) under a correlation id: every log line it causes carries that id. */
export function withCorrelationId<T>(id: string, fn: () => T): T {
  return requestScope.run({ correlationId: id }, fn);
}

export const logger = new Logger({
  serviceName: service,
  logLevel: (process.env.POWERTOOLS_LOG_LEVEL as 'INFO' | undefined) ?? (inLambda ? 'INFO' : 'WARN'),
  logFormatter: new PrivateLogFormatter(correlationId),
});

if (!inLambda) process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
export const metrics = new Metrics({ namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? METRIC_NAMESPACE, serviceName: service, logger });

export type MetricName = (typeof METRICS)[keyof typeof METRICS];

/** Adds to a business metric (published when the invocation ends). */
export function count(name: MetricName, value = 1): void {
  metrics.addMetric(name, MetricUnit.Count, value);
}

/** Publishes what was counted, if anything (an empty flush would only log a warning). */
export function flushMetrics(): void {
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
}

async function loadTracer(): Promise<Tracer | undefined> {
  if (!inLambda || process.env.POWERTOOLS_TRACE_ENABLED === 'false') return undefined;
  const { Tracer } = await import('@aws-lambda-powertools/tracer');
  return new Tracer({ serviceName: service });
}

/** The X-Ray tracer where tracing is on, else undefined. */
export const tracer: Tracer | undefined = await loadTracer();

/** An SDK client whose every call is an X-Ray subsegment (unchanged where tracing is off). */
export function traced<T>(client: T, by: Tracer | undefined = tracer): T {
  return by ? by.captureAWSv3Client(client) : client;
}

/**
 * A Lambda handler with the function's context on every log line, a correlation id (`id(event)`, else the
 * invocation's request id), a `## handler` subsegment with the cold-start annotation, the error logged (and
 * rethrown) when it fails, and the metrics published when it ends.
 */
export function lambdaHandler<E, R>(fn: (event: E, context: Context) => Promise<R>, id: (event: E) => string | undefined = () => undefined) {
  return async (event: E, context: Context): Promise<R> => {
    logger.addContext(context);
    const segment = tracer?.getSegment();
    const subsegment = segment?.addNewSubsegment('## handler');
    if (subsegment) {
      tracer!.setSegment(subsegment);
      tracer!.annotateColdStart();
      tracer!.addServiceNameAnnotation();
    }
    try {
      return await withCorrelationId(id(event) ?? context.awsRequestId, () => fn(event, context));
    } catch (error) {
      tracer?.addErrorAsMetadata(error as Error);
      logger.error('invocation failed', error as Error);
      throw error;
    } finally {
      subsegment?.close();
      if (segment) tracer!.setSegment(segment);
      flushMetrics();
    }
  };
}
