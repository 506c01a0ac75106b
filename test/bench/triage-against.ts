// `npm run bench:triage-against -- <other checkout>`: this tree's triage engine against another checkout's (an
// earlier commit: `git worktree add <dir> <commit>`, with node_modules linked), both loaded in one process and timed
// in alternate passes. Two separate runs of `npm run bench` on a shared machine can differ by a third; passes side
// by side share whatever the machine is doing, so their ratio is the figure to read.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { registryFromCsv } from '../../functions/core/registry';
import { SAMPLE_REGISTRY_CSV } from '../../functions/core/registry-sample';
import { triage, type TriageInput } from '../../functions/core/triage';
import { reportsOf500 } from './triage-reports';

const other = process.argv[2];
if (!other || !existsSync(resolve(other, 'functions/core/triage/index.ts'))) {
  console.error('usage: npm run bench:triage-against -- <checkout of another commit, with node_modules>');
  process.exit(2);
}
type Triage = (input: TriageInput, registry: ReturnType<typeof registryFromCsv>) => unknown;
const theirs = (await import(resolve(other, 'functions/core/triage/index.ts'))) as { triage: Triage };
const engines: [string, Triage][] = [
  ['this tree', triage],
  [other, theirs.triage],
];
const cases = reportsOf500();
const registry = registryFromCsv(SAMPLE_REGISTRY_CSV);
const ROUNDS = 5;
const PASSES = 20;
for (const [, run] of engines) for (let i = 0; i < 10; i++) for (const c of cases) run(c, registry); // warm-up
const perSecond = new Map<string, number[]>(engines.map(([name]) => [name, []]));
for (let pass = 0; pass < PASSES; pass++) {
  // Each engine goes first in every other pass.
  for (const [name, run] of pass % 2 ? engines : [...engines].reverse()) {
    const cpu = process.cpuUsage();
    for (let i = 0; i < ROUNDS; i++) for (const c of cases) run(c, registry);
    const used = process.cpuUsage(cpu);
    perSecond.get(name)!.push((ROUNDS * cases.length) / ((used.user + used.system) / 1e6));
  }
}
const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1]!;
const ratios = perSecond.get('this tree')!.map((v, i) => v / perSecond.get(other)![i]!);
for (const [name, v] of perSecond) {
  console.log(`triage, ${name}: ${Math.round(Math.max(...v))} reports/s per core in the best pass, ${Math.round(median(v))} in the median`);
}
console.log(
  `this tree / ${other}: ${median(ratios).toFixed(2)} in the median pass pair (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}) — ${cases.length} reports of 500 characters × ${ROUNDS} rounds per pass, ${PASSES} passes each, alternated, CPU time of this thread`,
);
