import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, fileReport, freshStack } from '../support/local-stack';
import { signIn } from '../support/staff-client';

// A 12345 desk files by key (no proof of work), reads back its tickets, and gets a wrongly dispatched one back
// (退单); a reporter answers once after 办结 (回访), and an unsatisfied answer reopens review.

let stack: Awaited<ReturnType<typeof freshStack>>;
let admin: Awaited<ReturnType<typeof signIn>>;
let minhang: Awaited<ReturnType<typeof signIn>>;
let desk: { id: string; key: string };

const deskCall = (method: string, path: string, key: string, body?: unknown) =>
  fetch(`${stack.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'Idempotency-Key': randomUUID() },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).then(async (res) => ({ status: res.status, body: (await res.json()) as any }));

const ticketReport = { subjectType: 'institution', district: 'minhang', channel: 'hotline', hotlineTicket: 'GD-20261201-0042', description: '市民来电反映：闵行一家培训机构宣传电工证包过，交钱不用考试。', anonymous: true };

// The apps' clock runs from a fixed day in a year the working-day calendar holds: the follow-up's 15 working days and
// the reopened review's limit are counted with it, and from mid-December on the real clock's limits would run into a
// year whose arrangement no administrator has entered (those limits are then not shown, as they should not be).
const started = Date.now();
const clock = () => new Date(Date.parse('2026-06-01T02:00:00.000Z') + (Date.now() - started));

beforeAll(async () => {
  stack = await freshStack({ now: clock });
  admin = await signIn(stack.url, 'admin');
  minhang = await signIn(stack.url, 'minhang');
  const made = await admin.post('/desks', { name: '12345市民服务热线' });
  expect(made.status).toBe(201);
  desk = made.body;
});
afterAll(async () => stack?.dispose());

describe('a 12345 desk', () => {
  it('files with its key and no proof of work, keeps the 工单号, and is told the office at once (派单)', async () => {
    expect(desk.key).toMatch(/^desk_/);
    expect(JSON.stringify((await admin.get('/desks')).body)).not.toContain(desk.key);
    const filed = await deskCall('POST', '/api/reports', desk.key, ticketReport);
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({ authority: 'district:minhang', authorityName: '上海市闵行区人力资源和社会保障局' });
    const stored = await stack.deps.store.get(filed.body.trackingCode);
    expect(stored).toMatchObject({ channel: 'hotline', source: { desk: desk.id, deskName: '12345市民服务热线', ticket: 'GD-20261201-0042' } });
    expect(stored).not.toHaveProperty('hotlineTicket');
  });

  it('refuses desk channels and 工单号 from the public, and a wrong or revoked key', async () => {
    const publicTry = await api(stack.url, '/api/reports', ticketReport, { 'Idempotency-Key': randomUUID() });
    expect(publicTry.status).toBe(400);
    expect(publicTry.body.error.message).toMatch(/[\u4e00-\u9fff]/);
    expect((await deskCall('POST', '/api/reports', `desk_${desk.id}_${'A'.repeat(43)}`, ticketReport)).status).toBe(401);
    const other = (await admin.post('/desks', { name: '临时坐席' })).body;
    expect((await admin.post(`/desks/${other.id}/revoke`, {})).status).toBe(200);
    const revoked = await deskCall('POST', '/api/reports', other.key, ticketReport);
    expect(revoked.status).toBe(401);
    expect(revoked.body.error.message).toContain('已停用');
  });

  it('reads back its own tickets only; 退单 by the office reaches it with the reason', async () => {
    const filed = await deskCall('POST', '/api/reports', desk.key, { ...ticketReport, hotlineTicket: 'GD-20261201-0077' });
    const code = filed.body.trackingCode;
    const back = await deskCall('GET', '/api/desk/tickets/GD-20261201-0077', desk.key);
    expect(back.body.reports.map((r: { trackingCode: string }) => r.trackingCode)).toEqual([code]);
    const other = (await admin.post('/desks', { name: '另一个坐席' })).body;
    expect((await deskCall('GET', `/api/desk/reports/${code}`, other.key)).status).toBe(404);

    const { version } = (await minhang.get(`/reports/${code}`)).body;
    const returned = await minhang.act(code, version, { type: 'return-ticket', reason: '该机构实际在浦东新区，请改派浦东' });
    expect(returned.status).toBe(200);
    const view = (await deskCall('GET', `/api/desk/reports/${code}`, desk.key)).body;
    expect(view).toMatchObject({ ticket: 'GD-20261201-0077', status: 'closed', returned: { reason: '该机构实际在浦东新区，请改派浦东' } });
    expect(view.timeline.map((t: { event: string }) => t.event)).toContain('退回12345市民服务热线重新派单');
    // A report the public filed cannot be returned: it was no ticket.
    const own = (await fileReport(stack.url, { subjectType: 'candidate', district: 'minhang', channel: 'exam', description: '考场里有人用手机搜答案，监考没管。', anonymous: true })).body;
    const v = (await minhang.get(`/reports/${own.trackingCode}`)).body.version;
    expect((await minhang.act(own.trackingCode, v, { type: 'return-ticket', reason: '不归我们' })).status).toBe(409);
  });
});

describe('the reporter’s follow-up after 办结 (回访)', () => {
  async function closedReport() {
    const r = (await fileReport(stack.url, { subjectType: 'institution', district: 'minhang', channel: 'advertising', description: '朋友圈广告说保育师证包过，不过全额退款。', anonymous: true })).body;
    let report = (await minhang.get(`/reports/${r.trackingCode}`)).body;
    for (const action of [
      { type: 'status', status: 'investigating', reason: '受理' },
      { type: 'decide-rules', ruleIds: ['SH2025-22-9'] },
      { type: 'status', status: 'confirmed', reason: '核实属实' },
      { type: 'close', outcome: '已责令该机构删除广告并警告。' },
    ]) report = (await minhang.act(r.trackingCode, report.version, action)).body;
    expect(report.status).toBe('closed');
    return r as { trackingCode: string; secret: string };
  }
  const feedback = (r: { trackingCode: string; secret: string }, body: unknown) => api(stack.url, `/api/reports/${r.trackingCode}/feedback`, body, { 'X-Report-Secret': r.secret });

  it('asks once after 办结, and only then', async () => {
    const open = (await fileReport(stack.url, { subjectType: 'examiner', district: 'minhang', channel: 'exam', description: '考评员在考试时离开考场很久，没人监考。', anonymous: true })).body;
    expect((await feedback(open, { rating: 'satisfied' })).status).toBe(409);
    const r = await closedReport();
    expect((await api(stack.url, '/api/track', r)).body).toMatchObject({ canGiveFeedback: true, feedback: null });
    expect((await feedback(r, { rating: 'satisfied' })).status).toBe(201);
    expect((await feedback(r, { rating: 'unsatisfied', reason: '改主意了' })).status).toBe(409);
    expect((await api(stack.url, '/api/track', r)).body).toMatchObject({ canGiveFeedback: false, feedback: { rating: 'satisfied', ratingName: '满意' } });
  });

  it('reopens review on an unsatisfied answer within 15 working days, with the reason; the office sees it again', async () => {
    const r = await closedReport();
    expect((await feedback(r, { rating: 'unsatisfied' })).body.error.field).toBe('reason');
    const answer = await feedback(r, { rating: 'unsatisfied', reason: '广告还在，换了个账号继续发' });
    expect(answer.body).toEqual({ reopened: true });
    const report = (await minhang.get(`/reports/${r.trackingCode}`)).body;
    expect(report).toMatchObject({ status: 'investigating', feedback: { rating: 'unsatisfied', reopened: true } });
    expect(report.milestones.reopenedAt).toBeDefined();
    expect(report.deadlines.deadlines.find((d: { kind: string }) => d.kind === 'conclusion')).toMatchObject({ met: false, overdue: false });
    const queue = (await minhang.get('/reports?status=investigating')).body.items.map((i: { trackingCode: string }) => i.trackingCode);
    expect(queue).toContain(r.trackingCode);
    const stats = (await minhang.get('/stats')).body;
    expect(stats.byFeedback).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'unsatisfied', name: '不满意', count: 1 }), expect.objectContaining({ id: 'satisfied', count: 1 })]));
  });

  it('records a late unsatisfied answer without reopening', async () => {
    const r = await closedReport();
    // The same stack's data, read by apps whose clock is a month later.
    await stack.close();
    const later = await freshStack({ dataDir: stack.dataDir, now: () => new Date(clock().getTime() + 35 * 86_400_000) });
    stack = later;
    const answer = await api(stack.url, `/api/reports/${r.trackingCode}/feedback`, { rating: 'unsatisfied', reason: '太慢了' }, { 'X-Report-Secret': r.secret });
    expect(answer.body).toEqual({ reopened: false });
    expect((await stack.deps.store.get(r.trackingCode))!.status).toBe('closed');
  });
});
