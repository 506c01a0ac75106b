// The reports the triage benchmarks time: the corpus's own long reports, cut (or repeated) to 500 characters.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TriageInput } from '../../functions/core/triage';

const root = resolve(import.meta.dirname, '../..');

export function reportsOf500(): TriageInput[] {
  const lines = readFileSync(join(root, 'test/fixtures/triage-corpus/t2.jsonl'), 'utf8').split('\n').filter(Boolean);
  return lines.slice(0, 100).map((line) => {
    const input = (JSON.parse(line) as { input: TriageInput }).input;
    let d = String(input.description);
    while (d.length < 500) d += d;
    return { ...input, description: d.slice(0, 500) };
  });
}
