import { DynamoDBClient, GetItemCommand, QueryCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { makeClients } from '../../functions/adapters/clients';
import { reportingDeps } from '../../functions/adapters/wiring';
import { createPublicApp } from '../../functions/api/public';
import { proofOfWork } from '../../functions/core/proof-of-work';
import { challengeQuery, PROOF_HEADER, solveProof, wantsProof } from '../../web/src/scripts/proof';
import { deriveReceipt, hashSecret } from '../../functions/core/receipt';
import type { ReportState } from '../../functions/core/report';
import { reportState } from './report-fixture';

// The public app over the real adapters, with the SDK clients mocked: for error paths the emulators cannot produce.

export const RECEIPT_KEY = Buffer.alloc(32, 7);

export function mockedPublicApp() {
  const clients = makeClients({ region: 'local', credentials: { accessKeyId: 'x', secretAccessKey: 'y' }, s3Endpoint: 'http://s3.test' });
  const dynamo = mockClient(clients.dynamo as DynamoDBClient);
  const s3 = mockClient(clients.s3 as S3Client);
  // Nothing stored unless a test says so; no imported registry (routing uses the sample that ships with the
  // project); a receipt's attempt counter counts one.
  dynamo.on(GetItemCommand).resolves({});
  dynamo.on(QueryCommand).resolves({ Items: [] }); // no calendar entries: the package data applies
  dynamo.on(UpdateItemCommand).resolves({ Attributes: { count: { N: '1' } } });
  const deps = reportingDeps({ dynamo: clients.dynamo, s3: clients.s3, tableName: 't', bucket: 'b', receiptKey: async () => RECEIPT_KEY });
  // Spent challenges in memory, so that the mocked DynamoDB answers only the calls a test is about.
  const spent = new Set<string>();
  deps.pow = proofOfWork(deps.receiptKey, { spend: async (id) => !spent.has(id) && Boolean(spent.add(id)) });
  return { app: createPublicApp(deps), dynamo, s3, deps };
}

/** A report as stored (its state item), with the receipt that opens it. */
export async function storedReport(idempotencyKey: string, patch: Partial<ReportState> = {}) {
  const { trackingCode, secret } = deriveReceipt(RECEIPT_KEY, idempotencyKey);
  const state = reportState({ trackingCode, version: 3, secretHash: await hashSecret(secret), ...patch });
  const item = { pk: `REPORT#${trackingCode}`, sk: 'STATE', ...state };
  return { state, item, trackingCode, secret, marshalled: marshall(item, { removeUndefinedValues: true }) };
}

type App = { request: (path: string, init?: RequestInit) => Response | Promise<Response> };

/** POSTs to the app as the site does, solving a proof of work when the API asks for one (428). */
export async function post(app: App, path: string, body: unknown, headers: Record<string, string> = {}) {
  const send = (extra: Record<string, string> = {}) =>
    app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers, ...extra },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const res = await send();
  if (res.status !== 428) return res;
  const query = challengeQuery(path, typeof body === 'string' ? undefined : body);
  if (!query || !wantsProof(((await res.clone().json()) as { error?: { code?: string } }).error?.code)) return res;
  return send({ [PROOF_HEADER]: await solveProof(query, '', async (url) => app.request(url)) });
}
