import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as z from 'zod';
import {
  deskAccountView,
  deskCreatedResponse,
  deskTicketView,
  errorResponse,
  feedbackResponse,
  messageResponse,
  publicationFeedResponse,
  queueResponse,
  receiptResponse,
  staffReportResponse,
  trackResponse,
} from '../../functions/core/schemas/responses';
import { api, fileReport, freshStack } from '../support/local-stack';
import { signIn } from '../support/staff-client';

// The answers the OpenAPI documents describe (functions/core/schemas/responses.ts), held to the real answers of the
// local stack: a schema that stops matching what the code sends fails here, not in an integrator's client.

let stack: Awaited<ReturnType<typeof freshStack>>;
beforeAll(async () => {
  stack = await freshStack();
});
afterAll(async () => stack?.dispose());

/** Parses strictly enough to fail on a missing or mistyped field; the error says which. */
const conforms = (schema: z.ZodType, body: unknown) => {
  const result = schema.safeParse(body);
  expect(result.success ? 'ok' : JSON.stringify(result.error.issues)).toBe('ok');
};

describe('the documented answers', () => {
  it('are what the public, desk and staff endpoints send', async () => {
    const filed = await fileReport(stack.url, { subjectType: 'institution', district: 'minhang', channel: 'advertising', description: '朋友圈广告说电工证包过，交钱不用考试。', anonymous: true });
    expect(filed.status).toBe(201);
    conforms(receiptResponse, filed.body);
    const { trackingCode, secret } = filed.body;
    const tracked = await api(stack.url, '/api/track', { trackingCode, secret });
    conforms(trackResponse, tracked.body);
    const sent = await api(stack.url, `/api/reports/${trackingCode}/messages`, { text: '补充：广告是上周看到的。' }, { 'X-Report-Secret': secret });
    expect(sent.status).toBe(201);
    conforms(messageResponse, sent.body);
    const bad = await api(stack.url, '/api/track', { trackingCode: '' , secret: 'x' });
    expect(bad.status).toBe(400);
    conforms(errorResponse, bad.body);

    const feed = await fetch(`${stack.url}/api/publications`);
    conforms(publicationFeedResponse, await feed.json());

    const admin = await signIn(stack.url, 'admin');
    const minhang = await signIn(stack.url, 'minhang');
    const made = await admin.post('/desks', { name: '12345市民服务热线' });
    conforms(deskCreatedResponse, made.body);
    for (const account of (await admin.get('/desks')).body) conforms(deskAccountView, account);

    const byDesk = await fetch(`${stack.url}/api/reports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${made.body.key}`, 'content-type': 'application/json', 'Idempotency-Key': randomUUID() },
      body: JSON.stringify({ subjectType: 'institution', district: 'minhang', channel: 'hotline', hotlineTicket: 'GD-API-0001', description: '市民来电反映：机构宣传包过，交钱不用考试。', anonymous: true }),
    }).then((r) => r.json() as Promise<{ trackingCode: string }>);
    const deskView = await fetch(`${stack.url}/api/desk/reports/${byDesk.trackingCode}`, { headers: { authorization: `Bearer ${made.body.key}` } });
    conforms(deskTicketView, await deskView.json());

    const queue = await minhang.get('/reports');
    expect(queue.body.items.length).toBeGreaterThan(0);
    conforms(queueResponse, queue.body);
    const report = await minhang.get(`/reports/${byDesk.trackingCode}`);
    conforms(staffReportResponse, report.body);
    expect(report.body.source).toMatchObject({ ticket: 'GD-API-0001' });

    // Close one and answer the 回访.
    let state = (await minhang.get(`/reports/${trackingCode}`)).body;
    for (const action of [
      { type: 'status', status: 'investigating', reason: '受理' },
      { type: 'status', status: 'not-confirmed', reason: '查无实据' },
      { type: 'close', outcome: '经核查未发现违规。' },
    ]) {
      const acted = await minhang.act(trackingCode, state.version, action);
      expect(acted.status).toBe(200);
      state = acted.body;
    }
    conforms(staffReportResponse, state);
    const answered = await api(stack.url, `/api/reports/${trackingCode}/feedback`, { rating: 'basically-satisfied' }, { 'X-Report-Secret': secret });
    expect(answered.status).toBe(201);
    conforms(feedbackResponse, answered.body);
    conforms(trackResponse, (await api(stack.url, '/api/track', { trackingCode, secret })).body);
  });

  it('are served by the local stack, the reference under its own policy', async () => {
    const spec = await (await fetch(`${stack.url}/api/openapi.json`)).json();
    expect(spec.openapi).toBe('3.1.0');
    const staff = await (await fetch(`${stack.url}/api/staff/openapi.json`)).json();
    expect(Object.keys(staff.paths)).toContain('/api/staff/desks/{id}/revoke');
    const docs = await fetch(`${stack.url}/api/docs`);
    expect(docs.status).toBe(200);
    expect(docs.headers.get('Content-Security-Policy')).toMatch(/script-src 'self' 'sha256-/);
    // Every other answer keeps the site's policy.
    expect((await fetch(`${stack.url}/api/openapi.json`)).headers.get('Content-Security-Policy')).toContain("script-src 'self';");
  });
});
