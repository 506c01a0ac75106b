import { CompleteMultipartUploadCommand } from '@aws-sdk/client-s3';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_BUCKET } from '../../functions/local/aws-local';
import { api, fileReport, freshStack } from '../support/local-stack';
import { signIn } from '../support/staff-client';

// A checked file stays what was checked: no overwrite through the upload URL, a refused file put back is
// flagged and removed again, multipart sizes and part lists are enforced, ids from URLs never reach the
// prototype, and the served name follows the verified type.

const fixture = (name: string) => readFile(new URL(`../fixtures/${name}`, import.meta.url));

let stack: Awaited<ReturnType<typeof freshStack>>;
let receipt: { trackingCode: string; secret: string };
const auth = () => ({ 'X-Report-Secret': receipt.secret });
const evidencePath = (id = '') => `/api/reports/${receipt.trackingCode}/evidence${id ? `/${id}` : ''}`;

async function declare(fileName: string, contentType: string, size: number) {
  const res = await api(stack.url, evidencePath(), { fileName, contentType, size }, auth());
  expect(res.status).toBe(201);
  return res.body as { evidenceId: string; upload: any };
}

const put = (url: string, body: Buffer, headers: Record<string, string> = {}) => fetch(url, { method: 'PUT', headers, body: new Uint8Array(body) });

beforeAll(async () => {
  stack = await freshStack();
  const res = await fileReport(stack.url, {
    subjectType: 'institution',
    district: 'minhang',
    channel: 'advertising',
    description: '朋友圈广告写着电工证包过，考不过全额退款，交钱就行。',
    anonymous: true,
  });
  receipt = res.body;
});
afterAll(async () => stack?.dispose());

describe('evidence cannot be changed after its check', () => {
  it('refuses a second PUT through the same URL, and keeps the checked hash', async () => {
    // A whole photo (the check decodes it in full: a cut-off JPEG is refused), and a program of the same size.
    const jpeg = await fixture('ad-screenshot.jpg');
    const exe = Buffer.alloc(jpeg.length, 0x90);
    exe.write('MZ', 0, 'latin1');
    const { evidenceId, upload } = await declare('广告.jpg', 'image/jpeg', jpeg.length);
    expect((await put(upload.url, jpeg, upload.headers)).status).toBe(200);
    const first = await api(stack.url, `${evidencePath(evidenceId)}/complete`, {}, auth());
    expect(first.status).toBe(200);

    const again = await put(upload.url, exe, upload.headers);
    expect(again.status).toBe(412);
    const second = await api(stack.url, `${evidencePath(evidenceId)}/complete`, {}, auth());
    expect(second.body.sha256).toBe(first.body.sha256);
    const chunks: Uint8Array[] = [];
    for await (const chunk of stack.deps.storage.read(`reports/${receipt.trackingCode}/${evidenceId}`)) chunks.push(chunk);
    const stored = Buffer.concat(chunks);
    expect(stored.subarray(0, 2).toString('latin1')).not.toBe('MZ');
  });

  it('flags a refused file put back through its URL, and deletes it again', async () => {
    const exe = Buffer.alloc(3000, 0x90);
    exe.write('MZ', 0, 'latin1');
    const { evidenceId, upload } = await declare('截图.jpg', 'image/jpeg', exe.length);
    expect((await put(upload.url, exe, upload.headers)).status).toBe(200);
    const refused = await api(stack.url, `${evidencePath(evidenceId)}/complete`, {}, auth());
    expect(refused.status).toBe(422);

    expect((await put(upload.url, exe, upload.headers)).status).toBe(200); // the key was free again
    const key = `reports/${receipt.trackingCode}/${evidenceId}`;
    await expect.poll(async () => (await stack.deps.store.load(receipt.trackingCode))?.evidence[evidenceId]?.tampering?.length ?? 0).toBe(1);
    await expect.poll(() => stack.deps.storage.head(key)).toBeUndefined();
    const report = await stack.deps.store.load(receipt.trackingCode);
    expect(report!.evidence[evidenceId]!.status).toBe('rejected');
    expect(report!.events.some((e) => e.type === 'evidence-tampered')).toBe(true);
  });

  it('serves staff the checked file under a name that follows its verified type', async () => {
    const jpeg = await fixture('ad-screenshot.jpg');
    const { evidenceId, upload } = await declare('证据.zip', 'image/jpeg', jpeg.length);
    await put(upload.url, jpeg, upload.headers);
    expect((await api(stack.url, `${evidencePath(evidenceId)}/complete`, {}, auth())).status).toBe(200);
    const staff = await signIn(stack.url, 'minhang');
    const link = await staff.post(`/reports/${receipt.trackingCode}/evidence/${evidenceId}/original`, { reason: '核对文件类型' });
    expect(link.status).toBe(200);
    const download = await fetch(link.body.url);
    expect(download.headers.get('content-type')).toBe('image/jpeg');
    expect(decodeURIComponent(download.headers.get('content-disposition')!)).toContain('证据.jpg');
    expect(Buffer.from(await download.arrayBuffer()).equals(jpeg)).toBe(true);
  });
});

describe('multipart uploads are what was declared', () => {
  const video = async (size: number) => {
    const mp4 = await fixture('exam-room.mp4');
    const file = Buffer.alloc(size);
    mp4.copy(file);
    return file;
  };

  it('refuses a video larger than declared', async () => {
    const { evidenceId, upload } = await declare('考场.mp4', 'video/mp4', 6 * 1000 * 1000);
    expect(upload.parts).toHaveLength(2);
    const file = await video(11 * 1000 * 1000);
    const parts = [];
    for (const [i, part] of upload.parts.entries()) {
      const slice = i === 0 ? file.subarray(0, upload.partSize) : file.subarray(upload.partSize);
      const res = await put(part.url, slice);
      parts.push({ partNumber: part.partNumber, etag: res.headers.get('etag')! });
    }
    const complete = await api(stack.url, `${evidencePath(evidenceId)}/complete`, { parts }, auth());
    expect(complete.status).toBe(400);
    expect(complete.body.error.code).toBe('upload_mismatch');
    expect(complete.body.error.message).toMatch(/第 2 片/);
  });

  it('refuses a part list that is not complete, and stays up when a listed part was never sent', async () => {
    const { evidenceId, upload } = await declare('考场2.mp4', 'video/mp4', 6 * 1000 * 1000);
    const file = await video(6 * 1000 * 1000);
    const first = await put(upload.parts[0].url, file.subarray(0, upload.partSize));
    const etag = first.headers.get('etag')!;

    const onlyFirst = await api(stack.url, `${evidencePath(evidenceId)}/complete`, { parts: [{ partNumber: 1, etag }] }, auth());
    expect(onlyFirst.status).toBe(400);
    expect(onlyFirst.body.error.code).toBe('upload_incomplete');

    const withMissing = await api(stack.url, `${evidencePath(evidenceId)}/complete`, { parts: [{ partNumber: 1, etag }, { partNumber: 2, etag: 'made-up' }] }, auth());
    expect(withMissing.status).toBe(400);
    expect(withMissing.body.error.message).toMatch(/第 2/);

    // The emulator itself refuses to join a part it does not have, instead of dying.
    const record = (await stack.deps.store.load(receipt.trackingCode))!.evidence[evidenceId]!;
    await expect(
      stack.clients.s3.send(new CompleteMultipartUploadCommand({ Bucket: LOCAL_BUCKET, Key: record.key, UploadId: record.uploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: etag }, { PartNumber: 2, ETag: '"abc"' }] } })),
    ).rejects.toMatchObject({ name: 'InvalidPart' });

    // Still serving, and the upload can be finished after all.
    const renewed = await api(stack.url, `${evidencePath(evidenceId)}/upload`, {}, auth());
    expect(renewed.status).toBe(200);
    expect(renewed.body.upload.stored.map((p: { partNumber: number }) => p.partNumber)).toEqual([1]);
    expect(renewed.body.upload.parts.map((p: { partNumber: number }) => p.partNumber)).toEqual([2]);
    const second = await put(renewed.body.upload.parts[0].url, file.subarray(upload.partSize));
    const done = await api(stack.url, `${evidencePath(evidenceId)}/complete`, { parts: [{ partNumber: 1, etag }, { partNumber: 2, etag: second.headers.get('etag')! }] }, auth());
    expect(done.status).toBe(200);
    expect(done.body.size).toBe(6 * 1000 * 1000);
  });
});

describe('ids from a URL', () => {
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('%s names no evidence', async (id) => {
    const complete = await api(stack.url, `${evidencePath(id)}/complete`, {}, auth());
    expect(complete.status).toBe(404);
    expect(complete.body.error.code).toBe('evidence_not_found');
    const renew = await api(stack.url, `${evidencePath(id)}/upload`, {}, auth());
    expect(renew.status).toBe(404);
    const staff = await signIn(stack.url, 'minhang');
    expect((await staff.get(`/reports/${receipt.trackingCode}/evidence/${id}`)).status).toBe(404);
  });
});
