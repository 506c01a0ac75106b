// The learned scorer: a log-linear model over (kind of conduct, subject) pairs and “not a skill-assessment
// report”. A pair scores its kind's weights and its subject's weights over the report's features (features.ts),
// a bias of its own, and how strongly the text places that subject near the kind's words. Because a pair is a
// kind of conduct and a person, not a rule id, a rule set that maps the kinds to its own clauses is scored
// with no retraining. The weights are fitted by train.ts (`npm run triage:train`) and stored in model.json.
import type { Subject } from '../rules';
import { SUBJECTS, type Features } from './features';
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
  /** The L2 penalty: the fit minimises the summed loss plus l2/2 times every parameter squared. */
  l2: number;
  /** An n-gram seen in fewer training reports than this is not a feature. */
  minCount: number;
  /** Stored weights smaller than this are dropped. */
  prune: number;
  /** The fit stops when an iteration lowers the objective by less than this fraction of it… */
  relativeDecrease: number;
  /** …or after this many iterations (then it has not reached the optimum, and the command says so). */
  maxIterations: number;
}

/** A kind of conduct committed by a subject. */
export interface Pair {
  kind: string;
  subject: Subject;
}

/** How strongly the text places the pair's subject near its kind's words: the model weighs each, per subject. */
export const PAIR_FEATURES = ['hint', 'hint-other', 'local', 'local-top', 'overall', 'overall-top'] as const;

/** Evidence per subject as numbers in SUBJECTS order, and the largest: read per pair, a record's keyed loads were slow. */
function evidenceRow(e: Record<Subject, number>): { values: Float64Array; top: number } {
  const values = new Float64Array(SUBJECTS.length);
  let top = -Infinity;
  for (let s = 0; s < SUBJECTS.length; s++) top = Math.max(top, (values[s] = e[SUBJECTS[s]!]));
  return { values, top };
}

/** Per list of pairs: each pair's subject as its index in SUBJECTS. */
const subjectIndexes = new WeakMap<readonly Pair[], Int8Array>();

/** The pair features of every pair, PAIR_FEATURES.length values per pair in one flat array. */
export function pairFeatures(f: Features, pairs: readonly Pair[]): Float64Array {
  const n = PAIR_FEATURES.length;
  const out = new Float64Array(pairs.length * n);
  let subjectOf = subjectIndexes.get(pairs);
  if (!subjectOf) subjectIndexes.set(pairs, (subjectOf = Int8Array.from(pairs, (p) => SUBJECTS.indexOf(p.subject))));
  const overall = evidenceRow(f.overall);
  const hint = f.hint ? SUBJECTS.indexOf(f.hint) : -1;
  const local = new Map<string, ReturnType<typeof evidenceRow>>();
  for (const [kind, e] of f.local) local.set(kind, evidenceRow(e));
  for (let i = 0; i < pairs.length; i++) {
    const s = subjectOf[i]!;
    const e = local.get(pairs[i]!.kind) ?? overall;
    const at = i * n;
    out[at] = hint === s ? 1 : 0;
    out[at + 1] = hint >= 0 && hint !== s ? 1 : 0;
    out[at + 2] = e.values[s]!;
    out[at + 3] = e.top > 0 && e.values[s] === e.top ? 1 : 0;
    out[at + 4] = overall.values[s]!;
    out[at + 5] = overall.top > 0 && overall.values[s] === overall.top ? 1 : 0;
  }
  return out;
}

/**
 * Every feature's weights in one block, row by row (a row's heads ascending): scoring reads a few hundred rows of
 * ~35 weights each, and one block keeps them out of separate objects the processor must fetch one by one.
 */
interface Rows {
  names: string[];
  /**
   * Per row, `stride` numbers side by side (one read, where a table per field cost one each): its first entry, the
   * entry after its last, which heads it weighs as masks of 32 heads each, and per mask how many of the row's entries
   * come before that mask's heads: the entry of one head is then found without a search (weightOf).
   */
  info: Int32Array;
  stride: number;
  /** Masks per row. */
  words: number;
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
  const heads = data.kinds.length + 1 + data.subjects.length;
  const words = Math.ceil(heads / 32);
  const stride = 2 + 2 * words;
  const entries = names.reduce((n, name) => n + data.weights[name]!.length / 2, 0);
  const rows: Rows = { names, info: new Int32Array(names.length * stride), stride, words, heads: new Uint16Array(entries), weights: new Float64Array(entries) };
  const gramRows = new GramTable(names.length);
  const namedRows = new Map<string, number>();
  let e = 0;
  names.forEach((name, r) => {
    const row = data.weights[name]!;
    const at = r * stride;
    rows.info[at] = e;
    for (let i = 0; i < row.length; i += 2, e++) {
      const head = row[i]!;
      if (i > 0 && head <= row[i - 2]!) throw new Error(`model.json: the heads of ${name} do not ascend`);
      rows.heads[e] = head;
      rows.weights[e] = row[i + 1]!;
      rows.info[at + 2 + (head >> 5)]! |= 1 << (head & 31);
    }
    rows.info[at + 1] = e;
    for (let w = 1; w < words; w++) rows.info[at + 2 + words + w] = rows.info[at + 1 + words + w]! + bitCount(rows.info[at + 1 + w]!);
    if (name.startsWith('g:')) gramRows.or(gramCode(name, 2, name.length), r + 1);
    else namedRows.set(name, r);
  });
  const kindIndex = new Map(data.kinds.map((k, i) => [k, i]));
  return { data, kindIndex, rows, gramRows, namedRows, outHead: data.kinds.length, heads, resolved: new WeakMap() };
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
  const { info, stride, heads: hs, weights: ws } = m.rows;
  // n-grams are worth 1: their weights are added as they are (the same sums as 1 × weight). The rows are looked up
  // first, all of them, then read: lookups that do not wait on one another's reads from memory overlap.
  const codes = f.grams.codes;
  for (let k = 0; k < codes.length; k++) {
    const row = m.gramRows.get(codes[k]!) - 1;
    if (row < 0) continue;
    weighted.rows.push(row);
    weighted.values.push(1);
  }
  const gramRows = weighted.rows.length;
  for (let k = 0; k < gramRows; k++) {
    const row = weighted.rows[k]!;
    for (let i = info[row * stride]!, end = info[row * stride + 1]!; i < end; i++) heads[hs[i]!]! += ws[i]!;
  }
  for (const [name, value] of f.values) {
    const row = m.namedRows.get(name);
    if (row === undefined) continue;
    weighted.rows.push(row);
    weighted.values.push(value);
    for (let i = info[row * stride]!, end = info[row * stride + 1]!; i < end; i++) heads[hs[i]!]! += value * ws[i]!;
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

/** The number of bits set in a 32-bit word. */
function bitCount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

/** The weight of `head` in `row`; 0 when the row has none. */
function weightOf(rows: Rows, row: number, head: number): number {
  const at = row * rows.stride;
  const word = head >> 5;
  const mask = rows.info[at + 2 + word]!;
  const bit = head & 31;
  if (((mask >>> bit) & 1) === 0) return 0;
  return rows.weights[rows.info[at]! + rows.info[at + 2 + rows.words + word]! + bitCount(mask & ((1 << bit) - 1))]!;
}

/**
 * For each pair, the `top` features with the largest share of its score, largest first: what its suggestion
 * quotes. The kind's own weights say what the conduct is; with `withSubject`, the words saying who did it count
 * too. All pairs in one pass over the report's weighted rows: a row's weights for the heads asked about are looked
 * up once (weightOf), not found by a walk along the row.
 */
export function contributions(m: Model, scored: Scored, pairs: readonly Pair[], top: number, withSubject: boolean): [string, number][][] {
  // The heads asked about, each with a slot from 1: per pair, the slots of its kind and subject (slot 0, always 0:
  // no such head).
  const slotOf = new Map<number, number>();
  const slot = (head: number) => (head < 0 ? 0 : (slotOf.get(head) ?? slotOf.set(head, slotOf.size + 1).get(head)!));
  const kindSlot = pairs.map((p) => slot(m.kindIndex.get(p.kind) ?? -1));
  const subjectSlot = pairs.map((p) => (withSubject ? slot(subjectHead(m, p.subject)) : 0));
  const askedHeads = [...slotOf.keys()];
  const askedSlots = [...slotOf.values()];
  const weightIn = new Float64Array(slotOf.size + 1);

  // Per pair, its best rows so far and what each contributed, sorted: largest first, ties in name order (which
  // keeps the answer independent of feature order).
  const bestRow = new Int32Array(pairs.length * top);
  const bestC = new Float64Array(pairs.length * top);
  const count = new Int32Array(pairs.length);
  const { rows, values } = scored.weighted;
  const names = m.rows.names;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    // A report's rows are its common words, each weighing ~30 heads: the few heads asked about are looked up.
    let any = false;
    for (let h = 0; h < askedHeads.length; h++) {
      const w = weightOf(m.rows, row, askedHeads[h]!);
      weightIn[askedSlots[h]!] = w;
      if (w !== 0) any = true;
    }
    // A row weighing none of the heads asked about adds nothing to any pair.
    if (!any) continue;
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
