import { LambdaClient } from '@aws-sdk/client-lambda';
import { handle } from 'hono/aws-lambda';
import { makeClients } from '../adapters/clients';
import { LambdaEvidenceVerifier } from '../adapters/lambda-evidence-verifier';
import { receiptKeyFromSecret } from '../adapters/receipt-key';
import { reportingDeps } from '../adapters/wiring';
import { createPublicApp } from '../api/public';
import { requireEnv } from './env';

const clients = makeClients();
const deps = reportingDeps({
  ...clients,
  tableName: requireEnv('TABLE_NAME'),
  bucket: requireEnv('EVIDENCE_BUCKET'),
  receiptKey: receiptKeyFromSecret(requireEnv('RECEIPT_KEY_SECRET_ARN')),
  verifier: new LambdaEvidenceVerifier(new LambdaClient({}), requireEnv('EVIDENCE_VERIFIER_FUNCTION')),
});

export const handler = handle(createPublicApp(deps));
