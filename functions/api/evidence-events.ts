import type { S3Event } from 'aws-lambda';
import type { VerifyRequest, VerifyResponse } from '../adapters/lambda-evidence-verifier';
import { logger } from '../adapters/observability';
import { DomainError } from '../core/report';
import { evidenceObjectCreated, verifyEvidence, type ReportingDeps } from '../core/reporting';

// The evidence checker's two callers: the bucket's ObjectCreated event (so that no file stays unchecked, even
// when the browser never calls complete), and the public API asking synchronously after a complete call.

const EVIDENCE_KEY = /^reports\/([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})\/([0-9a-f-]{36})$/;

export function createEvidenceHandler(deps: Pick<ReportingDeps, 'store' | 'storage' | 'now' | 'deadlines' | 'images'>) {
  return async (event: S3Event | VerifyRequest): Promise<VerifyResponse | { checked: number }> => {
    if ('trackingCode' in event) {
      try {
        return { evidence: await verifyEvidence(deps, event.trackingCode, event.evidenceId) };
      } catch (error) {
        if (error instanceof DomainError) return { error: { status: error.status, code: error.code, message: error.message, field: error.field } };
        throw error;
      }
    }
    let checked = 0;
    for (const record of event.Records) {
      if (!record.eventName.startsWith('ObjectCreated:')) continue;
      const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
      const match = EVIDENCE_KEY.exec(key);
      if (!match) {
        logger.warn('object outside the evidence layout', { key });
        continue;
      }
      try {
        const { versionId, eTag } = record.s3.object;
        await evidenceObjectCreated(deps, match[1]!, match[2]!, { versionId, etag: eTag });
        checked++;
      } catch (error) {
        // A key without a record, or an object already gone: nothing to check.
        if (error instanceof DomainError && (error.code === 'not_uploaded' || error.code === 'evidence_not_found')) continue;
        throw error; // retried by Lambda, then sent to the dead-letter queue
      }
    }
    return { checked };
  };
}
