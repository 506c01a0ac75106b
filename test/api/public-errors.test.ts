import {
  ConditionalCheckFailedException,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { AbortMultipartUploadCommand, CreateMultipartUploadCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { BUSY_RETRY_SECONDS, WorkLimiter } from '../../functions/core/work-limiter';
import { mockedPublicApp, post, storedReport } from '../support/mocked-app';

const report = { subjectType: 'institution', channel: 'advertising', description: '朋友圈广告说包过，考不过全额退款。', anonymous: true };

function throttled() {
  return Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: {} });
}

describe('public API error paths (SDK mocked)', () => {
  it('answers 503 with a Chinese retry message, and no receipt, when DynamoDB throttles the write', async () => {
    const { app, dynamo } = mockedPublicApp();
    dynamo.on(PutItemCommand).rejects(throttled());
    const res = await post(app, '/api/reports', report, { 'Idempotency-Key': 'throttle-test-0001' });
    expect(res.status).toBe(503);
    expect(res.headers.get('Retry-After')).toBe('5');
    const body = await res.json();
    expect(body.error.message).toContain('没有保存');
    expect(body).not.toHaveProperty('trackingCode');
    expect(dynamo.commandCalls(PutItemCommand)).toHaveLength(1);
  });

  it('returns the existing receipt when the conditional put finds the same submission already stored', async () => {
    const { app, dynamo } = mockedPublicApp();
    const key = 'same-key-0000001';
    const first = await post(app, '/api/reports', report, { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    const put = dynamo.commandCalls(PutItemCommand)[0]!.args[0].input;
    expect(put.ConditionExpression).toBe('attribute_not_exists(pk)');
    // The first write is now “stored”: a retry's conditional put fails and finds it.
    dynamo.on(PutItemCommand).rejects(new ConditionalCheckFailedException({ message: 'exists', $metadata: {} }));
    dynamo.on(GetItemCommand).resolves({ Item: put.Item });
    const again = await post(app, '/api/reports', report, { 'Idempotency-Key': key });
    expect(again.status).toBe(201);
    expect(again.headers.get('Idempotent-Replayed')).toBe('true');
    expect(await again.json()).toEqual(await first.json());
  });

  it('refuses the same Idempotency-Key for a different report with 409', async () => {
    const { app, dynamo } = mockedPublicApp();
    await post(app, '/api/reports', report, { 'Idempotency-Key': 'same-key-0000002' });
    const put = dynamo.commandCalls(PutItemCommand)[0]!.args[0].input;
    dynamo.on(PutItemCommand).rejects(new ConditionalCheckFailedException({ message: 'exists', $metadata: {} }));
    dynamo.on(GetItemCommand).resolves({ Item: put.Item });
    const res = await post(app, '/api/reports', { ...report, description: '另一件事：考场有人替考，监考不管。' }, { 'Idempotency-Key': 'same-key-0000002' });
    expect(res.status).toBe(409);
    expect((await res.json()).error).toMatchObject({ code: 'idempotency_key_reused', field: 'Idempotency-Key' });
  });

  it('gives up after repeated version conflicts with 409, and aborts the multipart upload it began', async () => {
    const { app, dynamo, s3 } = mockedPublicApp();
    const stored = await storedReport('conflict-key-001');
    dynamo.on(GetItemCommand).resolves({ Item: stored.marshalled });
    dynamo.on(PutItemCommand, { Item: { pk: { S: `REPORT#${stored.trackingCode}` }, sk: { S: 'STATE' } } }).rejects(new ConditionalCheckFailedException({ message: 'version', $metadata: {} }));
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'up-1' });
    s3.on(AbortMultipartUploadCommand).resolves({});
    const res = await post(
      app,
      `/api/reports/${stored.trackingCode}/evidence`,
      { fileName: 'v.mp4', contentType: 'video/mp4', size: 12_000_000 },
      { 'X-Report-Secret': stored.secret },
    );
    expect(res.status).toBe(409);
    expect((await res.json()).error.message).toContain('刷新');
    expect(dynamo.commandCalls(PutItemCommand).filter((c) => c.args[0].input.Item!.sk!.S === 'STATE')).toHaveLength(3);
    expect(s3.commandCalls(AbortMultipartUploadCommand)[0]!.args[0].input).toMatchObject({ UploadId: 'up-1' });
  });

  it('presigns a photo PUT inside the report prefix that cannot overwrite, with type and length signed and a short life', async () => {
    const { app, dynamo } = mockedPublicApp();
    const stored = await storedReport('presign-key-0001');
    dynamo.on(GetItemCommand).resolves({ Item: stored.marshalled });
    const res = await post(app, `/api/reports/${stored.trackingCode}/evidence`, { fileName: '广告.jpg', contentType: 'image/jpeg', size: 68657 }, { 'X-Report-Secret': stored.secret });
    expect(res.status).toBe(201);
    const { upload, evidenceId } = await res.json();
    const url = new URL(upload.url);
    expect(url.pathname).toBe(`/b/reports/${stored.trackingCode}/${evidenceId}`);
    const signed = url.searchParams.get('X-Amz-SignedHeaders')!.split(';');
    expect(signed).toEqual(expect.arrayContaining(['content-length', 'content-type', 'host', 'if-none-match']));
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(url.search).not.toMatch(/checksum/i);
    expect(upload.headers).toEqual({ 'Content-Type': 'image/jpeg', 'If-None-Match': '*' });
    expect(Date.parse(upload.expiresAt) - Date.now()).toBeLessThanOrEqual(900_000);
  });

  it('answers a wrong secret and an unknown code alike, and counts both before checking the secret', async () => {
    const { app, dynamo } = mockedPublicApp();
    const stored = await storedReport('lookup-key-00001');
    dynamo.on(GetItemCommand).callsFake((input) => (input.Key.pk.S.startsWith('REPORT#' + stored.trackingCode) ? { Item: stored.marshalled } : {}));
    dynamo.on(UpdateItemCommand).resolves({ Attributes: { count: { N: '1' } } });
    const wrong = await post(app, '/api/track', { trackingCode: stored.trackingCode, secret: 'AAAAAAAAAAAAAAAA' });
    const unknown = await post(app, '/api/track', { trackingCode: 'ZZZZ-ZZZZ-ZZZZ', secret: stored.secret });
    expect(wrong.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(await wrong.json()).toEqual(await unknown.json());
    const adds = dynamo.commandCalls(UpdateItemCommand).map((c) => c.args[0].input);
    expect(adds).toHaveLength(2);
    expect(adds.every((u) => u.Key!.pk!.S!.startsWith('ATTEMPTS#') && u.UpdateExpression!.startsWith('ADD'))).toBe(true);
  });

  it('asks for a proof of work on a look-up, in Chinese, before anything is read', async () => {
    const { app, dynamo } = mockedPublicApp();
    const res = await app.request('/api/track', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ trackingCode: 'ZZZZ-ZZZZ-ZZZZ', secret: 'AAAAAAAAAAAAAAAA' }) });
    expect(res.status).toBe(428);
    const { error } = await res.json();
    expect(error).toMatchObject({ code: 'proof_of_work_required', field: 'X-Proof-Of-Work' });
    expect(error.message).toMatch(/刷新页面/);
    expect(dynamo.commandCalls(GetItemCommand).filter((c) => c.args[0].input.Key!.pk!.S!.startsWith('REPORT#'))).toHaveLength(0);
  });

  it.each([
    ['not json', '{"subjectType":', 'good-key-000001', 400, 'invalid_json'],
    ['a bad Idempotency-Key', report, 'bad key!', 400, 'invalid_input'],
  ])('answers %s with a 4xx and stores nothing', async (_name, body, key, status, code) => {
    const { app, dynamo } = mockedPublicApp();
    const res = await post(app, '/api/reports', body, { 'Idempotency-Key': key });
    expect(res.status).toBe(status);
    expect((await res.json()).error.code).toBe(code);
    expect(dynamo.commandCalls(PutItemCommand)).toHaveLength(0);
  });

  it('refuses a body over 64 KB with 413', async () => {
    const { app, dynamo } = mockedPublicApp();
    const res = await post(app, '/api/reports', { ...report, description: '很'.repeat(40_000) });
    expect(res.status).toBe(413);
    expect((await res.json()).error.message).toContain('太大');
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('hides internal errors behind a Chinese 500', async () => {
    const { app, dynamo } = mockedPublicApp();
    dynamo.on(PutItemCommand).rejects(new Error('socket hang up'));
    const res = await post(app, '/api/reports', report);
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).toContain('没有保存');
    expect(text).not.toContain('socket');
  });

  it('files nothing without a proof of work, and says so in Chinese', async () => {
    const { app, dynamo } = mockedPublicApp();
    const res = await app.request('/api/reports', { method: 'POST', headers: { 'content-type': 'application/json', 'Idempotency-Key': 'no-proof-key-0001' }, body: JSON.stringify(report) });
    expect(res.status).toBe(428);
    expect((await res.json()).error).toMatchObject({ code: 'proof_of_work_required', field: 'X-Proof-Of-Work' });
    expect(dynamo.commandCalls(PutItemCommand)).toHaveLength(0);
  });

  it('refuses at once with 503 and Retry-After when receipt hashing is full, and stores nothing', async () => {
    const { app, dynamo, deps } = mockedPublicApp();
    deps.hashing = new WorkLimiter(1, 0);
    let release!: () => void;
    const busy = deps.hashing.run(() => new Promise<void>((r) => (release = r)));
    const res = await post(app, '/api/reports', report, { 'Idempotency-Key': 'busy-key-0000001' });
    expect(res.status).toBe(503);
    expect(res.headers.get('Retry-After')).toBe(String(BUSY_RETRY_SECONDS));
    expect((await res.json()).error.message).toMatch(/不会重复提交/);
    expect(dynamo.commandCalls(PutItemCommand).filter((c) => c.args[0].input.Item!.sk!.S === 'STATE')).toHaveLength(0);
    release();
    await busy;
  });
});

