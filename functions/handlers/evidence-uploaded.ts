import type { S3Event } from 'aws-lambda';
import { makeClients } from '../adapters/clients';
import type { VerifyRequest, VerifyResponse } from '../adapters/lambda-evidence-verifier';
import { reportingDeps } from '../adapters/wiring';
import { DomainError } from '../core/report';
import { verifyEvidence } from '../core/reporting';
import { requireEnv } from './env';

// Checks uploaded evidence: on the bucket's ObjectCreated event (so that no file stays unchecked), and when the
// public API asks synchronously after a complete call.

const deps = reportingDeps({
  ...makeClients(),
  tableName: requireEnv('TABLE_NAME'),
  bucket: requireEnv('EVIDENCE_BUCKET'),
  receiptKey: () => Promise.reject(new Error('not used here')),
});

const EVIDENCE_KEY = /^reports\/([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})\/([0-9a-f-]{36})$/;

export async function handler(event: S3Event | VerifyRequest): Promise<VerifyResponse | void> {
  if ('trackingCode' in event) {
    try {
      return { evidence: await verifyEvidence(deps, event.trackingCode, event.evidenceId) };
    } catch (error) {
      if (error instanceof DomainError) return { error: { status: error.status, code: error.code, message: error.message, field: error.field } };
      throw error;
    }
  }
  for (const record of event.Records) {
    const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
    const match = EVIDENCE_KEY.exec(key);
    if (!match) {
      console.warn(JSON.stringify({ level: 'warn', message: 'object outside the evidence layout', key }));
      continue;
    }
    try {
      await verifyEvidence(deps, match[1]!, match[2]!);
    } catch (error) {
      // Still uploading (multipart parts do not fire this event), or a key without a record: nothing to check.
      if (error instanceof DomainError && (error.code === 'not_uploaded' || error.code === 'evidence_not_found')) continue;
      throw error; // retried by Lambda, then sent to the dead-letter queue
    }
  }
}
