import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import { bundledCode } from '../../infra/bundling';
import { HANDLERS, OCR_MODELS, OCR_PACKAGES, repoPath, SHARP_PACKAGES } from '../../infra/paths';

/** Bytes of a folder, all files under it. */
function sizeOf(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .reduce((sum, e) => sum + statSync(join(e.parentPath, e.name)).size, 0);
}

// The other infra tests skip bundling; this one bundles two small entries for real.

const outdir = mkdtempSync(join(tmpdir(), 'portal-bundling-test-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('bundling', () => {
  it('gives each function its own bundle (CDK would otherwise reuse the first one for every function of the repository)', () => {
    const app = new App({ outdir });
    const stack = new Stack(app, 'Bundles');
    for (const [id, entry] of [['Hono', 'test/bench/minimal-hono.ts'], ['Placeholder', 'infra/placeholder-handler.ts']] as const) {
      new LambdaFunction(stack, id, { code: bundledCode(entry), handler: 'index.handler', runtime: Runtime.NODEJS_24_X });
    }
    const keys = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function')).map((f) => f.Properties.Code.S3Key as string);
    expect(keys).toHaveLength(2);
    expect(new Set(keys).size).toBe(2);
    const assets = readdirSync(outdir).filter((d) => d.startsWith('asset.'));
    for (const asset of assets) expect(readdirSync(join(outdir, asset))).toContain('index.mjs');
  }, 60_000);

  it('gives the text reader its models and the linux-x64 onnxruntime and sharp, within Lambda’s 250 MB, and the bundle alone reads a screenshot', () => {
    const app = new App({ outdir });
    const stack = new Stack(app, 'ImageBundles');
    const models = OCR_MODELS.files.map((from) => ({ from, to: OCR_MODELS.dir }));
    const fns = {
      reader: bundledCode(HANDLERS.evidenceText, models, OCR_PACKAGES),
      checker: bundledCode(HANDLERS.evidenceUploaded, [], SHARP_PACKAGES),
      probe: bundledCode('test/infra/fixtures/image-probe.ts', models, OCR_PACKAGES),
    };
    for (const [id, code] of Object.entries(fns)) new LambdaFunction(stack, id, { code, handler: 'index.handler', runtime: Runtime.NODEJS_24_X });
    const template = Template.fromStack(stack).findResources('AWS::Lambda::Function');
    const dirOf = (id: string) => {
      const key = Object.entries(template).find(([logical]) => logical.startsWith(id))![1].Properties.Code.S3Key as string;
      return join(outdir, `asset.${key.replace(/\.zip$/, '')}`);
    };
    const reader = dirOf('reader');
    const MB = 1024 * 1024;
    // Unzipped, Lambda takes at most 250 MB; the package as installed carries every platform's runtime (288 MB).
    expect(sizeOf(reader)).toBeLessThan(150 * MB);
    expect(sizeOf(reader)).toBeGreaterThan(60 * MB);
    expect(readdirSync(join(reader, 'models')).sort()).toEqual(['ch_PP-OCRv4_det_infer.onnx', 'ch_PP-OCRv4_rec_infer.onnx', 'ppocr_keys_v1.txt']);
    expect(readdirSync(join(reader, 'node_modules/onnxruntime-node/bin/napi-v6'))).toEqual(['linux']);
    expect(readdirSync(join(reader, 'node_modules/onnxruntime-node/bin/napi-v6/linux'))).toEqual(['x64']);
    expect(statSync(join(reader, 'node_modules/@img/sharp-libvips-linux-x64')).isDirectory()).toBe(true);
    const checker = dirOf('checker');
    expect(sizeOf(checker)).toBeLessThan(40 * MB);
    expect(readdirSync(join(checker, 'node_modules'))).not.toContain('onnxruntime-node');
    // Neither the OCR engine nor sharp is loaded at the checker's import: they are chunks, loaded on first use.
    expect(readFileSync(join(checker, 'index.mjs'), 'utf8')).not.toMatch(/from"sharp"|from "sharp"/);

    // From the bundle folder alone (its own node_modules; the repository's are not on the path from the temp folder).
    const probe = dirOf('probe');
    const script = `const { handler } = await import('./index.mjs'); process.stdout.write(JSON.stringify(await handler({ path: ${JSON.stringify(repoPath('test/fixtures/screenshots/poster-ad.jpg'))} })));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: probe, env: { PATH: process.env.PATH, OCR_MODELS_DIR: 'models', LAMBDA_TASK_ROOT: probe }, maxBuffer: 16 * MB });
    const result = JSON.parse(out.toString()) as { decodes: boolean; display: number[]; lines: string[] };
    expect(result.decodes).toBe(true);
    expect(result.display).toEqual([1170, 2532]);
    expect(result.lines.join('\n')).toContain('包过');
    expect(result.lines.join('\n')).toContain('2980元');
  }, 240_000);
});
