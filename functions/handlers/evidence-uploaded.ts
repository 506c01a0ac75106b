import type { S3Event } from 'aws-lambda';
import { makeClients } from '../adapters/clients';
import type { VerifyRequest } from '../adapters/lambda-evidence-verifier';
import { lambdaHandler } from '../adapters/observability';
import { reportingDeps } from '../adapters/wiring';
import { createEvidenceHandler } from '../api/evidence-events';
import { requireEnv } from './env';

export const handler = lambdaHandler(
  createEvidenceHandler(
    reportingDeps({
      ...makeClients(),
      tableName: requireEnv('TABLE_NAME'),
      bucket: requireEnv('EVIDENCE_BUCKET'),
      receiptKey: () => Promise.reject(new Error('the evidence checker issues no receipts')),
    }),
  ),
  // A direct call from the public API carries the request's correlation id.
  (event: S3Event | VerifyRequest) => ('correlationId' in event ? event.correlationId : undefined),
);
