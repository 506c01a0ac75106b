import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalStack, type LocalStack } from '../../functions/local/stack';

/** A local stack (dynalite + s3rver + the apps) in a fresh temporary data folder, on free ports. */
export async function freshStack(options: { siteDir?: string; dataDir?: string } = {}): Promise<LocalStack & { dispose(): Promise<void> }> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'reports-test-')));
  const stack = await startLocalStack({ port: 0, s3Port: 0, dataDir, siteDir: options.siteDir });
  return {
    ...stack,
    async dispose() {
      await stack.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function api(base: string, path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as any };
}

/** Files a report as the form does (a fresh Idempotency-Key unless one is given). */
export function fileReport(base: string, report: unknown, idempotencyKey: string = randomUUID()) {
  return api(base, '/api/reports', report, { 'Idempotency-Key': idempotencyKey });
}
