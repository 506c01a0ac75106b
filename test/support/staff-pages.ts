// The staff console as staff use it: the sign-in form, the queue, a report page.
import type { Page } from 'playwright-core';

/**
 * Opens /staff/ (or `path`) and signs in with a seeded local account as staff do: the console's 登录 button, the
 * issuer's login page, and back to the page, which is then shown. A session of someone else in the browser
 * context (which every tab shares) is signed out first.
 */
export async function staffSignIn(page: Page, base: string, username: string, path = '/staff/'): Promise<void> {
  await page.goto(`${base}${path}`);
  const signInScreen = page.getByRole('heading', { level: 1, name: '工作人员登录' });
  const userBox = page.locator('#user-box');
  await page.locator('#signin:not([hidden]) h1, #user-box:not([hidden])').first().waitFor();
  if (await userBox.isVisible()) {
    await page.getByRole('button', { name: '退出登录' }).click();
    await signInScreen.waitFor();
    await page.goto(`${base}${path}`);
    await signInScreen.waitFor();
  }
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await fillIssuerLogin(page, username);
  await userBox.waitFor({ state: 'visible' });
}

/** The local issuer's login page: the account's name and password, then 登录. */
export async function fillIssuerLogin(page: Page, username: string): Promise<void> {
  await page.getByLabel('用户名').waitFor();
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(`${username.replace(/\d+$/, '')}-local`);
  await page.getByRole('button', { name: '登录', exact: true }).click();
}

/** The tracking codes listed in the queue once it has loaded. */
export async function queueCodes(page: Page): Promise<string[]> {
  await page.locator('#queue-status').filter({ hasText: /共 \d+ 件|找到 \d+ 件|还没有收到举报|没有符合条件/ }).waitFor();
  return (await page.locator('#queue-rows td.code > a').allTextContents()).map((s) => s.trim());
}

/** Waits until every evidence photo on the report page has loaded (they are lazy: scroll each into view first). */
export async function photosLoaded(page: Page): Promise<{ alt: string; naturalWidth: number }[]> {
  const images = page.locator('#r-evidence img');
  const n = await images.count();
  const out: { alt: string; naturalWidth: number }[] = [];
  for (let i = 0; i < n; i++) {
    const img = images.nth(i);
    await img.scrollIntoViewIfNeeded();
    await page.waitForFunction((el) => (el as HTMLImageElement).complete, await img.elementHandle());
    out.push(await img.evaluate((el: HTMLImageElement) => ({ alt: el.alt, naturalWidth: el.naturalWidth })));
  }
  return out;
}

/** Opens one of the action panels (a <details>) by its summary, unless it is open already. */
export async function openAction(page: Page, summary: string | RegExp): Promise<void> {
  const details = page.locator('details.action').filter({ has: page.locator('summary', { hasText: summary }) });
  if (!(await details.evaluate((d: HTMLDetailsElement) => d.open))) await details.locator('summary').click();
}
