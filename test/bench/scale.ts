// `npm run --silent bench:scale`: the local stack seeded with 1,000, then 10,000, then 100,000 reports (spread over
// authorities, statuses and two years), and for each size the staff reads measured over HTTP against `npm start`:
//
//   scale N=<n>: queue p50=<ms> p95=<ms> | municipal p95=<ms> | stats p95=<ms> | export <s> | reminder <s> | rss <MB>
//
// Seeding writes the report items directly (the API would spend minutes hashing receipts and solving proofs of
// work), then rebuilds the counters exactly; the stack is stopped while seeding (dynalite's files are one process's).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BatchWriteItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { changeItem, derivations, stateItem } from '../../functions/adapters/dynamo-report-store';
import { rebuildCounters } from '../../functions/adapters/maintenance';
import { defaultDeadlineContext, nextDue } from '../../functions/core/case-deadlines';
import { DISTRICT_IDS, type District } from '../../functions/core/ids';
import { formatTrackingCode } from '../../functions/core/receipt';
import { SCAN_LIMIT } from '../../functions/core/queue';
import { STATUSES, type ReportState, type ReportStatus } from '../../functions/core/report';
import { openLocalStorage } from '../../functions/local/stack';
import { signIn } from '../support/staff-client';
import { reportState } from '../support/report-fixture';
import { percentile } from './stats';

const root = resolve(import.meta.dirname, '../..');
const SIZES = (process.env.SCALE_SIZES ?? '1000,10000,100000').split(',').map(Number);
const REQUESTS = 50;
const PORT = 18807;
const base = `http://localhost:${PORT}`;
const AUTHORITIES = ['municipal', ...DISTRICT_IDS.map((d) => `district:${d}`), 'industry:health', 'industry:transport'];
// Roughly how a year of cases spreads: most closed, a working backlog, a few transferred.
const STATUS_MIX: [ReportStatus, number][] = [
  ['new', 0.15],
  ['investigating', 0.2],
  ['confirmed', 0.1],
  ['not-confirmed', 0.1],
  ['transferred', 0.05],
  ['closed', 0.4],
];
const RULES = ['SH2025-22-9', 'SH2025-23-11', 'SH2025-8-2', 'SH2025-7-1', 'SH2025-12-3', 'SH2025-21-12', 'SH2025-23-6', 'SH2025-20-5'];
const START = Date.parse('2024-12-01T00:00:00Z');
const SPAN = Date.parse('2026-11-30T00:00:00Z') - START;
// About 5 KB of text, as the reports the issue measured with.
const TEXT = '朋友圈广告说高级电工证包过，考不过全额退款，交钱不用去考场。'.repeat(55);

/** A deterministic pseudo-random sequence, so that every run seeds the same reports. */
function random(seed: number) {
  let x = seed;
  return () => ((x = (x * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
}

function pick<T>(r: () => number, mix: [T, number][]): T {
  let u = r();
  for (const [v, p] of mix) if ((u -= p) < 0) return v;
  return mix[mix.length - 1]![0];
}

function seededReport(i: number): ReportState {
  const r = random(i + 1);
  const authority = AUTHORITIES[Math.floor(r() * AUTHORITIES.length)]!;
  const receivedAt = new Date(START + Math.floor(r() * SPAN)).toISOString();
  const status = pick(r, STATUS_MIX);
  const at = (days: number) => new Date(Date.parse(receivedAt) + days * 86_400_000).toISOString();
  const milestones = status === 'new' ? {} : { acknowledgedAt: at(1), firstReplyAt: at(3), ...(['confirmed', 'not-confirmed', 'transferred', 'closed'].includes(status) ? { concludedAt: at(12) } : {}), ...(status === 'confirmed' ? { confirmedAt: at(12) } : {}), ...(status === 'closed' ? { closedAt: at(14) } : {}) };
  const district = authority.startsWith('district:') ? (authority.slice(9) as District) : undefined;
  const code = formatTrackingCode(`S${String(i).padStart(11, '0')}`);
  const state = reportState({
    trackingCode: code,
    receivedAt,
    status,
    route: { authority: authority as ReportState['route']['authority'], reason: 'seed' },
    ...(district ? { district } : {}),
    institutionName: `上海第${i % 500}职业技能评价有限公司`,
    description: `${TEXT}（第 ${i} 号）`,
    triage: { suggestions: [{ ruleId: RULES[i % RULES.length] }] },
    milestones,
  });
  return { ...state, due: nextDue(state, defaultDeadlineContext) };
}

async function seed(dynamo: DynamoDBClient, table: string, from: number, to: number) {
  let batch: Record<string, AttributeValue>[] = [];
  const flush = async () => {
    let requests = batch.map((Item) => ({ PutRequest: { Item } }));
    while (requests.length) {
      const { UnprocessedItems } = await dynamo.send(new BatchWriteItemCommand({ RequestItems: { [table]: requests } }));
      requests = (UnprocessedItems?.[table] ?? []) as typeof requests;
    }
    batch = [];
  };
  const derive = await derivations();
  for (let i = from; i < to; i++) {
    const state = seededReport(i);
    batch.push(stateItem(state, derive), changeItem(state.trackingCode, state.lastChange));
    if (batch.length >= 24) await flush();
  }
  if (batch.length) await flush();
}

async function startStack(dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), 'functions/local/start.ts'], {
    cwd: root,
    env: { ...process.env, PORT: String(PORT), S3_PORT: String(PORT + 1), DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((done, fail) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('is running at') && done());
    child.once('exit', (code) => fail(new Error(`npm start exited ${code}`)));
  });
  return child;
}

const rssMb = (pid: number) => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

async function timed(n: number, request: (i: number) => Promise<Response>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const res = await request(i);
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`answered ${res.status}`);
    times.push(performance.now() - t);
  }
  return times;
}

async function measure(size: number, pid: number) {
  const minhang = await signIn(base, 'minhang');
  const municipal = await signIn(base, 'municipal');
  const get = (token: string | undefined, path: string) => fetch(`${base}/api/staff${path}`, { headers: { authorization: `Bearer ${token}` } });
  // A district's queue as staff use it: newest first, by status, by due date, overdue only, and the next page.
  const views = ['/reports', `/reports?status=${STATUSES[1]}`, '/reports?sort=due', '/reports?overdue=true'];
  let cursor: string | undefined;
  const queueView = async (i: number) => {
    if (i % 5 === 4 && cursor) return get(minhang.token, `/reports?cursor=${cursor}`);
    const res = await get(minhang.token, views[i % views.length]!);
    if (i % 5 === 0) cursor = ((await res.clone().json()) as { cursor?: string }).cursor;
    return res;
  };
  const municipalView = (i: number) => get(municipal.token, i % 2 ? '/reports?sort=due' : '/reports');
  const statsView = (i: number) => get(municipal.token, i % 2 ? '/stats' : '/stats?from=2025-07-01&to=2026-06-30');
  // One untimed round first: the first reads after a restart warm the database's caches.
  for (const view of [queueView, municipalView, statsView]) await timed(10, view);
  const queue = await timed(REQUESTS, queueView);
  const municipalQueue = await timed(REQUESTS, municipalView);
  const stats = await timed(REQUESTS, statsView);
  // Free text is a filter no key answers: each request reads at most SCAN_LIMIT rows (its own figure).
  const search = await timed(REQUESTS, (i) => get(minhang.token, `/reports?q=${encodeURIComponent(`第 ${i} 号`)}`));
  const exportStarted = performance.now();
  const job = (await (await fetch(`${base}/api/staff/exports`, { method: 'POST', headers: { authorization: `Bearer ${minhang.token}`, 'content-type': 'application/json' }, body: '{}' })).json()) as { id: string };
  let exported = { status: 'queued', rows: 0 };
  while (exported.status !== 'done' && exported.status !== 'failed') {
    await new Promise((r) => setTimeout(r, 200));
    exported = (await (await get(minhang.token, `/exports/${job.id}`)).json()) as typeof exported;
  }
  const exportSeconds = (performance.now() - exportStarted) / 1000;
  const reminder = (await (await fetch(`${base}/local-jobs/reminders`, { method: 'POST' })).json()) as { ms: number; rows: number };
  const p = (t: number[], q: number) => percentile(t, q).toFixed(0);
  console.log(
    `scale N=${size}: queue p50=${p(queue, 50)} p95=${p(queue, 95)} | municipal p95=${p(municipalQueue, 95)} | stats p95=${p(stats, 95)} | ` +
      `export ${exportSeconds.toFixed(1)} | reminder ${(reminder.ms / 1000).toFixed(2)} | rss ${rssMb(pid).toFixed(0)}`,
  );
  console.log(
    `  (free-text search p95=${p(search, 95)} ms, bounded at ${SCAN_LIMIT} rows a request; export: ${exported.rows} rows of one district, CSV + XLSX, ${exported.status}; ` +
      `reminder: ${reminder.rows} due rows read over ${AUTHORITIES.length} authorities, at most 200 of each)`,
  );
}

// SCALE_DATA_DIR keeps the seeded data between runs (sizes already seeded there are not seeded again).
const keep = process.env.SCALE_DATA_DIR;
const dataDir = keep ? resolve(keep) : mkdtempSync(join(tmpdir(), 'bench-scale-'));
const seededFile = join(dataDir, 'seeded.txt');
console.log(
  `bench:scale on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}: reports of about 5 KB over ${AUTHORITIES.length} authorities, ` +
    `six statuses, received 2024-12 to 2026-11; each figure over ${REQUESTS} sequential requests over HTTP to npm start's stack (one process: dynalite + s3rver + the apps), ` +
    `after the seeding; queue = a district's views (newest, by status, by due, overdue, free text, next page); municipal = the centre's merged queue; stats = the city's figures for all time and for a year; ` +
    `rss = the stack process's peak resident memory`,
);
try {
  let seeded = existsSync(seededFile) ? Number(readFileSync(seededFile, 'utf8')) : 0;
  for (const size of SIZES) {
    if (size > seeded) {
      const storage = await openLocalStorage(dataDir);
      const t = performance.now();
      await seed(storage.dynamo, storage.table, seeded, size);
      await rebuildCounters(storage.dynamo, storage.table);
      await storage.close();
      console.log(`  seeded ${size - seeded} more reports in ${((performance.now() - t) / 1000).toFixed(0)} s (direct writes, then the counters rebuilt)`);
      seeded = size;
      writeFileSync(seededFile, String(seeded));
    } else if (size < seeded) {
      console.log(`  N=${size}: skipped (the kept data folder already holds ${seeded} reports)`);
      continue;
    }
    const child = await startStack(dataDir);
    try {
      await measure(size, child.pid!);
    } finally {
      child.kill('SIGINT');
      await new Promise((done) => child.once('exit', done));
    }
  }
} finally {
  if (!keep) rmSync(dataDir, { recursive: true, force: true });
}
