// The explainable triage engine: a reporter's words → the clauses they point at (with the words that made each
// fire), the rule set in force, the authority to route to, and other bodies to inform. Pure and deterministic.
import { shanghaiDate } from '../schemas/common';
import { authorityName, DISTRICT_IDS, DISTRICT_NAMES, SUBJECT_TYPES, type AuthorityId, type District, type ReferralTarget, type SubjectType } from '../ids';
import { findInstitutionsInText, matchInstitutionName, occupationFiled, REGISTRY_STATUS_NAMES, type Registry, type RegistryMatch, type RegistryStatus } from '../registry';
import { judgedOn, RULES, ruleById, type ConsequenceTier, type RuleSetId } from '../rules';
import { normalize, originalSpan, type NormalizedText } from '../text';
import { districtInText } from './districts';
import { COMMON_OCCUPATIONS } from './occupations';
import { ASSESSMENT_CONTEXT, ASSESSMENT_CORE, ASSESSMENT_DOMAIN, ASSESSMENT_STRONG, DISCLAIMER, NOT_ASSESSMENT, NOT_ASSESSMENT_UNLESS, OUT_OF_DOMAIN, OUT_OF_DOMAIN_WEAK, QUESTION, QUESTION_END, RHETORICAL, SUGGESTION, WRONGDOING } from './scope';
import { EXEMPLARS } from './exemplars';
import { CONCEPTS, SUBJECT_CUES, type Concept, type Subject } from './signals';

export const ENGINE_VERSION = 'triage-2025.1';

/** SH2025 in force from this date (沪人社职〔2025〕176号, 第三十六条). */
const SH2025_FROM = '2025-07-03';

export interface TriageInput {
  id?: string;
  description: string;
  subjectType?: SubjectType | string;
  district?: District | string;
  institutionName?: string;
  /** The occupation (职业/工种) the report is about, where the form asked for it. */
  occupation?: string;
  incidentDate?: string;
}

export interface TriageOptions {
  /** ISO date (or timestamp) the report was received; defaults to today in Shanghai. */
  receivedDate?: string;
}

export interface Suggestion {
  ruleId: string;
  score: number;
  subjectType: Exclude<SubjectType, 'unknown'>;
  consequence?: { tier: ConsequenceTier; summary: string };
  matched: string[];
}

export type RegistryFlagCode = 'suspended' | 'terminated' | 'occupation-not-filed';

export interface RegistryFlag {
  code: RegistryFlagCode;
  message: string;
}

export interface TriageResult {
  id?: string;
  inScope: boolean;
  ruleSet: RuleSetId;
  suggestions: Suggestion[];
  route: { authority: AuthorityId; reason: string };
  referrals: { to: ReferralTarget; reason: string }[];
  registry?: {
    name: string;
    authority: AuthorityId;
    status: RegistryStatus;
    matchedBy: RegistryMatch['via'];
    flags: RegistryFlag[];
  };
}

// ───────────── compiled signals ─────────────

const SENTENCE_GAP = '[^。!?;\\n]';
function compile(pattern: string): RegExp {
  return new RegExp(pattern.replace(/≈/g, `${SENTENCE_GAP}{0,20}?`).replace(/~/g, `${SENTENCE_GAP}{0,8}?`), 'g');
}

interface CompiledPattern {
  /** Ordered pattern, or (for `a&b&c`) parts that must all occur in one sentence, in any order. */
  parts: RegExp[];
  w: number;
}

interface CompiledConcept {
  concept: Concept;
  pats: CompiledPattern[];
}

function compilePattern(p: string, w: number): CompiledPattern {
  return { parts: p.split('&').map(compile), w };
}

const COMPILED: CompiledConcept[] = CONCEPTS.map((concept) => ({
  concept,
  pats: concept.pats.map((p) => (typeof p === 'string' ? compilePattern(p, concept.w ?? 1.5) : compilePattern(p[0], p[1]))),
}));
const CUES = SUBJECT_CUES.map(([s, p, w, global]) => ({ s, re: compile(p), w, global: global === true }));

// A negation right before a match (“并没有说包过”) weakens it.
const NEGATED_BEFORE = /(没有|没|未|不是|并非|并不|从不|从没|不会|别|无|不让|不许|不准)(说|宣传|承诺|讲|提|写|说过|听说)?$/;

interface Hit {
  w: number;
  spans: [number, number][];
}

/** Sentences of the normalised text as [start, end) ranges. */
function sentences(text: string): [number, number][] {
  const out: [number, number][] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if ('。!?;\n'.includes(text[i]!)) {
      if (i > start) out.push([start, i]);
      start = i + 1;
    }
  }
  if (start < text.length) out.push([start, text.length]);
  return out;
}

function negatedAt(n: NormalizedText, from: number, matched: string): boolean {
  return !/^(不|没|未|无)/.test(matched) && NEGATED_BEFORE.test(n.text.slice(Math.max(0, from - 5), from));
}

const DURING_EXAM = /(考试的时候|考试时|考试中|考试过程中|考的时候|考场上|考场里|开考后|答题时|答题的时候|正在考)/;
const BEFORE_EXAM = /(考前|考试前|提前|事先|前一天|前一晚|前几天|开考前|预先)/;

/** For 泄题-type concepts: the sentence around a hit places it during the exam, not before. */
function duringExam(text: string, sents: [number, number][], at: number): boolean {
  const s = sents.find(([a, b]) => at >= a && at < b);
  if (!s) return false;
  // The last time word before the hit decides (“考前通知大家，考的时候会把答案发群里” is during).
  const lastAt = (re: RegExp) => {
    let last = -1;
    for (const m of text.slice(s[0], at).matchAll(new RegExp(re.source, 'g'))) last = m.index;
    return last;
  };
  const during = lastAt(DURING_EXAM);
  const before = lastAt(BEFORE_EXAM);
  if (during < 0 && before < 0) {
    const sentence = text.slice(s[0], s[1]);
    return DURING_EXAM.test(sentence) && !BEFORE_EXAM.test(sentence);
  }
  return during > before;
}

function findHits(n: NormalizedText, cc: CompiledConcept, sents: [number, number][]): Hit[] {
  const hits: Hit[] = [];
  for (const { parts, w } of cc.pats) {
    let best: Hit | null = null;
    if (parts.length === 1) {
      const re = parts[0]!;
      re.lastIndex = 0;
      for (const m of n.text.matchAll(re)) {
        if (!m[0]) continue;
        const from = m.index;
        const weight = !cc.concept.negOk && negatedAt(n, from, m[0]) ? w * 0.15 : w;
        if (!best || weight > best.w) best = { w: weight, spans: [[from, from + m[0].length]] };
      }
    } else {
      for (const [a, b] of sents) {
        const sentence = n.text.slice(a, b);
        const spans: [number, number][] = [];
        for (const re of parts) {
          // The first occurrence that does not reuse words another part already took.
          re.lastIndex = 0;
          let found: [number, number] | null = null;
          for (const m of sentence.matchAll(re)) {
            if (!m[0]) continue;
            const sp: [number, number] = [a + m.index, a + m.index + m[0].length];
            if (!spans.some((o) => sp[0] < o[1] && o[0] < sp[1])) {
              found = sp;
              break;
            }
          }
          if (!found) break;
          spans.push(found);
        }
        if (spans.length !== parts.length) continue;
        // Quote the words together when they sit close, so staff see the phrase rather than single characters.
        const lo = Math.min(...spans.map((sp) => sp[0]));
        const hi = Math.max(...spans.map((sp) => sp[1]));
        if (hi - lo <= 24) spans.splice(0, spans.length, [lo, hi]);
        const weight = !cc.concept.negOk && negatedAt(n, spans[0]![0], n.text.slice(spans[0]![0], spans[0]![1])) ? w * 0.5 : w;
        if (!best || weight > best.w) best = { w: weight, spans };
      }
    }
    if (best && cc.concept.beforeExam && duringExam(n.text, sents, best.spans[0]![0])) best.w *= 0.5;
    if (best) hits.push(best);
  }
  return hits;
}

/** Several different patterns of one concept add up, each less than the one before. */
function strengthOf(hits: Hit[]): number {
  const ws = hits.map((h) => h.w).sort((a, b) => b - a);
  return ws.reduce((sum, w, i) => sum + w * Math.pow(0.45, i), 0);
}

// ───────────── who did it ─────────────

type Evidence = Record<Subject, number>;

interface Cue {
  s: Subject;
  /** Says who was behind the whole report (“是机构安排的”), so it counts wherever it stands. */
  global: boolean;
  from: number;
  to: number;
  w: number;
}

/** Every subject cue in the text, longest cues first taking their words. */
function findCues(n: NormalizedText): Cue[] {
  const cues: Cue[] = [];
  const taken: boolean[] = new Array(n.text.length).fill(false);
  for (const { s, re, w, global } of CUES) {
    re.lastIndex = 0;
    for (const m of n.text.matchAll(re)) {
      const from = m.index;
      const to = from + m[0].length;
      if (!m[0] || taken.slice(from, to).some(Boolean)) continue;
      for (let k = from; k < to; k++) taken[k] = true;
      // A person named as the one something was done to (“给考生”) is less likely the one who did it.
      const before = n.text.slice(Math.max(0, from - 10), from);
      // The reporter introducing themself (“我是机构的内勤”) is not the one reported.
      const self = /(我是|本人是|我作为|作为)[^,。!?;]{0,6}$/.test(before);
      // Someone something was done to, or a place one went to (“给前排的几个学员”, “去机构问”), is less likely the doer.
      const object = /(给|对|让|帮|替|向|和|跟|与|把|(?<![看听遇收得想做感受见碰等])(去|到)|找|问)了?[^,。!?;给对让帮替向和跟与把]{0,6}$/.test(before);
      // The one who reprimanded someone (“机构领导找她谈过话”) is not the one reported.
      const after = n.text.slice(to, to + 12);
      const reprimand = /^[^,。!?;]{0,4}(找|对|给|把)(他|她|其|这人)[^,。!?;]{0,3}(谈|批评|通报|警告|处分|约谈)/.test(after);
      cues.push({ s, from, to, global, w: self ? w * 0.2 : object || reprimand ? w * 0.4 : w });
    }
  }
  return cues.sort((a, b) => a.from - b.from);
}

const ACTING_ALONE = /((机构|校长|老板|领导|公司|学校)[^,。!?;]{0,6}(根本|都|完全|并)?不知道|(是)?(他|她)(自己|个人)[^,。!?;]{0,4}(偷偷|私下|私自)?(搞|干|弄|做|操作)的|个人行为)/;
const CLAUSE_END = /[。!?;,、\n]/;
const SENTENCE_END = /[。!?;\n]/;
const TOPIC_SHARE = 0.8;

/** The sentence [start, end) around a position. */
function sentenceAround(text: string, at: number): [number, number] {
  let a = at;
  while (a > 0 && !SENTENCE_END.test(text[a - 1]!)) a--;
  let b = at;
  while (b < text.length && !SENTENCE_END.test(text[b]!)) b++;
  return [a, b];
}

/** The clause [start, end) around a position. */
function clauseAround(text: string, at: number): [number, number] {
  let a = at;
  while (a > 0 && !CLAUSE_END.test(text[a - 1]!)) a--;
  let b = at;
  while (b < text.length && !CLAUSE_END.test(text[b]!)) b++;
  return [a, b];
}

/**
 * Who the report says did it, for one concept: cues in the clause of the words that fired count fully,
 * cues elsewhere in the report about a third (a long report can name several people), and the reporter's choice adds.
 */
function subjectEvidence(n: NormalizedText, cues: Cue[], hint: SubjectType | undefined, spans: [number, number][]): Evidence {
  const e: Evidence = { institution: 0, examiner: 0, supervisor: 0, expert: 0, staff: 0, candidate: 0 };
  const clauses = spans.map(([from]) => clauseAround(n.text, from));
  // The person a sentence opens with is the one its later clauses are about (“我们班有个人…，弄了个假证书报了名”).
  const topics = new Set<Cue>();
  for (const [from] of spans) {
    const [a] = sentenceAround(n.text, from);
    const before = cues.filter((c) => c.from >= a && c.to <= from);
    const nearest = before[before.length - 1];
    if (nearest) topics.add(nearest);
  }
  const counted: Record<Subject, number> = { institution: 0, examiner: 0, supervisor: 0, expert: 0, staff: 0, candidate: 0 };
  for (const c of cues) {
    const local = c.global || clauses.some(([a, b]) => c.from >= a && c.to <= b);
    if (!local && counted[c.s] >= 2) continue;
    counted[c.s]++;
    e[c.s] += local ? c.w : c.w * (topics.has(c) ? TOPIC_SHARE : 0.35);
  }
  if (hint && hint !== 'unknown') e[hint as Subject] += 1.6;
  // “校长根本不知道，是他自己偷偷搞的”: one person acting alone, not the body.
  if (ACTING_ALONE.test(n.text)) e.institution *= 0.3;
  for (const s of Object.keys(e) as Subject[]) e[s] = Math.min(e[s], 2.6);
  return e;
}

function subjectFactor(concept: Concept, s: Subject, e: Evidence): number {
  const subjects = Object.keys(concept.rules) as Subject[];
  const maxE = Math.max(...Object.values(e));
  if (maxE <= 0) return s === subjects[0] ? 1 : 0.85;
  const bestInConcept = Math.max(...subjects.map((x) => e[x]));
  const overall = 0.72 + 0.28 * (bestInConcept / maxE);
  if (bestInConcept <= 0) return overall * (s === subjects[0] ? 1 : 0.85);
  return overall * (0.55 + 0.45 * (e[s] / bestInConcept));
}

// ───────────── similar reports ─────────────
// Patterns miss paraphrases; reports worded like labelled ones usually share their clause. Character
// bigrams (TF-IDF, cosine) over the exemplars; the nearest few vote for their clause.

const FILLER = /[^\p{L}\p{N}]|[的了是在我他她们有个一也就都说还这那不吗呢吧啊]/gu;

function bigrams(text: string): Map<string, number> {
  const s = normalize(text).text.replace(FILLER, ' ');
  const m = new Map<string, number>();
  for (let i = 0; i + 1 < s.length; i++) {
    if (s[i] === ' ' || s[i + 1] === ' ') continue;
    const g = s.slice(i, i + 2);
    m.set(g, (m.get(g) ?? 0) + 1);
  }
  return m;
}

interface Neighbourhood {
  idf: Map<string, number>;
  n: number;
  vecs: { label: string; text: string; v: Map<string, number> }[];
}

let neighbourhood: Neighbourhood | null = null;

function unitVector(counts: Map<string, number>, idf: (g: string) => number): Map<string, number> {
  const v = new Map<string, number>();
  let norm = 0;
  for (const [g, c] of counts) {
    const w = (1 + Math.log(c)) * idf(g);
    if (w <= 0) continue;
    v.set(g, w);
    norm += w * w;
  }
  norm = Math.sqrt(norm) || 1;
  for (const [g, w] of v) v.set(g, w / norm);
  return v;
}

function buildNeighbourhood(): Neighbourhood {
  const grams = EXEMPLARS.map(([text]) => bigrams(text));
  const df = new Map<string, number>();
  for (const m of grams) for (const g of m.keys()) df.set(g, (df.get(g) ?? 0) + 1);
  const n = EXEMPLARS.length;
  const idf = new Map<string, number>();
  for (const [g, d] of df) idf.set(g, Math.log((n + 1) / (d + 1)));
  const f = (g: string) => idf.get(g) ?? Math.log(n + 1);
  return { idf, n, vecs: grams.map((m, i) => ({ label: EXEMPLARS[i]![1], text: normalize(EXEMPLARS[i]![0]).text, v: unitVector(m, f) })) };
}

const NEIGHBOURS = 7;
/** A vote of similarity s adds KNN_WEIGHT·s; a strong pattern is worth about 2.4. */
const KNN_WEIGHT = 5;
/** Below this cosine the nearest report is no evidence that the report is in scope. */
const MIN_SIMILARITY = 0.15;

/** Clause → vote of the most similar exemplars ('' = out of scope), and the best similarity seen. */
interface Similar {
  votes: Map<string, number>;
  top: number;
  /** Per clause, the normalised text of its most similar exemplar. */
  nearest: Map<string, string>;
}

function similarReports(description: string): Similar {
  neighbourhood ??= buildNeighbourhood();
  const { idf, n, vecs } = neighbourhood;
  const q = unitVector(bigrams(description), (g) => idf.get(g) ?? Math.log(n + 1));
  const sims = vecs
    .map(({ label, text, v }) => {
      let s = 0;
      for (const [g, w] of q) s += w * (v.get(g) ?? 0);
      return { label, text, s };
    })
    // A report identical to an exemplar learns nothing from it; skipping it also makes scoring the exemplars
    // themselves a leave-one-out measure.
    .filter(({ s }) => s < 0.999)
    .sort((a, b) => b.s - a.s)
    .slice(0, NEIGHBOURS);
  const votes = new Map<string, number>();
  const nearest = new Map<string, string>();
  for (const { label, text, s } of sims) {
    votes.set(label, (votes.get(label) ?? 0) + s);
    if (!nearest.has(label)) nearest.set(label, text);
  }
  return { votes, top: sims[0]?.s ?? 0, nearest };
}

/** Spans of the report (normalised) it shares with an exemplar, longest first: what staff are shown. */
function sharedSpans(text: string, other: string): [number, number][] {
  const found: [number, number][] = [];
  let i = 0;
  while (i < text.length - 1) {
    let len = 0;
    while (i + len < text.length && other.includes(text.slice(i, i + len + 1))) len++;
    const piece = text.slice(i, i + len).replace(FILLER, '');
    if (len >= 2 && piece.length >= 2) found.push([i, i + len]);
    i += Math.max(1, len);
  }
  return found.sort((a, b) => b[1] - b[0] - (a[1] - a[0])).slice(0, 3);
}

// ───────────── the clauses' own words ─────────────
// A last resort when neither patterns nor similar reports say much: the report's bigrams against each clause's
// text (and, more faintly, its article's lead-in, which names the subject).

interface ClauseVec {
  id: string;
  subject: Subject;
  v: Map<string, number>;
}

let clauseVecs: ClauseVec[] | null = null;

function buildClauseVecs(): ClauseVec[] {
  neighbourhood ??= buildNeighbourhood();
  const { idf, n } = neighbourhood;
  const f = (g: string) => idf.get(g) ?? Math.log(n + 1);
  return RULES.map((r) => {
    const counts = bigrams(r.text);
    for (const [g, c] of bigrams(r.lead)) counts.set(g, (counts.get(g) ?? 0) + c * 0.3);
    return { id: r.id, subject: r.subjectType, v: unitVector(counts, f) };
  });
}

/** Cosine of the report with every clause of the table in force (institution clauses per period). */
function clauseSimilarity(description: string, oldPeriod: boolean): { id: string; subject: Subject; s: number }[] {
  clauseVecs ??= buildClauseVecs();
  neighbourhood ??= buildNeighbourhood();
  const { idf, n } = neighbourhood;
  const q = unitVector(bigrams(description), (g) => idf.get(g) ?? Math.log(n + 1));
  const out: { id: string; subject: Subject; s: number }[] = [];
  for (const c of clauseVecs) {
    const mh = c.id.startsWith('MH2024-');
    if (c.subject === 'institution' ? mh !== oldPeriod : mh) continue;
    let s = 0;
    for (const [g, w] of q) s += w * (c.v.get(g) ?? 0);
    if (s > 0) out.push({ id: c.id, subject: c.subject, s });
  }
  return out.sort((a, b) => b.s - a.s);
}

/** A clause's text counts for this much per unit of cosine: a weak hint beside patterns and similar reports. */
const CLAUSE_WEIGHT = 3;

// ───────────── rule sets ─────────────

const shId = (short: string) => `SH2025-${short}`;

function mhFor(concept: Concept | null, sh: string): string {
  if (concept?.mh) return `MH2024-${concept.mh}`;
  const cross = ruleById(sh)?.crosswalk.find((id) => id.startsWith('MH2024-'));
  if (cross) return cross;
  return sh.startsWith('SH2025-21-') ? 'MH2024-4' : 'MH2024-7';
}

function subjectOfRule(id: string): Exclude<SubjectType, 'unknown'> {
  const rule = ruleById(id);
  if (rule) return rule.subjectType;
  if (id.startsWith('MH2024-') || id === 'SH2025-24') return 'institution';
  const article = Number(id.split('-')[1]);
  if (article <= 9) return 'candidate';
  if (article <= 13) return 'examiner';
  if (article <= 16) return 'supervisor';
  if (article === 17) return 'expert';
  if (article <= 20) return 'staff';
  return 'institution';
}

// ───────────── registry checks ─────────────

function occupationsIn(text: string, registry: Registry, extra?: string): string[] {
  const names = new Set<string>(COMMON_OCCUPATIONS);
  for (const inst of registry.institutions) for (const o of inst.occupations) names.add(o);
  const found: string[] = [];
  for (const name of [...names].sort((a, b) => b.length - a.length)) {
    if (text.includes(name) && !found.some((f) => f.includes(name))) found.push(name);
  }
  if (extra && extra.trim() && !found.includes(extra.trim())) found.unshift(extra.trim());
  return found;
}

/**
 * Reporters shorten names further than the registry's aliases (“在仁和康养那边考的”): a distinctive core of four
 * or more characters counts anywhere, a shorter one only when followed by a word pointing at a place or body.
 */
function looseInstitutionInText(registry: Registry, text: string): RegistryMatch | null {
  const plain = text.replace(/[\p{P}\p{S}]/gu, '');
  for (const k of registry.keys) {
    if (k.kind !== 'core') continue;
    let at = plain.indexOf(k.key);
    while (at >= 0) {
      const after = plain.slice(at + k.key.length, at + k.key.length + 4);
      if (k.key.length >= 4 || /^(那边|那里|那家|这家|那个|这个|家的|家|的考|的人|的老师|的工作人员)/.test(after)) {
        return { institution: k.institution, via: 'description', key: k.key };
      }
      at = plain.indexOf(k.key, at + 1);
    }
  }
  return null;
}

/** The strongest reason for a clause, plus a share of the others. */
/** The conduct behind a clause's strongest own reason (similar reports only when it has none). */
function primaryConcept(list: Contribution[]): string | undefined {
  const own = list.filter((c) => !c.similar);
  return [...(own.length ? own : list)].sort((a, b) => b.value - a.value)[0]?.concept?.id;
}

function combined(list: Contribution[]): number {
  const values = list.map((c) => c.value).sort((a, b) => b - a);
  if (!values.length) return 0;
  return values[0]! + 0.3 * values.slice(1).reduce((a, b) => a + b, 0);
}

// ───────────── the engine ─────────────

interface Contribution {
  value: number;
  /** From similar labelled reports rather than the report's own words. */
  similar?: boolean;
  concept: Concept | null;
  spans: [number, number][];
  words: string[];
}

export function triage(input: TriageInput, registry: Registry, options: TriageOptions = {}): TriageResult {
  const description = typeof input.description === 'string' ? input.description : '';
  const n = normalize(description);
  const received = options.receivedDate ?? shanghaiDate();
  const judged = judgedOn(input.incidentDate, received);
  const oldPeriod = judged < SH2025_FROM;
  const hint = (SUBJECT_TYPES as readonly string[]).includes(input.subjectType ?? '') ? (input.subjectType as SubjectType) : undefined;

  // Registry: the name field first, then names inside the description.
  let match: RegistryMatch | null = input.institutionName ? matchInstitutionName(registry, input.institutionName) : null;
  if (!match) match = findInstitutionsInText(registry, n.text)[0] ?? null;
  if (!match) match = looseInstitutionInText(registry, n.text);

  const cues = findCues(n);
  const contributions = new Map<string, Contribution[]>();
  const add = (id: string, c: Contribution) => {
    const list = contributions.get(id) ?? [];
    list.push(c);
    contributions.set(id, list);
  };
  const fired = new Map<string, number>();
  const sents = sentences(n.text);

  for (const cc of COMPILED) {
    const hits = findHits(n, cc, sents);
    if (!hits.length) continue;
    const strength = strengthOf(hits);
    if (strength < 0.5) continue;
    fired.set(cc.concept.id, strength);
    const spans = hits.filter((h) => h.w >= 0.5).flatMap((h) => h.spans);
    const evidence = subjectEvidence(n, cues, hint, spans.length ? spans : hits.flatMap((h) => h.spans));
    for (const [s, short] of Object.entries(cc.concept.rules) as [Subject, string][]) {
      const value = strength * subjectFactor(cc.concept, s, evidence);
      let id = shId(short);
      if (oldPeriod && subjectOfRule(id) === 'institution') id = mhFor(cc.concept, id);
      add(id, { value, concept: cc.concept, spans, words: [] });
    }
  }

  // A graver form that fired outweighs the lighter one it contains (七八次成绩错误 → 第二十二条, not 第二十一条).
  for (const cc of COMPILED) {
    if (!cc.concept.supersedes || (fired.get(cc.concept.id) ?? 0) < 2) continue;
    for (const [, list] of contributions) for (const c of list) if (c.concept && cc.concept.supersedes.includes(c.concept.id)) c.value *= 0.6;
  }

  // Similar labelled reports add their clause, less so where the reporter named someone else.
  const similar = similarReports(description);
  const namedSubjects = new Set<Subject>(cues.filter((c) => c.w >= 0.7).map((c) => c.s));
  for (const [label, vote] of similar.votes) {
    if (!label) continue;
    let id = label;
    if (id.startsWith('MH2024-') !== oldPeriod && subjectOfRule(id) === 'institution') {
      if (!oldPeriod) continue;
      id = mhFor(null, id);
    }
    // Another subject than the one the reporter chose or the text names counts for half.
    const subject = subjectOfRule(id);
    const wanted: Subject[] = hint && hint !== 'unknown' ? [hint as Subject] : [...namedSubjects];
    const agrees = hint && hint !== 'unknown' ? subject === hint : !namedSubjects.size || namedSubjects.has(subject);
    const spans = sharedSpans(n.text, similar.nearest.get(label) ?? '');
    // A similar report of the same conduct by someone else (考评员迟到 for 督导员迟到): its vote goes to that
    // conduct's clause for the person this report names.
    if (!agrees && !hint && wanted.length === 1 && !oldPeriod) {
      const t = wanted[0]!;
      const cc = COMPILED.find((c) => fired.has(c.concept.id) && c.concept.rules[subject] && shId(c.concept.rules[subject]!) === id && c.concept.rules[t]);
      if (cc) {
        add(shId(cc.concept.rules[t]!), { value: KNN_WEIGHT * vote * 0.8, similar: true, concept: null, spans, words: [] });
        continue;
      }
    }
    add(id, { value: KNN_WEIGHT * vote * (agrees ? 1 : 0.5), similar: true, concept: null, spans, words: [] });
  }

  // The clauses' own words, weighted by who the report names overall.
  const overall = subjectEvidence(n, cues, hint, []);
  const maxOverall = Math.max(...Object.values(overall));
  for (const { id, subject, s } of clauseSimilarity(description, oldPeriod).slice(0, 8)) {
    const factor = maxOverall > 0 ? 0.45 + 0.55 * (overall[subject] / maxOverall) : 1;
    add(id, { value: CLAUSE_WEIGHT * s * factor, similar: true, concept: null, spans: sharedSpans(n.text, normalize(ruleById(id)?.text ?? '').text), words: [] });
  }

  // Registry flags: the register itself is evidence of 超范围 / 擅自开展.
  const flags: { code: RegistryFlagCode; message: string }[] = [];
  if (match) {
    const inst = match.institution;
    const active = /(考试|考核|评价|鉴定|认定|报名|招生|发证|开班|考场|考点|组织|收费|培训)/.test(n.text);
    const instWord = [match.key];
    if (inst.status === 'suspended') {
      flags.push({ code: 'suspended', message: `登记册显示“${inst.name}”处于评价活动暂停期间，暂停期间不得开展评价活动` });
      if (active) {
        add(oldPeriod ? 'MH2024-4' : 'SH2025-22-2', { value: 1.5, concept: null, spans: [], words: instWord });
        add(oldPeriod ? 'MH2024-7' : 'SH2025-23-1', { value: 1.3, concept: null, spans: [], words: instWord });
      }
    } else if (inst.status === 'terminated') {
      flags.push({ code: 'terminated', message: `登记册显示“${inst.name}”已终止备案，不得再开展评价活动` });
      if (active) {
        add(oldPeriod ? 'MH2024-9' : 'SH2025-23-5', { value: 1.6, concept: null, spans: [], words: instWord });
        add(oldPeriod ? 'MH2024-4' : 'SH2025-22-2', { value: 1.1, concept: null, spans: [], words: instWord });
      }
    }
    for (const occ of occupationsIn(description === '' ? '' : n.text, registry, input.occupation)) {
      if (inst.occupations.length && !occupationFiled(inst, occ)) {
        flags.push({ code: 'occupation-not-filed', message: `登记册中“${inst.name}”备案的职业为${inst.occupations.join('、')}，不含“${occ}”` });
        add(oldPeriod ? 'MH2024-9' : 'SH2025-23-5', { value: 2.0, concept: null, spans: [], words: [occ] });
        add(oldPeriod ? 'MH2024-2' : 'SH2025-22-3', { value: 0.9, concept: null, spans: [], words: [occ] });
        break;
      }
    }
  }

  // Combine: the strongest reason, plus a share of the others.
  const ranked = [...contributions.entries()]
    .map(([id, list]) => ({ id, raw: combined(list), list }))
    .sort((a, b) => b.raw - a.raw || a.id.localeCompare(b.id, 'en', { numeric: true }));

  // Where the report's own words fire firmly, a clause only similar reports suggest stays behind them: one
  // near-duplicate exemplar must not outvote the words themselves.
  const ownTop = Math.max(0, ...ranked.filter((r) => r.list.some((c) => !c.similar)).map((r) => r.raw));
  const ownFirm = Math.max(0, ...ranked.map((r) => combined(r.list.filter((c) => !c.similar))));
  if (ownFirm >= 2.0) {
    for (const r of ranked) if (r.list.every((c) => c.similar) && r.raw > ownTop) r.raw = ownTop * 0.98;
    ranked.sort((a, b) => b.raw - a.raw || a.id.localeCompare(b.id, 'en', { numeric: true }));
  }

  // The same conduct under two subjects' articles, close in score: the subject the text names comes first.
  if (namedSubjects.size) {
    for (let i = 0; i < ranked.length; i++) {
      const r = ranked[i]!;
      if (namedSubjects.has(subjectOfRule(r.id))) continue;
      const concept = primaryConcept(r.list);
      // “机构的老师” acts for the institution when the reporter picked 评价机构 on the form.
      const bodyPick = hint === 'institution' && subjectOfRule(r.id) === 'institution';
      const twin = ranked
        .slice(i + 1)
        .find((o) => o.raw >= r.raw * 0.8 && namedSubjects.has(subjectOfRule(o.id)) && primaryConcept(o.list) === concept && !(bodyPick && subjectOfRule(o.id) === 'staff'));
      if (concept && twin) [r.raw, twin.raw] = [twin.raw, r.raw];
    }
    ranked.sort((a, b) => b.raw - a.raw || a.id.localeCompare(b.id, 'en', { numeric: true }));
  }

  const best = ranked[0]?.raw ?? 0;
  // Scope rests on the report's own words; similar reports can carry a report the patterns missed, and
  // similar out-of-scope reports can sink a weak one.
  const ownBest = Math.max(0, ...ranked.map((r) => combined(r.list.filter((c) => !c.similar))));
  const outVote = similar.votes.get('') ?? 0;
  const inVote = Math.max(0, ...[...similar.votes].filter(([label]) => label !== '').map(([, v]) => v));
  const similarSaysIn = inVote > outVote && similar.top >= MIN_SIMILARITY;
  const outOfDomain =
    DISCLAIMER.test(n.text) ||
    (NOT_ASSESSMENT.some((re) => re.test(n.text)) && !NOT_ASSESSMENT_UNLESS.test(n.text)) ||
    (OUT_OF_DOMAIN.test(n.text) && !ASSESSMENT_DOMAIN.test(n.text)) ||
    (OUT_OF_DOMAIN_WEAK.test(n.text) && !ASSESSMENT_DOMAIN.test(n.text) && !ASSESSMENT_STRONG.test(n.text) && !(ASSESSMENT_CORE.test(n.text) && similarSaysIn));
  const question = QUESTION.test(n.text) || (QUESTION_END.test(n.text) && !RHETORICAL.test(n.text) && !quotedQuestion(n.text));
  // A report about an assessment with a sign of wrongdoing is in scope even when no pattern fired: the
  // exemplars and the clauses' own words rank it rather than nothing.
  const inTotal = [...similar.votes].filter(([label]) => label !== '').reduce((a, [, v]) => a + v, 0);
  const fallbackIn = ASSESSMENT_CORE.test(n.text) && WRONGDOING.test(n.text.replace(SPECULATION, '')) && inTotal > outVote * 1.2 && !SUGGESTION.test(n.text);
  const inScope =
    description.trim() !== '' &&
    !outOfDomain &&
    // A person type picked on the form places the report inside assessment when the words alone do not.
    (ownBest >= 2.4 || ASSESSMENT_CONTEXT.test(n.text) || (hint !== undefined && hint !== 'unknown' && ownBest >= 2.0)) &&
    (ownBest >= 0.9 || (similarSaysIn && !question && !SUGGESTION.test(n.text) && best >= 0.9) || (fallbackIn && !question)) &&
    !(question && ownBest < 2.0);

  // A report of several violations shows each: the best clause of every strong concept first, then the
  // runners-up (the same conduct under another subject's article), all in score order.
  const eligible = ranked.filter((r) => r.raw >= Math.max(ownBest >= 0.9 ? 0.5 : 0.05, best * 0.2));
  const primary = (r: (typeof ranked)[number]) => primaryConcept(r.list) ?? r.id;
  const chosen = new Set<(typeof ranked)[number]>();
  const seenConcepts = new Set<string>();
  for (const r of eligible) {
    if (chosen.size >= 5) break;
    const c = primary(r);
    // A clause only similar reports suggest waits for the second pass.
    if (r.list.every((x) => x.similar)) continue;
    if (seenConcepts.has(c) || combined(r.list.filter((x) => !x.similar)) < ownBest * 0.4) continue;
    seenConcepts.add(c);
    chosen.add(r);
  }
  for (const r of eligible) {
    if (chosen.size >= 5) break;
    chosen.add(r);
  }
  const selected = eligible.filter((r) => chosen.has(r));

  const suggestions: Suggestion[] = [];
  if (inScope) {
    for (const r of selected) {
      const rule = ruleById(r.id);
      const matched: string[] = [];
      // The report's own pattern words when there are any; otherwise the wording it shares with similar reports.
      const own = r.list.filter((c) => !c.similar && c.spans.length);
      const spans = (own.length ? own : r.list).flatMap((c) => c.spans).sort((a, b) => a[0] - b[0]);
      for (const [from, to] of spans) {
        const word = originalSpan(n, from, to);
        if (!word || matched.some((m) => m.includes(word))) continue;
        for (let k = matched.length - 1; k >= 0; k--) if (word.includes(matched[k]!)) matched.splice(k, 1);
        matched.push(word);
      }
      for (const c of r.list) for (const w of c.words) if (!matched.includes(w)) matched.push(w);
      suggestions.push({
        ruleId: r.id,
        score: Math.round(100 * (1 - Math.exp(-r.raw / 1.6))) / 100,
        subjectType: rule?.subjectType ?? subjectOfRule(r.id),
        ...(rule ? { consequence: { tier: rule.consequence.tier, summary: rule.consequence.summary } } : {}),
        matched: matched.slice(0, 6),
      });
    }
  }

  const top = suggestions[0]?.ruleId;
  const ruleSet: RuleSetId = top ? (top.startsWith('MH2024-') ? 'MH2024' : 'SH2025') : oldPeriod && (hint === 'institution' || !hint || hint === 'unknown') ? 'MH2024' : 'SH2025';

  return {
    ...(input.id !== undefined ? { id: input.id } : {}),
    inScope,
    ruleSet,
    suggestions,
    route: routeOf(input, n, match),
    referrals: inScope ? referralsOf(n, fired) : [],
    ...(match
      ? {
          registry: {
            name: match.institution.name,
            authority: match.institution.authority,
            status: match.institution.status,
            matchedBy: match.via,
            flags,
          },
        }
      : {}),
  };
}

/** “是不是故意…”: a guess, not a sign of wrongdoing. */
const SPECULATION = /是不是[^,。!?;]{0,14}/g;

/** The closing question is someone's words the reporter quotes (“他说什么卡？”), not the reporter asking. */
function quotedQuestion(text: string): boolean {
  const t = text.replace(/[。!?.\s]+$/, '');
  const last = t.slice(Math.max(t.lastIndexOf('。'), t.lastIndexOf('!'), t.lastIndexOf('?'), t.lastIndexOf(';')) + 1);
  return /(说|问|道|讲|回复|回答)(了|道)?[:,“"]?[^,]{0,12}$/.test(last) && /(他|她|对方|工作人员|老师|考官|考评员|人家)/.test(last);
}

// ───────────── routing (CONTRACT.md order) ─────────────

function routeOf(input: TriageInput, n: NormalizedText, match: RegistryMatch | null): TriageResult['route'] {
  if (match) {
    const inst = match.institution;
    const where = match.via === 'institutionName' ? '举报所填机构' : '举报内容提到的机构';
    const status = inst.status === 'active' ? '' : `（登记状态：${REGISTRY_STATUS_NAMES[inst.status]}）`;
    return {
      authority: inst.authority,
      reason: `${where}“${inst.name}”${status}在机构登记册中的主管部门为${authorityName(inst.authority)}，按登记册转交，不论所在区`,
    };
  }
  const district = typeof input.district === 'string' ? input.district.trim() : '';
  if ((DISTRICT_IDS as readonly string[]).includes(district)) {
    const d = district as District;
    return { authority: `district:${d}`, reason: `举报人选择的所在区为${DISTRICT_NAMES[d]}，转${authorityName(`district:${d}`)}` };
  }
  const mention = districtInText(n.text);
  if (mention) {
    const d = mention.district;
    return {
      authority: `district:${d}`,
      reason: `举报内容提到“${originalSpan(n, mention.index, mention.index + mention.name.length)}”，转${authorityName(`district:${d}`)}`,
    };
  }
  return { authority: 'municipal', reason: '未能确定机构或所在区，由上海市职业技能鉴定中心受理' };
}

// ───────────── referrals ─────────────

const DISCIPLINE = /(党员|共产党员|公职人员|公务员|干部|监察对象|事业编|在编人员|国家工作人员|公务人员|人社局的|政府部门的|街道的领导|局长|处长|科长|村干部|书记)/;
const FORGED_CERT = /(假证|伪造.{0,6}证书|伪造的?证|办假证|证书是假的|假的证书|假冒证书|克隆证书|套牌证书)/;
const MONEY_OR_RING = /(钱|元|块|收费|报酬|费用|团伙|中介|产业链|一条龙|组织|收了|赚|\d{3,})/;

function referralsOf(n: NormalizedText, fired: Map<string, number>): TriageResult['referrals'] {
  const out: TriageResult['referrals'] = [];
  const f = (id: string) => fired.get(id) ?? 0;
  if (f('pass-guarantee') >= 2 || f('false-advertising') >= 2) {
    out.push({
      to: 'market-regulation',
      reason: '涉及“包过”或夸大、虚假的广告宣传，可能违反《广告法》《反不正当竞争法》，建议同时告知市场监管部门',
    });
  }
  const police: string[] = [];
  if (FORGED_CERT.test(n.text)) police.push('伪造或使用假证书');
  if (f('sell-cert') >= 2) police.push('买卖职业技能证书');
  if (f('sell-questions') >= 2) police.push('出售试题或答案');
  if (f('organised-cheating') >= 2 && MONEY_OR_RING.test(n.text)) police.push('有组织、以营利为目的的作弊');
  if (f('impersonation') >= 2 && /(团伙|中介|收费|钱|元|块|组织|专门|一条龙|多次|好几个)/.test(n.text)) police.push('有组织或收费的替考');
  if (police.length) {
    out.push({ to: 'police', reason: `涉嫌${police.join('、')}，可能构成违法犯罪，依第三十四条移送公安机关` });
  }
  if (DISCIPLINE.test(n.text)) {
    out.push({ to: 'discipline-inspection', reason: '涉及中共党员或公职人员，依第三十四条移交纪检监察机关' });
  }
  return out;
}
