import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { createHash, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, freshStack } from '../support/local-stack';
import { makeClients } from '../../functions/adapters/clients';
import { LOCAL_BUCKET, LOCAL_CREDENTIALS } from '../../functions/local/aws-local';
import { startLocalStack } from '../../functions/local/stack';

// The whole public flow over HTTP against dynalite and s3rver: report, retry, photo, multipart video,
// refused files, look-up, reply, and a restart that keeps the data.

const fixture = (name: string) => readFile(new URL(`../fixtures/${name}`, import.meta.url));
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

let stack: Awaited<ReturnType<typeof freshStack>>;
let receipt: { trackingCode: string; secret: string; authority: string; authorityName: string; rules: unknown[] };
const idempotencyKey = randomUUID();
const report = {
  subjectType: 'institution',
  institutionName: '上海某某职业技能评价有限公司',
  district: 'minhang',
  occupation: '电工',
  level: '四级',
  incidentDate: '2025-10-12',
  channel: 'advertising',
  sourceUrl: 'https://example.com/post/1',
  description: '朋友圈广告：“高级电工证包过，考不过全额退款”，交 3800 元不用去考场。',
  anonymous: false,
  contact: { name: '张三', phone: '+86 138 0013 8000' },
};

async function uploadEvidence(file: Buffer, fileName: string, contentType: string, declaredSize = file.length) {
  const headers = { 'X-Report-Secret': receipt.secret };
  const created = await api(stack.url, `/api/reports/${receipt.trackingCode}/evidence`, { fileName, contentType, size: declaredSize }, headers);
  expect(created.status).toBe(201);
  const { evidenceId, upload } = created.body;
  let parts: { partNumber: number; etag: string }[] | undefined;
  if (upload.method === 'PUT') {
    const put = await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: new Uint8Array(file) });
    expect(put.status).toBe(200);
  } else {
    parts = [];
    for (const part of upload.parts) {
      const slice = file.subarray((part.partNumber - 1) * upload.partSize, part.partNumber * upload.partSize);
      const put = await fetch(part.url, { method: 'PUT', body: new Uint8Array(slice) });
      expect(put.status).toBe(200);
      parts.push({ partNumber: part.partNumber, etag: put.headers.get('etag')! });
    }
  }
  const complete = await api(stack.url, `/api/reports/${receipt.trackingCode}/evidence/${evidenceId}/complete`, parts ? { parts } : {}, headers);
  return { evidenceId, upload, complete };
}

beforeAll(async () => {
  stack = await freshStack();
});
afterAll(async () => stack?.dispose());

describe('public reporting on the local stack', () => {
  it('files a named report and returns a receipt only once it is stored', async () => {
    const res = await api(stack.url, '/api/reports', report, { 'Idempotency-Key': idempotencyKey });
    expect(res.status).toBe(201);
    receipt = res.body;
    expect(receipt.trackingCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(receipt).toMatchObject({ authority: 'district:minhang', authorityName: '上海市闵行区人力资源和社会保障局' });
    // The receipt names the clauses the report points at (suggestions until staff decide).
    expect(receipt.rules).toEqual(
      expect.arrayContaining([expect.objectContaining({ ruleId: 'SH2025-22-9', citation: '沪人社职〔2025〕176号 第二十二条第（九）项', decided: false })]),
    );
    const stored = await stack.deps.store.get(receipt.trackingCode);
    expect(stored).toMatchObject({ status: 'new', contact: { name: '张三', phone: '13800138000' }, version: 1 });
    expect(JSON.stringify(stored)).not.toContain(receipt.secret);
  });

  it('returns the same receipt for a retried submission and stores no second report', async () => {
    const retry = await api(stack.url, '/api/reports', report, { 'Idempotency-Key': idempotencyKey });
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(receipt);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect((await stack.deps.store.get(receipt.trackingCode))!.version).toBe(1);
  });

  it('takes a real JPEG by presigned PUT and records its size, SHA-256 and EXIF capture time', async () => {
    const jpeg = await fixture('ad-screenshot.jpg');
    const { upload, complete } = await uploadEvidence(jpeg, '广告截图.jpg', 'image/jpeg');
    expect(upload.method).toBe('PUT');
    expect(complete.status).toBe(200);
    expect(complete.body).toMatchObject({ status: 'accepted', size: jpeg.length, contentType: 'image/jpeg', sha256: sha256(jpeg), capturedAt: '2025-10-12T14:30:05' });
  });

  it('takes a real 6.6 MB MP4 by multipart upload in two parts', async () => {
    const mp4 = await fixture('exam-room.mp4');
    const { upload, complete } = await uploadEvidence(mp4, 'exam.mp4', 'video/mp4');
    expect(upload.method).toBe('MULTIPART');
    expect(upload.parts).toHaveLength(2);
    expect(complete.status).toBe(200);
    expect(complete.body).toMatchObject({ status: 'accepted', size: mp4.length, sha256: sha256(mp4) });
  });

  it('refuses a renamed executable declared as a JPEG, and deletes it', async () => {
    const fake = await fixture('renamed-program.jpg');
    const { evidenceId, complete } = await uploadEvidence(fake, 'photo.jpg', 'image/jpeg');
    expect(complete.status).toBe(422);
    expect(complete.body.error.message).toContain('文件内容与“JPEG 照片”不符');
    const s3 = makeClients({ region: 'local', s3Endpoint: stack.s3Url, credentials: LOCAL_CREDENTIALS }).s3;
    await expect(s3.send(new HeadObjectCommand({ Bucket: LOCAL_BUCKET, Key: `reports/${receipt.trackingCode}/${evidenceId}` }))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 404 },
    });
  });

  it('refuses a photo that turns out larger than 20 MB although it was declared small (s3rver does not enforce the length)', async () => {
    const jpeg = await fixture('ad-screenshot.jpg');
    const big = Buffer.concat([jpeg, Buffer.alloc(21 * 1024 * 1024)]);
    const { complete } = await uploadEvidence(big, 'big.jpg', 'image/jpeg', jpeg.length);
    expect(complete.status).toBe(422);
    expect(complete.body.error.message).toContain('超过了JPEG 照片的上限');
  });

  it('answers a wrong secret and an unknown code alike with 404', async () => {
    const wrong = await api(stack.url, '/api/track', { trackingCode: receipt.trackingCode, secret: 'WRONGSECRET00000' });
    const unknown = await api(stack.url, '/api/track', { trackingCode: 'ZZZZ-ZZZZ-ZZZZ', secret: receipt.secret });
    expect(wrong.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(wrong.body).toEqual(unknown.body);
    const evidence = await api(stack.url, `/api/reports/${receipt.trackingCode}/evidence`, { fileName: 'a.jpg', contentType: 'image/jpeg', size: 10 }, { 'X-Report-Secret': 'nope' });
    expect(evidence.status).toBe(404);
  });

  it('looks the report up with the receipt, typed loosely, and shows the public timeline', async () => {
    const res = await api(stack.url, '/api/track', { trackingCode: receipt.trackingCode.toLowerCase().replace(/-/g, ' '), secret: receipt.secret.toLowerCase() });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ trackingCode: receipt.trackingCode, status: 'new', authority: 'district:minhang' });
    const events = res.body.timeline.map((t: { event: string }) => t.event);
    expect(events).toEqual(['举报已收到，交由上海市闵行区人力资源和社会保障局办理', '收到证据材料：广告截图.jpg', '收到证据材料：exam.mp4']);
    expect(res.body.evidence).toHaveLength(2);
    expect(JSON.stringify(res.body)).not.toContain('13800138000');
  });

  it('takes a reply from the reporter', async () => {
    const res = await api(stack.url, `/api/reports/${receipt.trackingCode}/messages`, { text: '补充：广告是 10 月 12 日看到的。' }, { 'X-Report-Secret': receipt.secret });
    expect(res.status).toBe(201);
    const track = await api(stack.url, '/api/track', receipt);
    expect(track.body.messages).toEqual([{ at: res.body.at, from: 'reporter', text: '补充：广告是 10 月 12 日看到的。' }]);
  });

  it('refuses an eleventh file', async () => {
    const jpeg = await fixture('ad-screenshot.jpg');
    for (let i = 0; i < 8; i++) expect((await uploadEvidence(jpeg, `p${i}.jpg`, 'image/jpeg')).complete.status).toBe(200);
    const eleventh = await api(stack.url, `/api/reports/${receipt.trackingCode}/evidence`, { fileName: 'x.jpg', contentType: 'image/jpeg', size: 10 }, { 'X-Report-Secret': receipt.secret });
    expect(eleventh.status).toBe(409);
    expect(eleventh.body.error.message).toContain('最多 10 个文件');
  });

  it('keeps reports and receipts across a restart of the stack', async () => {
    const dataDir = stack.dataDir;
    await stack.close();
    const again = await startLocalStack({ port: 0, s3Port: 0, dataDir });
    try {
      const res = await api(again.url, '/api/track', receipt);
      expect(res.status).toBe(200);
      expect(res.body.evidence).toHaveLength(10);
    } finally {
      await again.close();
    }
  });
});
