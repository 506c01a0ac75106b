import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { assessReport } from '../core/assess';
import type { EvidenceVerifier } from '../core/ports';
import { proofOfWork, type ProofOfWorkConfig } from '../core/proof-of-work';
import { WorkLimiter } from '../core/work-limiter';
import { registryFromCsv, type Registry } from '../core/registry';
import { SAMPLE_REGISTRY_CSV } from '../core/registry-sample';
import { verifyEvidence, type ReportingDeps } from '../core/reporting';
import { DynamoReportStore } from './dynamo-report-store';
import { S3EvidenceStorage } from './s3-evidence-storage';

// Puts the adapters behind the core's ports. The Lambda handlers and the local stack both call this;
// they differ only in the clients, the receipt key and how an upload gets verified.

export interface WiringOptions {
  dynamo: DynamoDBClient;
  s3: S3Client;
  tableName: string;
  bucket: string;
  receiptKey: () => Promise<Buffer>;
  /** The price of filing and look-ups; the default suits a person on a phone. */
  proofOfWork?: ProofOfWorkConfig;
  /** Defaults to checking in-process, which needs read access to the evidence bucket. */
  verifier?: EvidenceVerifier;
}

/**
 * Receipt hashing in flight: two scrypt hashes at a time leave the rest of Node's four-thread pool to the site's
 * files and sockets; sixteen more wait (about half a second at most); beyond that, 503 at once.
 */
const HASHING_IN_FLIGHT = 2;
const HASHING_WAITING = 16;

/** How long a Lambda instance keeps the imported registry before reading it again. */
const REGISTRY_TTL_MS = 60_000;

/** The registry staff imported, else the sample that ships with the project; re-read at most once a minute. */
export function registrySource(store: DynamoReportStore, now = () => Date.now()): () => Promise<Registry> {
  let cached: { at: number; importedAt?: string; registry: Registry } | undefined;
  return async () => {
    if (cached && now() - cached.at < REGISTRY_TTL_MS) return cached.registry;
    const stored = await store.current();
    if (!cached || cached.importedAt !== stored?.importedAt) {
      cached = { at: now(), importedAt: stored?.importedAt, registry: registryFromCsv(stored?.csv ?? SAMPLE_REGISTRY_CSV) };
    }
    cached.at = now();
    return cached.registry;
  };
}

export function reportingDeps(options: WiringOptions) {
  const store = new DynamoReportStore(options.dynamo, options.tableName);
  const storage = new S3EvidenceStorage(options.s3, options.bucket);
  const registry = registrySource(store);
  const deps: ReportingDeps & { store: DynamoReportStore; storage: S3EvidenceStorage } = {
    store,
    attempts: store,
    pow: proofOfWork(options.receiptKey, store, options.proofOfWork),
    hashing: new WorkLimiter(HASHING_IN_FLIGHT, HASHING_WAITING),
    storage,
    receiptKey: options.receiptKey,
    assess: async (input, receivedAt) => assessReport(input, receivedAt, await registry()),
    verifier: options.verifier ?? { verify: (code, id) => verifyEvidence(deps, code, id) },
  };
  return deps;
}
