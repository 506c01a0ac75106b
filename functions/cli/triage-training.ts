// What `npm run triage:train` fits the model to, and the file it writes: shared by the command and by the test
// that holds the committed model.json to it.
import { DEFAULT_SETTINGS, fit, prepareReports, type FitResult, type PreparedReport } from '../core/triage/train';
import { clauseTexts, readCorpus, type CorpusCase } from './triage-corpus';

export const MODEL_FILE = 'functions/core/triage/model.json';

/** Every labelled report, and the clauses' own texts (they train, but are never scored: they are not reports). */
export function trainingCases(): CorpusCase[] {
  return [...readCorpus(), ...clauseTexts()];
}

export function trainModel(cases: CorpusCase[], prepared: PreparedReport[] = prepareReports(cases)): FitResult & { json: string } {
  const result = fit(prepared, DEFAULT_SETTINGS, [...new Set(cases.map((c) => c.file))]);
  return { ...result, json: JSON.stringify(result.model) + '\n' };
}
