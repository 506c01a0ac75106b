import { handle, type LambdaEvent } from 'hono/aws-lambda';
import { lambdaClient, makeClients } from '../adapters/clients';
import { invokeInBackground } from '../adapters/lambda-invoke';
import { lambdaHandler } from '../adapters/observability';
import { oidcTokenVerifier } from '../adapters/oidc-verifier';
import { staffDeps } from '../adapters/staff-wiring';
import { adapters } from '../adapters/wiring';
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
const caseFileFunction = requireEnv('CASE_FILE_FUNCTION');
const invokeAsync = (functionName: string, payload: object) => invokeInBackground(lambda, functionName, payload);

export const handler = lambdaHandler<LambdaEvent, unknown>(
  handle(
    createStaffApp(
      staffDeps(made, clients.s3, bucket, {
        verifyToken: oidcTokenVerifier({ issuer, audience, groupsClaim: process.env.OIDC_GROUPS_CLAIM ?? 'cognito:groups' }),
        // Cognito's discovery document names no end_session_endpoint: its /logout is given instead.
        signIn: { mode: 'oidc', issuer, clientId: audience, ...(process.env.OIDC_SIGN_OUT_URL ? { signOutUrl: process.env.OIDC_SIGN_OUT_URL } : {}) },
        // The export function runs the job on its own: the API answers at once.
        startExport: (job) => invokeAsync(exportFunction, job),
        // The case file (处理档案) carries the evidence originals: packed by its own function, never in a request.
        procedure: {
          offices: JSON.parse(process.env.OFFICES ?? '{}'),
          settings: JSON.parse(process.env.PROCEDURE ?? '{}'),
          startCaseFile: (trackingCode) => invokeAsync(caseFileFunction, { trackingCode }),
        },
      }),
    ),
  ),
  apiRequestId,
);
