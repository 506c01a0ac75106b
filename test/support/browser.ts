// Browser helpers for the e2e tests: Debian's Chromium driven by playwright-core, the built site on the
// local stack, screenshots, axe-core and the phone overflow check.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { freshStack } from './local-stack';

export const ROOT = resolve(import.meta.dirname, '../..');
export const RESULTS = join(ROOT, 'test-results');
export const SCREENSHOTS = join(RESULTS, 'screenshots');
export const fixture = (name: string) => join(ROOT, 'test/fixtures', name);

// As root in CI Chromium needs --no-sandbox; the rest keeps it from phoning home or updating itself mid-run.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

export type Viewport = 'phone' | 'desktop';
export const VIEWPORTS: Record<Viewport, BrowserContextOptions> = {
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
  desktop: { viewport: { width: 1280, height: 800 } },
};

export function launchChromium(): Promise<Browser> {
  // playwright-core makes a fresh temporary --user-data-dir for every launch and removes it on close.
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
}

export function newContext(browser: Browser, viewport: Viewport, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({ ...VIEWPORTS[viewport], locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...options });
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/**
 * The built site. Rebuilt when web/src (or the shared core it imports) is newer than web/dist.
 * E2E_SITE_DIR points at an already built site instead (e.g. one built from a clean checkout).
 */
export function builtSite(): string {
  if (process.env.E2E_SITE_DIR) return resolve(process.env.E2E_SITE_DIR);
  const dist = join(ROOT, 'web/dist');
  const index = join(dist, 'index.html');
  const sources = Math.max(newestMtime(join(ROOT, 'web/src')), newestMtime(join(ROOT, 'functions/core')));
  if (!existsSync(index) || statSync(index).mtimeMs < sources) {
    execFileSync('npm', ['run', '--silent', 'build:web'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return dist;
}

export type Stack = Awaited<ReturnType<typeof freshStack>>;

/** Local stack serving the built site (on the apps' clock `now`, where given), and a Chromium. Close both with `dispose`. */
export async function startE2E(options: { now?: () => Date; tokenSeconds?: number } = {}): Promise<{ stack: Stack; browser: Browser; dispose(): Promise<void> }> {
  const siteDir = builtSite();
  const stack = await freshStack({ siteDir, now: options.now, ...(options.tokenSeconds ? { tokenSeconds: options.tokenSeconds } : {}) });
  let browser: Browser;
  try {
    browser = await launchChromium();
  } catch (error) {
    await stack.dispose();
    throw error;
  }
  return {
    stack,
    browser,
    async dispose() {
      await browser.close().catch(() => undefined);
      await stack.dispose();
    },
  };
}

/** Page errors and CSP violations are bugs: collect them so a test can assert there were none. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy|Refused to/i.test(msg.text())) problems.push(`csp: ${msg.text()}`);
  });
  return problems;
}

/** Full-page screenshot under test-results/screenshots/<name>-<viewport>.png; on the phone, also the overflow check. */
export async function snap(page: Page, name: string, viewport: Viewport, options: { overflow?: 'throw' | 'return' } = {}): Promise<string | undefined> {
  await mkdir(SCREENSHOTS, { recursive: true });
  // Wait for the fonts so the screenshot shows the final text, not a fallback.
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-${viewport}.png`), fullPage: true });
  if (viewport !== 'phone') return undefined;
  const overflow = await horizontalOverflow(page, name);
  if (overflow && options.overflow !== 'return') throw new Error(overflow);
  return overflow;
}

/**
 * Undefined when the page fits the phone's width, else what overflows. Compared with the configured viewport
 * width as well as innerWidth: an emulated phone (isMobile) widens its layout viewport to fit wide content,
 * so `scrollWidth <= innerWidth` alone holds even when the page overflows.
 */
export async function horizontalOverflow(page: Page, name: string): Promise<string | undefined> {
  const width = page.viewportSize()?.width ?? Infinity;
  const { scrollWidth, innerWidth, culprits } = await page.evaluate((width) => {
    // Name the outermost offenders so a failure says what to fix.
    const wide = Array.from(document.querySelectorAll<HTMLElement>('body *')).filter((el) => el.getBoundingClientRect().right > width + 0.5 && el.getClientRects().length > 0);
    const outermost = wide.filter((el) => !wide.some((other) => other !== el && other.contains(el)));
    const culprits = outermost.slice(0, 5).map((el) => {
      const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
      return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${cls} (${Math.round(el.getBoundingClientRect().right)}px)`;
    });
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, culprits };
  }, width);
  if (scrollWidth <= innerWidth && innerWidth <= width) return undefined;
  return `${name}: ${scrollWidth}px wide on a ${width}px phone (innerWidth ${innerWidth}); overflowing: ${culprits.join(', ')}`;
}

// --- axe-core

const axeSource = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  page: string;
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Pages checked by axe in this file, with what was found; printed and written to test-results/axe/. */
export class AxeLog {
  readonly checked: { page: string; passes: number; violations: AxeFinding[] }[] = [];

  constructor(private readonly file: string) {}

  /**
   * Runs axe on the page as it is now and returns its serious and critical violations.
   * The site's CSP (script-src 'self') blocks the inline <script> that page.addScriptTag({ path }) adds, so the
   * source is evaluated over the DevTools protocol instead, which CSP does not govern: the page keeps its real CSP.
   */
  async check(page: Page, label: string): Promise<AxeFinding[]> {
    const source = await axeSource;
    const hasAxe = await page.evaluate(() => 'axe' in window);
    if (!hasAxe) await page.evaluate(source);
    const results = await page.evaluate(() =>
      (window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ passes: unknown[]; violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe
        .run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] })
        .then((r) => ({
          passes: r.passes.length,
          violations: r.violations.map((v) => ({ id: v.id, impact: v.impact ?? 'unknown', help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) })),
        })),
    );
    // A run that checked nothing would pass silently: make sure axe really looked at the page.
    if (results.passes === 0) throw new Error(`axe checked nothing on ${label}`);
    const violations = results.violations.map((v) => ({ page: label, ...v }));
    this.checked.push({ page: label, passes: results.passes, violations });
    return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  }

  async write(): Promise<void> {
    const lines = this.checked.map(({ page, passes, violations }) => {
      const found = violations.map((v) => `${v.id}(${v.impact})`).join(', ');
      return `  ${page}: ${passes} rules passed${found ? `; violations: ${found}` : ', no violations'}`;
    });
    console.log(`axe (${this.file}): ${this.checked.length} page states checked\n${lines.join('\n')}`);
    await mkdir(join(RESULTS, 'axe'), { recursive: true });
    await writeFile(join(RESULTS, 'axe', `${this.file}.json`), JSON.stringify(this.checked, null, 2));
  }
}

export function describeFindings(findings: AxeFinding[]): string {
  return findings.map((f) => `${f.page}: ${f.id} (${f.impact}) ${f.help} — ${f.targets.slice(0, 3).join(' | ')}`).join('\n');
}

/** expect.poll with a timeout fit for a browser on a busy CI machine (vitest's default is 1 s). */
export function poll<T>(fn: () => T | Promise<T>, timeout = 15_000) {
  return expect.poll(fn, { timeout, interval: 50 });
}
