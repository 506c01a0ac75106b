import { makeClients } from '../adapters/clients';
import type { ReadTextRequest } from '../adapters/evidence-images';
import { lambdaHandler } from '../adapters/observability';
import { ocrReader } from '../adapters/ocr-reader';
import { reportingDeps } from '../adapters/wiring';
import { createTextHandler } from '../api/evidence-text-events';
import { requireEnv } from './env';

// Reads the text of an accepted image (offline OCR; the models are beside the bundle, OCR_MODELS_DIR).
export const handler = lambdaHandler(
  createTextHandler({
    ...reportingDeps({
      ...makeClients(),
      tableName: requireEnv('TABLE_NAME'),
      bucket: requireEnv('EVIDENCE_BUCKET'),
      receiptKey: () => Promise.reject(new Error('the text reader issues no receipts')),
    }),
    reader: ocrReader,
  }),
  (event: ReadTextRequest) => event.correlationId,
);
