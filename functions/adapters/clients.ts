import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';

// One place that makes the SDK clients. On AWS the defaults apply; locally the endpoints point at dynalite
// and s3rver and the credentials are placeholders.

export interface ClientConfig {
  region?: string;
  dynamoEndpoint?: string;
  s3Endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

export function makeClients(config: ClientConfig = {}) {
  const common = { region: config.region ?? process.env.AWS_REGION ?? 'cn-northwest-1', credentials: config.credentials };
  // WHEN_REQUIRED: since 3.729 the SDK would otherwise sign a CRC32 of an empty body into presigned PUT URLs.
  const s3 = {
    ...common,
    ...(config.s3Endpoint ? { endpoint: config.s3Endpoint, forcePathStyle: true } : {}),
    requestChecksumCalculation: 'WHEN_REQUIRED' as const,
    responseChecksumValidation: 'WHEN_REQUIRED' as const,
  };
  return {
    dynamo: new DynamoDBClient({ ...common, ...(config.dynamoEndpoint ? { endpoint: config.dynamoEndpoint } : {}) }),
    s3: new S3Client(s3),
  };
}
