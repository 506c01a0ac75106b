import { makeClients } from '../adapters/clients';
import { reportingDeps } from '../adapters/wiring';
import { createEvidenceHandler } from '../api/evidence-events';
import { requireEnv } from './env';

export const handler = createEvidenceHandler(
  reportingDeps({
    ...makeClients(),
    tableName: requireEnv('TABLE_NAME'),
    bucket: requireEnv('EVIDENCE_BUCKET'),
    receiptKey: () => Promise.reject(new Error('the evidence checker issues no receipts')),
  }),
);
