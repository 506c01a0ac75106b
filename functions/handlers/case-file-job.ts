import { runCaseFileJob } from '../adapters/case-files';
import { makeClients } from '../adapters/clients';
import { lambdaHandler } from '../adapters/observability';
import { adapters } from '../adapters/wiring';
import { requireEnv } from './env';

// Packs one closed case's 处理档案 (invoked asynchronously by the staff API): a zip into the case-files prefix.

const clients = makeClients();
const bucket = requireEnv('EVIDENCE_BUCKET');
const made = adapters({ ...clients, tableName: requireEnv('TABLE_NAME'), bucket, receiptKey: () => Promise.reject(new Error('case files issue no receipts')) });

export const handler = lambdaHandler(
  async (event: { trackingCode: string; correlationId?: string }) => {
    const record = await runCaseFileJob(made, clients.s3, bucket, event.trackingCode);
    return { trackingCode: event.trackingCode, status: record?.status ?? 'none' };
  },
  (event) => event.correlationId,
);
