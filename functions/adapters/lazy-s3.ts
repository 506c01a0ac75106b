import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { EvidenceStorage, RegistryStore } from '../core/ports';

// The bucket's adapters, loaded on first use. The S3 client, its commands and the presigner are the largest part
// of the SDK a function bundles; the public API needs them only for evidence uploads and the first filing's
// registry, so its cold start does without them (the handler passes a client factory, `lazyS3Client`).

/** An S3 client, or how to make one when it is first needed. */
export type S3Source = S3Client | (() => Promise<S3Client>);

const clientOf = (s3: S3Source): Promise<S3Client> => (typeof s3 === 'function' ? s3() : Promise.resolve(s3));

function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= make().catch((error: unknown) => {
    made = undefined; // try again on the next call
    throw error;
  }));
}

/** `S3EvidenceStorage`, loaded and made on the first call. */
export function lazyEvidenceStorage(s3: S3Source, bucket: string): EvidenceStorage {
  const storage = once(async () => {
    const [{ S3EvidenceStorage }, client] = await Promise.all([import('./s3-evidence-storage'), clientOf(s3)]);
    return new S3EvidenceStorage(client, bucket);
  });
  return {
    presignPut: async (...args) => (await storage()).presignPut(...args),
    createMultipart: async (...args) => (await storage()).createMultipart(...args),
    presignPart: async (...args) => (await storage()).presignPart(...args),
    listParts: async (...args) => (await storage()).listParts(...args),
    completeMultipart: async (...args) => (await storage()).completeMultipart(...args),
    abortMultipart: async (...args) => (await storage()).abortMultipart(...args),
    head: async (...args) => (await storage()).head(...args),
    put: async (...args) => (await storage()).put(...args),
    async *read(key, versionId) {
      yield* (await storage()).read(key, versionId);
    },
    delete: async (...args) => (await storage()).delete(...args),
    presignGet: async (...args) => (await storage()).presignGet(...args),
  };
}

/** `S3RegistryStore`, loaded and made on the first call. */
export function lazyRegistryStore(dynamo: DynamoDBClient, tableName: string, s3: S3Source, bucket: string): RegistryStore {
  const store = once(async () => {
    const [{ S3RegistryStore }, client] = await Promise.all([import('./registry-store'), clientOf(s3)]);
    return new S3RegistryStore(dynamo, tableName, client, bucket);
  });
  return {
    pointer: async () => (await store()).pointer(),
    csv: async (...args) => (await store()).csv(...args),
    save: async (...args) => (await store()).save(...args),
    history: async () => (await store()).history(),
  };
}
