// Evidence uploads that survive what a phone's connection does (issue 14): the receipt is on the page before the
// first byte of evidence is sent; a reload mid-upload, a new tab and a 12 s network drop all resume without sending
// again a part storage already holds (counted at the storage's answers); every complete call here takes the
// asynchronous path (202, the page polls), as a large video's does.
import { createHash, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page, Request } from 'playwright-core';
import { api, freshStack } from '../support/local-stack';
import { builtSite, fixture, launchChromium, newContext, poll, snap, watchConsole } from '../support/browser';
import { BAOGUO_AD, fillReport, lookUp, type ShownReceipt } from '../support/public-pages';

let stack: Awaited<ReturnType<typeof freshStack>>;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let base: string;
let mp4: Buffer;
const VIDEO = fixture('exam-room.mp4');

beforeAll(async () => {
  // No time for the check within complete: the page must poll the status for every file.
  stack = await freshStack({ siteDir: builtSite(), checkBudgetMs: 0 });
  base = stack.url;
  browser = await launchChromium();
  mp4 = await readFile(VIDEO);
});
afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await stack?.dispose();
});

/** Every evidence PUT that reached storage and was stored (200), by part number ('put' for a single PUT). */
function countStored(context: BrowserContext) {
  const s3 = new URL(stack.s3Url);
  const stored = new Map<string, number>();
  const tried = new Map<string, number>();
  const part = (req: Request) => new URL(req.url()).searchParams.get('partNumber') ?? 'put';
  const isEvidencePut = (req: Request) => req.method() === 'PUT' && new URL(req.url()).host === s3.host;
  context.on('request', (req) => {
    if (isEvidencePut(req)) tried.set(part(req), (tried.get(part(req)) ?? 0) + 1);
  });
  context.on('response', (res) => {
    if (isEvidencePut(res.request()) && res.status() === 200) stored.set(part(res.request()), (stored.get(part(res.request())) ?? 0) + 1);
  });
  return { stored, tried };
}

/** While `blocked()` holds, part 2's PUTs fail as a dead connection does; part 1 goes through. */
async function holdPart2(context: BrowserContext, blocked: () => boolean) {
  const s3 = new URL(stack.s3Url);
  let aborted = 0;
  await context.route(
    (url) => url.host === s3.host && url.searchParams.get('partNumber') === '2',
    async (route) => {
      if (route.request().method() === 'PUT' && blocked()) {
        aborted++;
        return route.abort('internetdisconnected');
      }
      return route.continue();
    },
  );
  return () => aborted;
}

async function submitWithVideo(page: Page) {
  await page.goto(`${base}/report/`);
  await fillReport(page, { ...BAOGUO_AD, files: [VIDEO] });
  await page.getByRole('button', { name: '提交举报' }).click();
}

const shownReceipt = async (page: Page): Promise<ShownReceipt> => ({
  trackingCode: (await page.locator('#tracking-code').textContent())?.trim() ?? '',
  secret: (await page.locator('#secret').textContent())?.trim() ?? '',
});

async function expectAccepted(receipt: ShownReceipt) {
  const tracked = await api(base, '/api/track', receipt);
  expect(tracked.status).toBe(200);
  expect(tracked.body.evidence).toEqual([expect.objectContaining({ fileName: 'exam-room.mp4', status: 'accepted', size: mp4.length })]);
  const record = (await stack.deps.store.load(receipt.trackingCode))!;
  const evidence = Object.values(record.evidence);
  expect(evidence.map((e) => [e.status, e.sha256])).toEqual([['accepted', createHash('sha256').update(mp4).digest('hex')]]);
}

describe('evidence uploads that resume', () => {
  it('shows the code and the secret, to copy or save, before the first byte of evidence is sent', async () => {
    const context = await newContext(browser, 'phone', { acceptDownloads: true });
    try {
      const page = await context.newPage();
      const problems = watchConsole(page);
      const s3 = new URL(stack.s3Url);
      // The first PUT to storage is held until the page has been read: what the reporter sees before any byte goes.
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let firstPut!: () => void;
      const reached = new Promise<void>((resolve) => (firstPut = resolve));
      let puts = 0;
      await context.route(
        (url) => url.host === s3.host,
        async (route) => {
          if (route.request().method() === 'PUT' && ++puts === 1) {
            firstPut();
            await held;
          }
          return route.continue();
        },
      );
      await submitWithVideo(page);
      await reached;
      const receipt = await shownReceipt(page);
      expect(receipt.trackingCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      expect(receipt.secret).toMatch(/^[0-9A-Za-z]{16}$/);
      expect(await page.getByRole('heading', { level: 2, name: '举报已提交，请先保存回执' }).isVisible()).toBe(true);
      expect(await page.locator('#secret').isVisible()).toBe(true);
      expect(await page.getByRole('button', { name: '复制查询密码' }).isVisible()).toBe(true);
      // Not a byte of the video is stored yet, and the receipt can already be saved as a file.
      expect(Object.values((await stack.deps.store.load(receipt.trackingCode))!.evidence).map((e) => e.status)).toEqual(['pending']);
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '保存为文件' }).click()]);
      expect(download.suggestedFilename()).toBe(`举报回执-${receipt.trackingCode}.txt`);
      const saved = await readFile((await download.path())!, 'utf8');
      expect(saved).toContain(`查询码：${receipt.trackingCode}`);
      expect(saved).toContain(`查询密码：${receipt.secret}`);
      await snap(page, 'report-receipt-before-upload', 'phone');
      // A slow uplink (about 1 MB/s) so that the progress has time to say how much is sent and how long is left.
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 1024 * 1024 });
      // Every text the status takes is recorded in the page itself: polling from here can miss a short window
      // when the machine is busy.
      const status = page.getByRole('listitem').filter({ hasText: 'exam-room.mp4' }).locator('.file-status');
      await status.evaluate((element) => {
        const seen: string[] = [];
        (window as unknown as { statusTexts: string[] }).statusTexts = seen;
        new MutationObserver(() => seen.push(element.textContent ?? '')).observe(element, { childList: true, characterData: true, subtree: true });
      });
      release();
      const progressShown = () =>
        page.evaluate(() =>
          (window as unknown as { statusTexts: string[] }).statusTexts.some((t) => /^正在上传 \d+%：已传 [\d.]+ (KB|MB) \/ 6\.3 MB，约剩 \d+ (秒|分钟)$/.test(t)),
        );
      await poll(progressShown, 30_000).toBe(true);

      // The upload goes on under the receipt; the check answers 202 and the page polls until it is recorded.
      await page.getByText('1 个证据文件已全部上传。').waitFor({ timeout: 30_000 });
      expect(await page.locator('#secret').textContent()).toBe(receipt.secret);
      await page.getByRole('link', { name: '查看回执和下一步' }).click();
      await page.waitForURL('**/receipt/');
      expect(await shownReceipt(page)).toEqual(receipt);
      await expectAccepted(receipt);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('resumes after a reload mid-upload when the same file is picked again, without sending a stored part again', async () => {
    const context = await newContext(browser, 'desktop');
    try {
      const page = await context.newPage();
      const problems = watchConsole(page);
      page.on('dialog', (dialog) => void dialog.accept()); // "leave the page?" while uploading
      const { stored } = countStored(context);
      let blocked = true;
      const aborted = await holdPart2(context, () => blocked);
      await submitWithVideo(page);
      await poll(() => stored.get('1')).toBe(1);
      await poll(() => aborted()).toBeGreaterThan(0);
      const receipt = await shownReceipt(page);
      // Kept to resume: the ids and the file's name, size and date — not the secret.
      const kept = await page.evaluate(() => localStorage.getItem('evidence-uploads-v1'));
      expect(JSON.parse(kept!)).toEqual([expect.objectContaining({ trackingCode: receipt.trackingCode, fileName: 'exam-room.mp4', size: mp4.length })]);
      expect(kept).not.toContain(receipt.secret);

      await page.reload();
      await page.getByRole('heading', { level: 2, name: '继续上传证据' }).waitFor();
      expect(await shownReceipt(page)).toEqual(receipt);
      expect(await page.locator('#secret').isVisible()).toBe(true);
      const row = page.getByRole('listitem').filter({ hasText: 'exam-room.mp4' });
      // Storage's own count of what it holds (ListParts): part 1's 5 MB.
      await poll(() => row.locator('.file-status').textContent()).toMatch(/^上次传了 5 MB \/ 6\.3 MB，没有传完。请再选择一次这个文件/);
      await snap(page, 'report-resume-after-reload', 'desktop');

      blocked = false;
      await page.getByLabel('选择照片或视频').setInputFiles(VIDEO);
      await page.getByText('1 个证据文件已全部上传。').waitFor({ timeout: 30_000 });
      // Part 1 went to storage once, before the reload; only part 2 was sent after it.
      expect(Object.fromEntries(stored)).toEqual({ '1': 1, '2': 1 });
      expect(await row.locator('.file-status').textContent()).toBe('已上传');
      expect(await page.evaluate(() => localStorage.getItem('evidence-uploads-v1'))).toBeNull();
      await expectAccepted(receipt);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('removes an upload the reporter gives up after a reload: aborted on the server, its place free again', async () => {
    const context = await newContext(browser, 'desktop');
    try {
      const page = await context.newPage();
      page.on('dialog', (dialog) => void dialog.accept());
      const { stored } = countStored(context);
      await holdPart2(context, () => true);
      await submitWithVideo(page);
      await poll(() => stored.get('1')).toBe(1);
      const receipt = await shownReceipt(page);
      await page.reload();
      await page.getByRole('heading', { level: 2, name: '继续上传证据' }).waitFor();
      await page.getByRole('button', { name: '移除 exam-room.mp4' }).click();
      await poll(() => page.getByRole('listitem').filter({ hasText: 'exam-room.mp4' }).count()).toBe(0);
      expect(await page.evaluate(() => localStorage.getItem('evidence-uploads-v1'))).toBeNull();
      const record = (await stack.deps.store.load(receipt.trackingCode))!;
      expect(Object.values(record.evidence).map((e) => e.status)).toEqual(['removed']);
      expect(record.tally.evidenceInUse).toBe(0);
      expect((await api(base, '/api/track', receipt)).body.evidence).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('removes, from the look-up page, an upload begun elsewhere that this browser cannot resume', async () => {
    const filed = await api(base, '/api/reports', { subjectType: 'candidate', channel: 'exam', description: '考场里有人替考，监考老师没有核对身份证件。', anonymous: true }, { 'Idempotency-Key': randomUUID() });
    const receipt: ShownReceipt = filed.body;
    const declared = await api(base, `/api/reports/${receipt.trackingCode}/evidence`, { fileName: 'other-phone.mp4', contentType: 'video/mp4', size: mp4.length }, { 'X-Report-Secret': receipt.secret });
    expect(declared.status).toBe(201);
    const context = await newContext(browser, 'phone');
    try {
      const page = await context.newPage();
      await lookUp(page, base, receipt);
      await page.getByRole('heading', { level: 2, name: `举报 ${receipt.trackingCode}` }).waitFor();
      await poll(() => page.locator('#evidence-sent li').allTextContents()).toEqual([expect.stringMatching(/^other-phone\.mp4（6(\.\d)? MB） · 未传完/)]);
      await page.getByRole('button', { name: '移除没有传完的 other-phone.mp4' }).click();
      await poll(() => page.locator('#evidence-sent li').count()).toBe(0);
      const record = (await stack.deps.store.load(receipt.trackingCode))!;
      expect(record.evidence[declared.body.evidenceId]!.status).toBe('removed');
      expect(record.tally.evidenceInUse).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('goes on in a new tab from the look-up page, sending only the missing part', async () => {
    const context = await newContext(browser, 'desktop');
    try {
      const first = await context.newPage();
      first.on('dialog', (dialog) => void dialog.accept());
      const { stored } = countStored(context);
      let blocked = true;
      await holdPart2(context, () => blocked);
      await submitWithVideo(first);
      await poll(() => stored.get('1')).toBe(1);
      const receipt = await shownReceipt(first);
      await first.close({ runBeforeUnload: false });

      // A new tab has no secret (it stayed in the closed tab's sessionStorage): the form says where to go on.
      const page = await context.newPage();
      await page.goto(`${base}/report/`);
      await poll(() => page.locator('#resume-note').textContent()).toContain(receipt.trackingCode);
      blocked = false;
      await lookUp(page, base, receipt);
      await page.getByRole('heading', { level: 2, name: `举报 ${receipt.trackingCode}` }).waitFor();
      const row = page.getByRole('listitem').filter({ hasText: 'exam-room.mp4' });
      await poll(() => row.locator('.file-status').textContent()).toContain('请再选择一次这个文件');
      await page.getByLabel('选择照片或视频').setInputFiles(VIDEO);
      await page.getByRole('button', { name: '上传这些文件' }).click();
      await page.getByRole('status').filter({ hasText: '1 个文件已上传。' }).waitFor({ timeout: 30_000 });
      // The page looks the report up again after the upload: its list shows the file once that is done.
      await poll(() => page.locator('#evidence-sent li').allTextContents()).toEqual([expect.stringMatching(/^exam-room\.mp4（6(\.\d)? MB）$/)]);
      expect(Object.fromEntries(stored)).toEqual({ '1': 1, '2': 1 });
      await expectAccepted(receipt);
    } finally {
      await context.close();
    }
  });

  it('rides out a 12 s network drop: the file is not failed, retried with backoff, and no stored part is sent again', async () => {
    const context = await newContext(browser, 'phone');
    try {
      const page = await context.newPage();
      const problems = watchConsole(page);
      const { stored } = countStored(context);
      // The drop starts when part 2 is first sent: that request and every one for 12 s fail, the device is offline.
      let dropEnds = 0;
      let dropEnded!: () => void;
      const ended = new Promise<void>((resolve) => (dropEnded = resolve));
      const aborted = await holdPart2(context, () => {
        if (!dropEnds) {
          dropEnds = Date.now() + 12_000;
          void context.setOffline(true);
          setTimeout(() => void context.setOffline(false).then(dropEnded), 12_000);
        }
        return Date.now() < dropEnds;
      });
      await submitWithVideo(page);
      await poll(() => dropEnds).toBeGreaterThan(0);
      const receipt = await shownReceipt(page);
      const row = page.getByRole('listitem').filter({ hasText: 'exam-room.mp4' });
      // During the drop the reporter is told it will go on by itself; the bytes stored so far are shown.
      await poll(() => row.locator('.file-status').textContent()).toMatch(/^网络中断，\d+ 秒后自动重试/);
      await poll(() => row.locator('progress').evaluate((p: HTMLProgressElement) => p.value)).toBeGreaterThanOrEqual(75);
      await snap(page, 'report-upload-network-drop', 'phone');
      await ended;
      await page.getByText('1 个证据文件已全部上传。').waitFor({ timeout: 60_000 });
      expect(Date.now()).toBeGreaterThanOrEqual(dropEnds);
      expect(aborted()).toBeGreaterThan(0);
      expect(await row.locator('.file-status').textContent()).toBe('已上传');
      expect(Object.fromEntries(stored)).toEqual({ '1': 1, '2': 1 });
      await expectAccepted(receipt);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
