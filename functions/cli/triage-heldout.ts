// npm run --silent triage:heldout
// The release gate: scores this ENGINE_VERSION on every frozen held-out set (test/fixtures/triage-heldout/, with
// its own registry) and on all of them together, summary lines and the confusion by subject type, no misses:
// the held-out texts are never read by tuning, so their misses are not printed either. Run once per release.
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { ENGINE_VERSION } from '../core/triage';
import { readCases, ROOT } from './triage-corpus';
import { readRegistry } from './triage-files';
import { confusionTable, scoreCases, summaryLine, type CaseResult } from './triage-scoring';

const DIR = resolve(ROOT, 'test/fixtures/triage-heldout');
const registry = readRegistry(resolve(DIR, 'registry.csv'));
const all: CaseResult[] = [];
console.log(`held out, ${ENGINE_VERSION}:`);
for (const file of readdirSync(DIR).filter((f) => f.endsWith('.jsonl')).sort()) {
  const s = scoreCases(readCases(resolve(DIR, file), registry), {});
  console.log(summaryLine(file.replace(/\.jsonl$/, ''), s));
  all.push(...s.results);
}
console.log(summaryLine('all', scoreCases([], {}, all)));
console.log(confusionTable(all));
