import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { EvidenceVerifier } from '../core/ports';
import { verifyEvidence, type ReportingDeps } from '../core/reporting';
import { assessReport } from '../core/assess';
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
  /** Defaults to checking in-process, which needs read access to the evidence bucket. */
  verifier?: EvidenceVerifier;
}

export function reportingDeps(options: WiringOptions): ReportingDeps {
  const store = new DynamoReportStore(options.dynamo, options.tableName);
  const storage = new S3EvidenceStorage(options.s3, options.bucket);
  const deps: ReportingDeps = {
    store,
    throttle: store,
    storage,
    receiptKey: options.receiptKey,
    assess: assessReport,
    verifier: options.verifier ?? { verify: (code, id) => verifyEvidence(deps, code, id) },
  };
  return deps;
}
