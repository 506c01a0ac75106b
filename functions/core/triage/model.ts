// The learned scorer: a log-linear model over (kind of conduct, subject) pairs and “not a skill-assessment
// report”. A pair scores its kind's weights and its subject's weights over the report's features (features.ts),
// a bias of its own, and how strongly the text places that subject near the kind's words. Because a pair is a
// kind of conduct and a person, not a rule id, a rule set that maps the kinds to its own clauses is scored
// with no retraining. The weights are fitted by train.ts (`npm run triage:train`) and stored in model.json.
import type { Subject } from '../rules';
import { SUBJECTS, type Features } from './features';

/** The trained parameters as stored (model.json): written by train.ts, never by hand. */
export interface ModelData {
  /** What the parameters were fitted on, and with what settings. */
  trainedOn: { examples: number; files: string[]; settings: TrainSettings };
  kinds: string[];
  subjects: Subject[];
  /** Per feature name: [head, weight, head, weight, …]; heads are the kinds, then `out`, then the subjects. */
  weights: Record<string, number[]>;
  /** Per trained pair `kind|subject`: its bias. Pairs a later rule set adds start at 0. */
  bias: Record<string, number>;
  /** The out-of-scope head's bias. */
  outBias: number;
  /** Per subject: the weights of the pair features (PAIR_FEATURES order). */
  pairWeights: Record<Subject, number[]>;
}

export interface TrainSettings {
  epochs: number;
  learningRate: number;
  l2: number;
  /** An n-gram seen in fewer training reports than this is not a feature. */
  minCount: number;
  /** Stored weights smaller than this are dropped. */
  prune: number;
  seed: number;
}

/** A kind of conduct committed by a subject. */
export interface Pair {
  kind: string;
  subject: Subject;
}

/** How strongly the text places the pair's subject near its kind's words: the model weighs each, per subject. */
export const PAIR_FEATURES = ['hint', 'hint-other', 'local', 'local-top', 'overall', 'overall-top'] as const;

export function pairFeatures(f: Features, p: Pair): number[] {
  const local = f.local.get(p.kind) ?? f.overall;
  const top = (e: Record<Subject, number>) => {
    const max = Math.max(...SUBJECTS.map((s) => e[s]));
    return max > 0 && e[p.subject] === max ? 1 : 0;
  };
  return [
    f.hint === p.subject ? 1 : 0,
    f.hint && f.hint !== p.subject ? 1 : 0,
    local[p.subject],
    top(local),
    f.overall[p.subject],
    top(f.overall),
  ];
}

/** One feature's weights, by head. */
interface Row {
  heads: Uint16Array;
  weights: Float64Array;
}

export interface Model {
  data: ModelData;
  kindIndex: Map<string, number>;
  rows: Map<string, Row>;
  /** The head of `out`; subjects follow it. */
  outHead: number;
  heads: number;
}

export function loadModel(data: ModelData): Model {
  const rows = new Map<string, Row>();
  for (const [name, row] of Object.entries(data.weights)) {
    const heads = new Uint16Array(row.length / 2);
    const weights = new Float64Array(row.length / 2);
    for (let i = 0; i < row.length; i += 2) [heads[i / 2], weights[i / 2]] = [row[i]!, row[i + 1]!];
    rows.set(name, { heads, weights });
  }
  return { data, kindIndex: new Map(data.kinds.map((k, i) => [k, i])), rows, outHead: data.kinds.length, heads: data.kinds.length + 1 + data.subjects.length };
}

export interface Scored {
  /** Probability of each pair, in the order given. */
  pairs: number[];
  out: number;
  /** The report's features that carry weights, with their values: what contributions reads. */
  weighted: { name: string; value: number; row: Row }[];
}

const subjectHead = (m: Model, s: Subject) => m.outHead + 1 + m.data.subjects.indexOf(s);

/** Softmax over the pairs and `out`. Kinds the model has never seen score only by their subject and pair features. */
export function score(m: Model, f: Features, pairs: readonly Pair[]): Scored {
  const heads = new Float64Array(m.heads);
  const weighted: Scored['weighted'] = [];
  for (const [name, value] of f.values) {
    const row = m.rows.get(name);
    if (!row) continue;
    weighted.push({ name, value, row });
    for (let i = 0; i < row.heads.length; i++) heads[row.heads[i]!]! += value * row.weights[i]!;
  }
  const raw = pairs.map((p) => {
    const k = m.kindIndex.get(p.kind);
    const pw = m.data.pairWeights[p.subject];
    const pf = pairFeatures(f, p);
    let s = (k === undefined ? 0 : heads[k]!) + heads[subjectHead(m, p.subject)]! + (m.data.bias[`${p.kind}|${p.subject}`] ?? 0);
    for (let j = 0; j < pf.length; j++) s += pw[j]! * pf[j]!;
    return s;
  });
  const out = heads[m.outHead]! + m.data.outBias;
  const max = Math.max(out, ...raw);
  const exps = raw.map((s) => Math.exp(s - max));
  const outExp = Math.exp(out - max);
  const sum = exps.reduce((a, b) => a + b, outExp);
  return { pairs: exps.map((e) => e / sum), out: outExp / sum, weighted };
}

/** Each feature's share of a pair's score, largest first: what the suggestion quotes. */
export function contributions(m: Model, scored: Scored, p: Pair): [string, number][] {
  const k = m.kindIndex.get(p.kind);
  const sh = subjectHead(m, p.subject);
  const out: [string, number][] = [];
  for (const { name, value, row } of scored.weighted) {
    let c = 0;
    for (let i = 0; i < row.heads.length; i++) if (row.heads[i] === k || row.heads[i] === sh) c += value * row.weights[i]!;
    if (c > 0) out.push([name, c]);
  }
  return out.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}
