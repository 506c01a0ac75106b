// A report → the features the learned model scores (model.ts): character n-grams of the normalised text, the
// concepts' phrase patterns (signals.ts), the scope patterns (scope.ts), who the text says did it, the form's
// subject pick and what the registry says. Every feature that stands on words keeps the spans it stands on, so
// a suggestion can quote the words that made it.
import type { Subject } from '../rules';
import { unitTest, type NormalizedText } from '../text';
import { CONCEPTS, SUBJECT_CUES, type Concept } from './signals';
import * as SCOPE from './scope';
import { gramCode, gramText, GramLists, GramTable, MAX_GRAM_UNITS } from '../gram-table';

export const SUBJECTS: readonly Subject[] = ['institution', 'examiner', 'supervisor', 'expert', 'staff', 'candidate'];

export type Span = [number, number];

/**
 * Longest character n-gram. Chinese words are mostly one or two characters; longer n-grams fit the writers the
 * model was trained on (cross-validated by writer, top-1: 67.3 % with 2, 66.3 % with 3, 65.5 % with 4).
 */
export const NGRAM_MAX = 2;
if (NGRAM_MAX > MAX_GRAM_UNITS) throw new Error(`NGRAM_MAX ${NGRAM_MAX}: n-gram codes hold at most ${MAX_GRAM_UNITS} units`);

/** The features of one report. */
export interface Features {
  /**
   * The text's n-grams (features `g:…`, each worth 1) by gramCode, in order of first occurrence, each with the
   * sentences it stands in as a bit mask (see TextIndex): numbers, not names, because a report has hundreds.
   */
  grams: GramTable;
  /** Every other feature name → value (concepts `c:…`, scope `s:…`, hint `h:…`, registry `r:…`…). */
  values: Map<string, number>;
  /** Where in the normalised text each word feature stands (n-grams: see spansOf). */
  spans: Map<string, Span[]>;
  /** Per concept id, the spans of its hits: where to look for who did it. */
  conceptSpans: Map<string, Span[]>;
  /** Per concept id, evidence for each subject near its words; `overall` for the whole report. */
  local: Map<string, Record<Subject, number>>;
  overall: Record<Subject, number>;
  hint: Subject | undefined;
}

// ───────────── n-grams ─────────────

/** What n-gram runs are made of: letters and digits. */
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
const letterOrDigit = unitTest(LETTER_OR_DIGIT);

/** Whether the unit at `i` belongs to a run of letters and digits (a surrogate pair counts as its code point). */
function inRun(text: string, i: number): boolean {
  const u = text.charCodeAt(i);
  if (u >= 0xd800 && u <= 0xdfff) {
    const cp = text.codePointAt(u <= 0xdbff ? i : i - 1)!;
    return cp > 0xffff && LETTER_OR_DIGIT.test(String.fromCodePoint(cp));
  }
  return letterOrDigit(u);
}

/**
 * Binary character 1…NGRAM_MAX-grams within runs of letters and digits (punctuation and spaces end a run), each
 * worth 1 like a pattern hit. (Scaling them to unit length, 1/√count, left each too faint to learn from: top-1 on
 * six writers left out of the fit, 78.6 % scaled against 87.9 % binary, same settings.) Their spans are not kept:
 * the n-gram's own characters find it again (spanOf). Runs never cross a sentence end, so each n-gram's sentence
 * mask comes with it.
 */
function ngramsOf(text: string, sents: readonly Span[]): GramTable {
  const grams = new GramTable(NGRAM_MAX * text.length);
  sents.forEach(([from, to], si) => {
    const bit = 1 << Math.min(si, LAST_BIT);
    let runStart = from;
    for (let i = from; i <= to; i++) {
      if (i < to && inRun(text, i)) continue;
      for (let a = runStart; a < i; a++) {
        for (let n = 1; n <= NGRAM_MAX && a + n <= i; n++) {
          grams.or(gramCode(text, a, a + n), bit);
        }
      }
      runStart = i + 1;
    }
  });
  return grams;
}

/** All of a report's features by name, n-grams first: what training reads. */
export function* namedFeatures(f: Features): Generator<[string, number]> {
  for (const code of f.grams.codes) yield [`g:${gramText(code)}`, 1];
  yield* f.values;
}

/** Where a word feature stands in the normalised text: its kept spans, or an n-gram's first occurrence. */
export function spansOf(f: Features, text: string, name: string): Span[] {
  const kept = f.spans.get(name);
  if (kept) return kept;
  if (!name.startsWith('g:')) return [];
  const at = text.indexOf(name.slice(2));
  return at < 0 ? [] : [[at, at + name.length - 2]];
}

// ───────────── concept patterns ─────────────

const SENTENCE_GAP = '[^。!?;\\n]';
function compile(pattern: string): RegExp {
  return new RegExp(pattern.replace(/≈/g, `${SENTENCE_GAP}{0,20}?`).replace(/~/g, `${SENTENCE_GAP}{0,8}?`), 'g');
}

/** Every word some pattern needs, numbered: a text's index keeps, per word, the sentences holding it. */
const NEEDED_WORDS: string[] = [];
/**
 * Per needed word, the codes of its NGRAM_MAX-grams (its own code when shorter): a sentence holds the word only if
 * it holds each of them.
 */
const NEEDED_GRAMS: number[][] = [];
/** The needed words by the code of their first n-gram: a text holds only those its own n-grams start. */
const NEEDED_BY_FIRST_GRAM = new GramLists();
/** Needed words with a unit no n-gram run holds: looked for in every text. */
const NEEDED_OUTSIDE_RUNS: number[] = [];
const neededId = new Map<string, number>();

function wordId(word: string): number {
  let id = neededId.get(word);
  if (id === undefined) {
    id = NEEDED_WORDS.push(word) - 1;
    const n = Math.min(NGRAM_MAX, word.length);
    const grams = Array.from({ length: word.length - n + 1 }, (_, a) => gramCode(word, a, a + n));
    NEEDED_GRAMS.push(grams);
    if ([...word].every((ch) => LETTER_OR_DIGIT.test(ch))) {
      NEEDED_BY_FIRST_GRAM.add(grams[0]!, id);
    } else NEEDED_OUTSIDE_RUNS.push(id);
    neededId.set(word, id);
  }
  return id;
}

/** One pattern: its parts (one part: ordered; several: all in one sentence, any order). */
interface CompiledPattern {
  parts: RegExp[];
  /** Word groups (word ids) every match contains one word of, over all parts; lets most patterns be skipped cheaply. */
  needs: number[][];
  /** The pattern's number among all patterns. */
  no: number;
}

interface CompiledConcept {
  concept: Concept;
  strong: CompiledPattern[];
  weak: CompiledPattern[];
}

const WORD = /^[\p{Script=Han}a-z0-9]+$/u;

/** A quantifier at `at` makes what stands before it optional. */
const optionalAt = (s: string, at: number) => ['?', '*'].includes(s[at] ?? '') || s.startsWith('{0', at);

/**
 * The words a group's alternatives start with: each alternative's leading run of plain characters (a last
 * character made optional, as in `没有?`, left off). Null when an alternative starts with anything else.
 */
function plainAlternatives(body: string): string[] | null {
  const alts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i <= body.length; i++) {
    const ch = body[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if ((ch === '|' && depth === 0) || i === body.length) {
      const words = leadingWords(body.slice(start, i));
      if (!words) return null;
      alts.push(...words);
      start = i + 1;
    }
  }
  return alts;
}

/** The words one alternative starts with: its leading plain run, or the words of a group it starts with. */
function leadingWords(alt: string): string[] | null {
  if (alt.startsWith('(') && !alt.startsWith('(?')) {
    const close = closingParen(alt, 0);
    return optionalAt(alt, close + 1) ? null : plainAlternatives(alt.slice(1, close));
  }
  let end = 0;
  while (end < alt.length && WORD.test(alt[end]!)) end++;
  if (optionalAt(alt, end)) end--;
  return end > 0 ? [alt.slice(0, end)] : null;
}

/** The index of the parenthesis closing the group opened at `open`. */
function closingParen(s: string, open: number): number {
  let depth = 0;
  for (let j = open; j < s.length; j++) {
    if (s[j] === '\\') j++;
    else if (s[j] === '(') depth++;
    else if (s[j] === ')' && --depth === 0) return j;
  }
  return s.length;
}

/**
 * The word lists a pattern part cannot match without: each top-level group of plain words, and each plain run,
 * that is not optional. Groups with anything else in them (classes, lookarounds, nested groups) are not used.
 * Known defect, kept because fixing it changes answers: the digits of a top-level `{m,n}` are read as a needed
 * run, so the two patterns with one never wake (README, Figures: the quantifier fix waits for a release of its own).
 */
function neededWords(part: string): number[][] {
  const needs: string[][] = [];
  let i = 0;
  while (i < part.length) {
    const ch = part[i]!;
    const optional = (at: number) => optionalAt(part, at);
    if (ch === '(') {
      const j = closingParen(part, i);
      const words = part[i + 1] === '?' ? null : plainAlternatives(part.slice(i + 1, j));
      if (words && !optional(j + 1)) needs.push(words);
      i = j + 1;
    } else if (WORD.test(ch)) {
      let j = i;
      while (j < part.length && WORD.test(part[j]!)) j++;
      // A quantifier after a run applies to its last character only.
      const run = optional(j) ? part.slice(i, j - 1) : part.slice(i, j);
      if (run) needs.push([run]);
      i = j;
    } else if (ch === '\\' || ch === '[') {
      i = ch === '\\' ? i + 2 : part.indexOf(']', i) + 1;
    } else i++;
  }
  return needs.map((words) => words.map(wordId));
}

/**
 * Per needed word id, the patterns that word can wake: each pattern is listed under the words of its smallest
 * needed group, so a text holding none of them skips the pattern without looking at it. Patterns needing no word
 * are always looked at.
 */
const PATTERNS_BY_WORD: number[][] = [];
const PATTERNS_ALWAYS: number[] = [];
let patternCount = 0;

function compilePattern(p: string): CompiledPattern {
  const parts = p.split('&');
  const needs = parts.flatMap(neededWords);
  const no = patternCount++;
  const smallest = needs.reduce<number[] | undefined>((a, g) => (a && a.length <= g.length ? a : g), undefined);
  if (!smallest) PATTERNS_ALWAYS.push(no);
  for (const id of new Set(smallest)) (PATTERNS_BY_WORD[id] ??= []).push(no);
  return { parts: parts.map(compile), needs, no };
}

const COMPILED: CompiledConcept[] = CONCEPTS.map((concept) => ({
  concept,
  strong: concept.strong.map(compilePattern),
  weak: (concept.weak ?? []).map(compilePattern),
}));

/** The patterns worth looking at in a text: those a word it holds can wake (PATTERNS_BY_WORD), and the rest. */
function wokenPatterns(ix: TextIndex): Uint8Array {
  const woken = new Uint8Array(patternCount);
  for (const no of PATTERNS_ALWAYS) woken[no] = 1;
  for (let k = 0; k < ix.present.length; k++) {
    const patterns = PATTERNS_BY_WORD[ix.present[k]!];
    if (patterns) for (let j = 0; j < patterns.length; j++) woken[patterns[j]!] = 1;
  }
  return woken;
}

/**
 * A text's sentences, and which sentences hold each word a pattern needs, as a bit mask (sentences past the 31st
 * share the last bit): patterns run only in sentences where they can match.
 */
interface TextIndex {
  text: string;
  sents: readonly Span[];
  sentenceTexts: string[];
  /** Per needed word id: its sentence mask (0: not in the text). */
  masks: Int32Array;
  /** The needed words the text holds. */
  present: number[];
}

const LAST_BIT = 31;

/** The sentence masks of the needed words, from the text's n-grams. */
function indexText(text: string, sents: readonly Span[], grams: GramTable): TextIndex {
  const masks = new Int32Array(NEEDED_WORDS.length);
  const present: number[] = [];
  const sentenceTexts = sents.map(([a, b]) => text.slice(a, b));
  // A word longer than an n-gram is looked for in the sentences holding all its n-grams (`within`), each on its own:
  // a word never crosses a sentence end.
  const search = (id: number, within: number) => {
    const word = NEEDED_WORDS[id]!;
    let mask = 0;
    for (let si = 0; si < sents.length; si++) {
      const bit = 1 << Math.min(si, LAST_BIT);
      if (within & bit && !(mask & bit) && sentenceTexts[si]!.includes(word)) mask |= bit;
    }
    masks[id] = mask;
    if (mask) present.push(id);
  };
  // Indexed loops: in V8 a for…of that can break out costs several times as much here.
  const codes = grams.codes;
  for (let k = 0; k < codes.length; k++) {
    const ids = NEEDED_BY_FIRST_GRAM.get(codes[k]!);
    if (!ids) continue;
    for (let j = 0; j < ids.length; j++) {
      const id = ids[j]!;
      const wordGrams = NEEDED_GRAMS[id]!;
      // The sentences holding every n-gram of the word: exactly those holding it when it is one n-gram long.
      let mask = -1;
      for (let g = 0; g < wordGrams.length && mask; g++) mask &= grams.get(wordGrams[g]!);
      if (mask && NEEDED_WORDS[id]!.length > NGRAM_MAX) search(id, mask);
      else if (mask) {
        masks[id] = mask;
        present.push(id);
      }
    }
  }
  for (const id of NEEDED_OUTSIDE_RUNS) search(id, -1);
  return { text, sents, sentenceTexts, masks, present };
}

const NO_SENTENCES: number[] = [];

/** The sentences a pattern can match in: those holding a word of each group it needs (a match never crosses a sentence end). */
function candidateSentences(ix: TextIndex, p: CompiledPattern): number[] {
  let mask = -1;
  // Indexed loops: every pattern passes here for every report (see indexText).
  for (let g = 0; g < p.needs.length; g++) {
    const group = p.needs[g]!;
    let any = 0;
    for (let w = 0; w < group.length; w++) any |= ix.masks[group[w]!]!;
    mask &= any;
    if (!mask) return NO_SENTENCES;
  }
  const out: number[] = [];
  for (let i = 0; i < ix.sents.length; i++) if (mask & (1 << Math.min(i, LAST_BIT))) out.push(i);
  return out;
}

// A negation right before a match (“并没有说包过”) makes it a different feature.
const NEGATED_BEFORE = /(没有|没|未|不是|并非|并不|从不|从没|不会|别|无|不让|不许|不准)(说|宣传|承诺|讲|提|写|说过|听说)?$/;
/** How far before a match a negation is looked for. */
const NEGATION_REACH = 5;
/** Unordered parts this close together are quoted as one phrase. */
const PHRASE_REACH = 24;

function negatedAt(text: string, from: number, matched: string): boolean {
  return !/^(不|没|未|无)/.test(matched) && NEGATED_BEFORE.test(text.slice(Math.max(0, from - NEGATION_REACH), from));
}

const DURING_EXAM = /(考试的时候|考试时|考试中|考试过程中|考的时候|考场上|考场里|开考后|答题时|答题的时候|正在考)/g;
const BEFORE_EXAM = /(考前|考试前|提前|事先|前一天|前一晚|前几天|开考前|预先)/g;

/** Characters ending a clause, and a sentence, as tests of one UTF-16 unit (a string per character is slow). */
const endsClause = unitTest(/[。!?;,、\n]/);
const endsSentence = unitTest(/[。!?;\n]/);

/** The sentences of the normalised text as [start, end) ranges. */
export function sentences(text: string): Span[] {
  const out: Span[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (endsSentence(text.charCodeAt(i))) {
      if (i > start) out.push([start, i]);
      start = i + 1;
    }
  }
  if (start < text.length) out.push([start, text.length]);
  return out;
}

/** For 泄题-type concepts: the sentence around a hit places it during the exam, not before. */
function duringExam(text: string, sents: readonly Span[], at: number): boolean {
  const s = sents.find(([a, b]) => at >= a && at < b);
  if (!s) return false;
  // The last time word before the hit decides (“考前通知大家，考的时候会把答案发群里” is during).
  const lastAt = (re: RegExp) => {
    let last = -1;
    for (const m of text.slice(s[0], at).matchAll(re)) last = m.index;
    return last;
  };
  const during = lastAt(DURING_EXAM);
  const before = lastAt(BEFORE_EXAM);
  if (during < 0 && before < 0) {
    const sentence = text.slice(s[0], s[1]);
    return new RegExp(DURING_EXAM.source).test(sentence) && !new RegExp(BEFORE_EXAM.source).test(sentence);
  }
  return during > before;
}

interface Hit {
  spans: Span[];
  negated: boolean;
}

/** The best hit of one pattern: the first plain one, else the first negated one. */
function findHit(ix: TextIndex, pattern: CompiledPattern, negOk: boolean): Hit | null {
  const candidates = candidateSentences(ix, pattern);
  if (!candidates.length) return null;
  const { text, sents } = ix;
  const parts = pattern.parts;
  let best: Hit | null = null;
  for (const si of candidates) {
    const a = sents[si]![0];
    const sentence = ix.sentenceTexts[si]!;
    const spans: Span[] = [];
    for (const re of parts) {
      // The first occurrence that does not reuse words another part already took (exec: matchAll copies the RegExp).
      re.lastIndex = 0;
      let found: Span | null = null;
      for (let m = re.exec(sentence); m; m = re.exec(sentence)) {
        if (!m[0]) {
          re.lastIndex++;
          continue;
        }
        const sp: Span = [a + m.index, a + m.index + m[0].length];
        if (!spans.some((o) => sp[0] < o[1] && o[0] < sp[1])) {
          found = sp;
          // One part alone: the first plain occurrence in the sentence, not merely the first.
          if (parts.length > 1 || negOk || !negatedAt(text, sp[0], m[0])) break;
        }
      }
      if (!found) break;
      spans.push(found);
    }
    if (spans.length !== parts.length) continue;
    const lo = Math.min(...spans.map((sp) => sp[0]));
    const hi = Math.max(...spans.map((sp) => sp[1]));
    const quoted: Span[] = hi - lo <= PHRASE_REACH ? [[lo, hi]] : spans;
    const negated = !negOk && negatedAt(text, spans[0]![0], text.slice(spans[0]![0], spans[0]![1]));
    if (!best || (best.negated && !negated)) best = { spans: quoted, negated };
    if (!negated) break;
  }
  return best;
}

/**
 * Each concept's hits become features: `c:id` (a strong pattern, plain), `p:id:n` (its n-th strong pattern), `c:id:weak` (only weak ones),
 * `c:id:neg` (only negated), `c:id:during` (a before-the-exam concept placed during it), `c:id:2` (two or more
 * patterns agree).
 */
function addConcepts(text: string, sents: readonly Span[], f: Features): void {
  const ix = indexText(text, sents, f.grams);
  const woken = wokenPatterns(ix);
  for (const cc of COMPILED) {
    const strong: Hit[] = [];
    const weak: Hit[] = [];
    for (let i = 0; i < cc.strong.length; i++) {
      const h = woken[cc.strong[i]!.no] ? findHit(ix, cc.strong[i]!, cc.concept.negOk === true) : null;
      if (!h) continue;
      strong.push(h);
      // Each strong pattern is a feature of its own too: the model learns which phrasings say the most.
      if (!h.negated) {
        f.values.set(`p:${cc.concept.id}:${i}`, 1);
        f.spans.set(`p:${cc.concept.id}:${i}`, h.spans);
      }
    }
    for (let i = 0; i < cc.weak.length; i++) {
      const h = woken[cc.weak[i]!.no] ? findHit(ix, cc.weak[i]!, cc.concept.negOk === true) : null;
      if (h) weak.push(h);
    }
    if (!strong.length && !weak.length) continue;
    const plain = strong.filter((h) => !h.negated);
    const plainWeak = weak.filter((h) => !h.negated);
    const id = cc.concept.id;
    let name: string;
    let used: Hit[];
    if (plain.length) [name, used] = [`c:${id}`, plain];
    else if (plainWeak.length) [name, used] = [`c:${id}:weak`, plainWeak];
    else [name, used] = [`c:${id}:neg`, [...strong, ...weak]];
    const spans = used.flatMap((h) => h.spans).sort((a, b) => a[0] - b[0]);
    if (cc.concept.beforeExam && name === `c:${id}` && duringExam(text, sents, spans[0]![0])) name = `c:${id}:during`;
    f.values.set(name, 1);
    f.spans.set(name, spans);
    if (plain.length + plainWeak.length >= 2) {
      f.values.set(`c:${id}:2`, 1);
      f.spans.set(`c:${id}:2`, spans);
    }
    f.conceptSpans.set(id, spans);
  }
}

// ───────────── scope ─────────────

/** Hearsay: the reporter passes on what others say rather than what they saw. */
const HEARSAY = /(听说|听人说|听别人说|有人说|别人说|据说|网上说|传言|传闻|好像有人|不知道是不是真的|是真的吗|是不是真的|真的假的|靠谱吗|可信吗)/;
/** A concrete act the reporter saw, suffered or holds evidence of. */
const WITNESSED = /(我看到|我看见|亲眼|我亲|我发现|我拍|截图|录音|录屏|聊天记录|我交了|我们交了|我被|我报名|我考|我去|我们班|我们考场|我旁边|收据|转账|付了|交了)/;

/** Scope signals as features; the model learns what each is worth. */
function addScope(text: string, sents: readonly Span[], f: Features): void {
  const flags: [string, boolean][] = [
    ['s:question', SCOPE.QUESTION.test(text)],
    ['s:question-end', SCOPE.QUESTION_END.test(text)],
    ['s:rhetorical', SCOPE.RHETORICAL.test(text)],
    ['s:suggestion', SCOPE.SUGGESTION.test(text)],
    ['s:hearsay', HEARSAY.test(text)],
    ['s:witnessed', WITNESSED.test(text)],
    ['s:out-of-domain', SCOPE.OUT_OF_DOMAIN.test(text)],
    ['s:out-of-domain-weak', SCOPE.OUT_OF_DOMAIN_WEAK.test(text)],
    ['s:not-assessment', SCOPE.NOT_ASSESSMENT.some((re) => re.test(text))],
    ['s:disclaimer', SCOPE.DISCLAIMER.test(text)],
    ['s:assessment-domain', SCOPE.ASSESSMENT_DOMAIN.test(text)],
    ['s:assessment-strong', SCOPE.ASSESSMENT_STRONG.test(text)],
    ['s:assessment-core', SCOPE.ASSESSMENT_CORE.test(text)],
    ['s:assessment-context', SCOPE.ASSESSMENT_CONTEXT.test(text)],
    ['s:wrongdoing', SCOPE.WRONGDOING.test(text)],
  ];
  for (const [name, on] of flags) if (on) f.values.set(name, 1);
  // Length says something of scope: one-line questions vs. narratives.
  f.values.set('s:length', Math.min(1, text.length / 400));
  // A question after a told act (“…这是第三次了，请问还让他当组长吗？”) is not an enquiry: how much of the
  // text asks, and whether a conduct pattern fired outside the asking sentences.
  const asking = sents.filter(([a, b]) => isQuestion(text, a, b));
  if (asking.length) {
    f.values.set('s:question-share', asking.reduce((n, [a, b]) => n + b - a, 0) / Math.max(1, text.length));
    const told = [...f.conceptSpans.entries()].some(
      ([id, spans]) => f.values.has(`c:${id}`) && spans.some(([from]) => !asking.some(([a, b]) => from >= a && from <= b)),
    );
    if (told) f.values.set('s:act-besides-question', 1);
  }
}

/** A sentence that asks: it ends in a question mark or 吗/呢, or asks outright (请问, 能不能…). */
function isQuestion(text: string, a: number, b: number): boolean {
  const sentence = text.slice(a, Math.min(text.length, b + 1));
  return SCOPE.QUESTION.test(sentence) || SCOPE.QUESTION_END.test(sentence);
}

// ───────────── who did it ─────────────

const CUES = SUBJECT_CUES.map(([s, p, w, global]) => ({ s, re: compile(p), w, global: global === true }));

interface Cue {
  s: Subject;
  /** Says who was behind the whole report (“是机构安排的”), so it counts wherever it stands. */
  global: boolean;
  from: number;
  to: number;
  w: number;
}

/** A cue in the reporter introducing themself (“我是机构的内勤”) counts this much. */
const SELF_SHARE = 0.2;
/** A cue naming the one something was done to (“给考生”), or who reprimanded someone, counts this much. */
const OBJECT_SHARE = 0.4;
/** A cue in another clause counts this much, the one a sentence opens with more (it is the sentence's topic). */
const ELSEWHERE_SHARE = 0.35;
const TOPIC_SHARE = 0.8;
/** Beyond this, more cues of one subject say nothing more. */
const EVIDENCE_CAP = 2.6;

/** Every subject cue in the text, longest cues first taking their words. */
function findCues(text: string): Cue[] {
  const cues: Cue[] = [];
  const taken = new Uint8Array(text.length);
  for (const { s, re, w, global } of CUES) {
    re.lastIndex = 0;
    // exec, not matchAll: matchAll copies the RegExp.
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const from = m.index;
      const to = from + m[0].length;
      if (!m[0]) {
        re.lastIndex++;
        continue;
      }
      if (taken.subarray(from, to).includes(1)) continue;
      taken.fill(1, from, to);
      const before = text.slice(Math.max(0, from - 10), from);
      const self = /(我是|本人是|我作为|作为)[^,。!?;]{0,6}$/.test(before);
      const object = /(给|对|让|帮|替|向|和|跟|与|把|(?<![看听遇收得想做感受见碰等])(去|到)|找|问)了?[^,。!?;给对让帮替向和跟与把]{0,6}$/.test(before);
      const reprimand = /^[^,。!?;]{0,4}(找|对|给|把)(他|她|其|这人)[^,。!?;]{0,3}(谈|批评|通报|警告|处分|约谈)/.test(text.slice(to, to + 12));
      cues.push({ s, from, to, global, w: self ? w * SELF_SHARE : object || reprimand ? w * OBJECT_SHARE : w });
    }
  }
  return cues.sort((a, b) => a.from - b.from);
}

const ACTING_ALONE = /((机构|校长|老板|领导|公司|学校)[^,。!?;]{0,6}(根本|都|完全|并)?不知道|(是)?(他|她)(自己|个人)[^,。!?;]{0,4}(偷偷|私下|私自)?(搞|干|弄|做|操作)的|个人行为)/;
/** “校长根本不知道，是他自己偷偷搞的”: the institution's share of the evidence is cut to this. */
const ACTING_ALONE_SHARE = 0.3;

function around(text: string, at: number, ends: (unit: number) => boolean): Span {
  let a = at;
  while (a > 0 && !ends(text.charCodeAt(a - 1))) a--;
  let b = at;
  while (b < text.length && !ends(text.charCodeAt(b))) b++;
  return [a, b];
}

const noEvidence = (): Record<Subject, number> => ({ institution: 0, examiner: 0, supervisor: 0, expert: 0, staff: 0, candidate: 0 });

/**
 * Who the words at `spans` say did it: cues in the same clause count fully, cues elsewhere less (a long report
 * can name several people). With no spans, the whole report.
 */
function evidenceAt(text: string, cues: Cue[], spans: Span[], actingAlone: boolean): Record<Subject, number> {
  const e = noEvidence();
  const clauses = spans.map(([from]) => around(text, from, endsClause));
  // The person a sentence opens with is the one its later clauses are about (“我们班有个人…，弄了个假证书报了名”).
  const topics = new Set<Cue>();
  for (const [from] of spans) {
    const [a] = around(text, from, endsSentence);
    const before = cues.filter((c) => c.from >= a && c.to <= from);
    const nearest = before[before.length - 1];
    if (nearest) topics.add(nearest);
  }
  const counted = noEvidence();
  for (const c of cues) {
    const local = !spans.length || c.global || clauses.some(([a, b]) => c.from >= a && c.to <= b);
    if (!local && counted[c.s] >= 2) continue;
    counted[c.s]++;
    e[c.s] += local ? c.w : c.w * (topics.has(c) ? TOPIC_SHARE : ELSEWHERE_SHARE);
  }
  if (actingAlone) e.institution *= ACTING_ALONE_SHARE;
  for (const s of SUBJECTS) e[s] = Math.min(e[s], EVIDENCE_CAP) / EVIDENCE_CAP;
  return e;
}

// ───────────── all of it ─────────────

export interface FeatureInput {
  n: NormalizedText;
  hint: Subject | undefined;
  /** Registry facts (`r:suspended`…, and `c:kind` where the register shows conduct), with the words they rest on. */
  registry: [string, Span[]][];
}

export function featuresOf({ n, hint, registry }: FeatureInput): Features {
  const text = n.text;
  const sents = sentences(text);
  const f: Features = { grams: ngramsOf(text, sents), values: new Map(), spans: new Map(), conceptSpans: new Map(), local: new Map(), overall: noEvidence(), hint };
  addConcepts(text, sents, f);
  addScope(text, sents, f);
  if (hint) f.values.set(`h:${hint}`, 1);
  for (const [name, spans] of registry) {
    f.values.set(name, 1);
    if (spans.length) f.spans.set(name, spans);
    if (name.startsWith('c:') && !f.conceptSpans.has(name.slice(2))) f.conceptSpans.set(name.slice(2), spans);
  }
  const cues = findCues(text);
  const alone = ACTING_ALONE.test(text);
  f.overall = evidenceAt(text, cues, [], alone);
  for (const [id, spans] of f.conceptSpans) f.local.set(id, evidenceAt(text, cues, spans, alone));
  for (const s of SUBJECTS) if (f.overall[s] > 0) f.values.set(`e:${s}`, f.overall[s]);
  return f;
}
