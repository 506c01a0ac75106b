import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import type { Tracer } from '@aws-lambda-powertools/tracer';
import { traced, tracer as defaultTracer } from './observability';

// How every AWS SDK client is made, each traced by X-Ray where tracing is on (`clients.ts` re-exports all of it and
// adds `makeClients`, the table and the bucket at once). On AWS the defaults apply; locally the endpoints point at
// dynalite and s3rver and the credentials are placeholders. Each client has its own factory, so a function's
// bundle holds only the clients it makes. This file imports no S3 code: the public API imports it, not clients.ts,
// so that its cold start loads S3 only when an upload or the registry needs it (`lazyS3Client`).

export interface ClientConfig {
  region?: string;
  dynamoEndpoint?: string;
  s3Endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Tests pass one; otherwise the function's tracer (none outside Lambda, none with tracing off). */
  tracer?: Tracer;
}

export const common = (config: ClientConfig) => ({ region: config.region ?? process.env.AWS_REGION ?? 'cn-northwest-1', credentials: config.credentials });
export const trace = <T>(client: T, config: ClientConfig) => traced(client, config.tracer ?? defaultTracer);

// WHEN_REQUIRED: since 3.729 the SDK would otherwise sign a CRC32 of an empty body into presigned PUT URLs.
export const s3Config = (config: ClientConfig) => ({
  ...common(config),
  ...(config.s3Endpoint ? { endpoint: config.s3Endpoint, forcePathStyle: true } : {}),
  requestChecksumCalculation: 'WHEN_REQUIRED' as const,
  responseChecksumValidation: 'WHEN_REQUIRED' as const,
});

export const dynamoClient = (config: ClientConfig = {}) =>
  trace(new DynamoDBClient({ ...common(config), ...(config.dynamoEndpoint ? { endpoint: config.dynamoEndpoint } : {}) }), config);

/** The S3 client made, and the SDK's S3 code loaded, on first use (the public API: only uploads and the registry need it). */
export function lazyS3Client(config: ClientConfig = {}): () => Promise<S3Client> {
  let client: Promise<S3Client> | undefined;
  return () => (client ??= import('@aws-sdk/client-s3').then(({ S3Client }) => trace(new S3Client(s3Config(config)), config)));
}

/** Invokes the evidence checker (public API) and the export function (staff API): made, and loaded, on first use. */
export function lambdaClient(config: ClientConfig = {}): () => Promise<LambdaClient> {
  let client: Promise<LambdaClient> | undefined;
  return () => (client ??= import('@aws-sdk/client-lambda').then(({ LambdaClient }) => trace(new LambdaClient(common(config)), config)));
}
/** Reads the receipt key (public API). */
export const secretsClient = (config: ClientConfig = {}) => trace(new SecretsManagerClient(common(config)), config);
/** Sends the daily notices where SES is offered. */
export const sesClient = (config: ClientConfig = {}) => trace(new SESv2Client(common(config)), config);
/** Publishes the daily notices where SES is not offered (AWS China). */
export const snsClient = (config: ClientConfig = {}) => trace(new SNSClient(common(config)), config);
