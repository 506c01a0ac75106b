import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { makeClients } from '../adapters/clients';
import { BUCKET_PREFIXES } from '../adapters/table-schema';
import { runExportJob, staffDeps } from '../adapters/staff-wiring';
import { adapters, reportingDeps } from '../adapters/wiring';
import { runCaseFileJob } from '../adapters/case-files';
import { authoritiesOf } from '../api/staff';
import { shanghaiDate } from '../core/deadlines';
import type { ExportJob } from '../core/exports';
import { sendDeadlineNotices } from '../core/reminders';
import type { ProofOfWorkConfig } from '../core/proof-of-work';
import { logger } from '../adapters/observability';
import { oidcTokenVerifier } from '../adapters/oidc-verifier';
import { inProcessTextReading } from '../adapters/evidence-images';
import { ocrReader } from '../adapters/ocr-reader';
import { readEvidenceText } from '../core/evidence-text';
import { createEvidenceHandler } from '../api/evidence-events';
import { createPublicApp } from '../api/public';
import { createStaffApp } from '../api/staff';
import { LOCAL_BUCKET, LOCAL_CREDENTIALS, LOCAL_TABLE, corsXml, ensureTable } from './aws-local';
import { createLocalDynamo } from './dynamo-local';
import { isLocalIssuer, LOCAL_AUDIENCE, LOCAL_GROUPS_CLAIM, LOCAL_ISSUER_PATH, localIssuer, localIssuerAt } from './oidc-issuer';
import { createLocalS3 } from './s3-local';
import { memorySite } from './static-site';

// The local stack behind `npm start` and the integration tests: dynalite and s3rver in this process,
// persisted under the data folder, and the same Hono apps that run on Lambda, with the built site, on one port.

export interface LocalStackOptions {
  /** 0 picks a free port. */
  port: number;
  dataDir: string;
  /** Where the browser uploads to; 0 picks a free port. */
  s3Port?: number;
  /** The built site; served when it exists. */
  siteDir?: string;
  host?: string;
  /** The price of filing and look-ups (default: the production price). */
  proofOfWork?: ProofOfWorkConfig;
  /** The apps' clock (tests set it); tokens and proofs of work keep the real one. */
  now?: () => Date;
  /** Office overrides (name, 机关代字, contact) per authority; the default gives each seeded office a made-up contact. */
  offices?: Record<string, unknown>;
  /** How long the local issuer's ID and access tokens live (tests of renewal shorten it). */
  tokenSeconds?: number;
  /** How long *complete* waits for the evidence check before answering 202 (tests of the asynchronous path set 0). */
  checkBudgetMs?: number;
}

/** Made-up contacts for the offices the seeded accounts belong to: a document must say how to reach the office. */
const LOCAL_OFFICES: Record<string, unknown> = {
  'district:minhang': { contact: { person: '张敏（本地演示）', phone: '021-00000001', address: '上海市闵行区某某路1号（本地演示地址）', postcode: '201100' } },
  'district:pudong': { contact: { person: '李强（本地演示）', phone: '021-00000002', address: '上海市浦东新区某某路2号（本地演示地址）', postcode: '200120' } },
  municipal: { contact: { person: '王芳（本地演示）', phone: '021-00000003', address: '上海市某某路3号（本地演示地址）', postcode: '200000' } },
};

export interface LocalStack {
  url: string;
  s3Url: string;
  dataDir: string;
  deps: ReturnType<typeof reportingDeps>;
  /** The SDK clients pointed at the emulators, for tests and tools. */
  clients: ReturnType<typeof makeClients>;
  /** Waits until the image texts being read (OCR, started once a photo is accepted) are stored. */
  textRead(): Promise<void>;
  close(): Promise<void>;
}

function listen(server: { listen: (port: number, host: string, cb: () => void) => unknown; once: (e: string, cb: (err: Error) => void) => unknown }, port: number, host: string) {
  return new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolveListen());
  });
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const host = options.host ?? '127.0.0.1';
  const dataDir = resolve(options.dataDir);

  // The web server starts first so that its port, and so the site's origin, is known for the bucket's CORS.
  let fetchHandler: (request: Request) => Response | Promise<Response> = () => new Response('starting', { status: 503 });
  const web: ServerType = serve({ fetch: (request) => fetchHandler(request), port: options.port, hostname: host, autoCleanupIncoming: false });
  await new Promise<void>((ok, fail) => {
    web.once('listening', ok);
    web.once('error', fail);
  });
  const port = (web.address() as AddressInfo).port;
  const url = `http://localhost:${port}`;
  const cleanups: (() => Promise<unknown>)[] = [() => new Promise((done) => web.close(done))];
  const close = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };

  try {
    const storage = await openLocalStorage(dataDir, { host, s3Port: options.s3Port ?? 0, corsOrigins: [url, `http://127.0.0.1:${port}`] });
    cleanups.push(storage.close);
    const { clients, s3rver, s3Url } = storage;
    const receiptKey = await loadOrCreateKey(join(dataDir, 'receipt.key'));
    const wiring = { dynamo: clients.dynamo, s3: clients.s3, tableName: LOCAL_TABLE, bucket: LOCAL_BUCKET, receiptKey: async () => receiptKey, proofOfWork: options.proofOfWork, now: options.now };
    const made = adapters(wiring);
    const deps = reportingDeps(wiring, made);
    if (options.checkBudgetMs !== undefined) deps.checkBudgetMs = options.checkBudgetMs;
    // Photos get decoded and a display copy, and their text is read (OCR) after the answer: the text-reading
    // function's code, run in this process (`textRead()` waits for the reads started).
    const textReading = inProcessTextReading((code, id) => readEvidenceText({ ...deps, reader: ocrReader }, code, id));
    deps.images = textReading.images;
    cleanups.push(textReading.idle);
    // The bucket's notifications reach the same checker as on AWS (ObjectCreated → check, or flag tampering).
    const onObjectEvent = createEvidenceHandler(deps);
    // As the bucket's notification on AWS, only for the evidence prefix.
    s3rver.on('event', (event) => {
      if (!event.Records.some((r) => decodeURIComponent(r.s3.object.key).startsWith(BUCKET_PREFIXES.evidence))) return;
      onObjectEvent(event).catch((error: unknown) => logger.error('evidence event failed', error as Error));
    });
    // Export jobs run in this process, as the export function runs them on AWS.
    const running = new Set<Promise<unknown>>();
    cleanups.push(() => Promise.allSettled([...running]));
    const startExport = async (job: ExportJob) => {
      const run = runExportJob(made, clients.s3, LOCAL_BUCKET, job).finally(() => running.delete(run));
      running.add(run);
    };
    // So do case-file jobs (the 处理档案 zip of a closed case).
    const startCaseFile = async (trackingCode: string) => {
      const run = runCaseFileJob(made, clients.s3, LOCAL_BUCKET, trackingCode, options.now).finally(() => running.delete(run));
      running.add(run);
    };

    const app = new Hono();
    app.use('*', async (c, next) => {
      await next();
      // A route with a policy of its own (the API reference, functions/api/api-docs.ts) keeps it, as on CloudFront.
      if (!c.res.headers.has('Content-Security-Policy')) c.header('Content-Security-Policy', contentSecurityPolicy(s3Url));
      c.header('X-Content-Type-Options', 'nosniff');
      c.header('Referrer-Policy', 'no-referrer');
    });
    // `npm start` is the OIDC issuer for the seeded staff accounts; the staff API verifies its tokens over
    // discovery and JWKS, as it does Cognito's.
    app.route(LOCAL_ISSUER_PATH, await localIssuer(join(dataDir, 'issuer-key.json'), { ...(options.tokenSeconds ? { tokenSeconds: options.tokenSeconds } : {}) }));
    app.route(
      '/',
      createStaffApp(
        staffDeps(made, clients.s3, LOCAL_BUCKET, {
          verifyToken: oidcTokenVerifier({ issuer: localIssuerAt(`http://127.0.0.1:${port}`), audience: LOCAL_AUDIENCE, groupsClaim: LOCAL_GROUPS_CLAIM, acceptIssuer: isLocalIssuer }),
          signIn: { mode: 'local', issuer: localIssuerAt, clientId: LOCAL_AUDIENCE },
          startExport,
          procedure: { offices: options.offices ?? LOCAL_OFFICES, startCaseFile },
        }),
      ),
    );
    // The daily reminder's code path, run on demand (on AWS a schedule runs it): for development and the benchmarks.
    app.post('/local-jobs/reminders', async (c) => {
      const sent: { authority: string; subject: string }[] = [];
      const started = performance.now();
      const today = shanghaiDate(made.now?.() ?? new Date());
      const { calendar } = await made.deadlines();
      const mailboxes = Object.fromEntries((await authoritiesOf(made.store, 'municipal')).map((a) => [a, `${a}@local`]));
      const result = await sendDeadlineNotices({ dueThrough: (a, through) => made.store.dueThrough(a, through), calendar, send: async (authority, _m, notice) => void sent.push({ authority, subject: notice.subject }), mailboxes, authorityNames: made.registry.names }, today);
      return c.json({ ...result, ms: Math.round(performance.now() - started), notices: sent });
    });
    app.route('/', createPublicApp(deps));
    if (options.siteDir && existsSync(options.siteDir)) {
      const site = memorySite(options.siteDir);
      app.use('*', site.serve);
      app.notFound(site.notFound);
    }
    fetchHandler = app.fetch;
    return { url, s3Url, dataDir, deps, clients, close, textRead: textReading.idle };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * dynalite and s3rver on a data folder, with the table and the bucket created when missing: the storage half of
 * the local stack, also opened on its own by the maintenance commands.
 */
export async function openLocalStorage(dataDir: string, options: { host?: string; s3Port?: number; corsOrigins?: string[] } = {}) {
  await mkdir(join(dataDir, 'dynamodb'), { recursive: true });
  await mkdir(join(dataDir, 's3'), { recursive: true });
  const closers: (() => Promise<unknown>)[] = [];
  const close = async () => {
    for (const closer of closers.reverse()) await closer().catch(() => undefined);
  };
  try {
    const dynamoServer = createLocalDynamo(join(dataDir, 'dynamodb'));
    await listen(dynamoServer, 0, '127.0.0.1');
    closers.push(() => new Promise((done) => dynamoServer.close(done)));
    const dynamoPort = (dynamoServer.address() as AddressInfo).port;
    const s3rver = createLocalS3({
      address: options.host ?? '127.0.0.1',
      port: options.s3Port ?? 0,
      directory: join(dataDir, 's3'),
      silent: true,
      configureBuckets: [{ name: LOCAL_BUCKET, configs: options.corsOrigins ? [corsXml(options.corsOrigins)] : [] }],
    });
    const s3Address = await s3rver.run();
    closers.push(() => s3rver.close());
    const s3Url = `http://localhost:${s3Address.port}`;
    const clients = makeClients({ region: 'local', dynamoEndpoint: `http://127.0.0.1:${dynamoPort}`, s3Endpoint: s3Url, credentials: LOCAL_CREDENTIALS });
    await ensureTable(clients.dynamo);
    return { clients, ...clients, s3rver, s3Url, table: LOCAL_TABLE, bucket: LOCAL_BUCKET, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The same policy CloudFront sets in production, with the local S3 endpoint for uploads and previews. */
export function contentSecurityPolicy(s3Url: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' blob: data: ${s3Url}`,
    `media-src 'self' blob: ${s3Url}`,
    `connect-src 'self' ${s3Url}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
}

/** The HMAC key behind receipts; kept with the data so that receipts stay valid across restarts. */
async function loadOrCreateKey(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch {
    const key = randomBytes(32);
    await writeFile(path, key, { mode: 0o600 });
    return key;
  }
}
