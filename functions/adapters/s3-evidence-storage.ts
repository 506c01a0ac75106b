import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListPartsCommand,
  NoSuchUpload,
  NotFound,
  PutObjectCommand,
  S3ServiceException,
  UploadPartCommand,
  type Part,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { FileContentType } from '../core/evidence-types';
import type { EvidenceStorage, StoredPart } from '../core/ports';

/**
 * Upload URLs live long enough to start one photo or one part on a slow phone connection (S3 checks the expiry
 * when a request starts, not when it ends); the browser asks for fresh ones to go on after that.
 */
export const UPLOAD_URL_SECONDS = 15 * 60;

const isStatus = (error: unknown, status: number) => error instanceof S3ServiceException && error.$metadata.httpStatusCode === status;

export class S3EvidenceStorage implements EvidenceStorage {
  /**
   * @param client must be created with requestChecksumCalculation 'WHEN_REQUIRED' (see clients.ts), or the SDK
   *   signs a CRC32 of an empty body into every presigned PUT URL.
   */
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private expiresAt(): string {
    return new Date(this.now().getTime() + UPLOAD_URL_SECONDS * 1000).toISOString();
  }

  async presignPut(key: string, contentType: FileContentType, size: number) {
    const url = await getSignedUrl(
      this.client,
      new PutObjectCommand({ Bucket: this.bucket, Key: key, ContentType: contentType, ContentLength: size, IfNoneMatch: '*' }),
      // Signed headers: S3 refuses an upload declared as another type, and (If-None-Match) one that would replace
      // an object already stored, so a checked file cannot be swapped for another with the same URL.
      { expiresIn: UPLOAD_URL_SECONDS, signableHeaders: new Set(['content-type', 'if-none-match']) },
    );
    return { url, headers: { 'Content-Type': contentType, 'If-None-Match': '*' }, expiresAt: this.expiresAt() };
  }

  async createMultipart(key: string, contentType: FileContentType) {
    const { UploadId } = await this.client.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: key, ContentType: contentType }));
    return UploadId!;
  }

  async presignPart(key: string, uploadId: string, partNumber: number) {
    const url = await getSignedUrl(this.client, new UploadPartCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId, PartNumber: partNumber }), {
      expiresIn: UPLOAD_URL_SECONDS,
    });
    return { url, expiresAt: this.expiresAt() };
  }

  async listParts(key: string, uploadId: string): Promise<StoredPart[] | undefined> {
    const parts: Part[] = [];
    let marker: string | undefined;
    try {
      do {
        const page = await this.client.send(new ListPartsCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId, PartNumberMarker: marker }));
        parts.push(...(page.Parts ?? []));
        marker = page.IsTruncated ? page.NextPartNumberMarker : undefined;
      } while (marker);
    } catch (error) {
      if (error instanceof NoSuchUpload || isStatus(error, 404)) return undefined;
      throw error;
    }
    return parts.map((p) => ({ partNumber: p.PartNumber!, etag: (p.ETag ?? '').replace(/"/g, ''), size: p.Size ?? 0 }));
  }

  async completeMultipart(key: string, uploadId: string, parts: { partNumber: number; etag: string }[]) {
    await this.client.send(
      new CompleteMultipartUploadCommand({
        Bucket: this.bucket,
        Key: key,
        UploadId: uploadId,
        IfNoneMatch: '*',
        MultipartUpload: { Parts: parts.map((p) => ({ PartNumber: p.partNumber, ETag: `"${p.etag.replace(/"/g, '')}"` })) },
      }),
    );
  }

  async abortMultipart(key: string, uploadId: string) {
    try {
      await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId }));
    } catch (error) {
      if (!(error instanceof NoSuchUpload || isStatus(error, 404))) throw error;
    }
  }

  async head(key: string) {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return {
        size: head.ContentLength ?? 0,
        ...(head.ETag ? { etag: head.ETag.replace(/"/g, '') } : {}),
        ...(head.VersionId && head.VersionId !== 'null' ? { versionId: head.VersionId } : {}),
      };
    } catch (error) {
      if (error instanceof NotFound || isStatus(error, 404)) return undefined;
      throw error;
    }
  }

  async *read(key: string, versionId?: string): AsyncIterable<Uint8Array> {
    const { Body } = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key, VersionId: versionId }));
    yield* Body as AsyncIterable<Uint8Array>;
  }

  async put(key: string, body: Uint8Array, contentType: string) {
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }));
  }

  async delete(key: string) {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  presignGet(key: string, download: { fileName: string; contentType: string; versionId?: string }, expiresInSeconds: number) {
    return getSignedUrl(
      this.client,
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: key,
        VersionId: download.versionId,
        ResponseContentType: download.contentType,
        ResponseContentDisposition: `inline; filename*=UTF-8''${encodeURIComponent(download.fileName)}`,
      }),
      { expiresIn: expiresInSeconds },
    );
  }
}
