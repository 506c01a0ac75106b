// The procedure's storage on the local stack: 文号 serials handed out once each under concurrency (the conditional
// counter and its register), and the procedure kept on the report's state item within its bound, far below
// DynamoDB's 400 KB, however long its texts.
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDocumentNumbers } from '../../functions/adapters/dynamo-document-numbers';
import { PROCEDURE_MAX_BYTES } from '../../functions/core/procedure';
import { DomainError } from '../../functions/core/report';
import { LOCAL_TABLE } from '../../functions/local/aws-local';
import { dynamoItemSize } from '../../functions/local/dynamo-local';
import { fileReport, freshStack } from '../support/local-stack';
import { signIn } from '../support/staff-client';

let stack: Awaited<ReturnType<typeof freshStack>>;
beforeAll(async () => {
  stack = await freshStack({ now: () => new Date('2025-11-03T02:00:00Z') });
});
afterAll(async () => stack?.dispose());

const entry = (caseId: string) => ({ caseId, target: 'p1.notice', by: '测试', at: '2025-11-03T02:00:00Z' });

describe('文号 serials', () => {
  it('hands out 1…20 once each to 20 approvals at the same moment', async () => {
    const numbers = new DynamoDocumentNumbers(stack.clients.dynamo, LOCAL_TABLE);
    const serials = await Promise.all(Array.from({ length: 20 }, (_, i) => numbers.take('district:minhang', 'notice', 2025, entry(`C${i}`))));
    expect([...serials].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('counts per office, kind and year; a serial claimed by hand is skipped, and refused a second time', async () => {
    const numbers = new DynamoDocumentNumbers(stack.clients.dynamo, LOCAL_TABLE);
    expect(await numbers.take('district:minhang', 'decision', 2025, entry('D1'))).toBe(1);
    expect(await numbers.take('district:pudong', 'notice', 2025, entry('D2'))).toBe(1);
    expect(await numbers.take('district:minhang', 'notice', 2026, entry('D3'))).toBe(1);
    expect(await numbers.take('district:minhang', 'decision', 2025, entry('D4'), 3)).toBe(3);
    // The counter moved to the claimed serial: the next is 4, never 2 or 3 again.
    expect(await numbers.take('district:minhang', 'decision', 2025, entry('D5'))).toBe(4);
    const again = await numbers.take('district:minhang', 'decision', 2025, entry('D6'), 3).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(DomainError);
    expect((again as DomainError).code).toBe('serial_taken');
    // A serial below the counter that was never used may still be claimed by hand (an office's paper register).
    expect(await numbers.take('district:minhang', 'decision', 2025, entry('D7'), 2)).toBe(2);
  });
});

describe('the procedure on the state item', () => {
  it(`refuses a step that would make the procedure larger than ${PROCEDURE_MAX_BYTES / 1024} KB, and keeps the item far below 400 KB`, async () => {
    const minhang = await signIn(stack.url, 'minhang');
    const filed = await fileReport(stack.url, { subjectType: 'institution', institutionName: '上海某某职业技能培训有限公司', district: 'minhang', channel: 'advertising', description: `朋友圈广告：“包过”。${'详'.repeat(4900)}`, anonymous: true });
    const code = filed.body.trackingCode as string;
    const version = async () => (await minhang.get(`/reports/${code}/procedure`)).body.version as number;
    const command = async (c: Record<string, unknown>) => minhang.post(`/reports/${code}/procedure/commands`, { version: await version(), command: c });
    expect((await minhang.post(`/reports/${code}/procedure`, { version: (await minhang.get(`/reports/${code}`)).body.version })).status).toBe(201);
    const file = await minhang.post(`/reports/${code}/files`, { fileName: 'a.pdf', contentType: 'application/pdf', size: 20, category: '询问笔录' });
    await fetch(file.body.upload.url, { method: 'PUT', headers: file.body.upload.headers, body: new TextEncoder().encode('%PDF-1.4\n%%EOF\n.....') });
    expect((await minhang.post(`/reports/${code}/files/${file.body.evidenceId}/complete`, {})).status).toBe(200);
    expect((await command({ type: 'add-party', party: { kind: 'institution', name: '上海某某职业技能培训有限公司' } })).status).toBe(200);
    const investigation = (paragraphs: number) => ({
      type: 'record-investigation',
      partyId: 'p1',
      incidentDate: '2025-09-12',
      facts: Array.from({ length: paragraphs }, (_, i) => `第${i + 1}段：${'查'.repeat(4990)}`),
      evidence: [{ source: 'staff', fileRef: file.body.evidenceId, category: '询问笔录', description: '询问笔录' }],
      ruleIds: ['SH2025-22-9'],
    });
    const before = (await stack.deps.store.get(code))!.version;
    const tooLarge = await command(investigation(20));
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.error).toMatchObject({ code: 'procedure_too_large', message: expect.stringContaining('240 KB') });
    expect((await stack.deps.store.get(code))!.version).toBe(before);

    // Five long paragraphs (75 KB), copied into the notice and two referral drafts, then a third is refused.
    expect((await command(investigation(5))).status).toBe(200);
    expect((await command({ type: 'draft-notice', partyId: 'p1', intendedDecision: '予以警告。' })).status).toBe(200);
    expect((await command({ type: 'draft-referral', partyId: 'p1', to: 'market-regulation', recipient: '上海市闵行区市场监督管理局' })).status).toBe(200);
    const refused = await command({ type: 'draft-referral', partyId: 'p1', to: 'police', recipient: '上海市公安局闵行分局' });
    expect(refused.status).toBe(413);
    const { Item } = await stack.clients.dynamo.send(new GetItemCommand({ TableName: LOCAL_TABLE, Key: { pk: { S: `REPORT#${code}` }, sk: { S: 'STATE' } } }));
    const size = dynamoItemSize(Item as unknown as Parameters<typeof dynamoItemSize>[0]);
    console.log(`state item with a ${Math.round((await minhang.get(`/reports/${code}/procedure`)).body.bytes / 1024)} KB procedure: ${Math.round(size / 1024)} KB`);
    expect(size).toBeLessThan(300 * 1024);
  });
});
