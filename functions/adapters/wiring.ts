import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { DeadlineContext } from '../core/case-deadlines';
import { calendarSource } from '../core/calendar-status';
import { mutate } from '../core/changes';
import { defaultDeadlineConfig, shanghaiDate, type DeadlineConfig } from '../core/deadlines';
import type { ExportJob } from '../core/exports';
import type { EvidenceVerifier, RegistryStore } from '../core/ports';
import { proofOfWork, type ProofOfWorkConfig } from '../core/proof-of-work';
import type { Registry } from '../core/registry';
import { verifyEvidence, type ReportingDeps } from '../core/reporting';
import { ALL } from '../core/stats';
import { WorkLimiter } from '../core/work-limiter';
import type { StaffDeps } from '../api/staff';
import { DynamoAccessStore } from './dynamo-access-store';
import { DynamoCalendarStore } from './dynamo-calendar-store';
import { DynamoDeskStore } from './dynamo-desk-store';
import { DynamoExportJobs } from './dynamo-export-jobs';
import type { DynamoReportStore } from './dynamo-report-store';
import { MeteredReportStore } from './metered-report-store';
import { lazyEvidenceStorage, lazyRegistryStore, type S3Source } from './lazy-s3';
import { logger } from './observability';

// Puts the adapters behind the core's ports. The Lambda handlers and the local stack both call this;
// they differ only in the clients, the receipt key and how an upload gets verified or an export started.

export interface WiringOptions {
  dynamo: DynamoDBClient;
  /** The bucket's adapters load on first use; a factory defers the S3 client too (the public API's cold start). */
  s3: S3Source;
  tableName: string;
  bucket: string;
  receiptKey: () => Promise<Buffer>;
  /** The price of filing and look-ups; the default suits a person on a phone. */
  proofOfWork?: ProofOfWorkConfig;
  /** Defaults to checking in-process, which needs read access to the evidence bucket. */
  verifier?: EvidenceVerifier;
  deadlineConfig?: DeadlineConfig;
  /** The apps' clock (tests set it). */
  now?: () => Date;
}

/**
 * Receipt hashing in flight: two scrypt hashes at a time leave the rest of Node's four-thread pool to the site's
 * files and sockets; sixteen more wait (about half a second at most); beyond that, 503 at once.
 */
const HASHING_IN_FLIGHT = 2;
const HASHING_WAITING = 16;

/** How long a Lambda instance keeps the registry before asking whether a new version is in force. */
const REGISTRY_TTL_MS = 60_000;

/** The registry version in force, else the sample that ships with the project; its pointer read at most once a minute. */
export function registrySource(store: RegistryStore, now = () => Date.now()): { get: () => Promise<Registry>; invalidate: () => void } {
  let cached: { at: number; version: number; registry: Registry } | undefined;
  return {
    async get() {
      if (cached && now() - cached.at < REGISTRY_TTL_MS) return cached.registry;
      const pointer = await store.pointer();
      const version = pointer?.version ?? 0;
      if (!cached || cached.version !== version) {
        const { registryFromCsv } = await import('../core/registry');
        const csv = pointer ? await store.csv(version) : (await import('../core/registry-sample')).SAMPLE_REGISTRY_CSV;
        cached = { at: now(), version, registry: registryFromCsv(csv) };
      }
      cached.at = now();
      return cached.registry;
    },
    invalidate: () => {
      cached = undefined;
    },
  };
}

/** Every adapter, once. */
export function adapters(options: WiringOptions) {
  const store = new MeteredReportStore(options.dynamo, options.tableName);
  const access = new DynamoAccessStore(options.dynamo, options.tableName);
  const registryStore = lazyRegistryStore(options.dynamo, options.tableName, options.s3, options.bucket);
  const registry = registrySource(registryStore);
  const config = options.deadlineConfig ?? defaultDeadlineConfig;
  const calendarStore = new DynamoCalendarStore(options.dynamo, options.tableName);
  const calendar = calendarSource(calendarStore);
  const deadlines = async (): Promise<DeadlineContext> => ({ calendar: await calendar.current(), config });
  return {
    store,
    access,
    registryStore,
    registry,
    calendarStore,
    calendar,
    deadlines,
    now: options.now,
    exportJobs: new DynamoExportJobs(options.dynamo, options.tableName),
    desks: new DynamoDeskStore(options.dynamo, options.tableName),
    storage: lazyEvidenceStorage(options.s3, options.bucket),
    // Triage (its rules, exemplars and dictionary) is loaded on the first filing, not at a cold start.
    assess: async (input: Parameters<ReportingDeps['assess']>[0], receivedAt: Date) =>
      (await import('../core/assess')).assessReport(input, receivedAt, await registry.get()),
  };
}
export type Adapters = ReturnType<typeof adapters>;

export function reportingDeps(options: WiringOptions, made: Adapters = adapters(options)) {
  const deps: ReportingDeps & { store: DynamoReportStore } = {
    store: made.store,
    desks: made.desks,
    attempts: made.access,
    pow: proofOfWork(options.receiptKey, made.access, options.proofOfWork),
    hashing: new WorkLimiter(HASHING_IN_FLIGHT, HASHING_WAITING),
    storage: made.storage,
    deadlines: made.deadlines,
    ...(made.now ? { now: made.now } : {}),
    receiptKey: options.receiptKey,
    assess: made.assess,
    verifier: options.verifier ?? { verify: (code, id) => verifyEvidence(deps, code, id) },
  };
  return deps;
}

/** Runs one export job to its end, recording how it went on the job. */
export async function runExportJob(made: Adapters, s3: S3Client, bucket: string, job: ExportJob, now = () => new Date()): Promise<ExportJob> {
  await made.exportJobs.save({ ...job, status: 'running' });
  try {
    // Staff-only code, loaded where it runs: the public API's bundle does not hold it at import.
    const [{ runExport }, { figures, rangeBuckets }, { exportKey, s3ExportWriters }, { authoritiesOf }] = await Promise.all([
      import('../core/exports'),
      import('../core/stats'),
      import('./export-files'),
      import('../api/staff'),
    ]);
    const today = shanghaiDate(now());
    const partition = job.authority === 'municipal' ? ALL : job.authority;
    const rows = await runExport(
      {
        rows: made.store,
        states: (codes) => made.store.states(codes),
        writers: (j) => s3ExportWriters(s3, bucket, j, now()),
        figures: async (j) =>
          figures(
            await made.store.sumBuckets(partition, rangeBuckets(j.filters.from, j.filters.to, today)),
            await made.store.dailyTotals(partition, j.filters.from, j.filters.to),
            j.filters.from ?? null,
            j.filters.to ?? null,
          ),
        authoritiesOf: (authority) => authoritiesOf(made.store, authority),
        today,
      },
      job,
    );
    const done: ExportJob = {
      ...job,
      status: 'done',
      rows,
      finishedAt: now().toISOString(),
      files: { csv: exportKey(job, 'csv'), xlsx: exportKey(job, 'xlsx') },
    };
    await made.exportJobs.save(done);
    return done;
  } catch (error) {
    logger.error('export failed', { job: job.id, error: error as Error });
    const failed: ExportJob = { ...job, status: 'failed', finishedAt: now().toISOString(), error: '导出没有完成，请稍后重试；如果一再失败，请联系管理员' };
    await made.exportJobs.save(failed);
    return failed;
  }
}

/** A short-lived link to an export file, named for the person downloading it. */
export function exportLink(s3: S3Client, bucket: string) {
  return async (key: string, fileName: string) => {
    const [{ GetObjectCommand }, { getSignedUrl }] = await Promise.all([import('@aws-sdk/client-s3'), import('@aws-sdk/s3-request-presigner')]);
    return getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: key, ResponseContentDisposition: `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}` }), { expiresIn: 300 });
  };
}

/** The staff API's dependencies over the adapters; the caller says how tokens are checked and exports started. */
export function staffDeps(
  made: Adapters,
  s3: S3Client,
  bucket: string,
  options: Pick<StaffDeps, 'verifyToken' | 'signIn'> & { startExport: (job: ExportJob) => Promise<void> },
): StaffDeps {
  return {
    store: made.store,
    indexes: made.store,
    directory: made.access,
    registry: made.registryStore,
    registryChanged: made.registry.invalidate,
    storage: made.storage,
    exports: { jobs: made.exportJobs, start: options.startExport, link: exportLink(s3, bucket) },
    deadlines: made.deadlines,
    desks: made.desks,
    calendar: { store: made.calendarStore, source: made.calendar, entered: async () => void (await recountUnavailableDeadlines(made)) },
    assess: made.assess,
    verifyToken: options.verifyToken,
    signIn: options.signIn,
    ...(made.now ? { now: made.now } : {}),
  };
}

/**
 * After a year's arrangement was entered: every open report whose deadlines the calendar could not count is
 * counted again and its next due date stored (a system event says why). Bounded by the open backlog, once a year.
 */
export async function recountUnavailableDeadlines(made: Adapters): Promise<number> {
  const { authoritiesOf } = await import('../api/staff');
  const authorities = await authoritiesOf(made.store, 'municipal');
  let recounted = 0;
  for (const authority of authorities) {
    for (let after: string | undefined, done = false; !done; ) {
      const page = await made.store.rows(authority, { index: 'byDue' }, after, 100);
      for (const { row } of page.rows) {
        if (!row.due.unavailable) continue;
        await mutate(made, row.trackingCode, (state) =>
          state.due.unavailable
            ? { events: [{ at: (made.now ?? (() => new Date()))().toISOString(), type: 'deadlines-recounted', actor: 'system', public: false, text: '节假日安排已录入，重新计算期限' }] }
            : undefined,
        );
        recounted++;
      }
      after = page.rows.at(-1)?.position;
      done = page.done;
    }
  }
  return recounted;
}
