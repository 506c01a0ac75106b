// npm run triage:train [-- --cv [--settings '{"l2": 1}'] [--leave-out t6,t8]]
// Fits the triage model to every labelled report (and each clause's own text) and writes
// functions/core/triage/model.json: the same reports give a byte-identical file. With --cv it writes nothing and
// prints cross-validated figures instead: for each writer, a model fitted without that writer's reports scores
// them, so a writer's style is held out as a whole; then the confusion by subject type over the independent writers.
// --settings overrides DEFAULT_SETTINGS for the cross-validation only: how a change of settings is tried.
// --leave-out fits once without the writers named and scores them together: a quick trial (seconds, not minutes).
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
  const leaveOut = process.argv.indexOf('--leave-out');
  const folds =
    leaveOut > 0
      ? [new Set(process.argv[leaveOut + 1]!.split(','))]
      : [...new Set(cases.map((c) => c.writer))].filter((w) => w !== 'documents').map((w) => new Set([w]));
  const independent: CaseResult[] = [];
  for (const fold of folds) {
    const held = cases.filter((c) => fold.has(c.writer));
    const { model } = fit(prepared.filter((_, i) => !fold.has(cases[i]!.writer)), settings);
    const s = scoreCases(held, { model: loadModel(model) });
    console.log(summaryLine(`cv ${[...fold].join(',')} (${[...new Set(held.map((c) => c.style))].join(', ')})`, s));
    if (!fold.has('project')) independent.push(...s.results);
  }
  if (at > 0) console.log(`settings: ${JSON.stringify(settings)}`);
  console.log(summaryLine('cv independent writers (t*)', scoreCases([], {}, independent)));
  console.log(confusionTable(independent));
} else {
  const started = Date.now();
  const { model, unreachable, json, iterations, converged } = trainModel(cases, prepared);
  const took = `${iterations} iterations, ${((Date.now() - started) / 1000).toFixed(0)} s`;
  if (!converged) console.error(`triage:train: stopped at maxIterations (${took}) before the optimum: raise it in DEFAULT_SETTINGS`);
  if (unreachable.length) console.error(`triage:train: ${unreachable.length} labels no pair in force reaches: ${unreachable.slice(0, 10).join(', ')}`);
  writeFileSync(resolve(ROOT, MODEL_FILE), json);
  console.error(`triage:train: ${model.trainedOn.examples} reports, ${Object.keys(model.weights).length} features, ${took} → ${MODEL_FILE}`);
  if (!converged) process.exitCode = 1;
}
