// The procedure's error paths with the SDK mocked: when storing an issued document fails, the approval is not
// written (no state without its files), the answer is a Chinese 5xx, and the 文号 taken stays taken (a gap,
// never a duplicate).
import { GetItemCommand, PutItemCommand, QueryCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { marshall } from '@aws-sdk/util-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { makeClients } from '../../functions/adapters/clients';
import { staffDeps } from '../../functions/adapters/staff-wiring';
import { adapters } from '../../functions/adapters/wiring';
import { createStaffApp } from '../../functions/api/staff';
import { officeProfile } from '../../functions/core/documents/office';
import { applyProcedureCommand, defaultProcedureSettings, procedureCommandSchema, startProcedure } from '../../functions/core/procedure';
import { packageCalendar } from '../../functions/core/working-calendar';
import { reportState } from '../support/report-fixture';

const office = officeProfile('district:minhang', { contact: { person: '张敏', phone: '021-64120000', address: '上海市闵行区沪闵路6258号' } });

function draftedNotice() {
  const ctx = (id: string) => ({ actor: { id, name: id }, at: '2025-09-29T10:00:00+08:00', calendar: packageCalendar, office, settings: defaultProcedureSettings, reportEvidenceIds: ['ev1'] });
  let { state } = startProcedure({ caseId: 'ABCD-EFGH-JKMN', authority: 'district:minhang', advertising: true }, ctx('alice'));
  for (const command of [
    { type: 'add-party', party: { kind: 'institution', name: '上海某某职业技能培训有限公司' } },
    { type: 'record-investigation', partyId: 'p1', incidentDate: '2025-09-12', facts: ['发布“包过”广告。'], evidence: [{ source: 'report', evidenceId: 'ev1', description: '广告截图' }], ruleIds: ['SH2025-22-9'] },
    { type: 'draft-notice', partyId: 'p1', intendedDecision: '予以警告。' },
  ]) {
    state = applyProcedureCommand(state, procedureCommandSchema.parse(command), ctx('alice')).state;
  }
  return state;
}

describe('procedure error paths (SDK mocked)', () => {
  it('writes no approval when the issued document cannot be stored, and answers a Chinese 500', async () => {
    const clients = makeClients({ region: 'local', credentials: { accessKeyId: 'x', secretAccessKey: 'y' }, s3Endpoint: 'http://s3.test' });
    const dynamo = mockClient(clients.dynamo as DynamoDBClient);
    const s3 = mockClient(clients.s3 as S3Client);
    const state = reportState({ status: 'investigating', version: 7, procedure: draftedNotice() });
    const item = marshall({ pk: `REPORT#${state.trackingCode}`, sk: 'STATE', ...state }, { removeUndefinedValues: true });
    dynamo.on(GetItemCommand).resolves({}); // no calendar entries, no counter yet
    dynamo.on(GetItemCommand, { Key: { pk: { S: `REPORT#${state.trackingCode}` }, sk: { S: 'STATE' } } }).resolves({ Item: item });
    dynamo.on(QueryCommand).resolves({ Items: [] });
    dynamo.on(QueryCommand, { ExpressionAttributeValues: { ':p': { S: `REPORT#${state.trackingCode}` } } }).resolves({ Items: [item] });
    dynamo.on(UpdateItemCommand).resolves({});
    dynamo.on(PutItemCommand).resolves({});
    s3.on(PutObjectCommand).rejects(Object.assign(new Error('We encountered an internal error'), { name: 'InternalError', $metadata: { httpStatusCode: 500 } }));
    const made = adapters({ dynamo: clients.dynamo, s3: clients.s3, tableName: 't', bucket: 'b', receiptKey: async () => Buffer.alloc(32), now: () => new Date('2025-09-29T02:00:00Z') });
    const app = createStaffApp(
      staffDeps(made, clients.s3, 'b', {
        verifyToken: async () => ({ id: 'bob', name: '李强', authority: 'district:minhang', admin: false }),
        signIn: { mode: 'oidc', issuer: 'https://issuer.test', clientId: 'c' },
        startExport: async () => undefined,
        procedure: { offices: { 'district:minhang': { contact: { person: '张敏', phone: '021-64120000', address: '上海市闵行区沪闵路6258号' } } }, startCaseFile: async () => undefined },
      }),
    );
    const res = await app.request(`/api/staff/reports/${state.trackingCode}/procedure/commands`, {
      method: 'POST',
      headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
      body: JSON.stringify({ version: 7, command: { type: 'approve', target: { partyId: 'p1', document: 'notice' } } }),
    });
    expect(res.status).toBe(500);
    expect((await res.json()).error.message).toContain('没有保存');
    // The serial was taken (counter moved, register written) before the documents were stored …
    const puts = dynamo.commandCalls(PutItemCommand).map((c) => c.args[0].input);
    expect(puts.map((p) => p.Item?.sk?.S)).toEqual(['N#000001']);
    expect(dynamo.commandCalls(UpdateItemCommand).some((c) => c.args[0].input.Key?.sk?.S === 'COUNTER')).toBe(true);
    // … but the state was never written: no approval without its stored files.
    expect(puts.some((p) => p.Item?.sk?.S === 'STATE')).toBe(false);
  });
});
