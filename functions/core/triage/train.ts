// Fits the triage model (model.ts) to labelled reports: a log-linear model trained by stochastic gradient
// descent with L2 regularisation, in a fixed order from a fixed seed, so the same reports give byte-identical
// parameters. A report's label is the set of clauses a careful official would accept first; the loss is
// −log of the probability the model gives that set (any of its pairs), so a report that honestly fits two
// clauses trains both, and a clause that several kinds of conduct reach trains each of them.
import type { Registry } from '../registry';
import { RULE_SETS, type RuleSet, type Subject } from '../rules';
import { pairsInForce, prepare, type TriageInput } from './engine';
import { namedFeatures, type Features } from './features';
import { PAIR_FEATURES, pairFeatures, type ModelData, type Pair, type TrainSettings } from './model';

export interface LabelledReport {
  input: TriageInput;
  /** Clauses accepted as the first suggestion; empty when out of scope. */
  accept: string[];
  inScope: boolean;
  registry: Registry;
}

/**
 * Found by cross-validation over writers (`npm run triage:train -- --cv`); see README. Three seeds: one fit's answers
 * move with the order it visits the examples in, so the model is their mean (README, Figures).
 */
export const DEFAULT_SETTINGS: TrainSettings = { epochs: 24, learningRate: 0.1, l2: 1e-4, minCount: 3, prune: 0.05, seed: 1, seeds: 3 };

/** The date a labelled report is judged on when it has no incident date (as the writers were told). */
const RECEIVED = '2026-11-15';

interface Example {
  features: [number, number][];
  pairs: number[];
  /** PAIR_FEATURES.length values per pair, flat. */
  pairFeatures: Float64Array;
  /** Indices into `pairs` (−1: out of scope) the label accepts. */
  targets: number[];
}

/** A deterministic PRNG (mulberry32), for the order examples are visited in. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FitResult {
  model: ModelData;
  /** Reports whose label no pair in force reaches (a label for a subject the rule set has no such clause for). */
  unreachable: string[];
}

/** A labelled report read into features, with the pairs in force on its date. */
export interface PreparedReport {
  f: Features;
  pairs: Pair[];
  clauses: string[];
  r: LabelledReport;
}

/** Reading the reports is most of the work: cross-validation does it once for every fold. */
export function prepareReports(reports: readonly LabelledReport[], sets: readonly RuleSet[] = RULE_SETS): PreparedReport[] {
  return reports.map((r) => {
    const p = prepare(r.input, r.registry, { receivedDate: RECEIVED });
    return { f: p.features, ...pairsInForce(sets, p.judged), r };
  });
}

export function fit(
  prepared: readonly PreparedReport[],
  settings: TrainSettings = DEFAULT_SETTINGS,
  files: string[] = [],
  sets: readonly RuleSet[] = RULE_SETS,
): FitResult {

  // Features: every non-n-gram feature, and n-grams seen in at least minCount reports.
  const df = new Map<string, number>();
  for (const { f } of prepared) for (const [name] of namedFeatures(f)) df.set(name, (df.get(name) ?? 0) + 1);
  const vocabulary = [...df.keys()].filter((name) => !name.startsWith('g:') || df.get(name)! >= settings.minCount).sort();
  const featureIndex = new Map(vocabulary.map((name, i) => [name, i]));

  const kinds = [...new Set(sets.flatMap((s) => Object.keys(s.conduct)))].sort();
  const kindIndex = new Map(kinds.map((k, i) => [k, i]));
  const subjects: Subject[] = ['institution', 'examiner', 'supervisor', 'expert', 'staff', 'candidate'];
  const outHead = kinds.length;
  const H = kinds.length + 1 + subjects.length;
  const pairKeys: string[] = [];
  const pairIndex = new Map<string, number>();
  const pairOf: Pair[] = [];

  const unreachable: string[] = [];
  const examples: Example[] = [];
  for (const { f, pairs, clauses, r } of prepared) {
    const targets = r.inScope ? clauses.flatMap((c, i) => (r.accept.includes(c) ? [i] : [])) : [-1];
    if (!targets.length) {
      unreachable.push(r.input.id ?? r.input.description.slice(0, 20));
      continue;
    }
    const idx = pairs.map((p) => {
      const key = `${p.kind}|${p.subject}`;
      let i = pairIndex.get(key);
      if (i === undefined) {
        i = pairKeys.length;
        pairKeys.push(key);
        pairIndex.set(key, i);
        pairOf.push(p);
      }
      return i;
    });
    examples.push({
      features: [...namedFeatures(f)].flatMap(([name, v]) => {
        const i = featureIndex.get(name);
        return i === undefined ? [] : [[i, v] as [number, number]];
      }),
      pairs: idx,
      pairFeatures: pairFeatures(f, pairs),
      targets,
    });
  }

  const subjectNo = new Map(subjects.map((s, i) => [s, i]));
  const shape: Shape = {
    features: vocabulary.length,
    heads: H,
    outHead,
    pairs: pairKeys.length,
    pairKind: pairOf.map((p) => kindIndex.get(p.kind)!),
    pairSubject: pairOf.map((p) => subjectNo.get(p.subject)!),
    subjects: subjects.length,
  };
  // The mean of fits from several seeds: one model of the same size whose scores are the fits' mean. One fit's
  // held-out top-1 moves by ~1.5 points with the order its seed visits the examples in (README, Figures).
  const fits = Array.from({ length: settings.seeds }, (_, i) => descend(examples, shape, settings, settings.seed + i));
  const mean = (pick: (f: Parameters) => Float64Array) => {
    const out = new Float64Array(pick(fits[0]!).length);
    for (const f of fits) pick(f).forEach((x, i) => (out[i]! += x / fits.length));
    return out;
  };
  const W = mean((f) => f.W);
  const bias = mean((f) => f.bias);
  const outBias = fits.reduce((a, f) => a + f.outBias / fits.length, 0);
  const A = subjects.map((_, s) => mean((f) => f.A[s]!));

  const round = (x: number) => Number(x.toFixed(3));
  const weights: Record<string, number[]> = {};
  vocabulary.forEach((name, fi) => {
    const row: number[] = [];
    for (let h = 0; h < H; h++) {
      const w = W[fi * H + h]!;
      if (Math.abs(w) >= settings.prune) row.push(h, round(w));
    }
    if (row.length) weights[name] = row;
  });
  const model: ModelData = {
    trainedOn: { examples: examples.length, files, settings },
    kinds,
    subjects,
    weights,
    bias: Object.fromEntries(pairKeys.map((k, i) => [k, round(bias[i]!)] as [string, number]).sort((a, b) => (a[0] < b[0] ? -1 : 1))),
    outBias: round(outBias),
    pairWeights: Object.fromEntries(subjects.map((s, i) => [s, [...A[i]!].map(round)])) as Record<Subject, number[]>,
  };
  return { model, unreachable };
}

/** The sizes and indices the gradient steps need. */
interface Shape {
  features: number;
  heads: number;
  outHead: number;
  pairs: number;
  pairKind: number[];
  pairSubject: number[];
  subjects: number;
}

interface Parameters {
  W: Float64Array;
  bias: Float64Array;
  outBias: number;
  A: Float64Array[];
}

/** One fit: stochastic gradient descent over the examples in an order drawn from `seed`. */
function descend(examples: readonly Example[], shape: Shape, settings: TrainSettings, seed: number): Parameters {
  const { heads: H, outHead, pairKind, pairSubject } = shape;
  const P = PAIR_FEATURES.length;
  const W = new Float64Array(shape.features * H);
  const bias = new Float64Array(shape.pairs);
  let outBias = 0;
  const A = Array.from({ length: shape.subjects }, () => new Float64Array(P));
  const rand = random(seed);
  const order = examples.map((_, i) => i);
  const heads = new Float64Array(H);
  const dh = new Float64Array(H);
  for (let epoch = 0; epoch < settings.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const lr = settings.learningRate / Math.sqrt(1 + epoch);
    for (const e of order) {
      const ex = examples[e]!;
      heads.fill(0);
      for (const [fi, v] of ex.features) {
        const base = fi * H;
        for (let h = 0; h < H; h++) heads[h]! += v * W[base + h]!;
      }
      const scores = ex.pairs.map((pi, j) => {
        const s = pairSubject[pi]!;
        let x = heads[pairKind[pi]!]! + heads[outHead + 1 + s]! + bias[pi]!;
        for (let q = 0; q < P; q++) x += A[s]![q]! * ex.pairFeatures[j * P + q]!;
        return x;
      });
      const outScore = heads[outHead]! + outBias;
      const max = Math.max(outScore, ...scores);
      const exps = scores.map((x) => Math.exp(x - max));
      const outExp = Math.exp(outScore - max);
      const sum = exps.reduce((a, b) => a + b, outExp);
      const prob = exps.map((x) => x / sum);
      const outProb = outExp / sum;
      // Gradient of −log P(accepted set): p − p restricted to the set and renormalised.
      const inSet = ex.targets.reduce((a, t) => a + (t < 0 ? outProb : prob[t]!), 0);
      const grad = prob.slice();
      let outGrad = outProb;
      for (const t of ex.targets) {
        if (t < 0) outGrad -= outProb / inSet;
        else grad[t]! -= prob[t]! / inSet;
      }
      dh.fill(0);
      dh[outHead] = outGrad;
      ex.pairs.forEach((pi, j) => {
        const g = grad[j]!;
        dh[pairKind[pi]!]! += g;
        dh[outHead + 1 + pairSubject[pi]!]! += g;
        bias[pi]! -= lr * g;
        const a = A[pairSubject[pi]!]!;
        for (let q = 0; q < P; q++) a[q]! -= lr * g * ex.pairFeatures[j * P + q]!;
      });
      outBias -= lr * outGrad;
      for (const [fi, v] of ex.features) {
        const base = fi * H;
        for (let h = 0; h < H; h++) W[base + h]! -= lr * (v * dh[h]! + settings.l2 * W[base + h]!);
      }
    }
  }

  return { W, bias, outBias, A };
}
