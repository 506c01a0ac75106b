// npm run --silent triage:score -- CASES.jsonl [--registry REGISTRY.csv] [--history HISTORY.jsonl] [--quiet]
//                                  [--min-top1 N] [--min-top3 N] [--min-route N] [--min-scope N]
// Every miss, the summary line of test/fixtures/shared/score.mjs, and the confusion by subject type. Exits 1 when a
// --min-* bar (a percentage) is not met.
import { resolve } from 'node:path';
import { readCases } from './triage-corpus';
import { readHistory, readRegistry } from './triage-files';
import { confusionTable, scoreCases, summaryLine } from './triage-scoring';

const args = process.argv.slice(2);
const flags = new Map<string, string>();
const positional: string[] = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i]!;
  if (a === '--quiet') flags.set(a, '');
  else if (a.startsWith('--')) flags.set(a, args[++i] ?? '');
  else positional.push(a);
}
const file = positional[0];
if (!file) {
  process.stderr.write('usage: npm run --silent triage:score -- CASES.jsonl [--registry REGISTRY.csv] [--history HISTORY.jsonl] [--quiet]\n');
  process.exit(2);
}
const registry = readRegistry(flags.get('--registry'));
const history = flags.has('--history') ? readHistory(flags.get('--history')!) : undefined;
const cases = readCases(resolve(file), registry);
const s = scoreCases(cases, history ? { history } : {});
if (!flags.has('--quiet')) for (const r of s.results) if (r.miss) console.log(r.miss);
console.log(summaryLine('triage', s));
console.log(confusionTable(s.results));
const bars: [number, string][] = [
  [s.top1, '--min-top1'],
  [s.top3, '--min-top3'],
  [s.route, '--min-route'],
  [s.scope, '--min-scope'],
];
process.exit(bars.some(([v, flag]) => flags.has(flag) && v < Number(flags.get(flag))) ? 1 : 0);
