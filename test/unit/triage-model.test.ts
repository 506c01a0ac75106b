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
  }, 2_400_000); // one fit of ~16,000 reports to the optimum: 19–21 minutes beside the other tests
});

describe('fitting to the optimum', () => {
  it('gives the same model whatever order the reports come in', () => {
    const cases = trainingCases().filter((c) => c.writer === 't6' || c.writer === 'documents');
    const prepared = prepareReports(cases);
    const settings = { ...DEFAULT_SETTINGS, prune: 0 };
    const forward = fit(prepared, settings);
    const backward = fit([...prepared].reverse(), settings);
    expect(forward.converged && backward.converged).toBe(true);
    // Summed in another order the iterates differ in their last bits, but they reach the same optimum.
    const biases = Object.keys(forward.model.bias);
    expect(biases.length).toBeGreaterThan(50);
    for (const key of biases) expect(backward.model.bias[key], key).toBeCloseTo(forward.model.bias[key]!, 2);
    const [name, row] = Object.entries(forward.model.weights).sort((a, b) => b[1].length - a[1].length)[0]!;
    backward.model.weights[name]!.forEach((w, i) => expect(w).toBeCloseTo(row[i]!, 2));
  }, 120_000);
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
