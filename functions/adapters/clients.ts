import { S3Client } from '@aws-sdk/client-s3';
import { dynamoClient, s3Config, trace, type ClientConfig } from './client-factories';

// The one module for AWS SDK clients: every factory (client-factories.ts), and the table and the bucket at once.

export * from './client-factories';

/** The bucket's client, made now. */
export const s3Client = (config: ClientConfig = {}) => trace(new S3Client(s3Config(config)), config);

/** The table and the bucket: every function uses both. */
export function makeClients(config: ClientConfig = {}) {
  return { dynamo: dynamoClient(config), s3: s3Client(config) };
}
