import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import { bundledCode } from '../../infra/bundling';

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
});
