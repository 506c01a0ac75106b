import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DeadlineContext } from '../core/case-deadlines';
import { calendarSource } from '../core/calendar-status';
import { defaultDeadlineConfig, type DeadlineConfig } from '../core/deadlines';
import type { EvidenceVerifier, RegistryStore } from '../core/ports';
import { proofOfWork, type ProofOfWorkConfig } from '../core/proof-of-work';
import type { AuthorityNames } from '../core/ids';
import type { Registry } from '../core/registry';
import { verifyEvidence, type ReportingDeps } from '../core/reporting';
import { WorkLimiter } from '../core/work-limiter';
import { withStatusOverlays } from '../core/records/registry-in-force';
import type { PublishedSource } from '../api/public-publications';
import { DynamoAccessStore } from './dynamo-access-store';
import { DynamoCalendarStore } from './dynamo-calendar-store';
import { DynamoDeskStore } from './dynamo-desk-store';
import { DynamoExportJobs } from './dynamo-export-jobs';
import type { DynamoReportStore } from './dynamo-report-store';
import { MeteredReportStore } from './metered-report-store';
import { lazyEvidenceStorage, lazyRegistryStore, type S3Source } from './lazy-s3';
import { DynamoDocumentNumbers } from './dynamo-document-numbers';
import { DynamoRecordsStore } from './dynamo-records-store';

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

/**
 * The registry version in force, else the sample that ships with the project, with the industry departments'
 * names it gives; its pointer read at most once a minute.
 */
export function registrySource(
  store: RegistryStore,
  now = () => Date.now(),
): { get: () => Promise<Registry>; names: () => Promise<AuthorityNames>; invalidate: () => void } {
  let cached: { at: number; version: number; registry: Registry; names: AuthorityNames } | undefined;
  const current = async () => {
    if (cached && now() - cached.at < REGISTRY_TTL_MS) return cached;
    const pointer = await store.pointer();
    const version = pointer?.version ?? 0;
    if (!cached || cached.version !== version) {
      // Loaded on first use: the public API's cold start does without the registry code.
      const [{ registryFromCsv }, { authorityNamesFromCsv }] = await Promise.all([import('../core/registry'), import('../core/authority-names')]);
      const csv = pointer ? await store.csv(version) : (await import('../core/registry-sample')).SAMPLE_REGISTRY_CSV;
      cached = { at: now(), version, registry: registryFromCsv(csv), names: authorityNamesFromCsv(csv).names };
    }
    cached.at = now();
    return cached;
  };
  return {
    get: async () => (await current()).registry,
    names: async () => (await current()).names,
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
  const records = new DynamoRecordsStore(options.dynamo, options.tableName);
  // The imported version with the statuses decisions put in force (records/status.ts).
  const imported = registrySource(registryStore);
  const registry = { ...withStatusOverlays(imported, () => records.overlays()), names: imported.names };
  const config = options.deadlineConfig ?? defaultDeadlineConfig;
  const calendarStore = new DynamoCalendarStore(options.dynamo, options.tableName);
  const calendar = calendarSource(calendarStore);
  const deadlines = async (): Promise<DeadlineContext> => ({ calendar: await calendar.current(), config });
  return {
    store,
    access,
    registryStore,
    registry,
    records,
    calendarStore,
    calendar,
    deadlines,
    now: options.now,
    exportJobs: new DynamoExportJobs(options.dynamo, options.tableName),
    desks: new DynamoDeskStore(options.dynamo, options.tableName),
    documentNumbers: new DynamoDocumentNumbers(options.dynamo, options.tableName),
    storage: lazyEvidenceStorage(options.s3, options.bucket),
    // Triage (its rules, exemplars and dictionary) is loaded on the first filing, not at a cold start.
    assess: async (...[input, receivedAt, context]: Parameters<ReportingDeps['assess']>) =>
      (await import('../core/assess')).assessReport(input, receivedAt, await registry.get(), {
        history: (await import('../core/records')).historySource(records, options.now),
        ...(context?.authority ? { authority: context.authority } : {}),
      }),
  };
}
export type Adapters = ReturnType<typeof adapters>;

export function reportingDeps(options: WiringOptions, made: Adapters = adapters(options)) {
  const deps: ReportingDeps & { store: DynamoReportStore; publications: PublishedSource } = {
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
    authorityNames: made.registry.names,
    publications: made.records,
    likelyDuplicate: async (state) => (await import('../core/duplicates')).likelyDuplicate(made.store, state),
    verifier: options.verifier ?? { verify: (code, id) => verifyEvidence(deps, code, id) },
  };
  return deps;
}
