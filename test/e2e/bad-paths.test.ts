// Journey 5: what a reporter is told when things go wrong — files refused before upload, a disguised file
// refused by the server's check, a wrong secret, and a connection that drops in the middle of a video.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api } from '../support/local-stack';
import { poll, fixture, newContext, snap, startE2E, watchConsole } from '../support/browser';
import { lookUp, type ShownReceipt } from '../support/public-pages';
import { staffSignIn } from '../support/staff-pages';

let env: Awaited<ReturnType<typeof startE2E>>;
let base: string;
let temp: string;

/** A report filed over the API: these tests are about what follows. */
async function fileReport(): Promise<ShownReceipt> {
  const res = await api(
    base,
    '/api/reports',
    { subjectType: 'candidate', channel: 'exam', district: 'pudong', description: '考场里有人替考，监考老师没有核对身份证件。', anonymous: true },
    { 'Idempotency-Key': randomUUID() },
  );
  expect(res.status).toBe(201);
  return res.body;
}

async function openReport(page: Page, receipt: ShownReceipt) {
  await lookUp(page, base, receipt);
  await page.getByRole('heading', { level: 2, name: `举报 ${receipt.trackingCode}` }).waitFor();
}

beforeAll(async () => {
  env = await startE2E();
  base = env.stack.url;
  temp = await mkdtemp(join(tmpdir(), 'e2e-files-'));
});

afterAll(async () => {
  await env?.dispose();
  if (temp) await rm(temp, { recursive: true, force: true });
});

describe('5. bad paths', () => {
  it('refuses an oversized photo and files of the wrong type before uploading, in Chinese', async () => {
    // 21 MB that starts like a JPEG: the size, not the content, is what must stop it.
    const big = join(temp, 'huge-photo.jpg');
    const bytes = Buffer.alloc(21 * 1024 * 1024);
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]).copy(bytes);
    await writeFile(big, bytes);
    const pdf = join(temp, 'receipt.pdf');
    await writeFile(pdf, '%PDF-1.4\n%\u00e2\u00e3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    const exe = join(temp, 'setup.exe');
    await writeFile(exe, Buffer.from([0x4d, 0x5a, 0x90, 0x00]));

    const context = await newContext(env.browser, 'phone');
    try {
      const page = await context.newPage();
      const problems = watchConsole(page);
      await page.goto(`${base}/report/`);
      await page.getByRole('radio', { name: /^考场 / }).check();
      await page.getByLabel('请说说事情经过').fill('考场里有人替考，监考老师没有核对身份证件。');
      await page.getByRole('button', { name: '下一步' }).click();
      await page.getByRole('radio', { name: /^参评人员 / }).check();
      await page.getByRole('button', { name: '下一步' }).click();

      const picker = page.getByLabel('选择照片或视频');
      await picker.setInputFiles([big, pdf, exe]);
      const alert = page.getByRole('alert').filter({ hasText: 'huge-photo.jpg' });
      await alert.waitFor();
      expect(await alert.locator('p').allTextContents()).toEqual([
        expect.stringMatching(/^“huge-photo\.jpg”：照片不能超过 20(\.0)? MB，这个文件有 21(\.0)? MB$/),
        expect.stringMatching(/^“receipt\.pdf”：不支持这种文件，请上传 JPEG 照片、.*MP4 视频/),
        expect.stringMatching(/^“setup\.exe”：不支持这种文件，请上传 /),
      ]);
      // Nothing refused made it into the list, and the picker says where its problems are.
      expect(await page.locator('#evidence-list li').count()).toBe(0);
      expect(await picker.getAttribute('aria-describedby')).toBe('evidence-problems');
      await snap(page, 'report-files-refused', 'phone');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('refuses an executable renamed to .jpg after upload with the server check’s message', async () => {
    const receipt = await fileReport();
    const context = await newContext(env.browser, 'phone');
    try {
      const page = await context.newPage();
      await openReport(page, receipt);
      // The name and declared type look like a photo, so it passes the browser's check and goes up.
      await page.getByLabel('选择照片或视频').setInputFiles(fixture('renamed-program.jpg'));
      await page.getByRole('button', { name: '上传这些文件' }).click();
      const status = page.getByRole('listitem').filter({ hasText: 'renamed-program.jpg' }).locator('.file-status');
      await poll(() => status.textContent()).toMatch(/^上传失败：文件内容与“JPEG 照片”不符（.+），已删除。请上传原始的照片或视频$/);
      await poll(() => page.locator('#upload-status').textContent()).toBe('0 个文件已上传，1 个没有成功，原因写在文件下面。可以移除后重新选择，或稍后再试。');
      await snap(page, 'track-file-refused', 'phone');
      const tracked = await api(base, '/api/track', receipt);
      expect(tracked.body.evidence ?? []).not.toContainEqual(expect.objectContaining({ status: 'accepted' }));
    } finally {
      await context.close();
    }
  });

  it('refuses a wrong secret on /track/ with the same message as an unknown code', async () => {
    const receipt = await fileReport();
    const context = await newContext(env.browser, 'desktop');
    try {
      const page = await context.newPage();
      await lookUp(page, base, { trackingCode: receipt.trackingCode, secret: 'WRONGSECRET12345' });
      const alert = page.getByRole('alert').filter({ hasText: '没有查到' });
      await alert.waitFor();
      expect(await alert.getByRole('listitem').allTextContents()).toEqual(['查询码或查询密码不正确']);
      expect(await page.locator('#result').isHidden()).toBe(true);
      await snap(page, 'track-wrong-secret', 'desktop');
      await lookUp(page, base, { trackingCode: 'ZZZZ-ZZZZ-ZZZZ', secret: receipt.secret });
      await alert.waitFor();
      expect(await alert.getByRole('listitem').allTextContents()).toEqual(['查询码或查询密码不正确']);
    } finally {
      await context.close();
    }
  });

  it('retries a video part whose connection was reset, and the upload completes', async () => {
    const receipt = await fileReport();
    const context = await newContext(env.browser, 'phone');
    try {
      const page = await context.newPage();
      const s3 = new URL(env.stack.s3Url);
      const attempts: number[] = [];
      // The first attempt at part 2 dies mid-flight; every later attempt goes through.
      await page.route(
        (url) => url.host === s3.host && url.searchParams.get('partNumber') === '2',
        async (route) => {
          if (route.request().method() !== 'PUT') return route.continue();
          attempts.push(Date.now());
          if (attempts.length === 1) return route.abort('connectionreset');
          return route.continue();
        },
      );
      await openReport(page, receipt);
      await page.getByLabel('选择照片或视频').setInputFiles(fixture('exam-room.mp4'));
      await page.getByRole('button', { name: '上传这些文件' }).click();
      await page.getByRole('status').filter({ hasText: '1 个文件已上传。' }).waitFor({ timeout: 30_000 });
      expect(attempts.length).toBe(2);
      await poll(() => page.locator('#evidence-sent li').allTextContents()).toEqual([expect.stringMatching(/^exam-room\.mp4（6(\.\d)? MB）$/)]);

      const tracked = await api(base, '/api/track', receipt);
      expect(tracked.body.evidence).toEqual([expect.objectContaining({ fileName: 'exam-room.mp4', status: 'accepted' })]);
    } finally {
      await context.close();
    }
  });

  it('signs staff in when the console is opened at 127.0.0.1 rather than localhost', async () => {
    const context = await newContext(env.browser, 'desktop');
    try {
      const page = await context.newPage();
      const problems = watchConsole(page);
      await staffSignIn(page, base.replace('localhost', '127.0.0.1'), 'minhang');
      await expect.poll(() => page.locator('#user-box').textContent()).toContain('闵行');
      expect(problems.filter((p) => /Content Security Policy|CSP/i.test(p))).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

