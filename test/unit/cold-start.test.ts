import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleFigures } from '../bench/cold-start';

// The public handler as the stack bundles it (infra/bundling.ts): what its cold start loads. Import times are
// machine-dependent and printed by `npm run bench -- cold`; the bytes are not, and are held here.

describe('the public handler bundle', () => {
  it('loads at most 700 KB at import; triage, its dictionary, S3, the evidence check and the API docs only on first use', async () => {
    const figures = await bundleFigures('functions/handlers/public-api.ts');
    try {
      expect(figures.atImport).toBeLessThanOrEqual(700 * 1024);
      const atImport = new Set(figures.largest.map(([name]) => name));
      for (const lazy of ['functions/core/triage', 'opencc-js', '@aws-sdk/client-s3', '@aws-sdk/client-lambda', 'exifr', 'file-type', 'exceljs', 'aws-xray-sdk-core', 'functions/api/openapi', 'functions/core/schemas/responses', '@scalar/hono-api-reference', '@scalar/client-side-rendering']) {
        expect(atImport.has(lazy), lazy).toBe(false);
      }
      const lazyChunks = figures.lazy.map(([name]) => name);
      expect(lazyChunks).toEqual(expect.arrayContaining(['assess', 'evidence-check', 'openapi', 'api-docs']));
      // Decoding, display copies and OCR are not in the public function at all, not even in a lazy chunk: the checker
      // and the text reader carry them (sharp, onnxruntime and the models as native packages beside their bundles).
      const files = (readdirSync(figures.outdir, { recursive: true }) as string[]).filter((f) => f.endsWith('.mjs'));
      expect(files.length).toBeGreaterThan(1);
      const code = files.map((f) => readFileSync(join(figures.outdir, f), 'utf8')).join('\n');
      for (const absent of ['libvips', 'onnxruntime', '@gutenye', 'PP-OCRv4', 'opencv']) expect(code.includes(absent), absent).toBe(false);
      // zod as a namespace import: its locales stay out (the whole namespace is 455 KB).
      expect(figures.largest.find(([name]) => name === 'zod')![1]).toBeLessThan(120 * 1024);
    } finally {
      rmSync(figures.outdir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('zod in the functions', () => {
  it('is imported as a namespace everywhere: one `import { z }` anywhere puts every zod locale (370 KB) into each bundle', () => {
    const root = new URL('../../functions/', import.meta.url).pathname;
    const files = (readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts'));
    const named = files.filter((f) => /import\s*(type\s*)?\{[^}]*\bz\b[^}]*\}\s*from\s*'zod'/.test(readFileSync(join(root, f), 'utf8')));
    expect(named).toEqual([]);
  });
});
