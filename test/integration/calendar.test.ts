import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_TABLE } from '../../functions/local/aws-local';
import { FICTIONAL_2098, FICTIONAL_2099 } from '../fixtures/fictional-calendar';
import { fileReport, freshStack } from '../support/local-stack';
import { signIn, staffClient } from '../support/staff-client';

// The working-day calendar on the local stack, in a made-up late 2098: the package data ends with 2026, so
// 2098 and 2099 are missing until an administrator enters them (with clearly fictional arrangements).

let clock = new Date('2098-11-20T02:00:00Z');
let stack: Awaited<ReturnType<typeof freshStack>>;
let admin: Awaited<ReturnType<typeof signIn>>;
let minhang: Awaited<ReturnType<typeof signIn>>;

beforeAll(async () => {
  stack = await freshStack({ now: () => clock });
  admin = await signIn(stack.url, 'admin');
  minhang = await signIn(stack.url, 'minhang');
});
afterAll(async () => stack?.dispose());

describe('who may see and enter the calendar', () => {
  it('answers a non-admin 403 in Chinese on every calendar route, and no token 401', async () => {
    for (const res of [await minhang.get('/calendar'), await minhang.post('/calendar/preview', FICTIONAL_2098), await minhang.post('/calendar', FICTIONAL_2098)]) {
      expect(res.status).toBe(403);
      expect(res.body.error).toEqual({ code: 'forbidden', message: '只有管理员可以查看和录入工作日历（节假日安排）' });
    }
    expect((await staffClient(stack.url, undefined).get('/calendar')).status).toBe(401);
    expect((await admin.get('/calendar')).body.history).toEqual([]);
  });
});

describe('bad input', () => {
  it('answers 400 with a Chinese message naming the field', async () => {
    const bad = async (body: unknown) => (await admin.post('/calendar', body)).body.error;
    expect(await bad({ ...FICTIONAL_2098, year: '2098' })).toEqual({ code: 'invalid_input', message: '年份应为 4 位数字，如 2030', field: 'year' });
    expect(await bad({ year: 2098, text: FICTIONAL_2098.text })).toEqual({ code: 'invalid_input', message: '请填写通知文号', field: 'notice' });
    expect(await bad({ ...FICTIONAL_2098, text: FICTIONAL_2098.text.replace('2098-06-04 端午节', '') })).toEqual({
      code: 'invalid_calendar',
      message: '节假日安排：缺少端午节的放假日期：每年的通知都安排元旦、春节、清明节、劳动节、端午节、中秋节、国庆节，请补上',
      field: 'text',
    });
    expect(await bad({ ...FICTIONAL_2098, year: 2026 })).toMatchObject({ code: 'invalid_calendar', field: 'year' });
    const notJson = await fetch(`${stack.url}/api/staff/calendar`, { method: 'POST', headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' }, body: '{' });
    expect(notJson.status).toBe(400);
    expect((await admin.get('/calendar')).body.history).toEqual([]);
  });
});

describe('entering years', () => {
  it('warns while this year and (from November) next year are missing, previews, and enters 2098', async () => {
    const before = (await admin.get('/calendar')).body;
    expect(before).toMatchObject({ today: '2098-11-20', missing: [2098, 2099], enterable: { from: 2027, to: 2099 } });
    expect(before.warning).toMatch(/^2098 年、2099 年的节假日安排还没有录入/);

    const preview = await admin.post('/calendar/preview', FICTIONAL_2098);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ valid: true, problems: [], notice: '虚构测试〔2097〕1号', summary: { workingDays: 248 } });
    expect(preview.body.summary.holidays).toHaveLength(7);
    expect((await admin.get('/calendar')).body.history).toEqual([]); // a preview stores nothing

    const entered = await admin.post('/calendar', FICTIONAL_2098);
    expect(entered.status).toBe(201);
    expect(entered.body.entry).toMatchObject({ year: 2098, enteredBy: '系统管理员', enteredById: 'local-admin', enteredAt: clock.toISOString(), text: FICTIONAL_2098.text });
    expect(entered.body.status.missing).toEqual([2099]);
  });

  it('a report whose limit falls in 2099 shows it unavailable, then computed once 2099 is entered', async () => {
    clock = new Date('2098-12-15T02:00:00Z'); // 10:00 on a Monday in Shanghai
    const receipt = (await fileReport(stack.url, { subjectType: 'institution', district: 'minhang', channel: 'advertising', description: '朋友圈广告说高级电工证包过，交钱不用去考场。', anonymous: true })).body;
    const before = (await minhang.get(`/reports/${receipt.trackingCode}`)).body;
    expect(before.receivedAt).toBe(clock.toISOString());
    expect(before.deadlines.deadlines.map((d: { kind: string; due: string }) => [d.kind, d.due])).toEqual([
      ['acknowledge', '2098-12-16'],
      ['firstReply', '2098-12-22'],
    ]);
    expect(before.deadlines.unavailable).toBe(
      '办结期限：2098-12-29 可能受 2099 年元旦放假调休安排影响，而 2099 年的节假日安排还没有录入，无法计算工作日期限，请管理员在后台“工作日历”页录入 2099 年的节假日安排（国务院办公厅通知）',
    );

    expect((await admin.post('/calendar', FICTIONAL_2099)).status).toBe(201);
    const after = (await minhang.get(`/reports/${receipt.trackingCode}`)).body;
    expect(after.deadlines.unavailable).toBeUndefined();
    // 12-29, 12-30, then 2099's 元旦 from 12-31; 01-02, the 调休 Saturday 01-03, 01-05, 01-06.
    expect(after.deadlines.deadlines.find((d: { kind: string }) => d.kind === 'conclusion').due).toBe('2099-01-06');
    expect((await admin.get('/calendar')).body).toMatchObject({ missing: [], warning: null });
  });

  it('a correction is a new entry with its reason; the latest is in force and every entry is kept', async () => {
    const again = await admin.post('/calendar', { ...FICTIONAL_2099, notice: '虚构测试〔2098〕3号' });
    expect(again.status).toBe(400);
    expect(again.body.error).toMatchObject({ field: 'reason', message: expect.stringMatching(/^2099 年的安排已由系统管理员于 2098-12-15 10:00 录入（虚构测试〔2098〕2号）；更正时请填写更正理由/) });

    clock = new Date('2098-12-16T02:00:00Z');
    const corrected = await admin.post('/calendar', { ...FICTIONAL_2099, notice: '虚构测试〔2098〕3号', reason: '文号录错了' });
    expect(corrected.status).toBe(201);
    const status = (await admin.get('/calendar')).body;
    expect(status.years.at(-1)).toEqual({ year: 2099, source: 'entered', notice: '虚构测试〔2098〕3号', enteredAt: clock.toISOString(), enteredBy: '系统管理员', entries: 2 });
    expect(status.history.map((h: { year: number; notice: string; inForce: boolean }) => [h.year, h.notice, h.inForce])).toEqual([
      [2099, '虚构测试〔2098〕3号', true],
      [2099, '虚构测试〔2098〕2号', false],
      [2098, '虚构测试〔2097〕1号', true],
    ]);

    // One item per entry under pk CALENDAR, none overwritten.
    const { Items } = await stack.clients.dynamo.send(
      new QueryCommand({ TableName: LOCAL_TABLE, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': { S: 'CALENDAR' } } }),
    );
    expect(Items?.map((i) => i.sk?.S)).toEqual([
      'YEAR#2098#2098-11-20T02:00:00.000Z',
      'YEAR#2099#2098-12-15T02:00:00.000Z',
      'YEAR#2099#2098-12-16T02:00:00.000Z',
    ]);
  });
});
