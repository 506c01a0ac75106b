// The report form without a mouse, and what a screen reader is told: names of controls, errors tied to their
// fields, upload progress.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { api } from '../support/local-stack';
import { poll, fixture, newContext, startE2E, watchConsole } from '../support/browser';
import { lookUp } from '../support/public-pages';

let env: Awaited<ReturnType<typeof startE2E>>;
let base: string;

beforeAll(async () => {
  env = await startE2E();
  base = env.stack.url;
});
afterAll(async () => env?.dispose());

/** Press Tab until the focused element matches `selector` (reading the focus is observation, not input). */
async function tabTo(page: Page, selector: string, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  const at = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120));
  throw new Error(`Tab never reached ${selector} (focus is on ${at})`);
}

const focused = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');
const checked = (page: Page, name: string) => page.evaluate((n) => document.querySelector<HTMLInputElement>(`input[name="${n}"]:checked`)?.value, name);

/** Controls in the accessibility tree that have no name: the lines of an aria snapshot with a role but no "…". */
async function unnamedControls(scope: Locator): Promise<string[]> {
  const snapshot = await scope.ariaSnapshot();
  return snapshot.split('\n').filter((line) => /^\s*- (textbox|radio|checkbox|combobox|button|spinbutton|listbox|slider|link)(?: \[[^\]]*\])*:?\s*$/.test(line));
}

/** The accessible description as aria-describedby builds it: the visible texts of the referenced elements. */
function describedBy(control: Locator): Promise<string> {
  return control.evaluate((el) =>
    (el.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .map((id) => document.getElementById(id))
      .filter((d): d is HTMLElement => !!d && !d.hidden)
      .map((d) => d.textContent?.trim())
      .join(' '),
  );
}

describe('the report form with a keyboard only', () => {
  it('is filled in and submitted with Tab, typing, arrows, Space and Enter, up to the receipt', async () => {
    const context = await newContext(env.browser, 'desktop');
    try {
      const page = await context.newPage();
      const problems = watchConsole(page);
      await page.goto(`${base}/report/`);

      // Step 1: arrows move within a radio group and choose; the advertisement's address field then appears.
      await tabTo(page, 'input[name="channel"]');
      await page.keyboard.press('ArrowDown');
      expect(await checked(page, 'channel')).toBe('advertising');
      await tabTo(page, '#sourceUrl');
      await page.keyboard.type('https://example.com/ad/1');
      await tabTo(page, '#description');
      await page.keyboard.type('短视频广告说电工证包过，不用到考场，交钱就发证。');
      await tabTo(page, '#next-step');
      await page.keyboard.press('Enter');
      // The new step's heading takes the focus, so a screen reader hears where it is.
      await poll(() => focused(page)).toBe('step2-title');

      // Step 2: Space chooses the focused radio; arrows change a closed select.
      await tabTo(page, 'input[name="subjectType"]');
      await page.keyboard.press('Space');
      expect(await checked(page, 'subjectType')).toBe('institution');
      await tabTo(page, '#institutionName');
      await page.keyboard.type('某某培训学校');
      await tabTo(page, '#district');
      for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowDown');
      expect(await page.locator('#district').inputValue()).toBe('minhang');
      await tabTo(page, '#next-step');
      await page.keyboard.press('Enter');
      await poll(() => focused(page)).toBe('step3-title');

      // Step 3: no files; Enter on “下一步”.
      await tabTo(page, '#next-step');
      await page.keyboard.press('Enter');
      await poll(() => focused(page)).toBe('step4-title');

      // Step 4: anonymous, then submit.
      await tabTo(page, 'input[name="anonymous"]');
      await page.keyboard.press('Space');
      expect(await checked(page, 'anonymous')).toBe('true');
      await tabTo(page, '#submit-report');
      await page.keyboard.press('Enter');

      await page.waitForURL('**/receipt/');
      await page.getByRole('heading', { level: 1, name: '举报已提交' }).waitFor();
      expect(await page.locator('#tracking-code').textContent()).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      expect(await page.locator('#authority-name').textContent()).toBe('上海市闵行区人力资源和社会保障局');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('what a screen reader is told', () => {
  it('names every control of the form, step by step, and of the look-up page', async () => {
    const context = await newContext(env.browser, 'desktop');
    try {
      const page = await context.newPage();
      await page.goto(`${base}/report/`);
      const main = page.getByRole('main');
      const names: [role: Parameters<Page['getByRole']>[0], name: RegExp][] = [
        ['radio', /^考场 在考试现场看到的/],
        ['radio', /^广告或网络宣传 /],
        ['textbox', /^请说说事情经过/],
        ['button', /^下一步$/],
      ];
      for (const [role, name] of names) expect(await main.getByRole(role, { name }).count(), `${role} ${name}`).toBe(1);
      expect(await main.getByRole('group', { name: /^您是在哪里发现问题的？/ }).count()).toBe(1);
      expect(await unnamedControls(main)).toEqual([]);

      await page.getByRole('radio', { name: /^广告或网络宣传 / }).check();
      expect(await main.getByRole('textbox', { name: /^广告在哪个网址？/ }).count()).toBe(1);
      await page.getByLabel('请说说事情经过').fill('朋友圈广告说保育师证包过，考不过退钱。');
      await page.getByRole('button', { name: '下一步' }).click();
      await page.getByRole('heading', { level: 2, name: '在哪里？是谁？' }).waitFor();
      expect(await main.getByRole('combobox', { name: /^在上海哪个区？/ }).count()).toBe(1);
      expect(await main.getByRole('textbox', { name: /^机构或培训学校的名称/ }).count()).toBe(1);
      expect(await unnamedControls(main)).toEqual([]);
      await page.getByRole('radio', { name: /^评价机构 / }).check();
      await page.getByRole('button', { name: '下一步' }).click();
      await page.getByRole('heading', { level: 2, name: '有照片、截图或视频吗？' }).waitFor();
      expect(await unnamedControls(main)).toEqual([]);
      await page.getByRole('button', { name: '下一步' }).click();
      await page.getByRole('radio', { name: /^实名举报 / }).check();
      for (const name of [/^您的姓名/, /^手机号$/, /^邮箱$/]) expect(await main.getByRole('textbox', { name }).count(), String(name)).toBe(1);
      expect(await unnamedControls(main)).toEqual([]);

      await page.goto(`${base}/track/`);
      expect(await page.getByRole('textbox', { name: '查询码' }).count()).toBe(1);
      // A password input has no textbox role; its label is checked through getByLabel.
      expect(await page.getByLabel('查询密码', { exact: true }).count()).toBe(1);
      expect(await page.getByRole('checkbox', { name: '显示查询密码' }).count()).toBe(1);
      expect(await unnamedControls(page.getByRole('main'))).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('marks invalid fields with aria-invalid, links their errors and announces a summary', async () => {
    const context = await newContext(env.browser, 'phone');
    try {
      const page = await context.newPage();
      await page.goto(`${base}/report/`);
      await page.getByRole('button', { name: '下一步' }).click();

      const summary = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: '请先改正下面的问题' }) });
      await summary.waitFor();
      const items = await summary.getByRole('link').allTextContents();
      expect(items.length).toBe(2);
      for (const text of items) expect(text).toMatch(/[\u4e00-\u9fff]/);

      const description = page.getByRole('textbox', { name: /^请说说事情经过/ });
      expect(await description.getAttribute('aria-invalid')).toBe('true');
      expect(await describedBy(description)).toContain(await page.locator('#description-error').textContent());
      expect(await page.locator('#description-error').isVisible()).toBe(true);
      // Radios carry aria-invalid themselves; their group points at the error.
      for (const radio of await page.getByRole('radio').all()) if (await radio.isVisible()) expect(await radio.getAttribute('aria-invalid')).toBe('true');
      const group = page.getByRole('group', { name: /^您是在哪里发现问题的？/ });
      expect(await describedBy(group)).toMatch(/[\u4e00-\u9fff]/);
      // The first bad field takes the focus.
      expect(await focused(page)).toBe('channel-exam');

      // Fixing a field and moving on clears the marks.
      await page.getByRole('radio', { name: /^考场 / }).check();
      await description.fill('考场里有人用耳机传答案，监考不管。');
      await page.getByRole('button', { name: '下一步' }).click();
      await page.getByRole('heading', { level: 2, name: '在哪里？是谁？' }).waitFor();
      expect(await page.locator('[aria-invalid]').count()).toBe(0);

      // A bad phone number on the last step.
      await page.getByRole('radio', { name: /^参评人员 / }).check();
      await page.getByRole('button', { name: '下一步' }).click();
      await page.getByRole('button', { name: '下一步' }).click();
      await page.getByRole('radio', { name: /^实名举报 / }).check();
      await page.getByLabel('您的姓名').fill('李四');
      const phone = page.getByRole('textbox', { name: '手机号' });
      await phone.fill('12345');
      await page.getByRole('button', { name: '提交举报' }).click();
      await summary.waitFor();
      expect(await phone.getAttribute('aria-invalid')).toBe('true');
      expect(await describedBy(phone)).toMatch(/手机号/);
      expect(await focused(page)).toBe('contact.phone');
    } finally {
      await context.close();
    }
  });

  it('shows upload progress as a progress bar named by the file, with its status in a live region', async () => {
    const res = await api(base, '/api/reports', { subjectType: 'unknown', channel: 'other', description: '证书编号在官网查不到，怀疑是假证。', anonymous: true }, { 'Idempotency-Key': randomUUID() });
    expect(res.status).toBe(201);
    const context = await newContext(env.browser, 'phone');
    try {
      const page = await context.newPage();
      // Hold the photo's PUT to storage so the page is caught mid-upload.
      const s3 = new URL(env.stack.s3Url);
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.route(
        (url) => url.host === s3.host,
        async (route) => {
          if (route.request().method() === 'PUT') await held;
          await route.continue();
        },
      );
      await lookUp(page, base, res.body);
      await page.getByLabel('选择照片或视频').setInputFiles(fixture('ad-screenshot.jpg'));
      await page.getByRole('button', { name: '上传这些文件' }).click();
      const bar = page.getByRole('progressbar', { name: 'ad-screenshot.jpg' });
      await bar.waitFor();
      expect(await bar.evaluate((p: HTMLProgressElement) => p.max)).toBe(100);
      const status = page.getByRole('listitem').filter({ hasText: 'ad-screenshot.jpg' }).locator('.file-status');
      expect(await status.getAttribute('aria-live')).toBe('polite');
      await poll(() => status.textContent()).toMatch(/^正在上传|^已传完/);
      // The overall status is a role=status region too.
      expect(await page.getByRole('status').filter({ hasText: '正在上传，请不要关闭页面…' }).count()).toBe(1);
      release();
      // Done: the row leaves the list of files to add and the status region says so.
      await page.getByRole('status').filter({ hasText: '1 个文件已上传。' }).waitFor();
      await poll(() => page.locator('#evidence-sent li').allTextContents()).toEqual([expect.stringMatching(/^ad-screenshot\.jpg（\d+ KB）$/)]);
    } finally {
      await context.close();
    }
  });
});
