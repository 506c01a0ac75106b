import { handle, type LambdaEvent } from 'hono/aws-lambda';
import { dynamoClient, lambdaClient, lazyS3Client, secretsClient } from '../adapters/client-factories';
import { LambdaEvidenceVerifier } from '../adapters/lambda-evidence-verifier';
import { lambdaHandler } from '../adapters/observability';
import { receiptKeyFromSecret } from '../adapters/receipt-key';
import { reportingDeps } from '../adapters/wiring';
import { createPublicApp } from '../api/public';
import { apiRequestId, requireEnv } from './env';

// Every request reads the table; S3 (uploads, the registry) and Lambda (the evidence check) load on first use.
const deps = reportingDeps({
  dynamo: dynamoClient(),
  s3: lazyS3Client(),
  tableName: requireEnv('TABLE_NAME'),
  bucket: requireEnv('EVIDENCE_BUCKET'),
  receiptKey: receiptKeyFromSecret(requireEnv('RECEIPT_KEY_SECRET_ARN'), secretsClient()),
  verifier: new LambdaEvidenceVerifier(lambdaClient(), requireEnv('EVIDENCE_VERIFIER_FUNCTION')),
});

// The correlation id is API Gateway's request id: the same id is in the API's access log.
export const handler = lambdaHandler<LambdaEvent, unknown>(handle(createPublicApp(deps)), apiRequestId);
