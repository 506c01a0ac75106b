import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The console's API types (web/src/scripts/api/*.d.ts) are generated from the OpenAPI documents and committed;
// a change to a schema that is not regenerated fails here.

describe('the generated API types', () => {
  it('are what a fresh generation from the OpenAPI documents gives', () => {
    const root = new URL('../..', import.meta.url).pathname;
    let failure = '';
    try {
      execFileSync(process.execPath, ['--import', 'tsx', 'functions/cli/api-types.ts', '--check'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      failure = String((error as { stderr?: Buffer }).stderr ?? error);
    }
    expect(failure).toBe('');
  }, 60_000);

  it('are the ones the console reads its answers with, not shapes declared again', () => {
    const web = (f: string) => readFileSync(new URL(`../../web/src/scripts/staff/${f}`, import.meta.url), 'utf8');
    expect(web('queue.ts')).toMatch(/from '\.\.\/api\/staff'/);
    expect(web('report.ts')).toMatch(/from '\.\.\/api\/staff'/);
    expect(web('report.ts')).not.toMatch(/^interface (Report|Evidence|Suggestion)\b/m);
    expect(web('desks.ts')).toMatch(/from '\.\.\/api\/staff'/);
    expect(readFileSync(new URL('../../web/src/scripts/track.ts', import.meta.url), 'utf8')).toMatch(/from '\.\/api\/public'/);
  });
});
