// Issue 16's desk and follow-up in the browser: an administrator makes a hotline desk's key on /staff/desks/ (shown
// once) and revokes it; an office returns a wrongly dispatched 12345 ticket (退单) from the report page; a reporter
// answers the 回访 once on /track/ after 办结, and the dashboard counts the answer; the API reference at /api/docs
// runs under its own Content-Security-Policy. Real local stack, Chromium, axe on every new page state.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AxeLog, describeFindings, newContext, poll, snap, startE2E, watchConsole, type AxeFinding } from '../support/browser';
import { api, fileReport } from '../support/local-stack';
import { signIn } from '../support/staff-client';
import { lookUp } from '../support/public-pages';
import { openAction, staffSignIn } from '../support/staff-pages';

let env: Awaited<ReturnType<typeof startE2E>>;
let base: string;
const axe = new AxeLog('desk-and-follow-up');
const serious: AxeFinding[] = [];

beforeAll(async () => {
  env = await startE2E();
  base = env.stack.url;
});
afterAll(async () => {
  await axe.write();
  await env?.dispose();
  expect(describeFindings(serious)).toBe('');
});

const deskFile = (key: string, ticket: string) =>
  fetch(`${base}/api/reports`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'Idempotency-Key': randomUUID() },
    body: JSON.stringify({ subjectType: 'institution', district: 'minhang', channel: 'hotline', hotlineTicket: ticket, description: '市民来电反映：这家机构宣传电工证包过，交钱不用考试。', anonymous: true }),
  }).then(async (r) => ({ status: r.status, body: (await r.json()) as { trackingCode: string } }));

describe('hotline desks in the console', () => {
  it('an administrator makes a desk (its key shown once), sees it listed, and revokes it; the key stops working', async () => {
    const context = await newContext(env.browser, 'desktop');
    try {
      const page = await context.newPage();
      const problems = watchConsole(page);
      await staffSignIn(page, base, 'admin', '/staff/desks/');
      await page.getByRole('heading', { level: 1, name: '热线坐席' }).waitFor();
      await page.getByText('还没有坐席。').waitFor();
      await expect(page.getByRole('navigation', { name: '后台导航' }).getByRole('link', { name: '热线坐席' }).getAttribute('aria-current')).resolves.toBe('page');

      // Too short a name: told in Chinese what to write.
      await page.getByLabel('坐席名称').fill('热');
      await page.getByRole('button', { name: '新建并生成密钥' }).click();
      await page.locator('#desk-status.error').getByText('坐席名称至少 2 个字').waitFor();
      await expect(page.getByLabel('坐席名称').getAttribute('aria-invalid')).resolves.toBe('true');

      await page.getByLabel('坐席名称').fill('12345市民服务热线');
      await page.getByRole('button', { name: '新建并生成密钥' }).click();
      await page.getByRole('heading', { name: '新坐席的密钥' }).waitFor();
      const key = await page.getByLabel('密钥', { exact: true }).inputValue();
      expect(key).toMatch(/^desk_[a-z0-9]{10}_[A-Za-z0-9_-]{43}$/);
      await page.getByText('密钥只显示这一次').waitFor();
      const row = page.locator('#desk-list tbody tr').filter({ hasText: '12345市民服务热线' });
      await row.getByText('使用中').waitFor();
      serious.push(...(await axe.check(page, 'desks: key shown once')));

      // The key works, and after closing the box it is nowhere on the page.
      expect((await deskFile(key, 'GD-E2E-0001')).status).toBe(201);
      await page.getByRole('button', { name: '已妥善保存，关闭' }).click();
      await expect(page.content()).resolves.not.toContain(key);
      await page.reload();
      await row.waitFor();
      await expect(page.content()).resolves.not.toContain(key);

      page.once('dialog', (d) => void d.accept());
      await row.getByRole('button', { name: '停用 12345市民服务热线' }).click();
      await page.locator('#desk-status.ok').getByText('已停用坐席“12345市民服务热线”').waitFor();
      await row.getByText(/已停用/).waitFor();
      serious.push(...(await axe.check(page, 'desks: one revoked')));
      const refused = await deskFile(key, 'GD-E2E-0002');
      expect(refused.status).toBe(401);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('fits a 390 px phone, with the nav link, and tells an office account it is for administrators', async () => {
    const context = await newContext(env.browser, 'phone');
    try {
      const page = await context.newPage();
      const problems = watchConsole(page);
      await staffSignIn(page, base, 'admin', '/staff/desks/');
      await page.locator('#desk-list tbody tr').first().waitFor();
      await page.getByLabel('坐席名称').fill('浦东新区热线分中心');
      await page.getByRole('button', { name: '新建并生成密钥' }).click();
      await page.getByRole('heading', { name: '新坐席的密钥' }).waitFor();
      await snap(page, 'staff-desks', 'phone');
      serious.push(...(await axe.check(page, 'desks (phone)')));

      await staffSignIn(page, base, 'minhang', '/staff/desks/');
      await page.getByText('只有管理员可以管理热线坐席。').waitFor();
      await expect(page.getByRole('link', { name: '热线坐席' }).isVisible()).resolves.toBe(false);
      await snap(page, 'staff-desks-denied', 'phone');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('退单 on the report page', () => {
  it('an office returns a ticket the desk dispatched to it by mistake, with the reason; the desk reads it back', async () => {
    const admin = await signIn(base, 'admin');
    const desk = (await admin.post('/desks', { name: '12345市民服务热线' })).body as { key: string };
    const filed = await deskFile(desk.key, 'GD-E2E-0042');
    expect(filed.status).toBe(201);
    const code = filed.body.trackingCode;

    const context = await newContext(env.browser, 'desktop');
    try {
      const page = await context.newPage();
      const problems = watchConsole(page);
      await staffSignIn(page, base, 'minhang', `/staff/report/?code=${code}`);
      await page.getByRole('heading', { level: 1, name: `举报 ${code}` }).waitFor();
      await page.locator('#r-facts').getByText('12345市民服务热线 · 工单号 GD-E2E-0042').waitFor();
      await openAction(page, '退单');
      const form = page.locator('form[data-action="return-ticket"]');
      await form.getByText('工单来自12345市民服务热线，工单号 GD-E2E-0042。').waitFor();
      serious.push(...(await axe.check(page, 'report: 退单 open')));

      // No reason: refused with what to write.
      await form.getByRole('button', { name: '退回热线' }).click();
      await form.locator('.form-result').getByText(/退单理由/).waitFor();

      await form.getByLabel('退单理由').fill('该机构实际在浦东新区，请改派浦东新区人社局');
      await form.getByRole('button', { name: '退回热线' }).click();
      await page.locator('#console-status').getByText('已退回热线重新派单。').waitFor();
      await page.locator('#r-status').getByText('办结').waitFor();
      await page.locator('#r-facts').getByText(/该机构实际在浦东新区/).waitFor();
      await expect(page.locator('#act-return').isHidden()).resolves.toBe(true);
      serious.push(...(await axe.check(page, 'report: returned')));
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
    const view = await fetch(`${base}/api/desk/reports/${code}`, { headers: { authorization: `Bearer ${desk.key}` } }).then((r) => r.json());
    expect(view).toMatchObject({ status: 'closed', returned: { reason: '该机构实际在浦东新区，请改派浦东新区人社局' } });
  });

  it('is not offered on a report the public filed', async () => {
    const own = (await fileReport(base, { subjectType: 'candidate', district: 'minhang', channel: 'exam', description: '考场里有人用手机搜答案，监考没管。', anonymous: true })).body;
    const context = await newContext(env.browser, 'desktop');
    try {
      const page = await context.newPage();
      await staffSignIn(page, base, 'minhang', `/staff/report/?code=${own.trackingCode}`);
      await page.getByRole('heading', { level: 1, name: `举报 ${own.trackingCode}` }).waitFor();
      await page.locator('#act-transfer').waitFor();
      await expect(page.locator('#act-return').isHidden()).resolves.toBe(true);
      await expect(page.locator('#r-facts').getByText('热线工单').count()).resolves.toBe(0);
    } finally {
      await context.close();
    }
  });
});

describe('回访 on the look-up page', () => {
  async function closedReport(description: string) {
    const minhang = await signIn(base, 'minhang');
    const r = (await fileReport(base, { subjectType: 'institution', district: 'minhang', channel: 'advertising', description, anonymous: true })).body as { trackingCode: string; secret: string };
    let report = (await minhang.get(`/reports/${r.trackingCode}`)).body;
    for (const action of [
      { type: 'status', status: 'investigating', reason: '受理' },
      { type: 'status', status: 'not-confirmed', reason: '查无实据' },
      { type: 'close', outcome: '经现场核查，该机构已停止发布这条广告。' },
    ]) report = (await minhang.act(r.trackingCode, report.version, action)).body;
    expect(report.status).toBe('closed');
    return r;
  }

  it('asks once after 办结, refuses an answer without a choice, and shows the answer from then on (phone)', async () => {
    const open = (await fileReport(base, { subjectType: 'examiner', district: 'minhang', channel: 'exam', description: '考评员在考试时离开考场很久，没人监考。', anonymous: true })).body;
    const closed = await closedReport('朋友圈广告说保育师证包过，不过全额退款。');
    const context = await newContext(env.browser, 'phone');
    try {
      const page = await context.newPage();
      const problems = watchConsole(page);
      // Not yet concluded: not asked.
      await lookUp(page, base, open);
      await page.getByRole('heading', { level: 2, name: `举报 ${open.trackingCode}` }).waitFor();
      await expect(page.getByRole('heading', { name: '您对处理结果满意吗？' }).isVisible()).resolves.toBe(false);

      await lookUp(page, base, closed);
      await page.getByRole('heading', { level: 2, name: `举报 ${closed.trackingCode}` }).waitFor();
      const box = page.locator('#feedback-box');
      await box.getByRole('heading', { name: '您对处理结果满意吗？' }).waitFor();
      await snap(page, 'track-feedback', 'phone');
      serious.push(...(await axe.check(page, 'track: 回访 asked (phone)')));

      await box.getByRole('button', { name: '提交评价' }).click();
      await box.locator('#rating-error').getByText('请选择：满意、基本满意或不满意').waitFor();
      serious.push(...(await axe.check(page, 'track: 回访 without a choice (phone)')));

      await box.getByLabel('不满意', { exact: true }).check();
      await box.getByLabel(/原因/).fill('广告换了个账号还在发。');
      await box.getByRole('button', { name: '提交评价' }).click();
      await page.locator('#feedback-given').getByText(/不满意。处理部门已重新核查/).waitFor();
      await expect(box.isHidden()).resolves.toBe(true);
      serious.push(...(await axe.check(page, 'track: 回访 given (phone)')));

      // Asked once: looking it up again shows the answer, not the question.
      await lookUp(page, base, closed);
      await page.locator('#feedback-given').getByText(/不满意/).waitFor();
      await expect(page.locator('#feedback-box').isHidden()).resolves.toBe(true);
      await snap(page, 'track-feedback-given', 'phone');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
    const tracked = await api(base, '/api/track', closed);
    expect(tracked.body).toMatchObject({ status: 'investigating', feedback: { rating: 'unsatisfied', reopened: true }, canGiveFeedback: false });
  });

  it('the dashboard counts the answers (满意 / 基本满意 / 不满意)', async () => {
    const satisfied = await closedReport('抖音广告说育婴员证交钱就发，不用考。');
    expect((await api(base, `/api/reports/${satisfied.trackingCode}/feedback`, { rating: 'satisfied' }, { 'X-Report-Secret': satisfied.secret })).status).toBe(201);
    const context = await newContext(env.browser, 'desktop');
    try {
      const page = await context.newPage();
      await staffSignIn(page, base, 'minhang', '/staff/stats/');
      const table = page.locator('#t-feedback');
      await table.waitFor();
      await poll(async () => (await table.locator('tbody tr').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim()).sort()).toEqual(['不满意150.0%', '满意150.0%']);
      serious.push(...(await axe.check(page, 'stats with 回访')));
    } finally {
      await context.close();
    }
  });
});

describe('the API reference', () => {
  it('runs at /api/docs under its own policy, with no blocked script, style or request', async () => {
    const context = await newContext(env.browser, 'desktop');
    try {
      const page = await context.newPage();
      const problems = watchConsole(page);
      const external: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith(base) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) external.push(r.url());
      });
      await page.goto(`${base}/api/docs`);
      await page.getByText('提交举报').first().waitFor({ timeout: 30_000 });
      await page.getByText('回访：办结后评价处理结果（一次）').first().waitFor();
      await snap(page, 'api-docs', 'desktop');
      expect(problems).toEqual([]);
      expect(external).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
