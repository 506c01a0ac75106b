import type { LambdaClient } from '@aws-sdk/client-lambda';
import { correlationId } from './observability';

/**
 * Starts a function on its own (an `Event` invocation: Lambda retries it, then its dead-letter queue), carrying the
 * request's correlation id. The Lambda SDK's commands are loaded on the first call, not at a cold start.
 */
export async function invokeInBackground(client: () => Promise<LambdaClient>, functionName: string, payload: object): Promise<void> {
  const [lambda, { InvokeCommand }] = await Promise.all([client(), import('@aws-sdk/client-lambda')]);
  const body = new TextEncoder().encode(JSON.stringify({ ...payload, correlationId: correlationId() }));
  await lambda.send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: body }));
}
