import exifr from 'exifr';
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEvidenceText } from '../../functions/core/evidence-text';
import { api, fileReport, freshStack } from '../support/local-stack';
import { signIn } from '../support/staff-client';

// On the local stack (dynalite, s3rver, the checker and the text reader in this process, as on AWS): a screenshot
// of a 包过 advertisement with a description that names nothing is decoded, copied without its metadata, read, and
// triage then suggests 第二十二条（九） with the words it read in the image; staff see the copy and the text, find
// the report by a word of the image, and open the original only with a reason that goes on the audit trail.

const fixture = (name: string) => readFile(new URL(`../fixtures/${name}`, import.meta.url));
let stack: Awaited<ReturnType<typeof freshStack>>;
let receipt: { trackingCode: string; secret: string };
let evidenceId: string;
let staff: Awaited<ReturnType<typeof signIn>>;
const auth = () => ({ 'X-Report-Secret': receipt.secret });

async function upload(name: string, contentType: string, bytes: Buffer) {
  const declared = await api(stack.url, `/api/reports/${receipt.trackingCode}/evidence`, { fileName: name, contentType, size: bytes.length }, auth());
  expect(declared.status).toBe(201);
  const { upload } = declared.body;
  expect((await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: new Uint8Array(bytes) })).status).toBe(200);
  return { id: declared.body.evidenceId as string, complete: await api(stack.url, `/api/reports/${receipt.trackingCode}/evidence/${declared.body.evidenceId}/complete`, {}, auth()) };
}

beforeAll(async () => {
  stack = await freshStack();
  const res = await fileReport(stack.url, { subjectType: 'institution', district: 'minhang', channel: 'advertising', description: '在手机上看到的，详见截图，请核查。', anonymous: true });
  expect(res.status).toBe(201);
  receipt = res.body;
  staff = await signIn(stack.url, 'minhang');
});
afterAll(async () => stack?.dispose());

describe('a screenshot on the local stack', () => {
  it('refuses a JPEG that does not decode, with the reason in Chinese', async () => {
    const poster = await fixture('screenshots/poster-ad.jpg');
    const { complete } = await upload('截断.jpg', 'image/jpeg', poster.subarray(0, 10));
    expect(complete.status).toBe(422);
    expect(complete.body.error.message).toContain('图像内容不完整或已损坏');
  });

  it('is read and triaged again: 包过 and the price from the image, SH2025-22-9 with words marked as the image’s', async () => {
    const before = (await staff.get(`/reports/${receipt.trackingCode}`)).body;
    expect(before.suggestions.map((s: { ruleId: string }) => s.ruleId)).not.toContain('SH2025-22-9');
    const { id, complete } = await upload('广告截图.jpg', 'image/jpeg', await fixture('screenshots/poster-ad.jpg'));
    expect(complete.status).toBe(200);
    evidenceId = id;
    await stack.textRead();

    const view = (await staff.get(`/reports/${receipt.trackingCode}`)).body;
    const photo = view.evidence.find((e: { evidenceId: string }) => e.evidenceId === id);
    expect(photo.display).toEqual({ contentType: 'image/webp', width: 1170, height: 2532 });
    const text = photo.imageText.lines.map((l: { text: string }) => l.text).join('\n');
    expect(text).toContain('包过');
    expect(text).toContain('2980元');
    expect(view.imageText).toContain('包过');
    const top = view.suggestions[0];
    expect(top.ruleId).toBe('SH2025-22-9');
    expect(top.matchedFromImage.join('')).toContain('包过');
    expect(view.events.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['evidence-text-read', 'retriaged']));

    // A retried call (Lambda retries asynchronous invocations) leaves an image already read as it is, unread.
    const again = await readEvidenceText({ ...stack.deps, reader: { read: () => Promise.reject(new Error('must not be read twice')) } }, receipt.trackingCode, id);
    expect(again?.imageText?.lines.length).toBe(photo.imageText.lines.length);
    const reads = (await staff.get(`/reports/${receipt.trackingCode}`)).body.events.filter((e: { type: string }) => e.type === 'evidence-text-read');
    expect(reads).toHaveLength(1);
  });

  it('is found in the queue by a word that is only in the image', async () => {
    const search = async (q: string) => (await staff.get(`/reports?q=${encodeURIComponent(q)}`)).body.items.map((i: { trackingCode: string }) => i.trackingCode);
    expect(await search('全包价2980元')).toContain(receipt.trackingCode);
    expect(await search('全包价2981元')).not.toContain(receipt.trackingCode);
  });

  it('is shown as a display copy without EXIF, GPS or device data', async () => {
    const link = await staff.get(`/reports/${receipt.trackingCode}/evidence/${evidenceId}`);
    expect(link.body).toMatchObject({ copy: 'display', contentType: 'image/webp' });
    const copy = Buffer.from(await (await fetch(link.body.url)).arrayBuffer());
    const meta = await sharp(copy).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 1170, height: 2532 });
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(copy.includes('FixturePhone')).toBe(false);
  });

  it('opens the original only with a reason, logged on the audit trail with the original’s SHA-256', async () => {
    const path = `/reports/${receipt.trackingCode}/evidence/${evidenceId}/original`;
    const refused = await staff.post(path, { reason: '' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('事由');
    const opened = await staff.post(path, { reason: '核对拍摄时间和地点' });
    expect(opened.status).toBe(200);
    const original = Buffer.from(await (await fetch(opened.body.url)).arrayBuffer());
    expect(original.equals(await fixture('screenshots/poster-ad.jpg'))).toBe(true);
    expect(await exifr.parse(original, { gps: true })).toMatchObject({ latitude: 31.15 });

    const view = (await staff.get(`/reports/${receipt.trackingCode}`)).body;
    const photo = view.evidence.find((e: { evidenceId: string }) => e.evidenceId === evidenceId);
    expect(opened.body.sha256).toBe(photo.sha256);
    const logged = view.events.filter((e: { type: string }) => e.type === 'evidence-original-opened');
    expect(logged).toEqual([expect.objectContaining({ actor: expect.any(String), public: false, data: expect.objectContaining({ evidenceId, reason: '核对拍摄时间和地点', sha256: photo.sha256 }) })]);
    expect(logged[0].text).toContain('核对拍摄时间和地点');
    // Another district's staff cannot open it at all.
    const pudong = await signIn(stack.url, 'pudong');
    expect((await pudong.post(path, { reason: '核对拍摄时间和地点' })).status).toBe(404);
    // The reporter's look-up never shows who opened what.
    const seen = (await api(stack.url, '/api/track', receipt)).body;
    expect(JSON.stringify(seen)).not.toContain('核对拍摄时间和地点');
  });
});
