// The trained parameters are data that `npm run triage:train` makes, never edited by hand: training is
// deterministic, and the committed model.json is exactly what it makes of the committed corpus.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../functions/cli/triage-corpus';
import { MODEL_FILE, trainingCases, trainModel } from '../../functions/cli/triage-training';
import { DEFAULT_SETTINGS, fit, prepareReports } from '../../functions/core/triage/train';
import { contributions, loadModel, score, type ModelData, type Pair } from '../../functions/core/triage/model';
import { featuresOf, namedFeatures } from '../../functions/core/triage/features';
import { normalize } from '../../functions/core/text';

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

describe('reading the stored weights', () => {
  const data = JSON.parse(readFileSync(resolve(ROOT, MODEL_FILE), 'utf8')) as ModelData;
  const model = loadModel(data);

  it('quotes, per pair, the features with the largest share of its kind, as reading model.json directly would', () => {
    const text = '这家评价机构在朋友圈发广告说交八千包过，不用来考试，证书直接寄到家，考评员考试的时候还把答案发到群里。';
    const features = featuresOf({ n: normalize(text), hint: undefined, registry: [] });
    const pairs: Pair[] = [
      { kind: data.kinds[0]!, subject: 'institution' },
      { kind: data.kinds[5]!, subject: 'examiner' },
      { kind: data.kinds[data.kinds.length - 1]!, subject: 'candidate' },
    ];
    const scored = score(model, features, pairs);
    const quoted = contributions(model, scored, pairs, 6, false);
    // The same by brute force: every feature of the report, its weight for the kind's head times its value.
    const named = new Map(namedFeatures(features));
    for (const [p, pair] of pairs.entries()) {
      const head = data.kinds.indexOf(pair.kind);
      const expected = [...named]
        .map(([name, value]): [string, number] => {
          const row = data.weights[name] ?? [];
          const at = row.findIndex((h, i) => i % 2 === 0 && h === head);
          return [name, at < 0 ? 0 : value * row[at + 1]!];
        })
        .filter(([, c]) => c > 0)
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .slice(0, 6);
      expect(quoted[p], pair.kind).toEqual(expected);
    }
    expect(quoted[0]!.length).toBeGreaterThan(0);
  });

  it('refuses weights whose heads do not ascend within a row (the lookup by head counts on their order)', () => {
    const [name, row] = Object.entries(data.weights).find(([, r]) => r.length >= 4)!;
    const swapped = [row[2]!, row[3]!, row[0]!, row[1]!, ...row.slice(4)];
    expect(() => loadModel({ ...data, weights: { ...data.weights, [name]: swapped } })).toThrow(/do not ascend/);
  });
});
