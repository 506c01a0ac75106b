import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { makeClients } from '../../functions/adapters/clients';
import { reportingDeps } from '../../functions/adapters/wiring';
import { createPublicApp } from '../../functions/api/public';
import { deriveReceipt, hashSecret } from '../../functions/core/receipt';
import type { ReportRecord } from '../../functions/core/report';

// The public app over the real adapters, with the SDK clients mocked: for error paths the emulators cannot produce.

export const RECEIPT_KEY = Buffer.alloc(32, 7);

export function mockedPublicApp() {
  const clients = makeClients({ region: 'local', credentials: { accessKeyId: 'x', secretAccessKey: 'y' }, s3Endpoint: 'http://s3.test' });
  const dynamo = mockClient(clients.dynamo as DynamoDBClient);
  const s3 = mockClient(clients.s3 as S3Client);
  // No imported registry: routing uses the sample that ships with the project.
  dynamo.on(GetItemCommand, { Key: { pk: { S: 'REGISTRY' }, sk: { S: 'CURRENT' } } }).resolves({});
  const deps = reportingDeps({ dynamo: clients.dynamo, s3: clients.s3, tableName: 't', bucket: 'b', receiptKey: async () => RECEIPT_KEY });
  return { app: createPublicApp(deps), dynamo, s3 };
}

export async function storedReport(idempotencyKey: string, patch: Partial<ReportRecord> = {}) {
  const { trackingCode, secret } = deriveReceipt(RECEIPT_KEY, idempotencyKey);
  const record: ReportRecord = {
    trackingCode,
    version: 3,
    receivedAt: '2025-11-01T02:00:00.000Z',
    status: 'new',
    route: { authority: 'district:minhang', reason: 'test' },
    secretHash: await hashSecret(secret),
    requestDigest: 'x',
    subjectType: 'institution',
    channel: 'advertising',
    description: '朋友圈广告说包过，考不过全额退款。',
    anonymous: true,
    triage: null,
    evidence: {},
    events: [],
    messages: [],
    ...patch,
  };
  return { record, item: { pk: `REPORT#${trackingCode}`, sk: 'REPORT', ...record }, trackingCode, secret, marshalled: marshall({ pk: `REPORT#${trackingCode}`, sk: 'REPORT', ...record }, { removeUndefinedValues: true }) };
}

export function post(app: { request: (path: string, init: RequestInit) => Response | Promise<Response> }, path: string, body: unknown, headers: Record<string, string> = {}) {
  return app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}
