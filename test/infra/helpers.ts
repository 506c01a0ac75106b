import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll } from 'vitest';
import { EXAMPLE_CHINA, EXAMPLE_GLOBAL, type PortalConfig } from '../../infra/config';
import { addPortal, APP_CONTEXT, type Portal } from '../../infra/portal-app';

// Asset bundling is skipped in tests (fast, and handlers may still be missing); `npm run synth` bundles.
export const SKIP_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

// Every synthesis of a test file goes into one temporary folder, removed when the file's tests are done
// (an App without `outdir` leaves a ~20 MB cdk.out* folder in the system temp folder each time).
let outRoot: string | undefined;
let apps = 0;
afterAll(() => {
  if (outRoot) rmSync(outRoot, { recursive: true, force: true });
  outRoot = undefined;
});

export function build(config: PortalConfig): Portal & { app: App } {
  outRoot ??= mkdtempSync(join(tmpdir(), 'portal-infra-test-'));
  const app = new App({ outdir: join(outRoot, String(apps++)), context: { ...APP_CONTEXT, ...SKIP_BUNDLING } });
  return { app, ...addPortal(app, config) };
}

const cache = new Map<PortalConfig, { portal: Portal & { app: App }; template: Template }>();

/** One synthesized template per config object, shared by the tests of a file. */
export function templateOf(config: PortalConfig): { portal: Portal & { app: App }; template: Template } {
  let hit = cache.get(config);
  if (!hit) {
    const portal = build(config);
    hit = { portal, template: Template.fromStack(portal.stack) };
    cache.set(config, hit);
  }
  return hit;
}

export const GLOBAL = EXAMPLE_GLOBAL;
export const CHINA = EXAMPLE_CHINA;

type Resource = { Type: string; Properties?: Record<string, unknown> };

/** Resources of one type, by logical id. */
export function resources(template: Template, type: string): Record<string, Resource> {
  return template.findResources(type) as Record<string, Resource>;
}

export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, unknown>;
}

/** Every statement of every policy attached to the role with this logical id. */
export function statementsOfRole(template: Template, roleLogicalId: string): Statement[] {
  const out: Statement[] = [];
  for (const policy of Object.values(resources(template, 'AWS::IAM::Policy'))) {
    const props = policy.Properties as { Roles: { Ref: string }[]; PolicyDocument: { Statement: Statement[] } };
    if (props.Roles.some((r) => r.Ref === roleLogicalId)) out.push(...props.PolicyDocument.Statement);
  }
  return out;
}

export const actionsOf = (statements: Statement[]): string[] =>
  statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
