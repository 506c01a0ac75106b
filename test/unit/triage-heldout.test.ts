// The release gate prints one line per frozen held-out set and one for all of them, whose counts are the sums;
// it prints no misses (the held-out texts are not to be read for tuning).
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ENGINE_VERSION } from '../../functions/core/triage';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DIR = `${ROOT}test/fixtures/triage-heldout/`;
const LINE = /^(\S+): top1 [\d.]+% \((\d+)\/(\d+)\) top3 [\d.]+% \((\d+)\/(\d+)\) route [\d.]+% \((\d+)\/(\d+)\)/;

describe('npm run triage:heldout', () => {
  it('scores every held-out set and all of them together, without misses', () => {
    const r = spawnSync('npx', ['tsx', 'functions/cli/triage-heldout.ts'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`held out, ${ENGINE_VERSION}:`);
    const sets = readdirSync(DIR).filter((f) => f.endsWith('.jsonl')).sort();
    const rows = lines.map((l) => LINE.exec(l)).filter((m): m is RegExpExecArray => m !== null);
    expect(rows.map((m) => m[1])).toEqual([...sets.map((f) => f.replace('.jsonl', '')), 'all']);
    const total = sets.reduce((n, f) => n + readFileSync(`${DIR}${f}`, 'utf8').split('\n').filter(Boolean).length, 0);
    const all = rows.at(-1)!.slice(2).map(Number);
    const sum = (i: number) => rows.slice(0, -1).reduce((n, m) => n + Number(m[i]), 0);
    expect(all).toEqual([2, 3, 4, 5, 6, 7].map(sum));
    expect(all[5]).toBe(total); // every line scored for routing
    expect(r.stdout).not.toMatch(/not accepted|expected out of scope|routed to/);
  }, 60_000);
});
