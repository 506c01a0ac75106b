import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { build, GLOBAL } from './helpers';

// Synthesis in tests writes only below one temporary folder of the test file, and nowhere else in the system temp folder.
describe('infra tests clean up after themselves', () => {
  it('synthesizes into the test file’s own temporary folder', () => {
    const before = new Set(readdirSync(tmpdir()).filter((n) => n.startsWith('cdk.out')));
    const { app } = build(GLOBAL);
    const assembly = app.synth();
    expect(assembly.directory.startsWith(tmpdir())).toBe(true);
    expect(assembly.directory).toMatch(/portal-infra-test-/);
    expect(existsSync(assembly.directory)).toBe(true);
    const after = readdirSync(tmpdir()).filter((n) => n.startsWith('cdk.out') && !before.has(n));
    expect(after).toEqual([]);
  });
});
