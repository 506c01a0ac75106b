import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORTER_MESSAGES_IN_A_ROW, REPORTER_MESSAGES_MAX } from '../../functions/core/reporting';
import { LOCAL_TABLE } from '../../functions/local/aws-local';
import { dynamoItemSize } from '../../functions/local/dynamo-local';
import { api, fileReport, freshStack } from '../support/local-stack';
import { signIn } from '../support/staff-client';

// The local store refuses items DynamoDB refuses (400 KB counted in UTF-8), and a reporter cannot grow a report
// without bound.

let stack: Awaited<ReturnType<typeof freshStack>>;
beforeAll(async () => {
  stack = await freshStack();
});
afterAll(async () => stack?.dispose());

describe('DynamoDB item size on the local stack', () => {
  it('counts Chinese text in UTF-8 bytes, as DynamoDB does', () => {
    expect(dynamoItemSize({ t: { S: '包过' } })).toBe(1 + 6);
    expect(dynamoItemSize({ 名称: { S: 'ab' } })).toBe(6 + 2);
    expect(dynamoItemSize({ l: { L: [{ S: 'a' }, { N: '12' }] } })).toBe(1 + 3 + (1 + 1) + (1 + 2));
  });

  it('refuses an item of 140,000 Chinese characters (420 KB in UTF-8), which dynalite alone accepted', async () => {
    const client = stack.clients.dynamo;
    const big = '举'.repeat(140_000);
    await expect(
      client.send(new PutItemCommand({ TableName: LOCAL_TABLE, Item: { pk: { S: 'SIZE#1' }, sk: { S: 'X' }, text: { S: big } } })),
    ).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringMatching(/maximum allowed size/) });
    await client.send(new PutItemCommand({ TableName: LOCAL_TABLE, Item: { pk: { S: 'SIZE#2' }, sk: { S: 'X' }, text: { S: '举'.repeat(130_000) } } }));
  });
});

describe('what a reporter can add', () => {
  it(`takes ${REPORTER_MESSAGES_IN_A_ROW} messages in a row, then asks to wait for staff, and takes more after a reply`, async () => {
    const filed = await fileReport(stack.url, { subjectType: 'examiner', district: 'minhang', channel: 'exam', description: '考评员在考试时把答案念给考生听，全场都听到了。', anonymous: true });
    const { trackingCode, secret } = filed.body;
    const say = (text: string) => api(stack.url, `/api/reports/${trackingCode}/messages`, { text }, { 'X-Report-Secret': secret });
    for (let i = 0; i < REPORTER_MESSAGES_IN_A_ROW; i++) expect((await say(`补充情况 ${i + 1}：${'细节'.repeat(900)}`)).status).toBe(201);
    const refused = await say('还有一点');
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'awaiting_staff', field: 'text' });
    expect(refused.body.error.message).toMatch(/请等工作人员回复后再留言/);

    const staff = await signIn(stack.url, 'minhang');
    const report = await staff.get(`/reports/${trackingCode}`);
    expect((await staff.act(trackingCode, report.body.version, { type: 'message', text: '收到，我们正在核查。' })).status).toBe(200);
    expect((await say('谢谢，我再补充一点')).status).toBe(201);
  });

  it('keeps the report’s state item small however long the conversation: 100 messages of 2,000 characters, then staff still act', async () => {
    const filed = await fileReport(stack.url, { subjectType: 'institution', district: 'minhang', channel: 'advertising', description: '朋友圈广告说电工证包过，考不过全额退款。', anonymous: true });
    const { trackingCode, secret } = filed.body;
    const staff = await signIn(stack.url, 'minhang');
    const long = '举'.repeat(2000);
    for (let i = 0; i < REPORTER_MESSAGES_MAX; i++) {
      if (i > 0 && i % REPORTER_MESSAGES_IN_A_ROW === 0) {
        const { version } = (await stack.deps.store.get(trackingCode))!;
        expect((await staff.act(trackingCode, version, { type: 'message', text: `收到第 ${i} 条，继续核查。` })).status).toBe(200);
      }
      expect((await api(stack.url, `/api/reports/${trackingCode}/messages`, { text: long }, { 'X-Report-Secret': secret })).status).toBe(201);
    }
    const over = await api(stack.url, `/api/reports/${trackingCode}/messages`, { text: '再补充一条' }, { 'X-Report-Secret': secret });
    expect(over.body.error?.code).toMatch(/too_many_messages|awaiting_staff/);
    const { version } = (await stack.deps.store.get(trackingCode))!;
    const changed = await staff.act(trackingCode, version, { type: 'status', status: 'investigating', reason: '受理，开始核查' });
    expect(changed.status).toBe(200);
    expect(changed.body.messages.filter((m: { from: string }) => m.from === 'reporter')).toHaveLength(REPORTER_MESSAGES_MAX);
    const { Item } = await stack.clients.dynamo.send(new GetItemCommand({ TableName: LOCAL_TABLE, Key: { pk: { S: `REPORT#${trackingCode}` }, sk: { S: 'STATE' } } }));
    expect(dynamoItemSize(Item as never)).toBeLessThan(40 * 1024);
  }, 120_000);
});

