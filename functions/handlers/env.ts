/** An environment variable the stack sets; a missing one is a deployment error, said plainly at cold start. */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}
