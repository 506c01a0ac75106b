import { createHash } from 'node:crypto';
import { Scalar } from '@scalar/hono-api-reference';
import type { Context } from 'hono';

// GET /api/docs: the interactive reference (Scalar) for the public and the staff API. Imported only by that route.
//
// The site's Content-Security-Policy allows scripts and styles from the site's own origin only. So Scalar's script is
// not taken from its CDN: the site's build copies it from @scalar/api-reference to /assets/scalar/standalone.js
// (web/tools/copy-scalar.mjs), and this page loads it from there. The page @scalar/hono-api-reference renders has
// one inline script (the configuration) and one inline style (its theme): this route answers with its own policy,
// which allows exactly those two by their SHA-256, and inline styles (Scalar's components set them at run time; the
// docs page carries no personal data). Nothing else changes: no other origin, no framing, no eval.

export const SCALAR_SCRIPT = '/assets/scalar/standalone.js';

const hashes = (html: string, tag: 'script' | 'style') =>
  [...html.matchAll(new RegExp(`<${tag}(?![^>]*\\bsrc=)[^>]*>([\\s\\S]*?)</${tag}>`, 'g'))].map(([, body]) => `'sha256-${createHash('sha256').update(body!).digest('base64')}'`);

export function docsPolicy(html: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' ${hashes(html, 'script').join(' ')}`.trim(),
    // Hashes would be ignored next to 'unsafe-inline': the theme's style is allowed with the rest.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
}

let page: string | undefined;

export async function docsPage(c: Context): Promise<Response> {
  if (!page) {
    const rendered = await Scalar({
      pageTitle: '接口文档 - 技能评价违规举报平台',
      cdn: SCALAR_SCRIPT,
      sources: [
        { title: '公开接口', url: '/api/openapi.json' },
        { title: '工作人员接口', url: '/api/staff/openapi.json' },
      ],
      withDefaultFonts: false,
      hideClientButton: true,
      telemetry: false,
    } as Parameters<typeof Scalar>[0])(c, async () => {});
    page = await (rendered as Response).text();
  }
  return new Response(page, {
    status: 200,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': docsPolicy(page), 'Cache-Control': 'no-store' },
  });
}
