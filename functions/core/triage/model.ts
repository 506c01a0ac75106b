// The learned scorer: a log-linear model over (kind of conduct, subject) pairs and “not a skill-assessment
// report”. A pair scores its kind's weights and its subject's weights over the report's features (features.ts),
// a bias of its own, and how strongly the text places that subject near the kind's words. Because a pair is a
// kind of conduct and a person, not a rule id, a rule set that maps the kinds to its own clauses is scored
// with no retraining. The weights are fitted by train.ts (`npm run triage:train`) and stored in model.json.
import type { Subject } from '../rules';
import { gramCode, type Features } from './features';

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

/** One feature's weights, by head (heads in ascending order). */
interface Row {
  name: string;
  heads: Uint16Array;
  weights: Float64Array;
}

/** A row's weight for one head (0 where it has none). */
function weightAt(row: Row, head: number): number {
  let lo = 0;
  let hi = row.heads.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const h = row.heads[mid]!;
    if (h === head) return row.weights[mid]!;
    if (h < head) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
}

export interface Model {
  data: ModelData;
  kindIndex: Map<string, number>;
  /** The n-gram features' rows by gramCode, the others' by name. */
  gramRows: Map<number, Row>;
  rows: Map<string, Row>;
  /** The head of `out`; subjects follow it. */
  outHead: number;
  heads: number;
  /** Per list of pairs: each pair's kind head, subject head and bias. */
  resolved: WeakMap<readonly Pair[], { kind: number[]; subject: number[]; bias: number[]; pairWeights: number[][] }>;
}

export function loadModel(data: ModelData): Model {
  const gramRows = new Map<number, Row>();
  const rows = new Map<string, Row>();
  for (const [name, row] of Object.entries(data.weights)) {
    const heads = new Uint16Array(row.length / 2);
    const weights = new Float64Array(row.length / 2);
    for (let i = 0; i < row.length; i += 2) [heads[i / 2], weights[i / 2]] = [row[i]!, row[i + 1]!];
    if (name.startsWith('g:')) gramRows.set(gramCode(name, 2, name.length), { name, heads, weights });
    else rows.set(name, { name, heads, weights });
  }
  const kindIndex = new Map(data.kinds.map((k, i) => [k, i]));
  return { data, kindIndex, gramRows, rows, outHead: data.kinds.length, heads: data.kinds.length + 1 + data.subjects.length, resolved: new WeakMap() };
}

export interface Scored {
  /** Probability of each pair, in the order given. */
  pairs: number[];
  out: number;
  /** The report's features that carry weights, their values and rows, index by index: what contributions reads. */
  weighted: { names: string[]; values: number[]; rows: Row[] };
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
  const weighted: Scored['weighted'] = { names: [], values: [], rows: [] };
  const add = (row: Row | undefined, value: number) => {
    if (!row) return;
    weighted.names.push(row.name);
    weighted.values.push(value);
    weighted.rows.push(row);
    const { heads: hs, weights: ws } = row;
    for (let i = 0; i < hs.length; i++) heads[hs[i]!]! += value * ws[i]!;
  };
  for (const code of f.grams.keys()) add(m.gramRows.get(code), 1);
  for (const [name, value] of f.values) add(m.rows.get(name), value);
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
  const probabilities = Array.from(raw, (e) => e / sum);
  return { pairs: probabilities, out: outExp / sum, weighted };
}

/**
 * The `top` features with the largest share of a pair's score, largest first: what the suggestion quotes. The
 * kind's own weights say what the conduct is; with `withSubject`, the words saying who did it count too.
 */
export function contributions(m: Model, scored: Scored, p: Pair, top: number, withSubject: boolean): [string, number][] {
  const k = m.kindIndex.get(p.kind);
  const sh = withSubject ? subjectHead(m, p.subject) : -1;
  const best: [string, number][] = [];
  const { names, values, rows } = scored.weighted;
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    const c = values[i]! * (weightAt(rows[i]!, k ?? -1) + weightAt(rows[i]!, sh));
    if (c <= 0 || (best.length === top && c <= best[top - 1]![1])) continue;
    // Insertion into the short sorted list; ties in name order keep the answer independent of feature order.
    let at = best.findIndex(([n, v]) => c > v || (c === v && name < n));
    if (at < 0) at = best.length;
    best.splice(at, 0, [name, c]);
    if (best.length > top) best.pop();
  }
  return best;
}
