import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { handle } from 'hono/aws-lambda';
import { makeClients } from '../adapters/clients';
import { oidcTokenVerifier } from '../adapters/oidc-verifier';
import { adapters, staffDeps } from '../adapters/wiring';
import { createStaffApp } from '../api/staff';
import { deadlineConfigSchema } from '../core/deadlines';
import { requireEnv } from './env';

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
const lambda = new LambdaClient({});
const exportFunction = requireEnv('EXPORT_FUNCTION');
const caseFileFunction = requireEnv('CASE_FILE_FUNCTION');
const invokeAsync = (functionName: string, payload: unknown) =>
  lambda.send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: new TextEncoder().encode(JSON.stringify(payload)) }));

export const handler = handle(
  createStaffApp(
    staffDeps(made, clients.s3, bucket, {
      verifyToken: oidcTokenVerifier({ issuer, audience, groupsClaim: process.env.OIDC_GROUPS_CLAIM ?? 'cognito:groups' }),
      // Cognito's discovery document names no end_session_endpoint: its /logout is given instead.
      signIn: { mode: 'oidc', issuer, clientId: audience, ...(process.env.OIDC_SIGN_OUT_URL ? { signOutUrl: process.env.OIDC_SIGN_OUT_URL } : {}) },
      // The export function runs the job on its own (asynchronous invocation): the API answers at once.
      startExport: async (job) => {
        await invokeAsync(exportFunction, job);
      },
      // The case file (处理档案) carries the evidence originals: packed by its own function, never in a request.
      procedure: {
        offices: JSON.parse(process.env.OFFICES ?? '{}'),
        settings: JSON.parse(process.env.PROCEDURE ?? '{}'),
        startCaseFile: async (trackingCode) => {
          await invokeAsync(caseFileFunction, { trackingCode });
        },
      },
    }),
  ),
);
