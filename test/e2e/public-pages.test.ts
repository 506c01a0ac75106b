// Every public page on both viewports: a screenshot, the phone overflow check and axe-core.
// (journeys.test.ts covers the phone's form steps, upload, receipt and look-up on the way.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { AxeLog, describeFindings, fixture, newContext, snap, startE2E, watchConsole, type AxeFinding, type Viewport } from '../support/browser';
import { BAOGUO_AD, fillReport, lookUp, readReceipt } from '../support/public-pages';
import { signIn } from '../support/staff-client';

let env: Awaited<ReturnType<typeof startE2E>>;
let base: string;
const axe = new AxeLog('public-pages');

/** Two entries on /published/: a 终止备案 and a candidate's revoked certificates, each approved by a second person. */
async function publish() {
  const [author, approver] = [await signIn(base, 'minhang'), await signIn(base, 'minhang2')];
  const decisions = [
    { party: { institutionName: '闵湖美业' }, decision: '终止备案', ruleIds: ['SH2025-23-6'], decidedOn: '2025-11-18', docNo: '闵人社处〔2025〕21号' },
    {
      party: { person: { name: '王建国', role: 'candidate', institutionName: '闵湖美业' } },
      decision: '撤销证书',
      ruleIds: ['SH2025-9-1'],
      decidedOn: '2025-11-10',
      docNo: '闵人社处〔2025〕19号',
      certificates: [
        { number: 'S000031010001234567', occupation: '美容师', level: '四级/中级工', holder: '王建国' },
        { number: 'S000031010001234568', occupation: '美发师', level: '五级/初级工', holder: '王建国' },
      ],
    },
  ];
  for (const decision of decisions) {
    const { body: recorded } = await author.post('/decisions', decision);
    const { body: draft } = await author.post('/publications', { decisionId: recorded.record.id, summary: '经调查核实，依据《细则》作出上述决定，现予公布。' });
    const approved = await approver.post(`/publications/${draft.id}/approve`, { version: draft.version });
    expect(approved.body.status).toBe('published');
  }
}

beforeAll(async () => {
  env = await startE2E();
  base = env.stack.url;
  await publish();
});
afterAll(async () => {
  await axe.write();
  await env?.dispose();
});

async function look(page: Page, name: string, viewport: Viewport, found: AxeFinding[]) {
  await snap(page, name, viewport);
  found.push(...(await axe.check(page, `${name} (${viewport})`)));
}

describe('public pages', () => {
  for (const viewport of ['desktop', 'phone'] as const) {
    it(`look right and pass axe on the ${viewport}`, async () => {
      const context = await newContext(env.browser, viewport);
      const found: AxeFinding[] = [];
      try {
        const page = await context.newPage();
        const problems = watchConsole(page);

        if (viewport === 'desktop') {
          // The phone walks these in journey 1; the desktop walks them here.
          await page.goto(`${base}/`);
          await look(page, 'home', viewport, found);
          await page.goto(`${base}/report/`);
          await fillReport(page, { ...BAOGUO_AD, files: [fixture('ad-screenshot.jpg')] }, (step) => look(page, `report-step${step}`, viewport, found));
          await page.getByRole('button', { name: '提交举报' }).click();
          // The receipt is shown on the form while the file goes up; the receipt page follows when the reporter asks.
          await page.getByText('1 个证据文件已全部上传。').waitFor();
          await look(page, 'report-uploaded', viewport, found);
          await page.getByRole('link', { name: '查看回执和下一步' }).click();
          const receipt = await readReceipt(page);
          await look(page, 'receipt', viewport, found);
          await lookUp(page, base, receipt);
          await page.getByRole('heading', { level: 2, name: `举报 ${receipt.trackingCode}` }).waitFor();
          await page.locator('#evidence-sent li').first().waitFor();
          await look(page, 'track-result', viewport, found);
        }

        // The form's first step after “下一步” with nothing filled in.
        await page.goto(`${base}/report/`);
        await page.getByRole('button', { name: '下一步' }).click();
        await page.getByRole('alert').filter({ hasText: '请先改正下面的问题' }).waitFor();
        await look(page, 'report-errors', viewport, found);

        await page.goto(`${base}/track/`);
        await look(page, 'track', viewport, found);

        // A receipt page opened without a report in this tab.
        const fresh = await context.newPage();
        await fresh.goto(`${base}/receipt/`);
        await fresh.getByRole('heading', { level: 1, name: '没有可以显示的回执' }).waitFor();
        await look(fresh, 'receipt-empty', viewport, found);
        await fresh.close();

        const rules = await page.goto(`${base}/rules/`);
        if (rules?.status() === 200) await look(page, 'rules', viewport, found);
        else console.log(`/rules/ answered ${rules?.status()}: not built yet, skipped`);

        await page.goto(`${base}/published/`);
        await page.locator('#pub-list li').nth(1).waitFor();
        // Newest first; the holder's name only as far as telling certificates apart needs.
        expect(await page.locator('#pub-list h2').allTextContents()).toEqual([expect.stringContaining('撤销违规证书 2 张'), expect.stringContaining('上海闵湖美业职业技能评价有限公司 终止备案')]);
        expect(await page.locator('#pub-list').textContent()).not.toContain('王建国');
        await look(page, 'published', viewport, found);

        const missing = await page.goto(`${base}/no-such-page/`);
        expect(missing?.status()).toBe(404);
        expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(/[\u4e00-\u9fff]/);
        await look(page, 'not-found', viewport, found);

        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
      expect(found, describeFindings(found)).toEqual([]);
    });
  }
});
