import { handle } from 'hono/aws-lambda';
import { makeClients } from '../adapters/clients';
import { DynamoCalendarStore } from '../adapters/dynamo-calendar-store';
import { DynamoReportStore } from '../adapters/dynamo-report-store';
import { oidcTokenVerifier } from '../adapters/oidc-verifier';
import { S3EvidenceStorage } from '../adapters/s3-evidence-storage';
import { registrySource } from '../adapters/wiring';
import { createStaffApp } from '../api/staff';
import { assessReport } from '../core/assess';
import { deadlineConfigSchema } from '../core/deadlines';
import { requireEnv } from './env';

const clients = makeClients();
const store = new DynamoReportStore(clients.dynamo, requireEnv('TABLE_NAME'));
const registry = registrySource(store);
const issuer = requireEnv('OIDC_ISSUER');
const audience = requireEnv('OIDC_AUDIENCE');

export const handler = handle(
  createStaffApp({
    store,
    queries: store,
    directory: store,
    registry: store,
    calendars: new DynamoCalendarStore(clients.dynamo, requireEnv('TABLE_NAME')),
    storage: new S3EvidenceStorage(clients.s3, requireEnv('EVIDENCE_BUCKET')),
    assess: async (input, receivedAt) => assessReport(input, receivedAt, await registry()),
    verifyToken: oidcTokenVerifier({ issuer, audience, groupsClaim: process.env.OIDC_GROUPS_CLAIM ?? 'cognito:groups' }),
    signIn: { mode: 'oidc', issuer, clientId: audience },
    deadlines: deadlineConfigSchema.parse(JSON.parse(process.env.DEADLINES ?? '{}')),
  }),
);
