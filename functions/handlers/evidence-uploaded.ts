import type { S3Event } from 'aws-lambda';
import { lambdaClient, makeClients } from '../adapters/clients';
import { invokedTextReading } from '../adapters/evidence-images';
import type { VerifyRequest } from '../adapters/lambda-evidence-verifier';
import { lambdaHandler } from '../adapters/observability';
import { reportingDeps } from '../adapters/wiring';
import { createEvidenceHandler } from '../api/evidence-events';
import { requireEnv } from './env';

export const handler = lambdaHandler(
  createEvidenceHandler({
    ...reportingDeps({
      ...makeClients(),
      tableName: requireEnv('TABLE_NAME'),
      bucket: requireEnv('EVIDENCE_BUCKET'),
      receiptKey: () => Promise.reject(new Error('the evidence checker issues no receipts')),
    }),
    // Photos are decoded in full and get a display copy; their text is read by the text-reading function.
    images: invokedTextReading(lambdaClient(), requireEnv('TEXT_READER_FUNCTION')),
  }),
  // A direct call from the public API carries the request's correlation id.
  (event: S3Event | VerifyRequest) => ('correlationId' in event ? event.correlationId : undefined),
);
