import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error — a plain ES module without types, run by .ci/run
import { summarize } from '../../.ci/summarize.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|mjs|js)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

describe('a fresh clone', () => {
  it('needs nothing beside the repository: no test, benchmark or source reads ../shared', () => {
    const readers = [...files('test'), ...files('functions'), ...files('infra')].filter((f) =>
      /['"`][^'"`\n]*\.\.\/shared\//.test(readFileSync(f, 'utf8')),
    );
    expect(readers.map((f) => f.slice(root.length))).toEqual([]);
  });
});

describe('the CI summary', () => {
  const file = (status: string, assertions: string[]) => ({ status, assertionResults: assertions.map((s) => ({ status: s })) });

  it('counts a test file that failed to load as a failure', () => {
    const report = { numPassedTests: 245, numFailedTests: 0, success: false, testResults: [file('passed', ['passed']), file('failed', []), file('failed', [])] };
    expect(summarize(report)).toEqual({ passed: 245, failed: 2 });
  });

  it('counts failed tests once, not again for their file', () => {
    const report = { numPassedTests: 3, numFailedTests: 2, success: false, testResults: [file('failed', ['passed', 'failed', 'failed'])] };
    expect(summarize(report)).toEqual({ passed: 3, failed: 2 });
  });

  it('reports a failed run with no failure it can name as one failure', () => {
    expect(summarize({ numPassedTests: 10, numFailedTests: 0, success: false, testResults: [] })).toEqual({ passed: 10, failed: 1 });
  });
});
