// The main journeys in one order, sharing one report: a reporter files it on a phone with a photo and a video,
// Minhang's staff work it and transfer it to Pudong, the reporter answers, Pudong picks it up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { openAction, photosLoaded, queueCodes, staffSignIn } from '../support/staff-pages';
import { api } from '../support/local-stack';
import { poll, AxeLog, describeFindings, fixture, newContext, snap, startE2E, watchConsole, type AxeFinding } from '../support/browser';
import { BAOGUO_AD, fillReport, lookUp, readReceipt, type ShownReceipt } from '../support/public-pages';

let env: Awaited<ReturnType<typeof startE2E>>;
let base: string;
const axe = new AxeLog('journeys');
const serious: AxeFinding[] = [];
const consoleProblems: string[] = [];
let receipt: ShownReceipt;
const STAFF_MESSAGE = '您好，请补充广告的付款记录截图，最好能看到收款方名称和日期。';
const REPLY = '付款记录截图已补充，收款方是该机构的财务人员。';

async function checkA11y(page: Page, label: string) {
  serious.push(...(await axe.check(page, label)));
}

beforeAll(async () => {
  env = await startE2E();
  base = env.stack.url;
});

afterAll(async () => {
  await axe.write();
  await env?.dispose();
});

describe('a report from a phone to the right office', () => {
  it('1. a reporter on a phone files a report with a photo and a video, gets a receipt and looks it up', async () => {
    const context = await newContext(env.browser, 'phone');
    try {
      const page = await context.newPage();
      consoleProblems.push(...watchConsole(page));
      // Records each file row's progress and status as they change: the last status is set just before the
      // page moves on to /receipt/, too quickly to poll for, so it is kept in sessionStorage (same tab).
      await page.addInitScript(() => {
        const record = () => {
          const rows = Array.from(document.querySelectorAll('#evidence-list li')).map((li) => {
            const progress = li.querySelector('progress');
            return {
              name: li.querySelector('.file-name')?.textContent ?? '',
              value: progress ? progress.value : -1,
              max: progress ? progress.max : -1,
              status: li.querySelector('.file-status')?.textContent ?? '',
            };
          });
          if (!rows.length) return;
          const log = JSON.parse(sessionStorage.getItem('e2e-upload-log') ?? '[]') as unknown[];
          log.push(rows);
          sessionStorage.setItem('e2e-upload-log', JSON.stringify(log));
        };
        document.addEventListener('DOMContentLoaded', () => {
          const list = document.getElementById('evidence-list');
          if (list) new MutationObserver(record).observe(list, { subtree: true, childList: true, characterData: true, attributes: true });
        });
      });

      await page.goto(`${base}/`);
      await snap(page, 'home', 'phone');
      await checkA11y(page, 'home (phone)');
      await page.getByRole('main').getByRole('link', { name: '我要举报' }).first().click();
      await page.waitForURL('**/report/');

      await fillReport(page, { ...BAOGUO_AD, files: [fixture('ad-screenshot.jpg'), fixture('exam-room.mp4')] }, async (step) => {
        await snap(page, `report-step${step}`, 'phone');
        await checkA11y(page, `report step ${step} (phone)`);
      });

      // Hold the video's "complete" call: its bytes are all in storage by then, so the bar must be full while
      // the page still shows the upload view.
      let completes = 0;
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let heldReached!: () => void;
      const reached = new Promise<void>((resolve) => (heldReached = resolve));
      await page.route(/\/api\/reports\/[^/]+\/evidence\/[^/]+\/complete$/, async (route) => {
        if (++completes === 2) {
          heldReached();
          await held;
        }
        await route.continue();
      });

      await page.getByRole('button', { name: '提交举报' }).click();
      await reached;
      await poll(() => page.getByRole('heading', { level: 2, name: '正在上传证据' }).isVisible()).toBe(true);
      const video = page.getByRole('progressbar', { name: 'exam-room.mp4' });
      const photo = page.getByRole('progressbar', { name: 'ad-screenshot.jpg' });
      await poll(() => video.evaluate((p: HTMLProgressElement) => p.value === p.max)).toBe(true);
      expect(await photo.evaluate((p: HTMLProgressElement) => p.value === p.max)).toBe(true);
      // The per-file status is the live region a screen reader hears.
      const photoStatus = page.getByRole('listitem').filter({ hasText: 'ad-screenshot.jpg' }).locator('.file-status');
      expect(await photoStatus.textContent()).toBe('已上传');
      expect(await photoStatus.getAttribute('aria-live')).toBe('polite');
      const videoStatus = page.getByRole('listitem').filter({ hasText: 'exam-room.mp4' }).locator('.file-status');
      expect(await videoStatus.textContent()).toBe('已传完，正在检查文件…');
      await poll(() => page.locator('#submitted-banner').textContent()).toMatch(/^举报已提交（查询码 [0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}）/);
      await snap(page, 'report-uploading', 'phone');
      await checkA11y(page, 'report uploading (phone)');
      // The receipt is on the page while the files go up, and stays there when they are done.
      const early = { trackingCode: (await page.locator('#tracking-code').textContent())?.trim(), secret: (await page.locator('#secret').textContent())?.trim() };
      expect(await page.getByRole('heading', { level: 2, name: '举报已提交，请先保存回执' }).isVisible()).toBe(true);
      release();
      await page.getByText('2 个证据文件已全部上传。').waitFor();
      await page.getByRole('link', { name: '查看回执和下一步' }).click();

      receipt = await readReceipt(page);
      expect(receipt).toEqual(early);
      expect(receipt.trackingCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      expect(receipt.secret).toMatch(/^[0-9A-Za-z]{16}$/);
      expect(await page.getByText('上海市闵行区人力资源和社会保障局').first().isVisible()).toBe(true);
      expect(await page.locator('#evidence-ok').textContent()).toBe('2 个证据文件已全部上传。');
      const log = JSON.parse((await page.evaluate(() => sessionStorage.getItem('e2e-upload-log'))) ?? '[]') as { name: string; value: number; max: number; status: string }[][];
      const last = log.at(-1)!;
      expect(last.map((r) => [r.name, r.value === r.max, r.status])).toEqual([
        ['ad-screenshot.jpg', true, '已上传'],
        ['exam-room.mp4', true, '已上传'],
      ]);
      // The video's status went through the quarter announcements on its way up.
      expect(new Set(log.map((rows) => rows[1]?.status).filter(Boolean))).toContain('已上传');
      await snap(page, 'receipt', 'phone');
      await checkA11y(page, 'receipt (phone)');

      await lookUp(page, base, receipt);
      await page.getByRole('heading', { level: 2, name: `举报 ${receipt.trackingCode}` }).waitFor();
      expect(await page.locator('#result-authority').textContent()).toBe('上海市闵行区人力资源和社会保障局');
      const sent = page.locator('#evidence-sent li');
      await poll(() => sent.allTextContents()).toEqual([expect.stringMatching(/^ad-screenshot\.jpg（\d+ KB）$/), expect.stringMatching(/^exam-room\.mp4（6(\.\d)? MB）$/)]);
      await snap(page, 'track-result', 'phone');
      await checkA11y(page, 'track result (phone)');

      // The API agrees: both files checked and accepted.
      const tracked = await api(base, '/api/track', receipt);
      expect(tracked.status).toBe(200);
      expect(tracked.body.evidence.map((e: { fileName: string; status: string }) => [e.fileName, e.status])).toEqual([
        ['ad-screenshot.jpg', 'accepted'],
        ['exam-room.mp4', 'accepted'],
      ]);
    } finally {
      await context.close();
    }
    expect(serious, describeFindings(serious)).toEqual([]);
  });

  it('2. Minhang staff confirm the rule, message the reporter and transfer the report to Pudong', async () => {
    // The photo's text is read (OCR, in-process) after its upload and changes the report's version: let it land before
    // staff act on a version they loaded.
    await env.stack.textRead();
    const context = await newContext(env.browser, 'desktop');
    try {
      const page = await context.newPage();
      consoleProblems.push(...watchConsole(page));
      await page.goto(`${base}/staff/`);
      await page.getByRole('button', { name: '登录', exact: true }).waitFor();
      await snap(page, 'staff-signin', 'desktop');
      await checkA11y(page, 'staff sign-in (desktop)');
      await staffSignIn(page, base, 'minhang');
      expect(await queueCodes(page)).toContain(receipt.trackingCode);
      await snap(page, 'staff-queue', 'desktop');
      await checkA11y(page, 'staff queue (desktop)');

      await page.getByRole('link', { name: receipt.trackingCode }).click();
      await page.getByRole('heading', { level: 1, name: `举报 ${receipt.trackingCode}` }).waitFor();
      // The words that made the triage suggest a rule are marked in the description.
      await poll(async () => (await page.locator('#r-description mark').allTextContents()).some((m) => m.includes('包过'))).toBe(true);
      // The photo really loads from storage (presigned GET), and the video opens on demand.
      await poll(() => page.locator('#r-evidence img').count()).toBe(1);
      expect(await photosLoaded(page)).toEqual([{ alt: '证据照片：ad-screenshot.jpg', naturalWidth: expect.any(Number) }]);
      expect((await photosLoaded(page))[0]!.naturalWidth).toBeGreaterThan(0);
      // The photo shown is its display copy; the original opens in a new tab only with a reason, which goes on the trail.
      expect(await page.locator('#r-evidence .display-note').textContent()).toContain('已去除拍摄位置');
      await page.getByLabel('查看原始文件的事由（记入处理记录）').fill('核对');
      await page.getByRole('button', { name: '查看原始文件' }).click();
      await poll(() => page.locator('#r-evidence .original-form .field-error').textContent()).toContain('至少 4 个字');
      const opened = context.waitForEvent('page');
      await page.getByLabel('查看原始文件的事由（记入处理记录）').fill('核对拍摄时间和地点');
      await page.getByRole('button', { name: '查看原始文件' }).click();
      const tab = await opened;
      await poll(() => tab.url()).toContain('X-Amz-Signature');
      await tab.close();
      await poll(() => page.locator('#console-status').textContent()).toContain('事由已记入处理记录');
      await page.getByRole('button', { name: '播放视频' }).click();
      const video = page.getByLabel('证据视频：exam-room.mp4');
      await page.waitForFunction((el) => (el as HTMLVideoElement).readyState >= 1, await video.elementHandle());
      expect(await video.evaluate((v: HTMLVideoElement) => v.duration)).toBeGreaterThan(0);
      await snap(page, 'staff-report', 'desktop');
      await checkA11y(page, 'staff report page (desktop)');

      await openAction(page, '确认违规条款');
      // No suggestion comes ticked: the officer ticks the advertising clause, the one they confirm.
      const choices = page.locator('#rule-choices').getByRole('checkbox');
      for (const box of await choices.all()) expect(await box.isChecked()).toBe(false);
      await page.getByRole('checkbox', { name: /^SH2025-22-9 / }).check();
      await page.getByRole('button', { name: '确认条款' }).click();
      await page.locator('#act-rules .form-result').filter({ hasText: '已保存认定的条款。' }).waitFor();
      await poll(() => page.locator('#s-SH2025-22-9 .badge', { hasText: '已认定' }).count()).toBe(1);
      expect(await page.locator('#r-suggestions .badge', { hasText: '已认定' }).count()).toBe(1);

      await openAction(page, '给举报人留言');
      await page.getByLabel('留言内容').fill(STAFF_MESSAGE);
      await page.getByRole('button', { name: '发送留言' }).click();
      await page.locator('#act-message .form-result').filter({ hasText: '留言已发送，举报人查询时能看到。' }).waitFor();
      await poll(() => page.locator('#r-messages li').allTextContents()).toEqual([expect.stringContaining(STAFF_MESSAGE)]);

      await openAction(page, '转办');
      await page.getByLabel('转交给').selectOption({ label: '浦东新区人社局' });
      await page.getByLabel('转办理由').fill('该机构的实际经营地在浦东新区。');
      await page.getByRole('button', { name: '转办', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: new RegExp(`^举报 ${receipt.trackingCode} 已转交.*浦东新区.*办理$`) }).waitFor();
      await page.getByRole('link', { name: '返回办件列表', exact: true }).click();
      expect(await queueCodes(page)).not.toContain(receipt.trackingCode);
    } finally {
      await context.close();
    }
    expect(serious, describeFindings(serious)).toEqual([]);
  });

  it('3. the reporter reads the message on /track/, replies and adds a photo', async () => {
    // A new browser context: the reporter comes back later with only the saved code and secret.
    const context = await newContext(env.browser, 'phone');
    try {
      const page = await context.newPage();
      consoleProblems.push(...watchConsole(page));
      await lookUp(page, base, receipt);
      await page.getByRole('heading', { level: 2, name: `举报 ${receipt.trackingCode}` }).waitFor();
      const messages = page.getByRole('list', { name: '留言记录' });
      expect(await messages.getByRole('listitem').allTextContents()).toEqual([expect.stringContaining(STAFF_MESSAGE)]);
      expect(await page.locator('#result-authority').textContent()).toBe('上海市浦东新区人力资源和社会保障局');
      await snap(page, 'track-message', 'phone');
      await checkA11y(page, 'track with a staff message (phone)');

      await page.getByLabel('给处理部门留言').fill(REPLY);
      await page.getByRole('button', { name: '发送留言' }).click();
      await page.getByRole('status').filter({ hasText: '留言已发送。' }).waitFor();
      await poll(() => messages.getByRole('listitem').count()).toBe(2);
      expect(await messages.getByRole('listitem').nth(1).textContent()).toContain(REPLY);

      await page.getByLabel('选择照片或视频').setInputFiles({ name: 'payment-record.jpg', mimeType: 'image/jpeg', buffer: await import('node:fs/promises').then((fs) => fs.readFile(fixture('ad-screenshot.jpg'))) });
      await page.getByRole('button', { name: '上传这些文件' }).click();
      await page.getByRole('status').filter({ hasText: '1 个文件已上传。' }).waitFor();
      await poll(() => page.locator('#evidence-sent li').count()).toBe(3);
      expect(await page.locator('#evidence-sent li').nth(2).textContent()).toMatch(/^payment-record\.jpg（\d+ KB）$/);
      await snap(page, 'track-replied', 'phone');
      await checkA11y(page, 'track after reply and upload (phone)');
    } finally {
      await context.close();
    }
    expect(serious, describeFindings(serious)).toEqual([]);
  });

  it('4. Pudong sees the report, the reply and the new photo; Minhang no longer sees it', async () => {
    const context = await newContext(env.browser, 'desktop');
    try {
      const page = await context.newPage();
      consoleProblems.push(...watchConsole(page));
      await staffSignIn(page, base, 'pudong');
      expect(await queueCodes(page)).toContain(receipt.trackingCode);
      await page.getByRole('link', { name: receipt.trackingCode }).click();
      await page.getByRole('heading', { level: 1, name: `举报 ${receipt.trackingCode}` }).waitFor();
      await poll(() => page.locator('#r-messages li').allTextContents()).toEqual([expect.stringContaining(STAFF_MESSAGE), expect.stringContaining(REPLY)]);
      expect(await page.locator('#r-messages li').nth(1).textContent()).toMatch(/^举报人/);
      await poll(() => page.locator('#r-evidence .file-name').allTextContents()).toEqual(['ad-screenshot.jpg', 'exam-room.mp4', 'payment-record.jpg']);
      const photos = await photosLoaded(page);
      expect(photos.map((p) => p.alt)).toEqual(['证据照片：ad-screenshot.jpg', '证据照片：payment-record.jpg']);
      for (const p of photos) expect(p.naturalWidth, p.alt).toBeGreaterThan(0);
      // The decision taken in Minhang travels with the report.
      expect(await page.locator('#r-handling').textContent()).toMatch(/认定条款\s*SH2025-22-9（/);
      await snap(page, 'staff-report-transferred', 'desktop');
      await checkA11y(page, 'staff report page after transfer (desktop)');

      // Minhang: not in the queue, and the report's own address says it is not there.
      const minhang = await context.newPage();
      await staffSignIn(minhang, base, 'minhang');
      expect(await queueCodes(minhang)).not.toContain(receipt.trackingCode);
      await minhang.goto(`${base}/staff/report/?code=${encodeURIComponent(receipt.trackingCode)}`);
      await minhang.getByRole('heading', { level: 1, name: '没有找到这份举报' }).waitFor();
    } finally {
      await context.close();
    }
    expect(serious, describeFindings(serious)).toEqual([]);
  });

  // Every staff page fits a 390px phone (console.test.ts checks each page there too).
  const KNOWN_STAFF_PHONE_OVERFLOW: string[] = [];

  it('staff pages on the phone, and the registry page, look right and pass axe', async () => {
    const overflow: string[] = [];
    for (const viewport of ['phone', 'desktop'] as const) {
      const context = await newContext(env.browser, viewport);
      try {
        const page = await context.newPage();
        consoleProblems.push(...watchConsole(page));
        const look = async (p: Page, name: string) => {
          const found = await snap(p, name, viewport, { overflow: 'return' });
          if (found) overflow.push(found);
          await checkA11y(p, `${name} (${viewport})`);
        };
        if (viewport === 'phone') {
          await page.goto(`${base}/staff/`);
          await page.getByRole('button', { name: '登录', exact: true }).waitFor();
          await look(page, 'staff-signin');
          await staffSignIn(page, base, 'pudong');
          expect(await queueCodes(page)).toContain(receipt.trackingCode);
          await look(page, 'staff-queue');
          await page.getByRole('link', { name: receipt.trackingCode }).click();
          await page.getByRole('heading', { level: 1, name: `举报 ${receipt.trackingCode}` }).waitFor();
          await photosLoaded(page);
          await look(page, 'staff-report');
        }
        const admin = await context.newPage();
        await staffSignIn(admin, base, 'admin', '/staff/registry/');
        await admin.getByRole('heading', { level: 1, name: '机构名录' }).waitFor();
        await admin.getByLabel('名录内容（CSV）').waitFor();
        await look(admin, 'staff-registry');
      } finally {
        await context.close();
      }
    }
    if (overflow.length) console.log(`staff pages wider than the phone (known bug):\n  ${overflow.join('\n  ')}`);
    expect(overflow.map((o) => o.split(':')[0]), `${overflow.join('\n')}\n(update KNOWN_STAFF_PHONE_OVERFLOW when this is fixed)`).toEqual(KNOWN_STAFF_PHONE_OVERFLOW);
    expect(serious, describeFindings(serious)).toEqual([]);
  });

  it('no script errors or CSP violations on the way', () => {
    expect(consoleProblems).toEqual([]);
  });
});
