import { handle, type LambdaEvent } from 'hono/aws-lambda';
import { lambdaClient, makeClients } from '../adapters/clients';
import { correlationId, lambdaHandler } from '../adapters/observability';
import { oidcTokenVerifier } from '../adapters/oidc-verifier';
import { adapters, staffDeps } from '../adapters/wiring';
import { createStaffApp } from '../api/staff';
import { deadlineConfigSchema } from '../core/deadlines';
import { apiRequestId, requireEnv } from './env';

const clients = makeClients();
const bucket = requireEnv('EVIDENCE_BUCKET');
const made = adapters({
  ...clients,
  tableName: requireEnv('TABLE_NAME'),
  bucket,
  receiptKey: () => Promise.reject(new Error('the staff API issues no receipts')),
  deadlineConfig: deadlineConfigSchema.parse(JSON.parse(process.env.DEADLINES ?? '{}')),
});
const issuer = requireEnv('OIDC_ISSUER');
const audience = requireEnv('OIDC_AUDIENCE');
const lambda = lambdaClient();
const exportFunction = requireEnv('EXPORT_FUNCTION');

export const handler = lambdaHandler<LambdaEvent, unknown>(
  handle(
    createStaffApp(
      staffDeps(made, clients.s3, bucket, {
        verifyToken: oidcTokenVerifier({ issuer, audience, groupsClaim: process.env.OIDC_GROUPS_CLAIM ?? 'cognito:groups' }),
        signIn: { mode: 'oidc', issuer, clientId: audience },
        // The export function runs the job on its own (asynchronous invocation): the API answers at once.
        startExport: async (job) => {
          const payload = { ...job, correlationId: correlationId() };
          const [client, { InvokeCommand }] = await Promise.all([lambda(), import('@aws-sdk/client-lambda')]);
          await client.send(new InvokeCommand({ FunctionName: exportFunction, InvocationType: 'Event', Payload: new TextEncoder().encode(JSON.stringify(payload)) }));
        },
      }),
    ),
  ),
  apiRequestId,
);
