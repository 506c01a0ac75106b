import { Hono, type Context } from 'hono';
import * as z from 'zod';
import { bodyLimit } from 'hono/body-limit';
import { DomainError } from '../core/report';
import { PROOF_HEADER } from '../core/proof-of-work';
import { deskIdOf, deskKeyValid, type DeskAccount } from '../core/desk';
import { acceptedBody, authenticate, completeUpload, deskView, evidenceStatus, removeUpload, feedbackSchema, fileReport, giveFeedback, namesOf, publicView, receiptChallenge, renewUpload, replyToStaff, requestUpload, type ReportingDeps } from '../core/reporting';
import { completeEvidenceSchema, evidenceRequestSchema, messageSchema, trackSchema } from '../core/schemas/evidence';
import { reportInputSchema } from '../core/schemas/report';
import { errorBody, jsonBody, onError } from './errors';
import { requestContext } from './request-context';
import { publicationFeed, type PublishedSource } from './public-publications';

// The public API (docs/API.md, the project's copy of the fixed public endpoints). It never sees an IP address: nothing here reads or stores one.

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,128}$/;
const EVIDENCE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** An evidence id from the URL: a UUID as the API issues them, else not found (as before: 404), before any lookup. */
function evidenceIdOf(c: Context): string {
  const id = c.req.param('evidenceId') ?? '';
  if (!EVIDENCE_ID.test(id)) throw new DomainError(404, 'evidence_not_found', '找不到这个文件的上传记录：文件编号应为添加文件时返回的 evidenceId', 'evidenceId');
  return id;
}
export const challengeQuerySchema = z.object({
  purpose: z.enum(['report', 'receipt'], { error: '请说明验证用于提交举报（report）还是查询回执（receipt）' }),
  code: z.string().max(40, { error: '查询码格式不对，请检查' }).optional(),
});

export function createPublicApp(deps: ReportingDeps & { publications?: PublishedSource }) {
  const app = new Hono().basePath('/api');

  app.use('*', requestContext());
  app.use(
    '*',
    bodyLimit({
      maxSize: 64 * 1024,
      onError: (c) => c.json(errorBody('too_large', '提交的内容太大了：事情经过最多 5000 字，文件请作为证据上传'), 413),
    }),
  );
  app.use('*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });

  // A proof-of-work challenge for the form (purpose=report) or for a receipt (purpose=receipt&code=…).
  app.get('/challenge', async (c) => {
    const { purpose, code } = challengeQuerySchema.parse(c.req.query());
    if (purpose === 'report') return c.json(await deps.pow.issue('report', 'report', 0));
    if (!code) throw new DomainError(400, 'invalid_input', '请提供查询码', 'code');
    return c.json(await receiptChallenge(deps, code));
  });

  /** A hotline desk's key (`Authorization: Bearer desk_…`), or none; a key that is not valid is refused outright. */
  const deskOf = async (c: Context): Promise<DeskAccount | undefined> => {
    const key = /^Bearer (desk_\S+)$/.exec(c.req.header('Authorization') ?? '')?.[1];
    if (!key) return undefined;
    const id = deskIdOf(key);
    const account = id ? await deps.desks.account(id) : undefined;
    if (!deskKeyValid(account, key)) throw new DomainError(401, 'invalid_desk_key', '坐席密钥无效或已停用，请联系管理员');
    return account;
  };

  app.post('/reports', async (c) => {
    const desk = await deskOf(c);
    // A known desk pays no proof of work: its key is the cost.
    if (!desk) await deps.pow.check(c.req.header(PROOF_HEADER), 'report', 'report');
    const key = c.req.header('Idempotency-Key');
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
      throw new DomainError(400, 'invalid_input', 'Idempotency-Key 应为 8–128 位字母、数字或连字符（建议使用 UUID）', 'Idempotency-Key');
    }
    const input = reportInputSchema(undefined, { desk: Boolean(desk) }).parse(await jsonBody(c));
    const { replayed, receipt } = await fileReport(deps, input, key, desk);
    if (desk && input.hotlineTicket) await deps.desks.rememberTicket(desk.id, input.hotlineTicket, receipt.trackingCode);
    if (replayed) c.header('Idempotent-Replayed', 'true');
    return c.json(receipt, 201);
  });

  // A desk reads back its own reports: by tracking code, or every report a 工单号 became (派单 and any 退单).
  const requireDesk = async (c: Context) => {
    const desk = await deskOf(c);
    if (!desk) throw new DomainError(401, 'desk_key_required', '请用坐席密钥（Authorization: Bearer desk_…）访问');
    return desk;
  };
  app.get('/desk/reports/:code', async (c) => c.json(await deskView(deps, await requireDesk(c), c.req.param('code'))));
  app.get('/desk/tickets/:ticket', async (c) => {
    const desk = await requireDesk(c);
    const codes = await deps.desks.ticketReports(desk.id, c.req.param('ticket'));
    return c.json({ ticket: c.req.param('ticket'), reports: await Promise.all(codes.map((code) => deskView(deps, desk, code))) });
  });

  // 回访: after 办结, once.
  app.post('/reports/:code/feedback', async (c) => {
    const answer = feedbackSchema.parse(await jsonBody(c));
    const report = await receiptHolder(c);
    return c.json(await giveFeedback(deps, report, answer), 201);
  });

  const receiptHolder = (c: { req: { param: (k: 'code') => string; header: (k: string) => string | undefined } }) =>
    authenticate(deps, c.req.param('code'), c.req.header('X-Report-Secret') ?? '', { header: c.req.header(PROOF_HEADER), always: false });

  app.post('/reports/:code/evidence', async (c) => {
    const request = evidenceRequestSchema.parse(await jsonBody(c));
    const report = await receiptHolder(c);
    return c.json(await requestUpload(deps, report, request), 201);
  });

  // Fresh upload URLs for a file still pending (they are short-lived), and the parts already stored, to resume.
  app.post('/reports/:code/evidence/:evidenceId/upload', async (c) => {
    const report = await receiptHolder(c);
    return c.json(await renewUpload(deps, report, evidenceIdOf(c)), 200);
  });

  // 200 with the checked file when the check finishes within its budget (as integrators have it); 202 `checking`
  // when it does not (a large video): the page then polls the status below.
  app.post('/reports/:code/evidence/:evidenceId/complete', async (c) => {
    const { parts } = completeEvidenceSchema.parse(await jsonBody(c));
    const report = await receiptHolder(c);
    const outcome = await completeUpload(deps, report, evidenceIdOf(c), parts);
    if (outcome.checking) return c.json({ evidenceId: outcome.evidenceId, status: 'checking' as const }, 202);
    return c.json(acceptedBody(outcome.evidence), 200);
  });

  // Where one upload stands: uploading (parts stored so far), checking, accepted, rejected (why) or removed.
  app.get('/reports/:code/evidence/:evidenceId', async (c) => {
    const report = await receiptHolder(c);
    return c.json(await evidenceStatus(deps, report, evidenceIdOf(c)));
  });

  // The reporter gives up an unfinished upload: aborted, marked removed, no longer counted toward the limit.
  app.delete('/reports/:code/evidence/:evidenceId', async (c) => {
    const report = await receiptHolder(c);
    return c.json(await removeUpload(deps, report, evidenceIdOf(c)));
  });

  app.post('/track', async (c) => {
    const { trackingCode, secret } = trackSchema.parse(await jsonBody(c));
    const report = await authenticate(deps, trackingCode, secret, { header: c.req.header(PROOF_HEADER), always: true });
    return c.json(publicView((await deps.store.load(report.trackingCode))!, await namesOf(deps)));
  });

  app.post('/reports/:code/messages', async (c) => {
    const { text } = messageSchema.parse(await jsonBody(c));
    const report = await receiptHolder(c);
    return c.json(await replyToStaff(deps, report, text), 201);
  });

  if (deps.publications) app.route('/', publicationFeed(deps.publications));

  // The OpenAPI document and the interactive reference: their code loads only here, never at a cold start.
  app.get('/openapi.json', async (c) => c.json((await import('./openapi')).publicSpec()));
  app.get('/docs', async (c) => (await import('./api-docs')).docsPage(c));

  app.notFound((c) => c.json(errorBody('not_found', '没有这个接口，请检查地址'), 404));
  app.onError(onError);
  return app;
}
