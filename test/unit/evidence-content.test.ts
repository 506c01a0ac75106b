import exifr from 'exifr';
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ocrReader } from '../../functions/adapters/ocr-reader';
import { sharpImages } from '../../functions/adapters/sharp-images';
import { checkStoredObject } from '../../functions/core/evidence-check';
import { appendImageText, markImageMatches, MIN_LINE_CONFIDENCE } from '../../functions/core/evidence-text';
import type { EvidenceStorage } from '../../functions/core/ports';
import type { EvidenceRecord } from '../../functions/core/report';

// A file must be what it says in full (decoded by sharp), a photo is shown as a copy without its metadata, and the
// text of a screenshot is read offline (PaddleOCR models through onnxruntime-node): all with the real libraries, on
// images rendered by test/fixtures/render-screenshots.ts.

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url));
const POSTER = fixture('screenshots/poster-ad.jpg');
const CHAT = fixture('screenshots/chat-ad.png');
const BARS = fixture('ad-screenshot.jpg');

/** One stored object, as the bucket would hold it. */
function storageOf(bytes: Uint8Array): EvidenceStorage {
  return {
    head: async () => ({ size: bytes.length, versionId: 'v1' }),
    async *read() {
      yield bytes;
    },
  } as Partial<EvidenceStorage> as EvidenceStorage;
}

const record = (contentType: EvidenceRecord['contentType'], size: number): EvidenceRecord => ({
  evidenceId: 'e1',
  fileName: '截图.jpg',
  contentType,
  kind: 'photo',
  declaredSize: size,
  key: 'reports/ABCD-EFGH-JKMN/e1',
  status: 'pending',
  addedAt: '2026-12-01T00:00:00Z',
  addedBy: 'reporter',
});

const check = (bytes: Uint8Array, contentType: EvidenceRecord['contentType']) => checkStoredObject(storageOf(bytes), record(contentType, bytes.length), sharpImages);

describe('a photo must decode in full', () => {
  it('refuses a 10-byte JPEG that starts like one, in plain Chinese', async () => {
    const truncated = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]);
    const outcome = await check(truncated, 'image/jpeg');
    expect(outcome).toMatchObject({ accepted: false });
    expect(outcome && !outcome.accepted && outcome.reason).toBe('文件开头是JPEG 照片，但图像内容不完整或已损坏，无法打开，已删除。请从手机相册重新上传原图');
  });

  it('refuses a real JPEG cut off half-way', async () => {
    const outcome = await check(POSTER.subarray(0, Math.floor(POSTER.length / 2)), 'image/jpeg');
    expect(outcome).toMatchObject({ accepted: false, reason: expect.stringContaining('不完整或已损坏') });
  });

  it('refuses a RIFF/WebP header with no image after it', async () => {
    const riff = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x1a, 0, 0, 0]), Buffer.from('WEBPVP8 '), Buffer.from([0x0e, 0, 0, 0]), Buffer.alloc(14)]);
    const outcome = await check(riff, 'image/webp');
    expect(outcome).toMatchObject({ accepted: false, reason: expect.stringContaining('WebP 图片，但图像内容不完整或已损坏') });
  });

  it('accepts whole JPEG, PNG and WebP files and hands back their bytes for the display copy', async () => {
    const webp = await sharp(CHAT).webp().toBuffer();
    for (const [bytes, type] of [[POSTER, 'image/jpeg'], [CHAT, 'image/png'], [webp, 'image/webp']] as const) {
      const outcome = await check(bytes, type);
      expect(outcome).toMatchObject({ accepted: true, detectedType: type });
      expect(outcome && outcome.accepted && outcome.bytes?.length).toBe(bytes.length);
    }
  });
});

describe('display copies', () => {
  it('carry no EXIF, GPS or device data, while the original does', async () => {
    const original = await exifr.parse(POSTER, { gps: true, tiff: true });
    expect(original).toMatchObject({ Make: 'FixturePhone', Model: 'FP-1', latitude: 31.15 });
    const copy = await sharpImages.displayCopy(POSTER);
    expect(copy.contentType).toBe('image/webp');
    // exifr reads no WebP: the RIFF chunks say it instead (no EXIF, XMP or ICC chunk), and sharp's metadata below.
    const bytes = Buffer.from(copy.bytes);
    const chunks: string[] = [];
    for (let at = 12; at + 8 <= bytes.length; at += 8 + bytes.readUInt32LE(at + 4) + (bytes.readUInt32LE(at + 4) % 2)) chunks.push(bytes.toString('latin1', at, at + 4));
    expect(chunks.some((c) => c.startsWith('VP8'))).toBe(true);
    expect(chunks.filter((c) => ['EXIF', 'XMP ', 'ICCP'].includes(c))).toEqual([]);
    expect(bytes.includes('FixturePhone')).toBe(false);
    const meta = await sharp(copy.bytes).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 1170, height: 2532 });
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.icc).toBeUndefined();
  });

  it('are turned upright by the EXIF orientation and kept within 2560 px', async () => {
    // 4000×1000 as stored, orientation 6 (rotate 90° clockwise to view): upright it is 1000 wide and 4000 tall.
    const sideways = await sharp({ create: { width: 4000, height: 1000, channels: 3, background: '#c33' } }).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const copy = await sharpImages.displayCopy(sideways);
    expect([copy.width, copy.height]).toEqual([640, 2560]);
    expect((await sharp(copy.bytes).metadata()).orientation).toBeUndefined();
  });
});

describe('reading screenshots (offline OCR)', () => {
  const joined = async (image: Buffer) => (await ocrReader.read(image)).filter((l) => l.confidence >= MIN_LINE_CONFIDENCE).map((l) => l.text).join('\n');

  it('reads 包过 and the price on a poster-like post', async () => {
    const text = await joined(POSTER);
    expect(text).toContain('包过');
    expect(text).toContain('2980元');
    expect(text).toContain('不用考试');
  });

  it('reads 包过 and the price in a chat', async () => {
    const text = await joined(CHAT);
    expect(text).toContain('包过');
    expect(text).toMatch(/3500元/);
  });

  it('finds no words in colour bars (only the test pattern’s timecode, no Chinese)', async () => {
    const text = await joined(BARS);
    expect(text).not.toMatch(/\p{Script=Han}/u);
  });
});

describe('image text on the report', () => {
  it('adds each image’s lines in the order they were read, leaving out unsure lines', () => {
    const first = appendImageText(undefined, [{ text: '电工证包过', confidence: 1 }, { text: '噪点', confidence: 0.3 }]);
    expect(first).toBe('电工证包过');
    expect(appendImageText(first, [{ text: ' 全包价2980元 ', confidence: 0.99 }])).toBe('电工证包过\n全包价2980元');
    expect(appendImageText('甲'.repeat(2999), [{ text: '乙乙', confidence: 1 }])).toHaveLength(3000);
  });

  it('marks the matched words that came from the image, not from the reporter', () => {
    const marked = markImageMatches([{ ruleId: 'SH2025-22-9', matched: ['证包过 不用考试三天拿', '朋友圈'] }], '我在朋友圈看到的，见截图');
    expect(marked[0]!.matchedFromImage).toEqual(['证包过 不用考试三天拿']);
  });
});
