// One case walked through the procedure in the console (Chromium): started on a report, the office's files
// uploaded, the party and the investigation recorded, the 告知书 drafted and previewed, approved by a second
// person (the author is not offered approval), served with proof, the waiver, the 处理决定书 drafted, approved
// and served, the case closed after the objection period and its case file downloaded. A screenshot of each
// document step in test-results/screenshots/; axe on each state; the phone layout checked for overflow.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AxeLog, describeFindings, fixture, newContext, poll, SCREENSHOTS, snap as snapPage, startE2E, watchConsole, type AxeFinding, type Viewport } from '../support/browser';
import { fileReport } from '../support/local-stack';
import { staffSignIn } from '../support/staff-pages';

let clock = new Date('2025-09-26T02:00:00Z');
const on = (day: string) => {
  clock = new Date(`${day}T02:00:00Z`);
};
let env: Awaited<ReturnType<typeof startE2E>>;
let code: string;
const axe = new AxeLog('procedure');
const serious: AxeFinding[] = [];
const work = mkdtempSync(path.join(tmpdir(), 'procedure-e2e-'));
const inquiryPdf = path.join(work, '负责人询问笔录.pdf');
const waiverPdf = path.join(work, '放弃陈述申辩声明.pdf');

beforeAll(async () => {
  env = await startE2E({ now: () => clock });
  writeFileSync(inquiryPdf, '%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
  writeFileSync(waiverPdf, '%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
  const filed = await fileReport(env.stack.url, {
    subjectType: 'institution',
    institutionName: '上海某某职业技能培训有限公司',
    district: 'minhang',
    channel: 'advertising',
    description: '朋友圈广告：“高级电工证包过，考不过全额退款”，交钱就行不用去考场。',
    anonymous: true,
  });
  expect(filed.status).toBe(201);
  code = filed.body.trackingCode;
}, 120_000);

afterAll(async () => {
  await axe.write();
  await env?.dispose();
  rmSync(work, { recursive: true, force: true });
});

const section = (page: Page) => page.locator('#procedure');
const statusSays = (page: Page, text: string | RegExp) => section(page).locator('#proc-status').filter({ hasText: text }).waitFor();

/** Opens a step's form (a <details>) inside `scope` by its summary. */
async function open(page: Page, scope: ReturnType<Page['locator']>, summary: string | RegExp) {
  const details = scope.locator('details.action').filter({ has: page.locator('summary', { hasText: summary }) }).first();
  if (!(await details.evaluate((d: HTMLDetailsElement) => d.open))) await details.locator('summary').click();
  return details;
}

/** The whole page (with the phone's overflow check), and the procedure section alone, to read. */
async function snap(page: Page, name: string, viewport: Viewport) {
  await snapPage(page, name, viewport);
  await section(page).screenshot({ path: path.join(SCREENSHOTS, `${name}-section-${viewport}.png`) });
}

async function check(page: Page, label: string) {
  serious.push(...(await axe.check(page, label)));
}

async function openReport(context: BrowserContext, user: string) {
  const page = await context.newPage();
  const problems = watchConsole(page);
  await staffSignIn(page, env.stack.url, user, `/staff/report/?code=${code}`);
  await section(page).waitFor();
  return { page, problems };
}

describe('the procedure in the console', () => {
  it('carries a case from the report to a served decision and an archived case file', async () => {
    const desktopA = await newContext(env.browser, 'desktop', { acceptDownloads: true });
    const phoneB = await newContext(env.browser, 'phone', { acceptDownloads: true });
    try {
      const { page: a, problems } = await openReport(desktopA, 'minhang');
      const panel = section(a);
      await panel.getByRole('button', { name: '启动认定处理程序' }).click();
      await statusSays(a, '已启动认定处理程序');
      // The status follows the procedure: 核查中, and the old status, close and transfer actions are gone.
      await poll(() => a.locator('#r-status').textContent()).toBe('核查中');
      expect(await a.locator('#act-status').isHidden()).toBe(true);
      expect(await a.locator('#act-transfer').isHidden()).toBe(true);

      // The office's own files, through the evidence flow.
      for (const [file, category] of [
        [inquiryPdf, '询问笔录'],
        [fixture('ad-screenshot.jpg'), '送达凭证'],
        [waiverPdf, '当事人材料（陈述申辩、异议、整改方案等）'],
      ] as const) {
        await panel.getByLabel('选择文件').setInputFiles(file);
        await panel.getByLabel('材料类别').selectOption({ label: category });
        await panel.getByRole('button', { name: '上传', exact: true }).click();
        await panel.locator('#proc-upload-result').filter({ hasText: `已上传：${path.basename(file)}` }).waitFor();
      }
      await poll(() => panel.locator('#proc-files li').count()).toBe(3);

      const add = await open(a, panel, '列为当事人');
      expect(await add.getByLabel('名称或姓名').inputValue()).toBe('上海某某职业技能培训有限公司');
      await add.getByRole('button', { name: '列为当事人' }).click();
      await statusSays(a, '已列为当事人');

      const party = panel.locator('#proc-party-p1');
      const inv = await open(a, party, '记录调查核实情况');
      await inv.getByLabel('事发日期').fill('2025-09-12');
      await inv.getByLabel('查明的事实').fill('当事人自2025年9月12日起在微信朋友圈发布“高级电工证包过，考不过全额退款”的招生广告。');
      await inv.getByLabel('违反的条款编号').fill('SH2025-21-12');
      await inv.getByLabel(/询问笔录：负责人询问笔录\.pdf/).check();
      await inv.getByRole('button', { name: '保存调查记录' }).click();
      await statusSays(a, '已记录调查核实情况');

      const draftNotice = await open(a, panel.locator('#proc-party-p1'), '起草处理事先告知书');
      await draftNotice.getByLabel('拟作出的处理决定').fill('对负责人进行约谈，责令改正，并要求追究相关人员责任。');
      await draftNotice.getByRole('button', { name: '起草告知书' }).click();
      await statusSays(a, '已起草告知书');
      const noticeCard = panel.locator('#proc-doc-p1-notice');
      await noticeCard.getByText('须由另一名工作人员审核签发').waitFor();
      expect(await noticeCard.locator('summary', { hasText: '审核签发' }).count()).toBe(0);
      const [preview] = await Promise.all([a.waitForEvent('download'), noticeCard.getByRole('button', { name: '预览 PDF' }).click()]);
      expect(readFileSync((await preview.path())!).subarray(0, 5).toString()).toBe('%PDF-');
      await noticeCard.scrollIntoViewIfNeeded();
      await snap(a, 'procedure-1-notice-drafted', 'desktop');
      await check(a, 'procedure: notice drafted');

      // A second person approves on a phone: the register gives the 文号.
      const { page: b, problems: problemsB } = await openReport(phoneB, 'minhang2');
      const noticeB = section(b).locator('#proc-doc-p1-notice');
      const approve = await open(b, noticeB, '审核签发');
      await approve.getByRole('button', { name: '审核签发' }).click();
      await statusSays(b, '已审核签发');
      await section(b).locator('#proc-doc-p1-notice').getByText('闵人社告〔2025〕1号').waitFor();
      await section(b).locator('#proc-doc-p1-notice').scrollIntoViewIfNeeded();
      await snap(b, 'procedure-2-notice-approved', 'phone');
      await check(b, 'procedure: notice approved (phone)');

      on('2025-09-30');
      await a.reload();
      await section(a).locator('#proc-doc-p1-notice').getByText('闵人社告〔2025〕1号').waitFor();
      const serve = await open(a, section(a).locator('#proc-doc-p1-notice'), '记录送达');
      await serve.getByLabel('送达方式').selectOption('mail');
      await serve.getByLabel('送达日期（公告送达：公告之日）').fill('2025-09-30');
      await serve.getByRole('checkbox', { name: /送达凭证：ad-screenshot\.jpg/ }).check();
      await serve.getByRole('button', { name: '记录送达' }).click();
      await statusSays(a, '已记录送达');
      const statementRow = section(a).locator('#proc-deadlines tr', { hasText: '当事人陈述、申辩' });
      await statementRow.getByText('2025/10/14').waitFor();
      expect(await statementRow.textContent()).toContain('还剩 5 个工作日');
      await section(a).locator('#h-proc-deadlines').scrollIntoViewIfNeeded();
      await snap(a, 'procedure-3-notice-served', 'desktop');
      await check(a, 'procedure: notice served');

      on('2025-10-09');
      await a.reload();
      const waiver = await open(a, section(a).locator('#proc-party-p1'), '记录书面放弃陈述、申辩');
      await waiver.getByLabel('放弃日期').fill('2025-10-09');
      await waiver.getByLabel(/当事人材料：放弃陈述申辩声明\.pdf/).check();
      await waiver.getByRole('button', { name: '记录书面放弃陈述、申辩' }).click();
      await statusSays(a, '已记录书面放弃陈述、申辩');
      const draftDecision = await open(a, section(a).locator('#proc-party-p1'), '起草处理决定书');
      await draftDecision.getByLabel('处理决定（作出处理时填写）').fill('对当事人负责人进行约谈，责令改正，并要求追究相关人员责任。');
      await draftDecision.getByRole('button', { name: '起草决定书' }).click();
      await statusSays(a, '已起草处理决定书');
      await snap(a, 'procedure-4-decision-drafted', 'desktop');

      await b.reload();
      const approveDecision = await open(b, section(b).locator('#proc-doc-p1-decision'), '审核签发');
      await approveDecision.getByRole('button', { name: '审核签发' }).click();
      await statusSays(b, '已审核签发');
      await section(b).locator('#proc-doc-p1-decision').getByText('闵人社处〔2025〕1号').waitFor();
      await snap(b, 'procedure-5-decision-approved', 'phone');

      on('2025-10-10');
      await a.reload();
      const serveDecision = await open(a, section(a).locator('#proc-doc-p1-decision'), '记录送达');
      await serveDecision.getByLabel('送达方式').selectOption('direct');
      await serveDecision.getByLabel('送达日期（公告送达：公告之日）').fill('2025-10-10');
      await serveDecision.getByRole('checkbox', { name: /送达凭证：ad-screenshot\.jpg/ }).check();
      await serveDecision.getByRole('button', { name: '记录送达' }).click();
      await statusSays(a, '已记录送达');
      await poll(() => a.locator('#r-status').textContent()).toBe('已认定');
      // 10-11 (调休 Saturday) … 10-30: 15 working days to object.
      await section(a).locator('#proc-deadlines tr', { hasText: '当事人对处理决定提出异议' }).getByText('2025/10/30').waitFor();
      const [issued] = await Promise.all([a.waitForEvent('download'), section(a).locator('#proc-doc-p1-decision').getByRole('button', { name: '下载 PDF' }).click()]);
      expect(issued.suggestedFilename()).toBe('闵人社处〔2025〕1号处理决定书.pdf');
      await section(a).locator('#h-proc-deadlines').scrollIntoViewIfNeeded();
      await snap(a, 'procedure-6-decision-served', 'desktop');
      await check(a, 'procedure: decision served');

      on('2025-11-03');
      await a.reload();
      const close = await open(a, section(a).locator('#proc-closing'), '结案');
      await close.getByLabel('处理结果摘要（内部，写入处理档案）').fill('约谈负责人，责令改正；当事人未提出异议。');
      await close.getByRole('button', { name: '结案并立卷归档' }).click();
      await statusSays(a, '已结案');
      await poll(() => a.locator('#r-status').textContent()).toBe('办结');
      await poll(async () => {
        await a.reload();
        await section(a).locator('#proc-case-file-state').waitFor();
        return a.locator('#proc-case-file-state').textContent();
      }, 30_000).toBe('处理档案：已生成');
      const [archive] = await Promise.all([a.waitForEvent('download'), section(a).getByRole('button', { name: '下载处理档案' }).click()]);
      const zip = unzipSync(new Uint8Array(readFileSync((await archive.path())!)));
      expect(Object.keys(zip)).toEqual(expect.arrayContaining(['01-卷内目录.txt', '02-文书/01-闵人社告〔2025〕1号处理事先告知书.pdf', '02-文书/02-闵人社处〔2025〕1号处理决定书.pdf', 'SHA256SUMS.txt']));
      await snap(a, 'procedure-7-closed', 'desktop');
      await check(a, 'procedure: closed with its case file');
      await b.reload();
      await section(b).locator('#proc-case-file-state').waitFor();
      await snap(b, 'procedure-7-closed', 'phone');

      expect(problems).toEqual([]);
      expect(problemsB).toEqual([]);
      expect(describeFindings(serious)).toBe('');
    } finally {
      await desktopA.close();
      await phoneB.close();
    }
  }, 300_000);
});
