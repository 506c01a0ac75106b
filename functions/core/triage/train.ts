// Fits the triage model (model.ts) to labelled reports: a log-linear model whose parameters minimise the summed
// loss plus an L2 penalty, found by L-BFGS (lbfgs.ts) from zero, so the same reports give byte-identical parameters
// and a few reports more or fewer move them only as far as they move the optimum. A report's label is the set of
// clauses a careful official would accept first; the loss is −log of the probability the model gives that set (any
// of its pairs), so a report that honestly fits two clauses trains both, and a clause that several kinds of conduct
// reach trains each of them.
import type { Registry } from '../registry';
import { RULE_SETS, type RuleSet, type Subject } from '../rules';
import { pairsInForce, prepare, type TriageInput } from './engine';
import { namedFeatures, type Features } from './features';
import { minimise } from './lbfgs';
import { PAIR_FEATURES, pairFeatures, type ModelData, type Pair, type TrainSettings } from './model';

export interface LabelledReport {
  input: TriageInput;
  /** Clauses accepted as the first suggestion; empty when out of scope. */
  accept: string[];
  inScope: boolean;
  registry: Registry;
}

/**
 * l2 chosen on the pending sets (test/fixtures/triage-pending/, not trained on) among fits run to the optimum; see
 * GATES.md, triage-2026.24. The fit stops when an iteration lowers the objective by less than relativeDecrease of it.
 */
export const DEFAULT_SETTINGS: TrainSettings = { l2: 0.3, minCount: 3, prune: 0.05, relativeDecrease: 1e-8, maxIterations: 600 };

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

export interface FitResult {
  model: ModelData;
  /** Reports whose label no pair in force reaches (a label for a subject the rule set has no such clause for). */
  unreachable: string[];
  /** L-BFGS iterations, and whether the fit stopped at the optimum rather than at maxIterations. */
  iterations: number;
  converged: boolean;
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
    return { f: p.features, ...pairsInForce(sets, p.judged, p.judgedAsFound), r };
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
  const { W, bias, outBias, A, iterations, converged } = converge(examples, shape, settings);

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
  return { model, unreachable, iterations, converged };
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
  iterations: number;
  converged: boolean;
}

/**
 * The fit: the loss of every example plus l2/2 times every parameter squared, minimised from zero. The examples are
 * summed in their fixed order, so the result is deterministic; at the optimum it does not depend on that order.
 * The parameters are one vector: W (features × heads), then each pair's bias, the out-of-scope bias, and per subject
 * the pair features' weights.
 */
function converge(examples: readonly Example[], shape: Shape, settings: TrainSettings): Parameters {
  const { heads: H, pairs, subjects } = shape;
  const P = PAIR_FEATURES.length;
  const at = { bias: shape.features * H, out: shape.features * H + pairs, A: shape.features * H + pairs + 1 };
  const n = at.A + subjects * P;
  const work = { heads: new Float64Array(H), dh: new Float64Array(H) };
  const objective = (x: Float64Array, g: Float64Array): number => {
    let value = 0;
    for (let i = 0; i < n; i++) {
      g[i] = settings.l2 * x[i]!;
      value += 0.5 * settings.l2 * x[i]! * x[i]!;
    }
    for (const ex of examples) value += addExample(ex, x, g, shape, at, work);
    return value;
  };
  const { x, iterations, converged } = minimise(objective, new Float64Array(n), {
    memory: 10,
    maxIterations: settings.maxIterations,
    relativeDecrease: settings.relativeDecrease,
  });
  return {
    W: x.subarray(0, at.bias),
    bias: x.subarray(at.bias, at.out),
    outBias: x[at.out]!,
    A: Array.from({ length: subjects }, (_, s) => x.subarray(at.A + s * P, at.A + (s + 1) * P)),
    iterations,
    converged,
  };
}

/** One example's loss, −log P(accepted set), with its gradient added into g. */
function addExample(
  ex: Example,
  x: Float64Array,
  g: Float64Array,
  shape: Shape,
  at: { bias: number; out: number; A: number },
  { heads, dh }: { heads: Float64Array; dh: Float64Array },
): number {
  const { heads: H, outHead, pairKind, pairSubject } = shape;
  const P = PAIR_FEATURES.length;
  heads.fill(0);
  for (const [fi, v] of ex.features) {
    const base = fi * H;
    for (let h = 0; h < H; h++) heads[h]! += v * x[base + h]!;
  }
  const scores = ex.pairs.map((pi, j) => {
    const s = pairSubject[pi]!;
    let z = heads[pairKind[pi]!]! + heads[outHead + 1 + s]! + x[at.bias + pi]!;
    for (let q = 0; q < P; q++) z += x[at.A + s * P + q]! * ex.pairFeatures[j * P + q]!;
    return z;
  });
  const outScore = heads[outHead]! + x[at.out]!;
  const max = Math.max(outScore, ...scores);
  const exps = scores.map((z) => Math.exp(z - max));
  const outExp = Math.exp(outScore - max);
  const sum = exps.reduce((a, b) => a + b, outExp);
  const prob = exps.map((z) => z / sum);
  const outProb = outExp / sum;
  // The gradient of −log P(accepted set) by the scores: p, less p restricted to the set and renormalised.
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
    const gj = grad[j]!;
    const s = pairSubject[pi]!;
    dh[pairKind[pi]!]! += gj;
    dh[outHead + 1 + s]! += gj;
    g[at.bias + pi]! += gj;
    for (let q = 0; q < P; q++) g[at.A + s * P + q]! += gj * ex.pairFeatures[j * P + q]!;
  });
  g[at.out]! += outGrad;
  for (const [fi, v] of ex.features) {
    const base = fi * H;
    for (let h = 0; h < H; h++) g[base + h]! += v * dh[h]!;
  }
  return -Math.log(inSet);
}
