// Open-loop load on `npm start`: reports arrive at a fixed rate whatever the answers, as the public's would.
// For each rate it prints what clients got: stored (201) with latency, refused at once (503), timeouts (30 s),
// and the latency of the site's own pages meanwhile. Then the highest rate held with p99 ≤ 2 s and no timeouts.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PROOF_HEADER, solveProof } from '../../web/src/scripts/proof';
import { percentile } from './stats';

const root = resolve(import.meta.dirname, '../..');
const PORT = 18797;
const base = `http://localhost:${PORT}`;
const HASHES = 2_000; // the clients' price per filing, lowered so that the generator can solve thousands
const RATES = [5, 10, 20, 30, 40, 60];
const SECONDS = 10;
const TIMEOUT_MS = 30_000;

const report = JSON.stringify({
  subjectType: 'institution',
  district: 'minhang',
  channel: 'advertising',
  description: '朋友圈广告说高级电工证包过，考不过全额退款，交钱不用去考场，一共 3800 元。',
  anonymous: true,
});

interface Outcome {
  status: number | 'timeout' | 'error';
  ms: number;
  receipt?: { trackingCode: string; secret: string };
}

async function file(proof: string): Promise<Outcome> {
  const t = performance.now();
  try {
    const res = await fetch(`${base}/api/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'Idempotency-Key': randomUUID(), [PROOF_HEADER]: proof },
      body: report,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const body = (await res.json()) as Outcome['receipt'];
    return { status: res.status, ms: performance.now() - t, ...(res.status === 201 ? { receipt: body } : {}) };
  } catch (error) {
    return { status: (error as Error).name === 'TimeoutError' ? 'timeout' : 'error', ms: performance.now() - t };
  }
}

async function page(): Promise<number> {
  const t = performance.now();
  const res = await fetch(`${base}/report/`, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  await res.arrayBuffer();
  return performance.now() - t;
}

async function step(rate: number) {
  const count = rate * SECONDS;
  const proofs: string[] = [];
  for (let i = 0; i < count; i++) proofs.push(await solveProof('purpose=report', base));
  const started = performance.now();
  const pending: Promise<Outcome>[] = [];
  const pages: Promise<number>[] = [];
  for (let i = 0; i < count; i++) {
    const due = started + (i * 1000) / rate;
    await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
    pending.push(file(proofs[i]!));
    if (i % Math.max(1, Math.round(rate / 5)) === 0) pages.push(page()); // five page loads a second alongside
  }
  const outcomes = await Promise.all(pending);
  const pageTimes = await Promise.all(pages);
  const stored = outcomes.filter((o) => o.status === 201);
  const refused = outcomes.filter((o) => o.status === 503);
  const timeouts = outcomes.filter((o) => o.status === 'timeout').length;
  const other = outcomes.length - stored.length - refused.length - timeouts;
  const p99 = stored.length ? percentile(stored.map((o) => o.ms), 99) : Infinity;
  return { rate, count, stored, refused, timeouts, other, p50: stored.length ? percentile(stored.map((o) => o.ms), 50) : NaN, p99, pageP99: percentile(pageTimes, 99), refusedP99: refused.length ? percentile(refused.map((o) => o.ms), 99) : NaN };
}

export async function openLoopLoad(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-load-'));
  const child = spawn(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), 'functions/local/start.ts'], {
    cwd: root,
    env: { ...process.env, PORT: String(PORT), S3_PORT: String(PORT + 1), DATA_DIR: dataDir, PROOF_OF_WORK_HASHES: String(HASHES) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((done, fail) => {
    child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('is running at') && done());
    child.once('exit', (code) => fail(new Error(`npm start exited ${code}`)));
  });
  console.log(`open-loop load on npm start (one process; the generator shares the machine's cores; ${SECONDS} s per rate; each filing's proof of work solved beforehand at ${HASHES} hashes; client timeout ${TIMEOUT_MS / 1000} s):`);
  let held = 0;
  const all: Outcome[] = [];
  try {
    for (const rate of RATES) {
      const r = await step(rate);
      all.push(...r.stored);
      const ok = r.timeouts === 0 && r.other === 0 && r.refused.length === 0 && r.p99 <= 2000;
      if (ok) held = rate;
      console.log(
        `  ${String(rate).padStart(3)}/s: ${r.count} sent · ${r.stored.length} stored p50 ${r.p50.toFixed(0)} ms p99 ${r.p99.toFixed(0)} ms · ` +
          `${r.refused.length} refused at once (503, p99 ${Number.isNaN(r.refusedP99) ? '–' : r.refusedP99.toFixed(0)} ms) · ${r.timeouts} timeouts · ${r.other} other · GET /report/ p99 ${r.pageP99.toFixed(0)} ms`,
      );
      await new Promise((r) => setTimeout(r, 3000));
    }
    // Every acknowledged report is there: look a sample up (each look-up pays its own proof of work).
    const sample = all.filter((_, i) => i % Math.max(1, Math.floor(all.length / 20)) === 0).slice(0, 20);
    let found = 0;
    for (const { receipt } of sample) {
      const res = await fetch(`${base}/api/track`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [PROOF_HEADER]: await solveProof(`purpose=receipt&code=${receipt!.trackingCode}`, base) },
        body: JSON.stringify(receipt),
      });
      if (res.status === 200) found++;
    }
    console.log(`  highest arrival rate held (p99 ≤ 2 s, no timeouts, nothing refused): ${held}/s; above it clients are refused at once with 503 + Retry-After rather than left to time out`);
    console.log(`  acknowledged reports found again by look-up: ${found} of a sample of ${sample.length} (of ${all.length} acknowledged)`);
  } finally {
    child.kill('SIGINT');
    await new Promise((done) => child.once('exit', done));
    rmSync(dataDir, { recursive: true, force: true });
  }
}
