// The learned scorer: a log-linear model over (kind of conduct, subject) pairs and “not a skill-assessment
// report”. A pair scores its kind's weights and its subject's weights over the report's features (features.ts),
// a bias of its own, and how strongly the text places that subject near the kind's words. Because a pair is a
// kind of conduct and a person, not a rule id, a rule set that maps the kinds to its own clauses is scored
// with no retraining. The weights are fitted by train.ts (`npm run triage:train`) and stored in model.json.
import type { Subject } from '../rules';
import type { Features } from './features';
import { gramCode, GramTable } from '../gram-table';

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
  /** Fits averaged, from seeds seed, seed + 1, …: one fit's answers depend on the order examples are visited in. */
  seeds: number;
}

/** A kind of conduct committed by a subject. */
export interface Pair {
  kind: string;
  subject: Subject;
}

/** How strongly the text places the pair's subject near its kind's words: the model weighs each, per subject. */
export const PAIR_FEATURES = ['hint', 'hint-other', 'local', 'local-top', 'overall', 'overall-top'] as const;

/** The pair features of every pair, PAIR_FEATURES.length values per pair in one flat array. */
export function pairFeatures(f: Features, pairs: readonly Pair[]): Float64Array {
  const n = PAIR_FEATURES.length;
  const out = new Float64Array(pairs.length * n);
  const topOf = (e: Record<Subject, number>) => Math.max(e.institution, e.examiner, e.supervisor, e.expert, e.staff, e.candidate);
  const overallTop = topOf(f.overall);
  const localTops = new Map<string, number>();
  for (let i = 0; i < pairs.length; i++) {
    const { kind, subject } = pairs[i]!;
    const local = f.local.get(kind);
    let localTop = overallTop;
    if (local) {
      const known = localTops.get(kind);
      localTop = known ?? topOf(local);
      if (known === undefined) localTops.set(kind, localTop);
    }
    const e = local ?? f.overall;
    const at = i * n;
    out[at] = f.hint === subject ? 1 : 0;
    out[at + 1] = f.hint && f.hint !== subject ? 1 : 0;
    out[at + 2] = e[subject];
    out[at + 3] = localTop > 0 && e[subject] === localTop ? 1 : 0;
    out[at + 4] = f.overall[subject];
    out[at + 5] = overallTop > 0 && f.overall[subject] === overallTop ? 1 : 0;
  }
  return out;
}

/**
 * Every feature's weights in one block, row by row (a row's heads ascending): scoring reads a few hundred rows of
 * ~35 weights each, and one block keeps them out of separate objects the processor must fetch one by one.
 */
interface Rows {
  names: string[];
  /** Row r is entries start[r] … start[r + 1] − 1. */
  start: Int32Array;
  heads: Uint16Array;
  weights: Float64Array;
}

export interface Model {
  data: ModelData;
  kindIndex: Map<string, number>;
  rows: Rows;
  /** The n-gram features' rows by gramCode (row + 1), the others' by name. */
  gramRows: GramTable;
  namedRows: Map<string, number>;
  /** The head of `out`; subjects follow it. */
  outHead: number;
  heads: number;
  /** Per list of pairs: each pair's kind head, subject head and bias. */
  resolved: WeakMap<readonly Pair[], { kind: number[]; subject: number[]; bias: number[]; pairWeights: number[][] }>;
}

export function loadModel(data: ModelData): Model {
  const names = Object.keys(data.weights);
  const start = new Int32Array(names.length + 1);
  names.forEach((name, r) => (start[r + 1] = start[r]! + data.weights[name]!.length / 2));
  const rows: Rows = { names, start, heads: new Uint16Array(start[names.length]!), weights: new Float64Array(start[names.length]!) };
  const gramRows = new GramTable(names.length);
  const namedRows = new Map<string, number>();
  names.forEach((name, r) => {
    const row = data.weights[name]!;
    for (let i = 0; i < row.length; i += 2) [rows.heads[start[r]! + i / 2], rows.weights[start[r]! + i / 2]] = [row[i]!, row[i + 1]!];
    if (name.startsWith('g:')) gramRows.or(gramCode(name, 2, name.length), r + 1);
    else namedRows.set(name, r);
  });
  const kindIndex = new Map(data.kinds.map((k, i) => [k, i]));
  return { data, kindIndex, rows, gramRows, namedRows, outHead: data.kinds.length, heads: data.kinds.length + 1 + data.subjects.length, resolved: new WeakMap() };
}

export interface Scored {
  /** Probability of each pair, in the order given. */
  pairs: number[];
  out: number;
  /** The report's features that carry weights, their rows and values, index by index: what contributions reads. */
  weighted: { rows: number[]; values: number[] };
}

const subjectHead = (m: Model, s: Subject) => m.outHead + 1 + m.data.subjects.indexOf(s);

function resolve(m: Model, pairs: readonly Pair[]) {
  let r = m.resolved.get(pairs);
  if (!r) {
    r = {
      // A kind the model has never seen has no head: it scores by its subject and pair features alone.
      kind: pairs.map((p) => m.kindIndex.get(p.kind) ?? -1),
      subject: pairs.map((p) => subjectHead(m, p.subject)),
      bias: pairs.map((p) => m.data.bias[`${p.kind}|${p.subject}`] ?? 0),
      pairWeights: pairs.map((p) => m.data.pairWeights[p.subject]),
    };
    m.resolved.set(pairs, r);
  }
  return r;
}

/** Softmax over the pairs and `out`. */
export function score(m: Model, f: Features, pairs: readonly Pair[]): Scored {
  const heads = new Float64Array(m.heads);
  const weighted: Scored['weighted'] = { rows: [], values: [] };
  const { start, heads: hs, weights: ws } = m.rows;
  // n-grams are worth 1: their weights are added as they are (the same sums as 1 × weight).
  const codes = f.grams.codes;
  for (let k = 0; k < codes.length; k++) {
    const row = m.gramRows.get(codes[k]!) - 1;
    if (row < 0) continue;
    weighted.rows.push(row);
    weighted.values.push(1);
    for (let i = start[row]!, end = start[row + 1]!; i < end; i++) heads[hs[i]!]! += ws[i]!;
  }
  for (const [name, value] of f.values) {
    const row = m.namedRows.get(name);
    if (row === undefined) continue;
    weighted.rows.push(row);
    weighted.values.push(value);
    for (let i = start[row]!, end = start[row + 1]!; i < end; i++) heads[hs[i]!]! += value * ws[i]!;
  }
  const r = resolve(m, pairs);
  const pfs = pairFeatures(f, pairs);
  const raw = new Float64Array(pairs.length);
  const out = heads[m.outHead]! + m.data.outBias;
  let max = out;
  const n = PAIR_FEATURES.length;
  for (let i = 0; i < pairs.length; i++) {
    const pw = r.pairWeights[i]!;
    let s = (r.kind[i]! < 0 ? 0 : heads[r.kind[i]!]!) + heads[r.subject[i]!]! + r.bias[i]!;
    for (let j = 0; j < n; j++) s += pw[j]! * pfs[i * n + j]!;
    raw[i] = s;
    if (s > max) max = s;
  }
  const outExp = Math.exp(out - max);
  let sum = outExp;
  for (let i = 0; i < raw.length; i++) sum += raw[i] = Math.exp(raw[i]! - max);
  // A plain loop: Array.from with a mapping function over a typed array was a tenth of scoring's time.
  const probabilities: number[] = new Array(raw.length);
  for (let i = 0; i < raw.length; i++) probabilities[i] = raw[i]! / sum;
  return { pairs: probabilities, out: outExp / sum, weighted };
}

/**
 * For each pair, the `top` features with the largest share of its score, largest first: what its suggestion
 * quotes. The kind's own weights say what the conduct is; with `withSubject`, the words saying who did it count
 * too. All pairs in one pass over the report's weighted rows: a row's weights for the heads asked about are read
 * once, in one walk along the row.
 */
export function contributions(m: Model, scored: Scored, pairs: readonly Pair[], top: number, withSubject: boolean): [string, number][][] {
  // The heads asked about, each with a slot from 1: per pair, the slots of its kind and subject (slot 0, always 0:
  // no such head).
  const slotOf = new Map<number, number>();
  const slot = (head: number) => (head < 0 ? 0 : (slotOf.get(head) ?? slotOf.set(head, slotOf.size + 1).get(head)!));
  const kindSlot = pairs.map((p) => slot(m.kindIndex.get(p.kind) ?? -1));
  const subjectSlot = pairs.map((p) => (withSubject ? slot(subjectHead(m, p.subject)) : 0));
  const headSlot = new Int16Array(m.heads);
  for (const [head, s] of slotOf) headSlot[head] = s;
  const lastHead = Math.max(-1, ...slotOf.keys());
  const weightIn = new Float64Array(slotOf.size + 1);

  // Per pair, its best rows so far and what each contributed, sorted: largest first, ties in name order (which
  // keeps the answer independent of feature order).
  const bestRow = new Int32Array(pairs.length * top);
  const bestC = new Float64Array(pairs.length * top);
  const count = new Int32Array(pairs.length);
  const { rows, values } = scored.weighted;
  const { start, heads, weights, names } = m.rows;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    weightIn.fill(0);
    for (let e = start[row]!, end = start[row + 1]!; e < end && heads[e]! <= lastHead; e++) {
      const s = headSlot[heads[e]!]!;
      if (s > 0) weightIn[s] = weights[e]!;
    }
    for (let p = 0; p < pairs.length; p++) {
      const c = values[i]! * (weightIn[kindSlot[p]!]! + weightIn[subjectSlot[p]!]!);
      const from = p * top;
      const n = count[p]!;
      if (c <= 0 || (n === top && c <= bestC[from + top - 1]!)) continue;
      // Insertion into the short sorted list, from its end.
      let at = Math.min(n, top - 1);
      while (at > 0 && (c > bestC[from + at - 1]! || (c === bestC[from + at - 1]! && names[row]! < names[bestRow[from + at - 1]!]!))) {
        bestC[from + at] = bestC[from + at - 1]!;
        bestRow[from + at] = bestRow[from + at - 1]!;
        at--;
      }
      bestC[from + at] = c;
      bestRow[from + at] = row;
      if (n < top) count[p] = n + 1;
    }
  }
  return pairs.map((_, p) => Array.from({ length: count[p]! }, (_, k): [string, number] => [names[bestRow[p * top + k]!]!, bestC[p * top + k]!]));
}
