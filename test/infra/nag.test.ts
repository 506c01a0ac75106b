import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { addNagChecks } from '../../infra/portal-app';
import { repoPath } from '../../infra/paths';
import { build, CHINA, GLOBAL } from './helpers';

function allConstructs(root: IConstruct): IConstruct[] {
  return [root, ...root.node.children.flatMap(allConstructs)];
}

for (const config of [GLOBAL, CHINA]) {
  describe(`cdk-nag AwsSolutions (${config.region})`, () => {
    it('leaves no finding unacknowledged', () => {
      const { app } = build(config);
      const pack = addNagChecks(app);
      const report = pack.validateScope(app);
      const findings = report.violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} @ ${r.constructPath}`));
      expect(findings).toEqual([]);
    });

    it('synthesizes through CDK policy validation (nag plugin and CloudFormation resource-type rules)', () => {
      const { app } = build(config);
      addNagChecks(app);
      const before = process.exitCode;
      const assembly = app.synth();
      expect(process.exitCode ?? 0).toBe(before ?? 0);
      expect(assembly.stacks.length).toBe(config === GLOBAL ? 2 : 1);
    });

    it('gives every acknowledgement a reason', () => {
      const { app } = build(config);
      const acks = allConstructs(app).flatMap((c) =>
        c.node.metadata
          .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
          .flatMap((m) => Object.entries(m.data as Record<string, string>)),
      );
      expect(acks.length).toBeGreaterThan(5);
      for (const [id, reason] of acks) {
        expect(id).toMatch(/AwsSolutions-/);
        expect(reason.length, id).toBeGreaterThan(40);
      }
    });
  });
}

describe('acknowledgements', () => {
  it('live in one file', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
    const acknowledging = files(repoPath('infra')).filter((f) => /\.acknowledge\(/.test(readFileSync(f, 'utf8')));
    expect(acknowledging.map((f) => f.slice(repoPath('infra').length))).toEqual(['/nag-acknowledgements.ts']);
  });
});
