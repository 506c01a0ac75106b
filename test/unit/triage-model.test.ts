// The trained parameters are data that `npm run triage:train` makes, never edited by hand: training is
// deterministic, and the committed model.json is exactly what it makes of the committed corpus.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../functions/cli/triage-corpus';
import { MODEL_FILE, trainingCases, trainModel } from '../../functions/cli/triage-training';
import { DEFAULT_SETTINGS, fit, prepareReports } from '../../functions/core/triage/train';

describe('the triage model', () => {
  it('is what npm run triage:train makes of the corpus, byte for byte', () => {
    const cases = trainingCases();
    const fresh = trainModel(cases);
    // A label no pair in force reaches is one whose date the engine had to read from the description (an act told
    // with an earlier year but still going on, “24年”): with the form's date every label is reachable.
    const byId = new Map(cases.map((c) => [c.input.id, c]));
    for (const id of fresh.unreachable) expect(byId.get(id)!.input.incidentDate, id).toBeUndefined();
    expect(fresh.unreachable.length).toBeLessThan(cases.length / 500);
    expect(fresh.json === readFileSync(resolve(ROOT, MODEL_FILE), 'utf8'), 'model.json differs: run npm run triage:train (and bump ENGINE_VERSION)').toBe(true);
  }, 600_000); // three fits of ~9,000 reports: about a minute alone, several beside the browser tests
});

describe('fitting from several seeds', () => {
  it('stores the mean of the single fits (before rounding and pruning)', () => {
    const cases = trainingCases().filter((c) => c.writer === 't6' || c.writer === 'documents');
    const prepared = prepareReports(cases);
    const settings = { ...DEFAULT_SETTINGS, epochs: 2, prune: 0 };
    const one = fit(prepared, { ...settings, seed: 1, seeds: 1 }).model;
    const two = fit(prepared, { ...settings, seed: 2, seeds: 1 }).model;
    const both = fit(prepared, { ...settings, seed: 1, seeds: 2 }).model;
    // Pair biases the seed moves (so the mean is neither fit's): the stored value is their mean.
    const moved = Object.keys(both.bias).filter((k) => Math.abs(one.bias[k]! - two.bias[k]!) > 0.02);
    expect(moved.length).toBeGreaterThan(5);
    for (const key of moved) expect(both.bias[key], key).toBeCloseTo((one.bias[key]! + two.bias[key]!) / 2, 2);
  }, 60_000);
});
