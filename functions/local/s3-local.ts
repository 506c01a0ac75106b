import { createRequire } from 'node:module';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import S3rver from 's3rver';

// s3rver with what it lacks and S3 does, so that the local stack refuses what AWS refuses:
// - conditional writes: PutObject and CompleteMultipartUpload with `If-None-Match: *` answer 412 when the key exists;
// - ListParts and AbortMultipartUpload (s3rver answers 405);
// - UploadPart to an upload that does not exist (or was completed) answers NoSuchUpload, instead of re-creating it;
// - CompleteMultipartUpload checks the part list: every part stored, ETags equal, all but the last ≥ 5 MiB
//   (s3rver streams whatever it finds and a missing part throws ENOENT outside any handler, killing the process).

const require = createRequire(import.meta.url);
const S3Error = require('s3rver/lib/models/error') as new (code: string, message: string, detail?: Record<string, unknown>) => Error;

const MIN_PART_BYTES = 5 * 1024 * 1024;

interface KoaContext {
  method: string;
  path: string;
  query: Record<string, string | undefined>;
  body: unknown;
  status: number;
  get(header: string): string;
  store: FilesystemStore;
}
type Middleware = (ctx: KoaContext, next: () => Promise<void>) => Promise<void> | void;
interface FilesystemStore {
  getResourcePath(bucket: string, key: string | undefined, resource: string): string;
  existsObject(bucket: string, key: string): Promise<boolean>;
  putPart(bucket: string, uploadId: string, partNumber: number, content: unknown): Promise<{ size: number; md5: string }>;
  putObjectMultipart(bucket: string, uploadId: string, parts: { number: number; etag: string }[]): Promise<{ md5: string; size: number }>;
}
interface S3rverInternals {
  middleware: Middleware[];
  use(middleware: Middleware): void;
  store: FilesystemStore;
}

export type LocalS3Options = ConstructorParameters<typeof S3rver>[0];

export function createLocalS3(options: LocalS3Options): S3rver {
  const server = new S3rver(options);
  const internals = server as unknown as S3rverInternals;
  const store = internals.store;
  const uploadDir = (bucket: string, uploadId: string) => join(store.getResourcePath(bucket, undefined, 'uploads'), uploadId);

  async function storedParts(bucket: string, uploadId: string) {
    const dir = uploadDir(bucket, uploadId);
    const names = await readdir(dir).catch(() => undefined);
    if (!names) return undefined;
    const numbers = names.filter((n) => /^\d+$/.test(n)).map(Number).sort((a, b) => a - b);
    return Promise.all(
      numbers.map(async (partNumber) => ({
        partNumber,
        size: (await stat(join(dir, String(partNumber)))).size,
        etag: (await readFile(join(dir, `${partNumber}.md5`), 'utf8').catch(() => '')).trim(),
      })),
    );
  }

  const noSuchUpload = (uploadId: string) =>
    new S3Error('NoSuchUpload', 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.', { UploadId: uploadId });

  // The router is the last middleware s3rver installs: ours go in front of it.
  const router = internals.middleware.pop()!;
  internals.use(async (ctx, next) => {
    const [bucket, ...rest] = ctx.path.slice(1).split('/');
    const key = decodeURIComponent(rest.join('/'));
    const uploadId = ctx.query.uploadId;
    if (!bucket || !key) return next();

    if (ctx.get('if-none-match') === '*' && ((ctx.method === 'PUT' && uploadId === undefined) || (ctx.method === 'POST' && uploadId))) {
      if (await store.existsObject(bucket, key)) {
        throw new S3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', { Condition: 'If-None-Match' });
      }
    }
    if (uploadId !== undefined && ctx.method === 'GET') {
      const parts = await storedParts(bucket, uploadId);
      if (!parts) throw noSuchUpload(uploadId);
      ctx.body = {
        ListPartsResult: {
          Bucket: bucket,
          Key: key,
          UploadId: uploadId,
          IsTruncated: false,
          Part: parts.map((p) => ({ PartNumber: p.partNumber, ETag: `"${p.etag}"`, Size: p.size })),
        },
      };
      return;
    }
    if (uploadId !== undefined && ctx.method === 'DELETE') {
      await rm(uploadDir(bucket, uploadId), { recursive: true, force: true });
      ctx.status = 204;
      return;
    }
    if (uploadId !== undefined && ctx.method === 'PUT' && (await storedParts(bucket, uploadId)) === undefined) throw noSuchUpload(uploadId);
    return next();
  });
  internals.use(router);

  const assemble = store.putObjectMultipart.bind(store);
  store.putObjectMultipart = async (bucket, uploadId, parts) => {
    const stored = await storedParts(bucket, uploadId);
    if (!stored) throw noSuchUpload(uploadId);
    const byNumber = new Map(stored.map((p) => [p.partNumber, p]));
    const sorted = [...parts].sort((a, b) => a.number - b.number);
    if (sorted.some((p, i) => i > 0 && p.number === sorted[i - 1]!.number) || parts.some((p, i) => i > 0 && p.number < parts[i - 1]!.number)) {
      throw new S3Error('InvalidPartOrder', 'The list of parts was not in ascending order. The parts list must be specified in order by part number.');
    }
    for (const [i, part] of sorted.entries()) {
      const found = byNumber.get(part.number);
      if (!found || found.etag !== part.etag) {
        throw new S3Error('InvalidPart', "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.", { PartNumber: part.number });
      }
      if (i < sorted.length - 1 && found.size < MIN_PART_BYTES) {
        throw new S3Error('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed object size.', { PartNumber: part.number });
      }
    }
    return assemble(bucket, uploadId, sorted);
  };
  return server;
}
