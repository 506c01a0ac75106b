import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { createHash, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { S3Event } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClients } from '../../functions/adapters/clients';
import { createEvidenceHandler } from '../../functions/api/evidence-events';
import { LOCAL_BUCKET, LOCAL_CREDENTIALS } from '../../functions/local/aws-local';
import { api, freshStack } from '../support/local-stack';

// The bucket's ObjectCreated path: a file the browser uploaded but never completed is still checked.

let stack: Awaited<ReturnType<typeof freshStack>>;
let receipt: { trackingCode: string; secret: string };

const s3Event = (key: string): S3Event =>
  ({ Records: [{ eventName: 'ObjectCreated:Put', s3: { bucket: { name: LOCAL_BUCKET }, object: { key: encodeURIComponent(key), size: 1 } } }] }) as unknown as S3Event;

async function uploadOnly(file: Buffer, fileName: string) {
  const created = await api(stack.url, `/api/reports/${receipt.trackingCode}/evidence`, { fileName, contentType: 'image/jpeg', size: file.length }, { 'X-Report-Secret': receipt.secret });
  const put = await fetch(created.body.upload.url, { method: 'PUT', headers: created.body.upload.headers, body: new Uint8Array(file) });
  expect(put.status).toBe(200);
  return created.body.evidenceId as string;
}

beforeAll(async () => {
  stack = await freshStack();
  const res = await api(stack.url, '/api/reports', { subjectType: 'candidate', channel: 'exam', description: '考场上有人戴无线耳机接收答案，监考没管。', anonymous: true }, { 'Idempotency-Key': randomUUID() });
  receipt = res.body;
});
afterAll(async () => stack?.dispose());

describe('evidence checks on ObjectCreated', () => {
  const handler = () => createEvidenceHandler(stack.deps);

  it('accepts an uploaded photo whose complete call never came', async () => {
    const jpeg = await readFile(new URL('../fixtures/ad-screenshot.jpg', import.meta.url));
    const id = await uploadOnly(jpeg, 'a.jpg');
    expect(await handler()(s3Event(`reports/${receipt.trackingCode}/${id}`))).toEqual({ checked: 1 });
    const stored = await stack.deps.store.load(receipt.trackingCode);
    expect(stored!.evidence[id]).toMatchObject({ status: 'accepted', sha256: createHash('sha256').update(jpeg).digest('hex') });
    // A later complete call finds it checked and answers the same.
    const complete = await api(stack.url, `/api/reports/${receipt.trackingCode}/evidence/${id}/complete`, {}, { 'X-Report-Secret': receipt.secret });
    expect(complete.body).toMatchObject({ evidenceId: id, status: 'accepted' });
  });

  it('refuses and deletes a renamed executable found by the event', async () => {
    const fake = await readFile(new URL('../fixtures/renamed-program.jpg', import.meta.url));
    const id = await uploadOnly(fake, 'b.jpg');
    await handler()(s3Event(`reports/${receipt.trackingCode}/${id}`));
    expect((await stack.deps.store.load(receipt.trackingCode))!.evidence[id]).toMatchObject({ status: 'rejected' });
    const s3 = makeClients({ region: 'local', s3Endpoint: stack.s3Url, credentials: LOCAL_CREDENTIALS }).s3;
    await expect(s3.send(new HeadObjectCommand({ Bucket: LOCAL_BUCKET, Key: `reports/${receipt.trackingCode}/${id}` }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
  });

  it('skips keys outside the evidence layout and records it has nothing to check', async () => {
    expect(await handler()(s3Event('somewhere/else.jpg'))).toEqual({ checked: 0 });
    expect(await handler()(s3Event(`reports/${receipt.trackingCode}/${randomUUID()}`))).toEqual({ checked: 0 });
  });

  it('answers the public API’s synchronous call with the evidence or a Chinese error', async () => {
    const missing = await handler()({ trackingCode: receipt.trackingCode, evidenceId: randomUUID() });
    expect(missing).toMatchObject({ error: { status: 404, code: 'evidence_not_found' } });
    const jpeg = await readFile(new URL('../fixtures/ad-screenshot.jpg', import.meta.url));
    const id = await uploadOnly(jpeg, 'c.jpg');
    expect(await handler()({ trackingCode: receipt.trackingCode, evidenceId: id })).toMatchObject({ evidence: { evidenceId: id, status: 'accepted' } });
  });
});
