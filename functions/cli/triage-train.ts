// npm run triage:train [-- --cv]
// Fits the triage model to every labelled report (and each clause's own text) and writes
// functions/core/triage/model.json (same reports → byte-identical file). With --cv it writes nothing and prints cross-validated figures instead: for each writer,
// a model fitted without that writer's reports scores them, so a writer's style is held out as a whole.
import { writeFileSync } from 'node:fs';
import { loadModel } from '../core/triage/model';
import { DEFAULT_SETTINGS, fit, prepareReports } from '../core/triage/train';
import { clauseTexts, readCorpus, ROOT, type CorpusCase } from './triage-corpus';
import { scoreCases, summaryLine } from './triage-scoring';

const args = process.argv.slice(2);
// The clauses' own texts train too (never scored: they are the documents, not reports).
const cases = [...readCorpus(), ...clauseTexts()];
const files = [...new Set(cases.map((c) => c.file))];
const prepared = prepareReports(cases);

if (args.includes('--cv')) {
  const writers = [...new Set(cases.map((c) => c.writer))].filter((w) => w !== 'documents');
  const all: { c: CorpusCase; r: ReturnType<typeof scoreCases>['results'][number] }[] = [];
  for (const w of writers) {
    const held = cases.filter((c) => c.writer === w);
    const { model } = fit(prepared.filter((_, i) => cases[i]!.writer !== w), DEFAULT_SETTINGS, files);
    const s = scoreCases(held, { model: loadModel(model) });
    console.log(summaryLine(`cv ${w} (${held[0]!.style})`, s));
    if (w !== 'project') all.push(...s.results.map((r, i) => ({ c: held[i]!, r })));
  }
  const independent = scoreCases([], {}, all.map((x) => x.r));
  console.log(summaryLine('cv independent writers (t*)', independent));
} else {
  const { model, unreachable } = fit(prepared, DEFAULT_SETTINGS, files);
  if (unreachable.length) console.error(`triage:train: ${unreachable.length} labels no pair reaches: ${unreachable.slice(0, 10).join(', ')}`);
  writeFileSync(`${ROOT}functions/core/triage/model.json`, JSON.stringify(model) + '\n');
  console.error(`triage:train: ${model.trainedOn.examples} reports, ${Object.keys(model.weights).length} features → functions/core/triage/model.json`);
}
