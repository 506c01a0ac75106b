import { createHash } from 'node:crypto';
import exifr from 'exifr';
import { fileTypeFromBuffer } from 'file-type';
import { FILE_TYPES, formatBytes, maxBytesFor, sameEvidenceType } from './evidence-types';
import type { EvidenceStorage, ImageTools, StoredObject } from './ports';
import type { EvidenceRecord } from './report';

// The checks every uploaded file passes before it counts as evidence: the API's complete call and the
// bucket's ObjectCreated handler run this same code, so a client that never calls complete cannot leave an
// unchecked file behind.

/** Enough of the file for magic bytes and the EXIF block of a phone photo. */
const HEAD_BYTES = 256 * 1024;

/**
 * Image types decoded in full before they count (sharp's prebuilt libvips). HEIC is not among them: its HEVC codec is
 * not in the prebuilt library, so an iPhone photo is checked by its magic bytes only and gets no display copy.
 */
export const DECODED_TYPES: readonly string[] = ['image/jpeg', 'image/png', 'image/webp'];

export type CheckOutcome = (
  | { accepted: true; size: number; sha256: string; detectedType: string; capturedAt?: string; bytes?: Uint8Array }
  | { accepted: false; reason: string; size?: number }
) & { object: StoredObject };

/**
 * `images`, where given, decodes JPEG, PNG and WebP photos in full: a file must be what it says, not only start like
 * it (a truncated JPEG, a RIFF header with nothing after it). The whole photo is then kept in memory (at most
 * PHOTO_MAX_BYTES) and returned as `bytes`, for the display copy.
 */
export async function checkStoredObject(storage: EvidenceStorage, evidence: EvidenceRecord, images?: ImageTools): Promise<CheckOutcome | undefined> {
  const object = await storage.head(evidence.key);
  if (!object) return undefined;
  const { size } = object;
  const label = FILE_TYPES[evidence.contentType].label;
  const max = maxBytesFor(evidence.contentType);
  if (size > max) return { accepted: false, size, object, reason: `文件有 ${formatBytes(size)}，超过了${label}的上限 ${formatBytes(max)}，已删除` };
  if (size === 0) return { accepted: false, size, object, reason: '文件是空的，已删除，请重新上传' };
  // What is stored must be what was declared: the declared size decided the upload's parts and limits.
  if (size !== evidence.declaredSize) {
    return { accepted: false, size, object, reason: `上传的文件有 ${size} 字节，与声明的 ${evidence.declaredSize} 字节不一致，已删除，请重新上传原文件` };
  }

  const hash = createHash('sha256');
  const head: Buffer[] = [];
  let headLength = 0;
  const decode = images !== undefined && DECODED_TYPES.includes(evidence.contentType);
  // The version that was measured is the version that is read, hashed and later served.
  for await (const chunk of storage.read(evidence.key, object.versionId)) {
    hash.update(chunk);
    if (decode) head.push(Buffer.from(chunk));
    else if (headLength < HEAD_BYTES) {
      head.push(Buffer.from(chunk));
      headLength += chunk.byteLength;
    }
  }
  const whole = decode ? Buffer.concat(head) : undefined;
  const headBuffer = (whole ?? Buffer.concat(head)).subarray(0, HEAD_BYTES);
  const detected = await fileTypeFromBuffer(headBuffer);
  if (!sameEvidenceType(evidence.contentType, detected?.mime)) {
    const actual = detected ? `实际是 ${detected.ext.toUpperCase()} 文件` : '无法识别文件内容';
    return { accepted: false, size, object, reason: `文件内容与“${label}”不符（${actual}），已删除。${evidence.kind === 'document' ? '请上传原始文件' : '请上传原始的照片或视频'}` };
  }
  if (whole && !(await images!.decodes(whole))) {
    return { accepted: false, size, object, reason: `文件开头是${label}，但图像内容不完整或已损坏，无法打开，已删除。请从手机相册重新上传原图` };
  }
  return {
    accepted: true,
    size,
    object,
    sha256: hash.digest('hex'),
    detectedType: detected!.mime,
    capturedAt: evidence.kind === 'photo' ? await captureTime(headBuffer) : undefined,
    ...(whole ? { bytes: whole } : {}),
  };
}

async function captureTime(head: Buffer): Promise<string | undefined> {
  try {
    // Raw values: EXIF times carry no zone, so keep the camera's wall-clock time as written.
    const tags = await exifr.parse(head, { pick: ['DateTimeOriginal', 'CreateDate'], reviveValues: false });
    const raw: unknown = tags?.DateTimeOriginal ?? tags?.CreateDate;
    const m = typeof raw === 'string' ? /^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})/.exec(raw) : null;
    return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}` : undefined;
  } catch {
    return undefined; // a photo without readable EXIF is still evidence
  }
}
