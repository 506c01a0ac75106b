// npm run triage:train [-- --cv [--settings '{"l2": 5e-5}']]
// Fits the triage model to every labelled report (and each clause's own text) and writes
// functions/core/triage/model.json: the same reports give a byte-identical file. With --cv it writes nothing and
// prints cross-validated figures instead: for each writer, a model fitted without that writer's reports scores
// them, so a writer's style is held out as a whole; then the confusion by subject type over the independent writers.
// --settings overrides DEFAULT_SETTINGS for the cross-validation only: how a change of settings is tried.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadModel, type TrainSettings } from '../core/triage/model';
import { DEFAULT_SETTINGS, fit, prepareReports } from '../core/triage/train';
import { ROOT } from './triage-corpus';
import { confusionTable, scoreCases, summaryLine, type CaseResult } from './triage-scoring';
import { MODEL_FILE, trainingCases, trainModel } from './triage-training';

const cases = trainingCases();
const prepared = prepareReports(cases);

if (process.argv.includes('--cv')) {
  const at = process.argv.indexOf('--settings');
  const settings = { ...DEFAULT_SETTINGS, ...(at > 0 ? (JSON.parse(process.argv[at + 1] ?? '{}') as Partial<TrainSettings>) : {}) };
  const writers = [...new Set(cases.map((c) => c.writer))].filter((w) => w !== 'documents');
  const independent: CaseResult[] = [];
  for (const w of writers) {
    const held = cases.filter((c) => c.writer === w);
    const { model } = fit(prepared.filter((_, i) => cases[i]!.writer !== w), settings);
    const s = scoreCases(held, { model: loadModel(model) });
    console.log(summaryLine(`cv ${w} (${held[0]!.style})`, s));
    if (w !== 'project') independent.push(...s.results);
  }
  if (at > 0) console.log(`settings: ${JSON.stringify(settings)}`);
  console.log(summaryLine('cv independent writers (t*)', scoreCases([], {}, independent)));
  console.log(confusionTable(independent));
} else {
  const { model, unreachable, json } = trainModel(cases, prepared);
  if (unreachable.length) console.error(`triage:train: ${unreachable.length} labels no pair in force reaches: ${unreachable.slice(0, 10).join(', ')}`);
  writeFileSync(resolve(ROOT, MODEL_FILE), json);
  console.error(`triage:train: ${model.trainedOn.examples} reports, ${Object.keys(model.weights).length} features → ${MODEL_FILE}`);
}
