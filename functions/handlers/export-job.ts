import { makeClients } from '../adapters/clients';
import { lambdaHandler } from '../adapters/observability';
import { runExportJob } from '../adapters/staff-wiring';
import { adapters } from '../adapters/wiring';
import type { ExportJob } from '../core/exports';
import { requireEnv } from './env';

// Runs one export job (invoked asynchronously by the staff API): CSV and XLSX into the bucket's export prefix.

const clients = makeClients();
const bucket = requireEnv('EVIDENCE_BUCKET');
const made = adapters({ ...clients, tableName: requireEnv('TABLE_NAME'), bucket, receiptKey: () => Promise.reject(new Error('exports issue no receipts')) });

export const handler = lambdaHandler(
  async ({ correlationId: _id, ...job }: ExportJob & { correlationId?: string }) => {
    const done = await runExportJob(made, clients.s3, bucket, job);
    return { id: done.id, status: done.status, rows: done.rows ?? 0 };
  },
  (event) => event.correlationId,
);
