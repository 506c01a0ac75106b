import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalStack, type LocalStack } from '../../functions/local/stack';
import { challengeQuery, PROOF_HEADER, solveProof, wantsProof } from '../../web/src/scripts/proof';

/** A local stack (dynalite + s3rver + the apps) in a fresh temporary data folder, on free ports. */
export async function freshStack(options: { siteDir?: string; dataDir?: string; now?: () => Date; tokenSeconds?: number; checkBudgetMs?: number } = {}): Promise<LocalStack & { dispose(): Promise<void> }> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'reports-test-')));
  const stack = await startLocalStack({ port: 0, s3Port: 0, dataDir, siteDir: options.siteDir, now: options.now, ...(options.tokenSeconds ? { tokenSeconds: options.tokenSeconds } : {}), ...(options.checkBudgetMs !== undefined ? { checkBudgetMs: options.checkBudgetMs } : {}) });
  return {
    ...stack,
    async dispose() {
      await stack.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * POSTs JSON to the public API as the site does: when the API asks for a proof of work (428), it solves the
 * challenge with the site's own solver and sends the request again, once.
 */
export async function api(base: string, path: string, body: unknown, headers: Record<string, string> = {}) {
  const send = (extra: Record<string, string> = {}) =>
    fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers, ...extra }, body: JSON.stringify(body) });
  let res = await send();
  if (res.status === 428) {
    const query = challengeQuery(path, body);
    const asked = (await res.clone().json()) as { error?: { code?: string } };
    if (query && wantsProof(asked.error?.code)) res = await send({ [PROOF_HEADER]: await solveProof(query, base) });
  }
  return { status: res.status, headers: res.headers, body: (await res.json()) as any };
}

/** A GET or DELETE to the public API with a receipt's secret (the status of an upload, removing one). */
export async function apiCall(base: string, method: 'GET' | 'DELETE', path: string, secret: string) {
  const res = await fetch(`${base}${path}`, { method, headers: { 'X-Report-Secret': secret } });
  return { status: res.status, headers: res.headers, body: (await res.json()) as any };
}

/** Files a report as the form does (a fresh Idempotency-Key unless one is given). */
export function fileReport(base: string, report: unknown, idempotencyKey: string = randomUUID()) {
  return api(base, '/api/reports', report, { 'Idempotency-Key': idempotencyKey });
}
