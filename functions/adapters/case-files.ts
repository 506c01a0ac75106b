import { createHash } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { mutate } from '../core/changes';
import { composeDocument, type DocumentContent } from '../core/documents/content';
import { DOCUMENT_KIND_NAMES } from '../core/documents/office';
import { archivePlan, sha256Sums } from '../core/procedure/archive-contents';
import { targetSlug } from '../core/procedure/on-report';
import type { DocumentFiles } from '../core/procedure/ports';
import type { CaseFileRecord, CaseProcedure, DocumentTarget, IssuedFiles, StoredFile } from '../core/procedure/types';
import type { ReportRecord } from '../core/report';
import type { Adapters } from './wiring';
import { logger } from './observability';
import { BUCKET_PREFIXES } from './table-schema';

// The procedure's files in the bucket's case-files prefix, which keeps the evidence bucket's default Object Lock
// retention (governance, evidenceRetentionDays): each issued document as PDF and DOCX, written once with its
// SHA-256, and the one 处理档案 zip per closed case. Staff download both through five-minute links.

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest();
const CONTENT_TYPES = { pdf: 'application/pdf', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' } as const;

export const caseFileKey = (code: string) => `${BUCKET_PREFIXES.caseFiles}${code}/case-file-${code}.zip`;

export class S3DocumentFiles implements DocumentFiles {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async render(content: DocumentContent, format: 'pdf' | 'docx'): Promise<Uint8Array> {
    const doc = composeDocument(content);
    if (format === 'docx') return (await import('./documents/docx')).renderDocx(doc);
    return (await import('./documents/pdf')).renderPdf(doc, { date: new Date(`${content.date}T00:00:00+08:00`) });
  }

  /** Write-once (If-None-Match), with the SHA-256 sent for S3 to check (an Object Lock bucket wants a checksum). */
  private async put(key: string, bytes: Uint8Array, contentType: string, fileName: string): Promise<StoredFile> {
    const digest = sha256(bytes);
    const out = await this.s3.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: bytes, ContentType: contentType, ContentLength: bytes.length, ChecksumSHA256: digest.toString('base64'), IfNoneMatch: '*' }),
    );
    return {
      key,
      fileName,
      contentType,
      size: bytes.length,
      sha256: digest.toString('hex'),
      ...(out.VersionId && out.VersionId !== 'null' ? { versionId: out.VersionId } : {}),
    };
  }

  async issue(caseId: string, target: DocumentTarget, content: DocumentContent): Promise<IssuedFiles> {
    const [pdf, docx] = await Promise.all([this.render(content, 'pdf'), this.render(content, 'docx')]);
    const name = `${content.docNo}${DOCUMENT_KIND_NAMES[content.kind]}`;
    // The key names the document's place and its 文号's serial (unique per office, kind and year), never a guess.
    const base = `${BUCKET_PREFIXES.caseFiles}${caseId}/documents/${targetSlug(target)}-${content.date}-${sha256(Buffer.from(content.docNo)).toString('hex').slice(0, 12)}`;
    const [pdfFile, docxFile] = await Promise.all([
      this.put(`${base}.pdf`, pdf, CONTENT_TYPES.pdf, `${name}.pdf`),
      this.put(`${base}.docx`, docx, CONTENT_TYPES.docx, `${name}.docx`),
    ]);
    return { pdf: pdfFile, docx: docxFile };
  }

  link(file: StoredFile, expiresInSeconds: number): Promise<string> {
    return getSignedUrl(
      this.s3,
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: file.key,
        VersionId: file.versionId,
        ResponseContentType: file.contentType,
        ResponseContentDisposition: `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      }),
      { expiresIn: expiresInSeconds },
    );
  }
}

class IntegrityError extends Error {}

/** A stored object as a stream whose SHA-256 and length are known once it has been read to its end. */
function hashed(source: AsyncIterable<Uint8Array>) {
  const hash = createHash('sha256');
  let size = 0;
  const result: { sha256?: string; size?: number } = {};
  const stream = Readable.from(
    (async function* () {
      for await (const chunk of source) {
        hash.update(chunk);
        size += chunk.byteLength;
        yield chunk;
      }
      result.sha256 = hash.digest('hex');
      result.size = size;
    })(),
  );
  return { stream, result };
}

/**
 * Writes the case file: every document as issued, the evidence originals (each read back and its SHA-256 checked
 * against the one recorded), the investigation record and the audit trail, a SHA256SUMS.txt and manifest.json;
 * streamed from the bucket into the zip and the zip into the bucket (multipart), so its size is not bounded by
 * memory. ZIP64 where an entry or the archive passes 4 GB (archiver does it by itself).
 */
export async function writeCaseFile(s3: S3Client, bucket: string, made: Pick<Adapters, 'storage'>, record: ReportRecord, procedure: CaseProcedure, at: Date): Promise<{ file: StoredFile; entries: number }> {
  const key = caseFileKey(record.trackingCode);
  const exists = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key })).then(
    () => true,
    (error: { $metadata?: { httpStatusCode?: number }; name?: string }) => {
      if (error.$metadata?.httpStatusCode === 404 || error.name === 'NotFound') return false;
      throw error;
    },
  );
  if (exists) throw new IntegrityError('本案的处理档案已经生成过（每案一份，不能覆盖）');
  const plan = archivePlan(record, procedure);
  const { default: archiver } = await import('archiver');
  const zip = archiver('zip', { zlib: { level: 6 } });
  const body = new PassThrough();
  const zipHash = createHash('sha256');
  let zipSize = 0;
  zip.on('data', (chunk: Buffer) => {
    zipHash.update(chunk);
    zipSize += chunk.length;
  });
  zip.pipe(body);
  const zipError = new Promise<never>((_, reject) => zip.on('error', reject));
  const fileName = `处理档案-${record.trackingCode}.zip`;
  const upload = new Upload({ client: s3, params: { Bucket: bucket, Key: key, Body: body, ContentType: 'application/zip', ChecksumAlgorithm: 'SHA256' } }).done();
  const date = at;

  const entry = () => new Promise<void>((resolve) => zip.once('entry', () => resolve()));
  const rows: { path: string; sha256: string; size: number; what: string; key?: string; versionId?: string }[] = [];
  const add = async (source: Readable | string, name: string, store: boolean) => {
    const done = entry();
    zip.append(source, { name, date, store });
    await Promise.race([done, zipError]);
  };
  try {
    for (const text of plan.texts) {
      const bytes = Buffer.from(text.text, 'utf8');
      await add(text.text, text.path, false);
      rows.push({ path: text.path, sha256: sha256(bytes).toString('hex'), size: bytes.length, what: '生成的文本' });
    }
    for (const file of plan.files) {
      const { stream, result } = hashed(made.storage.read(file.key, file.versionId));
      // Photos, videos, PDFs and DOCX are compressed already.
      await add(stream, file.path, true);
      if (result.sha256 !== file.sha256 || result.size !== file.size) {
        throw new IntegrityError(`${file.what} 读出的 SHA-256 与记录的不一致（${file.path}）：档案没有生成，请联系管理员核查原件`);
      }
      rows.push({ path: file.path, sha256: result.sha256, size: result.size, what: file.what, key: file.key, ...(file.versionId ? { versionId: file.versionId } : {}) });
    }
    const manifest = {
      caseId: record.trackingCode,
      closedAt: procedure.closed?.at,
      createdAt: at.toISOString(),
      algorithm: 'SHA-256',
      files: rows,
    };
    await add(sha256Sums(rows), 'SHA256SUMS.txt', false);
    await add(JSON.stringify(manifest, null, 2), 'manifest.json', false);
    await Promise.race([zip.finalize(), zipError]);
    const out = await upload;
    return {
      file: { key, fileName, contentType: 'application/zip', size: zipSize, sha256: zipHash.digest('hex'), ...(out.VersionId && out.VersionId !== 'null' ? { versionId: out.VersionId } : {}) },
      entries: rows.length,
    };
  } catch (error) {
    zip.abort();
    body.destroy();
    await upload.catch(() => undefined);
    throw error;
  }
}

/** Runs one case-file job to its end, recording how it went on the report (queued → running → done or failed). */
export async function runCaseFileJob(made: Adapters, s3: S3Client, bucket: string, trackingCode: string, now = () => new Date()): Promise<CaseFileRecord | undefined> {
  const setCaseFile = (record: (current: CaseFileRecord | undefined) => CaseFileRecord | undefined, text?: string) =>
    mutate(made, trackingCode, (state) => {
      const procedure = state.procedure;
      if (!procedure?.closed) return undefined;
      const next = record(procedure.caseFile);
      if (!next) return undefined;
      return {
        set: { procedure: { ...procedure, caseFile: next } },
        events: text ? [{ at: now().toISOString(), type: 'procedure.case-file', actor: 'system', public: false, text, data: { status: next.status, ...(next.file ? { sha256: next.file.sha256, size: next.file.size } : {}) } }] : [],
      };
    });
  let started: CaseFileRecord | undefined;
  await setCaseFile((current) => {
    if (!current || current.status === 'done') return undefined;
    started = { ...current, status: 'running' };
    return started;
  });
  if (!started) return (await made.store.get(trackingCode))?.procedure?.caseFile;
  try {
    const record = (await made.store.load(trackingCode))!;
    const { file, entries } = await writeCaseFile(s3, bucket, made, record, record.procedure!, now());
    const done: CaseFileRecord = { ...started, status: 'done', file, entries, finishedAt: now().toISOString() };
    delete done.error;
    await setCaseFile(() => done, `处理档案已立卷（第三十条）：${entries} 个文件，SHA-256 ${file.sha256}`);
    return done;
  } catch (error) {
    logger.error('case file failed', { trackingCode, error: error as Error });
    const reason = error instanceof IntegrityError ? error.message : '处理档案没有生成，请稍后重试；如果一再失败，请联系管理员';
    const failed: CaseFileRecord = { ...started, status: 'failed', error: reason, finishedAt: now().toISOString() };
    await setCaseFile(() => failed, `处理档案未能生成：${reason}`);
    return failed;
  }
}
