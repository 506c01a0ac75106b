/** An environment variable the stack sets; a missing one is a deployment error, said plainly at cold start. */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}

/** API Gateway's id of the request (also in the API's access log): the correlation id of an API invocation. */
export function apiRequestId(event: object): string | undefined {
  const context = (event as { requestContext?: { requestId?: unknown } }).requestContext;
  return typeof context?.requestId === 'string' ? context.requestId : undefined;
}
