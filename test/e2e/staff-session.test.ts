// Sign-in that behaves: the console signs in with oidc-client-ts (authorization code + PKCE) against the local
// issuer; the session is shared by every tab, renewed with the refresh token before it lapses (tokens live 70 s
// here, so renewal comes within seconds), and signing out ends it in every tab and, at the issuer, in every browser.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newContext, poll, startE2E, watchConsole } from '../support/browser';
import { staffSignIn } from '../support/staff-pages';

let env: Awaited<ReturnType<typeof startE2E>>;
let base: string;
const problems: string[] = [];

beforeAll(async () => {
  env = await startE2E({ tokenSeconds: 70 });
  base = env.stack.url;
});
afterAll(async () => env?.dispose());

/** The session oidc-client-ts keeps in localStorage (shared by the tabs of a browser), or null. */
const storedSession = (page: Page) =>
  page.evaluate(() => {
    const key = Object.keys(localStorage).find((k) => k.startsWith('oidc.user:'));
    return key ? (JSON.parse(localStorage.getItem(key)!) as { id_token: string; refresh_token?: string; expires_at: number }) : null;
  });
const signInScreen = (page: Page) => page.getByRole('heading', { level: 1, name: '工作人员登录' });

describe('staff sessions', () => {
  it('signs in with the code flow and PKCE, and a new tab is signed in already', async () => {
    const context = await newContext(env.browser, 'desktop');
    try {
      const page = await context.newPage();
      problems.push(...watchConsole(page));
      const authorize: URL[] = [];
      page.on('request', (r) => {
        if (r.url().includes('/local-oidc/authorize') && r.method() === 'GET') authorize.push(new URL(r.url()));
      });
      await staffSignIn(page, base, 'minhang', '/staff/stats/');
      expect(new URL(page.url()).pathname).toBe('/staff/stats/'); // back where sign-in started
      expect(authorize).toHaveLength(1);
      expect(authorize[0]!.searchParams.get('response_type')).toBe('code');
      expect(authorize[0]!.searchParams.get('code_challenge_method')).toBe('S256');
      expect(authorize[0]!.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const session = await storedSession(page);
      expect(session?.refresh_token).toBeTruthy();

      const tab = await context.newPage();
      problems.push(...watchConsole(tab));
      await tab.goto(`${base}/staff/report/?code=NONE-NONE-NONE`);
      await tab.getByRole('heading', { level: 1, name: '没有找到这份举报' }).waitFor();
      expect(await tab.locator('#user-name').textContent()).toBe('闵行区人社局 王敏');
      expect(await signInScreen(tab).isVisible()).toBe(false);
    } finally {
      await context.close();
    }
  });

  it('renews the session with the refresh token before it expires, without asking', async () => {
    const context = await newContext(env.browser, 'desktop');
    try {
      const page = await context.newPage();
      problems.push(...watchConsole(page));
      const grants: string[] = [];
      page.on('request', (r) => {
        if (r.url().endsWith('/local-oidc/token')) grants.push(new URLSearchParams(r.postData() ?? '').get('grant_type') ?? '');
      });
      await staffSignIn(page, base, 'pudong');
      const first = (await storedSession(page))!;
      // Tokens live 70 s and are renewed 60 s before they lapse.
      await poll(async () => (await storedSession(page))?.id_token, 45_000).not.toBe(first.id_token);
      expect(grants).toEqual(['authorization_code', 'refresh_token']);
      const renewed = (await storedSession(page))!;
      expect(renewed.expires_at).toBeGreaterThan(first.expires_at);
      // The page goes on working with the new token.
      await page.getByRole('link', { name: /^新收/ }).click();
      await page.locator('#queue-status').filter({ hasText: /还没有收到举报|没有符合条件|共 \d+ 件|找到 \d+ 件/ }).waitFor();
      expect(await signInScreen(page).isVisible()).toBe(false);
    } finally {
      await context.close();
    }
  });

  it('signs out in every tab at once, and ends the session the user has in another browser', async () => {
    const browserA = await newContext(env.browser, 'desktop');
    const browserB = await newContext(env.browser, 'phone');
    try {
      const tab1 = await browserA.newPage();
      const tab2 = await browserA.newPage();
      const other = await browserB.newPage();
      for (const p of [tab1, tab2, other]) problems.push(...watchConsole(p));
      await staffSignIn(tab1, base, 'minhang2');
      await tab2.goto(`${base}/staff/stats/`);
      await tab2.locator('#user-box').waitFor({ state: 'visible' });
      await staffSignIn(other, base, 'minhang2');

      await tab1.getByRole('button', { name: '退出登录' }).click();
      await signInScreen(tab1).waitFor();
      expect(await tab1.locator('#signin-error').textContent()).toBe('您已退出登录。');
      expect(await storedSession(tab1)).toBeNull();
      // The other tab is told at once.
      await signInScreen(tab2).waitFor({ timeout: 5000 });
      expect(await tab2.locator('#signin-error').textContent()).toBe('您已在其他页面退出登录。');
      expect(await tab2.locator('#app').isHidden()).toBe(true);
      // The other browser's refresh token was ended at the issuer: its next renewal fails and it signs out too.
      await signInScreen(other).waitFor({ timeout: 45_000 });
      expect(await other.locator('#signin-error').textContent()).toBe('登录已结束，请重新登录');
      expect(await storedSession(other)).toBeNull();
    } finally {
      await browserA.close();
      await browserB.close();
    }
  });

  it('no script errors or CSP violations on the way', () => {
    expect(problems).toEqual([]);
  });
});
