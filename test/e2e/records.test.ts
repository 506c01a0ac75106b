// Institutions and people on record in the console: a report's page shows the decisions beside the suggestions
// (what counts towards a heavier clause, what triage was given) and the reports of the same case, which staff
// merge; the institution's page lists its decisions with their 备案周期 and records one taken on paper; a
// termination is drafted for publication, approved by a second person and appears on /published/. Desktop and
// phone, axe on every page state.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { AxeLog, describeFindings, newContext, snap, startE2E, watchConsole, type AxeFinding, type Viewport } from '../support/browser';
import { fileReport } from '../support/local-stack';
import { signIn } from '../support/staff-client';
import { staffSignIn } from '../support/staff-pages';

let env: Awaited<ReturnType<typeof startE2E>>;
const axe = new AxeLog('records');
const serious: AxeFinding[] = [];
const MINHU = '上海闵湖美业职业技能评价有限公司';
const AD = '朋友圈看到闵湖美业的广告：“美容师证包过，考不过全额退款”，交钱不用去考场，考评员王建国说他可以帮忙。';
let primary: string;
let twin: string;

async function look(page: Page, name: string, viewport: Viewport) {
  await snap(page, name, viewport);
  serious.push(...(await axe.check(page, `${name} (${viewport})`)));
}

beforeAll(async () => {
  env = await startE2E({ now: () => new Date('2025-11-20T02:00:00Z') });
  const base = env.stack.url;
  const minhang = await signIn(base, 'minhang');
  expect((await minhang.post('/decisions', { party: { institutionName: '闵湖美业' }, decision: '约谈', ruleIds: ['SH2025-21-12'], decidedOn: '2025-04-10', docNo: '闵人社处〔2025〕5号' })).status).toBe(201);
  expect((await minhang.post('/decisions', { party: { person: { name: '王建国', role: 'examiner', institutionName: '闵湖美业' } }, decision: '谈话提醒', ruleIds: ['SH2025-11-1'], decidedOn: '2025-06-01', docNo: '闵湖〔2025〕2号' })).status).toBe(201);
  const file = async (description: string) =>
    (await fileReport(base, { channel: 'advertising', subjectType: 'institution', institutionName: '闵湖美业', district: 'minhang', incidentDate: '2025-11-10', description, anonymous: true })).body.trackingCode as string;
  primary = await file(AD);
  twin = await file(`我也看到了：${AD}`);
});

afterAll(async () => {
  await axe.write();
  await env?.dispose();
});

describe('records in the console', () => {
  it('shows the record beside the suggestions, merges the same case and records a decision taken on paper', async () => {
    const context = await newContext(env.browser, 'desktop');
    try {
      const page = await context.newPage();
      const problems = watchConsole(page);
      const base = env.stack.url;
      await staffSignIn(page, base, 'minhang', `/staff/report/?code=${primary}`);
      const record = page.locator('#r-record');
      await record.getByText('闵人社处〔2025〕5号').first().waitFor();
      expect(await page.locator('#r-passed').textContent()).toContain('约谈 2025/04/10 闵人社处〔2025〕5号');
      expect(await record.textContent()).toContain('计入，已供系统比对');
      expect(await record.textContent()).toContain('王建国（考评人员）');
      const cases = page.locator('#r-case');
      await cases.getByRole('link', { name: twin }).waitFor();
      await look(page, 'staff-report-record', 'desktop');

      await page.getByLabel('合并理由').fill('同一条广告');
      await page.getByRole('button', { name: `把 ${twin} 并入本件` }).click();
      await page.locator('#console-status').getByText('已合并').waitFor();
      await cases.getByText('并入本件一并办理的举报').waitFor();
      expect(await page.locator('#r-timeline').textContent()).toContain(`举报 ${twin} 并入本件一并办理`);

      await record.getByRole('link', { name: MINHU }).click();
      await page.getByRole('heading', { level: 1, name: MINHU }).waitFor();
      await page.locator('#inst-decisions').getByText('闵人社处〔2025〕5号').waitFor();
      expect(await page.locator('#inst-decisions').textContent()).toContain('本周期');
      expect(await page.locator('#inst-people').textContent()).toContain('王建国');
      expect(await page.locator('#inst-reports').textContent()).toContain(primary);

      // A 终止备案 decided on paper, recorded with its 文号; a wrong clause first.
      await page.getByLabel('处理决定', { exact: true }).selectOption('终止备案');
      await page.getByLabel('依据条款', { exact: true }).fill('SH2025-11-1');
      await page.getByLabel('决定日期', { exact: true }).fill('2025-11-18');
      await page.getByLabel('文号', { exact: true }).fill('闵人社处〔2025〕21号');
      await page.getByRole('button', { name: '登记' }).click();
      await page.locator('#decision-result').getByText('条款 SH2025-11-1 是关于考评人员的').waitFor();
      expect(await page.getByLabel('依据条款', { exact: true }).getAttribute('aria-invalid')).toBe('true');
      await look(page, 'staff-institution-error', 'desktop');
      await page.getByLabel('依据条款', { exact: true }).fill('SH2025-23-6');
      await page.getByRole('button', { name: '登记' }).click();
      await page.locator('#decision-result').getByText('已登记：终止备案（闵人社处〔2025〕21号）').waitFor();
      expect(await page.locator('#inst-facts').textContent()).toContain('终止备案');
      await page.getByRole('button', { name: '起草公示' }).click();
      await page.locator('#inst-status').getByText('已起草公示').waitFor();
      await look(page, 'staff-institution', 'desktop');

      await page.getByRole('link', { name: '处理公示' }).first().click();
      await page.getByRole('heading', { level: 2, name: `${MINHU} 终止备案` }).waitFor();
      expect(await page.getByRole('button', { name: '审核并公布' }).isDisabled()).toBe(true);
      await look(page, 'staff-publications-draft', 'desktop');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }

    // A second person publishes it.
    const second = await newContext(env.browser, 'desktop');
    try {
      const page = await second.newPage();
      await staffSignIn(page, env.stack.url, 'minhang2', '/staff/publications/');
      await page.getByRole('button', { name: '审核并公布' }).click();
      await page.locator('#pubs-status').getByText('已公布').waitFor();
      await look(page, 'staff-publications-published', 'desktop');
      await page.goto(`${env.stack.url}/published/`);
      await page.getByRole('heading', { level: 2, name: new RegExp(`${MINHU} 终止备案$`) }).waitFor();
    } finally {
      await second.close();
    }
    expect(serious, describeFindings(serious)).toEqual([]);
  });

  it('fits a phone', async () => {
    const context = await newContext(env.browser, 'phone');
    try {
      const page = await context.newPage();
      await staffSignIn(page, env.stack.url, 'minhang', `/staff/report/?code=${twin}`);
      await page.locator('#r-case').getByText('本件已并入').waitFor();
      await page.locator('#r-record').getByText('闵人社处〔2025〕5号').first().waitFor();
      await look(page, 'staff-report-record', 'phone');
      await page.goto(`${env.stack.url}/staff/institution/?name=${encodeURIComponent('闵湖美业')}`);
      await page.locator('#inst-decisions').getByText('闵人社处〔2025〕21号').waitFor();
      await look(page, 'staff-institution', 'phone');
      await page.goto(`${env.stack.url}/staff/publications/`);
      await page.getByRole('button', { name: '撤回' }).waitFor();
      await look(page, 'staff-publications', 'phone');
      expect(serious, describeFindings(serious)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
