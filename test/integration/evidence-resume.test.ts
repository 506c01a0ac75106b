import { createHash, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { S3Event } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvidenceHandler } from '../../functions/api/evidence-events';
import { LOCAL_BUCKET } from '../../functions/local/aws-local';
import { api, apiCall, freshStack } from '../support/local-stack';

// Resumable uploads over HTTP against dynalite and s3rver: the parts already stored are listed (S3 ListParts) and
// never asked for again, fresh URLs only for the missing ones; an abandoned upload is aborted and stops counting;
// *complete* answers 202 when the check outlasts its budget and the page polls; the check is recorded exactly once
// when the API and the bucket event both finish it.

const fixture = (name: string) => readFile(new URL(`../fixtures/${name}`, import.meta.url));
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const REPORT = { subjectType: 'candidate', channel: 'exam', description: '考场上有人戴无线耳机接收答案，监考没管。', anonymous: true };

type Receipt = { trackingCode: string; secret: string };
type Stack = Awaited<ReturnType<typeof freshStack>>;

async function newReport(stack: Stack): Promise<Receipt> {
  const res = await api(stack.url, '/api/reports', REPORT, { 'Idempotency-Key': randomUUID() });
  expect(res.status).toBe(201);
  return res.body;
}

const evidencePath = (r: Receipt, id = '') => `/api/reports/${r.trackingCode}/evidence${id ? `/${id}` : ''}`;

async function declare(stack: Stack, r: Receipt, fileName: string, contentType: string, size: number) {
  const res = await api(stack.url, evidencePath(r), { fileName, contentType, size }, { 'X-Report-Secret': r.secret });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { evidenceId: string; upload: any };
}

async function putPart(url: string, body: Buffer) {
  const res = await fetch(url, { method: 'PUT', body: new Uint8Array(body) });
  expect(res.status).toBe(200);
  return res.headers.get('etag')!.replace(/"/g, '');
}

const s3Event = (key: string): S3Event =>
  ({ Records: [{ eventName: 'ObjectCreated:CompleteMultipartUpload', s3: { bucket: { name: LOCAL_BUCKET }, object: { key: encodeURIComponent(key), size: 1 } } }] }) as unknown as S3Event;

describe('resumable uploads', () => {
  let stack: Stack;
  let mp4: Buffer;
  beforeAll(async () => {
    stack = await freshStack();
    mp4 = await fixture('exam-room.mp4');
  });
  afterAll(async () => stack?.dispose());

  it('lists the parts already stored and gives fresh URLs only for the missing ones; the file completes from them', async () => {
    const r = await newReport(stack);
    const { evidenceId, upload } = await declare(stack, r, 'exam.mp4', 'video/mp4', mp4.length);
    expect(upload.parts.map((p: { partNumber: number }) => p.partNumber)).toEqual([1, 2]);
    const slice = (n: number) => mp4.subarray((n - 1) * upload.partSize, n * upload.partSize);
    const etag1 = await putPart(upload.parts[0].url, slice(1));

    // The page was reloaded: it asks where the upload stands, then for the missing parts' URLs.
    const status = await apiCall(stack.url, 'GET', evidencePath(r, evidenceId), r.secret);
    expect(status).toMatchObject({ status: 200, body: { evidenceId, status: 'uploading', storedParts: 1, storedBytes: upload.partSize, size: mp4.length } });
    const renewed = await api(stack.url, `${evidencePath(r, evidenceId)}/upload`, {}, { 'X-Report-Secret': r.secret });
    expect(renewed.status).toBe(200);
    expect(renewed.body.upload).toMatchObject({ method: 'MULTIPART', partSize: upload.partSize, stored: [{ partNumber: 1, etag: etag1, size: upload.partSize }] });
    expect(renewed.body.upload.parts.map((p: { partNumber: number }) => p.partNumber)).toEqual([2]);
    const etag2 = await putPart(renewed.body.upload.parts[0].url, slice(2));

    // Completed from both parts, the first sent before the reload: the whole file, hashed as one.
    const complete = await api(stack.url, `${evidencePath(r, evidenceId)}/complete`, { parts: [{ partNumber: 1, etag: etag1 }, { partNumber: 2, etag: etag2 }] }, { 'X-Report-Secret': r.secret });
    expect(complete.status).toBe(200);
    expect(complete.body).toEqual({ evidenceId, status: 'accepted', size: mp4.length, contentType: 'video/mp4', sha256: sha256(mp4) });
    // Done: the status says so with the same body, and no fresh URLs are given for a checked file.
    expect((await apiCall(stack.url, 'GET', evidencePath(r, evidenceId), r.secret)).body).toEqual(complete.body);
    const again = await api(stack.url, `${evidencePath(r, evidenceId)}/upload`, {}, { 'X-Report-Secret': r.secret });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('upload_finished');
  });

  it('refuses to complete while parts are missing, saying which, and keeps the stored part for the resume', async () => {
    const r = await newReport(stack);
    const { evidenceId, upload } = await declare(stack, r, 'exam.mp4', 'video/mp4', mp4.length);
    const etag1 = await putPart(upload.parts[0].url, mp4.subarray(0, upload.partSize));
    const early = await api(stack.url, `${evidencePath(r, evidenceId)}/complete`, { parts: [{ partNumber: 1, etag: etag1 }] }, { 'X-Report-Secret': r.secret });
    expect(early.status).toBe(400);
    expect(early.body.error).toMatchObject({ code: 'upload_incomplete', message: expect.stringContaining('还有 1 个分片没有上传（第 2 片）') });
    const renewed = await api(stack.url, `${evidencePath(r, evidenceId)}/upload`, {}, { 'X-Report-Secret': r.secret });
    expect(renewed.body.upload.stored.map((p: { partNumber: number }) => p.partNumber)).toEqual([1]);
  });

  it('removes an abandoned upload: aborted, marked removed, not counted toward the 10-file limit', async () => {
    const r = await newReport(stack);
    const jpeg = await fixture('ad-screenshot.jpg');
    const video = await declare(stack, r, 'exam.mp4', 'video/mp4', mp4.length);
    await putPart(video.upload.parts[0].url, mp4.subarray(0, video.upload.partSize));
    for (let i = 0; i < 9; i++) await declare(stack, r, `p${i}.jpg`, 'image/jpeg', jpeg.length);
    const eleventh = await api(stack.url, evidencePath(r), { fileName: 'x.jpg', contentType: 'image/jpeg', size: jpeg.length }, { 'X-Report-Secret': r.secret });
    expect(eleventh.status).toBe(409);
    expect(eleventh.body.error.message).toContain('最多 10 个文件');

    // Ids that are no own record name nothing.
    for (const id of ['__proto__', 'constructor', randomUUID()]) {
      const res = await apiCall(stack.url, 'DELETE', evidencePath(r, id), r.secret);
      expect(res.status, id).toBe(404);
      expect(res.body.error.message).toMatch(/找不到这个文件的上传记录/);
    }

    const removed = await apiCall(stack.url, 'DELETE', evidencePath(r, video.evidenceId), r.secret);
    expect(removed).toMatchObject({ status: 200, body: { evidenceId: video.evidenceId, status: 'removed' } });
    // The multipart upload is gone from storage (its parts freed), and removing again answers alike.
    const stored = (await stack.deps.store.load(r.trackingCode))!;
    const record = stored.evidence[video.evidenceId]!;
    expect(record).toMatchObject({ status: 'removed', removedAt: expect.any(String) });
    expect(record.uploadId).toBeUndefined();
    expect(stored.tally).toMatchObject({ evidenceInUse: 9, evidenceFiles: 10 });
    expect(stored.events.filter((e) => e.type === 'evidence-removed')).toHaveLength(1);
    expect((await apiCall(stack.url, 'DELETE', evidencePath(r, video.evidenceId), r.secret)).body).toEqual({ evidenceId: video.evidenceId, status: 'removed' });
    expect((await stack.deps.store.load(r.trackingCode))!.version).toBe(stored.version);

    // Its place is free for another file; the removed one cannot be resumed or completed, and the look-up leaves it out.
    expect((await api(stack.url, evidencePath(r), { fileName: 'x.jpg', contentType: 'image/jpeg', size: jpeg.length }, { 'X-Report-Secret': r.secret })).status).toBe(201);
    const renew = await api(stack.url, `${evidencePath(r, video.evidenceId)}/upload`, {}, { 'X-Report-Secret': r.secret });
    expect(renew.status).toBe(409);
    expect(renew.body.error).toMatchObject({ code: 'evidence_removed', message: expect.stringContaining('已经移除') });
    const complete = await api(stack.url, `${evidencePath(r, video.evidenceId)}/complete`, { parts: [{ partNumber: 1, etag: 'x' }] }, { 'X-Report-Secret': r.secret });
    expect(complete.status).toBe(409);
    expect((await apiCall(stack.url, 'GET', evidencePath(r, video.evidenceId), r.secret)).body).toEqual({ evidenceId: video.evidenceId, status: 'removed' });
    const track = await api(stack.url, '/api/track', r);
    expect(track.body.evidence.map((e: { evidenceId: string }) => e.evidenceId)).not.toContain(video.evidenceId);
    expect(track.body.evidence).toHaveLength(10);
    // Someone without the secret removes nothing.
    const pending = track.body.evidence.find((e: { status: string }) => e.status === 'pending');
    expect((await apiCall(stack.url, 'DELETE', evidencePath(r, pending.evidenceId), 'WRONGSECRET00000')).status).toBe(404);
    expect((await stack.deps.store.load(r.trackingCode))!.evidence[pending.evidenceId]!.status).toBe('pending');
  });

  it('deletes a photo whose PUT arrives after its upload was removed, and never takes it as evidence', async () => {
    const r = await newReport(stack);
    const jpeg = await fixture('ad-screenshot.jpg');
    const { evidenceId, upload } = await declare(stack, r, 'late.jpg', 'image/jpeg', jpeg.length);
    expect((await apiCall(stack.url, 'DELETE', evidencePath(r, evidenceId), r.secret)).status).toBe(200);
    // The URL was given before the removal and is still valid: the bytes land, the bucket's event follows.
    expect((await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: new Uint8Array(jpeg) })).status).toBe(200);
    const key = `reports/${r.trackingCode}/${evidenceId}`;
    await createEvidenceHandler(stack.deps)(s3Event(key));
    expect(await stack.deps.storage.head(key)).toBeUndefined();
    const record = (await stack.deps.store.load(r.trackingCode))!;
    expect(record.evidence[evidenceId]!.status).toBe('removed');
    expect(record.events.map((e) => e.type).filter((t) => t.startsWith('evidence-'))).toEqual(['evidence-requested', 'evidence-removed']);
    const complete = await api(stack.url, `${evidencePath(r, evidenceId)}/complete`, {}, { 'X-Report-Secret': r.secret });
    expect(complete.status).toBe(409);
    expect(complete.body.error.code).toBe('evidence_removed');
  });

  it('keeps a file that was checked: it cannot be removed', async () => {
    const r = await newReport(stack);
    const jpeg = await fixture('ad-screenshot.jpg');
    const { evidenceId, upload } = await declare(stack, r, 'a.jpg', 'image/jpeg', jpeg.length);
    expect((await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: new Uint8Array(jpeg) })).status).toBe(200);
    expect((await api(stack.url, `${evidencePath(r, evidenceId)}/complete`, {}, { 'X-Report-Secret': r.secret })).status).toBe(200);
    const res = await apiCall(stack.url, 'DELETE', evidencePath(r, evidenceId), r.secret);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'upload_finished', message: expect.stringContaining('不能移除') });
    expect((await stack.deps.store.load(r.trackingCode))!.evidence[evidenceId]!.status).toBe('accepted');
  });
});

describe('a check that outlasts its budget', () => {
  let stack: Stack;
  let mp4: Buffer;
  beforeAll(async () => {
    // No time at all for the check within the complete call: every completion takes the asynchronous path.
    stack = await freshStack({ checkBudgetMs: 0 });
    mp4 = await fixture('exam-room.mp4');
  });
  afterAll(async () => stack?.dispose());

  async function uploadVideo(r: Receipt) {
    const { evidenceId, upload } = await declare(stack, r, 'exam.mp4', 'video/mp4', mp4.length);
    const parts = [];
    for (const p of upload.parts) parts.push({ partNumber: p.partNumber, etag: await putPart(p.url, mp4.subarray((p.partNumber - 1) * upload.partSize, p.partNumber * upload.partSize)) });
    return { evidenceId, parts };
  }

  it('answers 202 checking, and the status the page polls turns to accepted with the 200 body', async () => {
    const r = await newReport(stack);
    const { evidenceId, parts } = await uploadVideo(r);
    const complete = await api(stack.url, `${evidencePath(r, evidenceId)}/complete`, { parts }, { 'X-Report-Secret': r.secret });
    expect(complete.status).toBe(202);
    expect(complete.body).toEqual({ evidenceId, status: 'checking' });
    const seen: string[] = [];
    let last: any;
    for (let i = 0; i < 200; i++) {
      last = (await apiCall(stack.url, 'GET', evidencePath(r, evidenceId), r.secret)).body;
      seen.push(last.status);
      if (last.status !== 'checking') break;
      await new Promise((done) => setTimeout(done, 50));
    }
    expect(last).toEqual({ evidenceId, status: 'accepted', size: mp4.length, contentType: 'video/mp4', sha256: sha256(mp4) });
    expect(seen.every((s) => s === 'checking' || s === 'accepted')).toBe(true);
    // A complete call repeated after the check (its answer was lost) answers as integrators know it.
    const repeated = await api(stack.url, `${evidencePath(r, evidenceId)}/complete`, { parts }, { 'X-Report-Secret': r.secret });
    expect(repeated.status).toBe(200);
    expect(repeated.body).toEqual(last);
  });

  it('records the result exactly once when the API call and the bucket event both check the file', async () => {
    const r = await newReport(stack);
    const { evidenceId, parts } = await uploadVideo(r);
    const key = `reports/${r.trackingCode}/${evidenceId}`;
    const handler = createEvidenceHandler(stack.deps);
    // The complete call (which joins the parts and starts a check), the bucket's event for the joined object, a
    // redelivered event and a direct check from the API all race.
    const [complete, ...others] = await Promise.all([
      api(stack.url, `${evidencePath(r, evidenceId)}/complete`, { parts }, { 'X-Report-Secret': r.secret }),
      (async () => {
        for (let i = 0; i < 100 && !(await stack.deps.storage.head(key)); i++) await new Promise((d) => setTimeout(d, 10));
        return Promise.all([handler(s3Event(key)), handler(s3Event(key)), stack.deps.verifier.verify(r.trackingCode, evidenceId)]);
      })(),
    ]);
    expect(complete.status).toBe(202);
    expect(others).toHaveLength(1);
    let record;
    for (let i = 0; i < 200; i++) {
      record = (await stack.deps.store.load(r.trackingCode))!;
      if (record.evidence[evidenceId]!.status !== 'pending') break;
      await new Promise((d) => setTimeout(d, 50));
    }
    await new Promise((d) => setTimeout(d, 500)); // let any late path finish
    record = (await stack.deps.store.load(r.trackingCode))!;
    expect(record.evidence[evidenceId]).toMatchObject({ status: 'accepted', sha256: sha256(mp4) });
    expect(record.events.filter((e) => e.type.startsWith('evidence-') && e.type !== 'evidence-requested').map((e) => e.type)).toEqual(['evidence-accepted']);
    expect(record.tally).toMatchObject({ evidenceInUse: 1, evidenceFiles: 1 });
  });

  it('refuses a bad file exactly once whichever path checks it, and frees its place once', async () => {
    const r = await newReport(stack);
    const fake = await fixture('renamed-program.jpg');
    const { evidenceId, upload } = await declare(stack, r, 'photo.jpg', 'image/jpeg', fake.length);
    expect((await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: new Uint8Array(fake) })).status).toBe(200);
    const handler = createEvidenceHandler(stack.deps);
    const key = `reports/${r.trackingCode}/${evidenceId}`;
    const [complete] = await Promise.all([
      api(stack.url, `${evidencePath(r, evidenceId)}/complete`, {}, { 'X-Report-Secret': r.secret }),
      handler(s3Event(key)).catch(() => undefined),
      stack.deps.verifier.verify(r.trackingCode, evidenceId).catch(() => undefined),
    ]);
    expect([202, 422]).toContain(complete.status);
    let status: any;
    for (let i = 0; i < 200; i++) {
      status = (await apiCall(stack.url, 'GET', evidencePath(r, evidenceId), r.secret)).body;
      if (status.status !== 'checking') break;
      await new Promise((d) => setTimeout(d, 50));
    }
    expect(status).toMatchObject({ evidenceId, status: 'rejected', reason: expect.stringContaining('文件内容与“JPEG 照片”不符') });
    await new Promise((d) => setTimeout(d, 500));
    const record = (await stack.deps.store.load(r.trackingCode))!;
    expect(record.events.filter((e) => e.type === 'evidence-rejected')).toHaveLength(1);
    expect(record.tally).toMatchObject({ evidenceInUse: 0, evidenceFiles: 1 });
  });
});
