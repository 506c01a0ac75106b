// What evidence the portal takes, and how big. Shared by the API, the evidence check and the form.

export const MAX_EVIDENCE_PER_REPORT = 10;
export const PHOTO_MAX_BYTES = 20 * 1024 * 1024;
export const VIDEO_MAX_BYTES = 2 * 1024 * 1024 * 1024;
const MIB = 1024 * 1024;
/**
 * Multipart part size for a video: S3's minimum of 5 MiB (small parts retry cheaply on a phone), grown in whole
 * MiB so that no video needs more than 200 part URLs.
 */
export function partSizeFor(size: number): number {
  return Math.max(5 * MIB, Math.ceil(size / 200 / MIB) * MIB);
}

export type EvidenceKind = 'photo' | 'video' | 'document';

export const EVIDENCE_TYPES = {
  'image/jpeg': { kind: 'photo', label: 'JPEG 照片', ext: 'jpg', otherExts: ['jpeg', 'jpe'] },
  'image/png': { kind: 'photo', label: 'PNG 图片', ext: 'png', otherExts: [] },
  'image/heic': { kind: 'photo', label: 'HEIC 照片', ext: 'heic', otherExts: ['heif'] },
  'image/webp': { kind: 'photo', label: 'WebP 图片', ext: 'webp', otherExts: [] },
  'video/mp4': { kind: 'video', label: 'MP4 视频', ext: 'mp4', otherExts: ['m4v'] },
  'video/quicktime': { kind: 'video', label: 'MOV 视频', ext: 'mov', otherExts: ['qt'] },
  'video/webm': { kind: 'video', label: 'WebM 视频', ext: 'webm', otherExts: [] },
} as const satisfies Record<string, { kind: EvidenceKind; label: string; ext: string; otherExts: readonly string[] }>;

/** What the reporter may send: photos and videos. */
export type EvidenceContentType = keyof typeof EVIDENCE_TYPES;
export const EVIDENCE_CONTENT_TYPES = Object.keys(EVIDENCE_TYPES) as [EvidenceContentType, ...EvidenceContentType[]];

export const DOCUMENT_MAX_BYTES = 50 * 1024 * 1024;
export const MAX_STAFF_FILES_PER_REPORT = 200;

/**
 * What staff may add to a case besides photos and videos: 询问笔录 and other documents as PDF or Word files (the
 * scanned, signed record is the original). Checked by magic bytes like the reporter's files.
 */
export const FILE_TYPES = {
  ...EVIDENCE_TYPES,
  'application/pdf': { kind: 'document', label: 'PDF 文件', ext: 'pdf', otherExts: [] },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { kind: 'document', label: 'Word 文档（.docx）', ext: 'docx', otherExts: [] },
} as const satisfies Record<string, { kind: EvidenceKind; label: string; ext: string; otherExts: readonly string[] }>;
export type FileContentType = keyof typeof FILE_TYPES;
export const FILE_CONTENT_TYPES = Object.keys(FILE_TYPES) as [FileContentType, ...FileContentType[]];

export function maxBytesFor(contentType: FileContentType): number {
  const kind = FILE_TYPES[contentType].kind;
  return kind === 'photo' ? PHOTO_MAX_BYTES : kind === 'document' ? DOCUMENT_MAX_BYTES : VIDEO_MAX_BYTES;
}

/** Browsers label HEIC/MOV inconsistently; map the aliases they send to the type we store. */
export const CONTENT_TYPE_ALIASES: Record<string, EvidenceContentType> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'image/heif': 'image/heic',
  'image/heic-sequence': 'image/heic',
  'video/mov': 'video/quicktime',
};

/** Content types detected from magic bytes (file-type's answers) that count as the declared type. */
export function sameEvidenceType(declared: FileContentType, detected: string | undefined): boolean {
  if (!detected) return false;
  const canonical = CONTENT_TYPE_ALIASES[detected] ?? detected;
  if (canonical === declared) return true;
  // An iPhone .mov and an .mp4 share the ISO-BMFF container; file-type may name either.
  const iso = ['video/mp4', 'video/quicktime'];
  return iso.includes(declared) && iso.includes(canonical);
}

/** The name a checked file is served under: its extension follows the verified type, whatever it was called. */
export function servedFileName(fileName: string, contentType: FileContentType): string {
  const { ext, otherExts } = FILE_TYPES[contentType];
  const dot = fileName.lastIndexOf('.');
  const current = dot > 0 ? fileName.slice(dot + 1).toLowerCase() : '';
  if (current === ext || (otherExts as readonly string[]).includes(current)) return fileName;
  const base = dot > 0 ? fileName.slice(0, dot) : fileName;
  return `${base || '证据'}.${ext}`;
}

export function formatBytes(bytes: number): string {
  const oneDecimal = (n: number) => String(Number(n.toFixed(1)));
  if (bytes >= 1024 * 1024 * 1024) return `${oneDecimal(bytes / 1024 / 1024 / 1024)} GB`;
  if (bytes >= 1024 * 1024) return `${oneDecimal(bytes / 1024 / 1024)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
