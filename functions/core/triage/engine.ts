// The explainable triage engine: a reporter's words → the clauses they point at (with the words that made each
// fire), the rule set in force, the authority to route to, and other bodies to inform. Pure and deterministic.
// The scoring is learned (model.ts, fitted by train.ts on labelled reports); the rule sets are data (rules/);
// the engine itself names no rule.
import { shanghaiDate } from '../deadlines';
import { authorityName, DISTRICT_IDS, DISTRICT_NAMES, type AuthorityId, type District, type ReferralTarget, type SubjectType } from '../ids';
import { coreOf, findInstitutionsInText, keysMaybeIn, matchInstitutionName, withoutPunctuation, occupationFiled, REGISTRY_STATUS_NAMES, type Registry, type RegistryMatch, type RegistryStatus } from '../registry';
import { dateInShanghai, judgedOn, RULE_SETS, ruleSetJudging, type ConsequenceTier, type RuleSet, type Subject } from '../rules';
import { normalize, normalizeShort, originalSpan, type NormalizedText } from '../text';
import { gramCode, GramLists } from '../gram-table';
import { dateInText } from './dates';
import { districtInText } from './districts';
import { featuresOf, spansOf, SUBJECTS, type Features, type Span } from './features';
import { escalationFor, type EscalatedFrom, type HistoryEntry } from './history';
import { CONCEPTS } from './signals';
import { contributions, loadModel, score, type Model, type ModelData, type Pair, type Scored } from './model';
import MODEL_DATA from './model.json' with { type: 'json' };
import { COMMON_OCCUPATIONS } from './occupations';
import { pinyin } from 'pinyin-pro';

/** Bump with every change that can change an answer (test/unit/triage-fingerprint.test.ts holds it to that). */
export const ENGINE_VERSION = 'triage-2026.24';

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
  /** Earlier decisions about institutions and people (the records store; `--history` on the command line). */
  history?: readonly HistoryEntry[];
  /** The rule sets to judge by; the shipped ones by default (tests add a fictional later one). */
  ruleSets?: readonly RuleSet[];
  /** The trained model; the shipped one by default (cross-validation passes one fitted without the report's writer). */
  model?: Model;
}

export interface Suggestion {
  ruleId: string;
  score: number;
  subjectType: Subject;
  consequence?: { tier: ConsequenceTier; summary: string };
  /** Words of the description that weighed most for this clause. */
  matched: string[];
  /** Words of the form's institution-name field that weighed for it (the registry's status of that institution). */
  matchedInstitutionName?: string[];
  /** The heavier clause comes first because of these earlier decisions. */
  escalatedFrom?: EscalatedFrom;
}

export type RegistryFlagCode = 'suspended' | 'terminated' | 'occupation-not-filed';

export interface RegistryFlag {
  code: RegistryFlagCode;
  message: string;
}

export interface TriageResult {
  id?: string;
  inScope: boolean;
  ruleSet: string;
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

const MODEL: Model = loadModel(MODEL_DATA as ModelData);

/** At most this many suggestions (CONTRACT.md). */
const MAX_SUGGESTIONS = 5;
/** A clause is suggested only with at least this share of the best clause's probability. */
const MIN_SHARE_OF_BEST = 0.01;
/** Places given to the most probable clauses before each other conduct the words state plainly gets one. */
const MOST_PROBABLE_FIRST = 3;
/**
 * Out of scope when “not a skill-assessment report” is at least this probable. Above an even chance because ruling
 * out a real report costs more than taking in a question: on writer cross-validation (t1–t22) 0.6 ruled out 37
 * in-scope reports instead of 48, for 3 more out-of-scope ones taken in; errors of both kinds together were 87 at 0.5,
 * 79 at 0.6, 78 at 0.65 and 80 at 0.7, and the smaller move was taken (README, Figures).
 */
const OUT_THRESHOLD = 0.6;
/** Words quoted per suggestion. */
const MAX_MATCHED = 6;
/** Feature contributions looked at when quoting words. */
const TOP_CONTRIBUTIONS = 12;

// ───────────── the steps ─────────────

/** What the engine reads from the input before scoring. */
export interface Prepared {
  n: NormalizedText;
  hint: Subject | undefined;
  judged: string;
  /** The day a state that lasts until it is found is judged on (signals.ts, `continuing`). */
  judgedAsFound: string;
  match: RegistryMatch | null;
  flags: RegistryFlag[];
  features: Features;
}

/**
 * The day a report is judged on: its incident date, else the date its description states (dates.ts), else the day
 * it was received (today when not given).
 */
export function judgedDate(input: TriageInput, receivedDate?: string, n: NormalizedText = normalize(String(input.description ?? ''))): string {
  const received = receivedOn(receivedDate);
  const stated = typeof input.incidentDate === 'string' && input.incidentDate.trim() !== '' ? input.incidentDate : dateInText(n.text, received);
  return judgedOn(stated, received);
}

const receivedOn = (receivedDate?: string) => (receivedDate ? dateInShanghai(receivedDate) : shanghaiDate(new Date()));

/** Steps 1–3: normalise, find the institution in the registry, and turn all of it into features. */
export function prepare(input: TriageInput, registry: Registry, options: TriageOptions = {}): Prepared {
  const description = typeof input.description === 'string' ? input.description : '';
  const n = normalize(description);
  const hint = (SUBJECTS as readonly string[]).includes(input.subjectType ?? '') ? (input.subjectType as Subject) : undefined;
  const judged = judgedDate(input, options.receivedDate, n);
  const judgedAsFound = judgedOn(input.incidentDate, receivedOn(options.receivedDate));
  const { match, guessed } = findInstitution(input, n, registry);
  const { flags, facts } = registryFacts(match, n, registry, input.occupation);
  // A name only recognised through a homophone routes the report and shows its registry entry, but is not
  // evidence the model weighs: it is a guess at which institution, not a word of the report.
  return { n, hint, judged, judgedAsFound, match, flags, features: featuresOf({ n, hint, registry: guessed ? [] : facts }) };
}

export interface InForce {
  pairs: Pair[];
  /** The clause of each pair. */
  clauses: string[];
  setOf: Map<Subject, RuleSet>;
}

/** Pairs in force per choice of sets: a handful of choices cover every date. */
const inForceCache = new WeakMap<readonly RuleSet[], Map<string, InForce>>();

/** The kinds of conduct that are a state lasting until it is found. */
const CONTINUING = new Set(CONCEPTS.filter((c) => c.continuing).map((c) => c.id));

/**
 * The set judging each subject on the date, and the pairs (kind of conduct, subject) it has clauses for; a
 * continuing state's clause is the one in force on `foundOn`.
 */
export function pairsInForce(sets: readonly RuleSet[], date: string, foundOn = date): InForce {
  const setOf = new Map(SUBJECTS.map((subject) => [subject, ruleSetJudging(sets, subject, date).set]));
  const foundSetOf = new Map(SUBJECTS.map((subject) => [subject, ruleSetJudging(sets, subject, foundOn).set]));
  const key = SUBJECTS.map((s) => `${setOf.get(s)!.id}>${foundSetOf.get(s)!.id}`).join('|');
  const cache = inForceCache.get(sets) ?? inForceCache.set(sets, new Map()).get(sets)!;
  const cached = cache.get(key);
  if (cached) return cached;
  const pairs: Pair[] = [];
  const clauses: string[] = [];
  for (const subject of SUBJECTS) {
    const [stated, found] = [setOf.get(subject)!, foundSetOf.get(subject)!];
    for (const set of stated === found ? [stated] : [stated, found]) {
      for (const [kind, bySubject] of Object.entries(set.conduct)) {
        const clause = bySubject[subject];
        // Where the two sets differ, a continuing state takes the found set's clause and every other kind the stated's.
        if (!clause || (stated !== found && CONTINUING.has(kind) !== (set === found))) continue;
        pairs.push({ kind, subject });
        clauses.push(clause);
      }
    }
  }
  const result = { pairs, clauses, setOf };
  cache.set(key, result);
  return result;
}

export function triage(input: TriageInput, registry: Registry, options: TriageOptions = {}): TriageResult {
  const sets = options.ruleSets ?? RULE_SETS;
  const p = prepare(input, registry, options);
  const { pairs, clauses, setOf } = pairsInForce(sets, p.judged, p.judgedAsFound);
  const model = options.model ?? MODEL;
  let scored = score(model, p.features, pairs);
  let inScope = p.n.text.trim() !== '' && scored.out < OUT_THRESHOLD;
  // What the suggestions read: the whole text, or, where thanks rule it out, the complaint that follows them.
  let about = p;
  const complaint = inScope ? null : complaintAfterThanks(p.n.text);
  if (complaint) {
    const tail = { ...prepare({ ...input, description: complaint }, registry, options), judged: p.judged };
    const tailScored = score(model, tail.features, pairs);
    if (tailScored.out < OUT_THRESHOLD) [inScope, scored, about] = [true, tailScored, tail];
  }

  const ranked = inScope ? periodTierStepsAside(rankClauses(pairs, clauses, scored.pairs, about.features), sets, about.n.text) : [];
  const conduct = contributions(model, scored, ranked.map((r) => r.pair), TOP_CONTRIBUTIONS, false);
  let suggestions = ranked.map((r, i) => suggestionFor(r, conduct[i]!, about, input, sets, model, scored));
  if (inScope && options.history?.length) suggestions = escalate(suggestions, p, input, registry, options.history, setOf);

  const hintSet = setOf.get(p.hint ?? 'institution')!;
  return {
    ...(input.id !== undefined ? { id: input.id } : {}),
    inScope,
    ruleSet: suggestions[0] ? setOfRule(sets, suggestions[0].ruleId).id : hintSet.id,
    suggestions,
    route: routeOf(input, p.n, p.match),
    referrals: referralsOf(p.n, p.features),
    ...(p.match
      ? {
          registry: {
            name: p.match.institution.name,
            authority: p.match.institution.authority,
            status: p.match.institution.status,
            matchedBy: p.match.via,
            flags: p.flags,
          },
        }
      : {}),
  };
}

/** Words that turn from thanks to what went wrong, and the thanks they turn from. */
const CONTRAST = /(但是|可是|不过|然而|只是|但)/;
const THANKS = /(表扬|感谢|谢谢|辛苦|点赞|称赞|很负责|认真负责|热情|耐心|满意)/;
/** Characters after the turn that can hold a report (“另一个考评员玩手机” is eight). */
const MIN_COMPLAINT = 6;

/**
 * The complaint after thanks (“表扬督导员很负责，但是另一个考评员整场在玩手机”), when there is enough of it to be a
 * report: the praise words would otherwise rule the whole text out.
 */
function complaintAfterThanks(text: string): string | null {
  const m = CONTRAST.exec(text);
  if (!m || !THANKS.test(text.slice(0, m.index))) return null;
  const rest = text.slice(m.index + m[0].length).replace(/^[，,、\s]+/, '');
  return rest.length >= MIN_COMPLAINT ? rest : null;
}

/** Rule ids in document order (…-9 before …-10): one collator, not one per comparison. */
const RULE_ID_ORDER = new Intl.Collator('en', { numeric: true });

interface RankedClause {
  ruleId: string;
  probability: number;
  /** The pair that gave the clause most of its probability: whose words to quote. */
  pair: Pair;
}

/** Per list of the pairs' clauses (pairsInForce): each pair's clause as a number, and the clauses by number. */
const clauseNumbers = new WeakMap<readonly string[], { clauseOf: Int32Array; ruleIds: string[] }>();

function numberedClauses(clauses: readonly string[]): { clauseOf: Int32Array; ruleIds: string[] } {
  let numbered = clauseNumbers.get(clauses);
  if (!numbered) {
    const ruleIds = [...new Set(clauses)];
    numbered = { clauseOf: Int32Array.from(clauses, (id) => ruleIds.indexOf(id)), ruleIds };
    clauseNumbers.set(clauses, numbered);
  }
  return numbered;
}

/**
 * Pairs → clauses: a clause's probability is the sum of its pairs'. The most probable come first; a report of
 * several violations then shows each conduct its own words state plainly, before the remaining runners-up.
 */
function rankClauses(pairs: Pair[], clauses: string[], probabilities: number[], f: Features): RankedClause[] {
  const { clauseOf, ruleIds } = numberedClauses(clauses);
  const sum = new Float64Array(ruleIds.length);
  const bestPr = new Float64Array(ruleIds.length).fill(-1);
  const bestPair = new Int32Array(ruleIds.length);
  for (let i = 0; i < pairs.length; i++) {
    const c = clauseOf[i]!;
    const pr = probabilities[i]!;
    sum[c] = sum[c]! + pr;
    if (pr > bestPr[c]!) {
      bestPr[c] = pr;
      bestPair[c] = i;
    }
  }
  const statedKinds = new Set<string>();
  for (const name of f.values.keys()) if (name.startsWith('c:')) statedKinds.add(name.slice(2));
  const stated = (r: RankedClause) => statedKinds.has(r.pair.kind);
  let best = 0;
  for (let c = 0; c < ruleIds.length; c++) if (sum[c]! > best) best = sum[c]!;
  // Only the clauses that can be chosen are put in order (most probable first): the likely ones, and every clause
  // of a kind of conduct the words state. Sorting all ~110 was most of the ranking's time.
  const all: RankedClause[] = [];
  for (let c = 0; c < ruleIds.length; c++) {
    const pair = pairs[bestPair[c]!]!;
    if (sum[c]! >= best * MIN_SHARE_OF_BEST || statedKinds.has(pair.kind)) all.push({ ruleId: ruleIds[c]!, probability: sum[c]!, pair });
  }
  all.sort((a, b) => b.probability - a.probability || RULE_ID_ORDER.compare(a.ruleId, b.ruleId));
  const eligible = all.filter((r) => r.probability >= best * MIN_SHARE_OF_BEST);
  const chosen = eligible.slice(0, MOST_PROBABLE_FIRST);
  // However improbable the model finds it beside the first, conduct the words state plainly is shown, as the clause
  // of the person the text places nearest its words (“考评员迟到了一个小时” in a report about the institution).
  const nearest = (r: (typeof all)[number]) => {
    const near = f.local.get(r.pair.kind);
    if (!near) return r;
    return all.filter((c) => c.pair.kind === r.pair.kind).reduce((a, b) => (near[b.pair.subject] > near[a.pair.subject] ? b : a), r);
  };
  for (const r of all) {
    if (chosen.length >= MAX_SUGGESTIONS) break;
    if (!stated(r) || chosen.some((c) => c.pair.kind === r.pair.kind)) continue;
    const shown = nearest(r);
    if (!chosen.includes(shown)) chosen.push(shown);
  }
  for (const r of eligible) if (chosen.length < MAX_SUGGESTIONS && !chosen.includes(r)) chosen.push(r);
  return chosen;
}

/** The text places the earlier decision in another 备案周期 (“那是上一个备案周期的事”). */
const OTHER_FILING_PERIOD =
  /(上一个|上个|上一|前一个|之前的|以前的|去年的|前年的|往年的|上一轮|上轮)(备案)?周期|不在(同一个|同一|一个|本|这个|当前)(备案)?周期|(跨|隔)了?(一个)?(备案)?周期/;

/**
 * A repeat tier that counts earlier decisions within one 备案周期 (第十二、十三、十五、十六、十九、二十条（一）,
 * 第二十二条（一）) does not apply when the text says the earlier decision was in another period: the lighter clause
 * it escalates from, where ranked, comes first and the tier second. Which tiers these are is the rule set's data
 * (its escalations).
 */
function periodTierStepsAside(ranked: RankedClause[], sets: readonly RuleSet[], text: string): RankedClause[] {
  const first = ranked[0];
  if (!first || ranked.length < 2 || !OTHER_FILING_PERIOD.test(text)) return ranked;
  const lighter = setOfRule(sets, first.ruleId)
    .escalations.filter((e) => e.kind === 'repeat' && e.window === 'filing-period' && e.to.includes(first.ruleId))
    .flatMap((e) => e.from);
  const at = ranked.findIndex((r) => lighter.includes(r.ruleId));
  if (at < 1) return ranked;
  // As with an escalation from the records (escalate), the clause put first carries the best score.
  return [{ ...ranked[at]!, probability: first.probability }, ...ranked.filter((_, i) => i !== at)];
}

function setOfRule(sets: readonly RuleSet[], id: string): RuleSet {
  return sets.find((s) => s.rules.some((r) => r.id === id))!;
}

function ruleIn(sets: readonly RuleSet[], id: string) {
  return setOfRule(sets, id).rules.find((r) => r.id === id)!;
}

/** A clause's suggestion: its probability among in-scope clauses, and the words that weighed most for it. */
function suggestionFor(r: RankedClause, conduct: [string, number][], p: Prepared, input: TriageInput, sets: readonly RuleSet[], model: Model, scored: Scored): Suggestion {
  const rule = ruleIn(sets, r.ruleId);
  const { matched, fromName } = quotedWords(model, scored, p, r.pair, conduct, input);
  return {
    ruleId: r.ruleId,
    score: Math.round(100 * r.probability) / 100,
    subjectType: rule.subjectType,
    consequence: { tier: rule.consequence.tier, summary: rule.consequence.summary },
    matched,
    ...(fromName.length ? { matchedInstitutionName: fromName } : {}),
  };
}

/**
 * The description's words behind a pair's score: the spans of its strongest features, merged where they touch
 * (n-grams 包 + 包过 + 过 → “包过”), ranked by what they contributed, quoted as typed and in text order.
 */
function quotedWords(
  model: Model,
  scored: Scored,
  p: Prepared,
  pair: Pair,
  conduct: [string, number][],
  input: TriageInput,
): { matched: string[]; fromName: string[] } {
  const fromName: string[] = [];
  const pieces: { span: Span; weight: number }[] = [];
  // What the conduct is (`conduct`: the kind's own contributions), in the reporter's words; who did it only where
  // the conduct's own words are not there.
  for (const [name, c] of conduct.length ? conduct : contributions(model, scored, [pair], TOP_CONTRIBUTIONS, true)[0]!) {
    const spans = spansOf(p.features, p.n.text, name);
    if (name.startsWith('r:') && !spans.length && p.match?.via === 'institutionName' && input.institutionName) {
      if (!fromName.includes(input.institutionName.trim())) fromName.push(input.institutionName.trim());
      continue;
    }
    for (const span of spans) pieces.push({ span, weight: c });
  }
  pieces.sort((a, b) => a.span[0] - b.span[0] || b.span[1] - a.span[1]);
  const merged: { span: Span; weight: number }[] = [];
  for (const piece of pieces) {
    const last = merged[merged.length - 1];
    if (last && piece.span[0] <= last.span[1]) {
      last.span = [last.span[0], Math.max(last.span[1], piece.span[1])];
      last.weight += piece.weight;
    } else merged.push({ span: [...piece.span], weight: piece.weight });
  }
  const words = merged
    .filter((m) => m.span[1] - m.span[0] >= 2)
    .sort((a, b) => b.weight - a.weight)
    .slice(0, MAX_MATCHED)
    .sort((a, b) => a.span[0] - b.span[0])
    .map((m) => originalSpan(p.n, m.span[0], m.span[1]))
    .filter((w, i, all) => w && all.indexOf(w) === i);
  return { matched: words, fromName };
}

/** Step 5: earlier decisions that make the clause heavier put the heavier clause first, citing them. */
function escalate(
  suggestions: Suggestion[],
  p: Prepared,
  input: TriageInput,
  registry: Registry,
  history: readonly HistoryEntry[],
  setOf: Map<Subject, RuleSet>,
): Suggestion[] {
  const found = suggestions.map((s) => s.ruleId);
  const party = { institution: p.match?.institution, typedInstitution: input.institutionName?.trim() || undefined, text: p.n.text };
  for (const set of new Set(setOf.values())) {
    const esc = escalationFor(set, found, history, party, registry, p.judged);
    if (!esc) continue;
    const rule = set.rules.find((r) => r.id === esc.ruleId)!;
    const lighter = suggestions.find((s) => s.ruleId === esc.escalatedFrom.ruleId)!;
    const heavier: Suggestion = {
      ruleId: rule.id,
      score: Math.max(...suggestions.map((s) => s.score)),
      subjectType: rule.subjectType,
      consequence: { tier: rule.consequence.tier, summary: rule.consequence.summary },
      matched: lighter.matched,
      escalatedFrom: esc.escalatedFrom,
    };
    return [heavier, ...suggestions.filter((s) => s.ruleId !== rule.id)].slice(0, MAX_SUGGESTIONS);
  }
  return suggestions;
}

// ───────────── registry checks ─────────────

/**
 * The registry: the name field first (exactly, then with one typo), then names inside the description as written,
 * then, `guessed`, a name in the description with one homophone.
 */
function findInstitution(input: TriageInput, n: NormalizedText, registry: Registry): { match: RegistryMatch | null; guessed: boolean } {
  const typed = input.institutionName?.trim() ? input.institutionName : undefined;
  const byName = typed ? (matchInstitutionName(registry, typed) ?? nameWithTypo(registry, typed)) : null;
  if (byName) return { match: byName, guessed: false };
  const plain = withoutPunctuation(n.text);
  const maybe = keysMaybeIn(registry, plain);
  const inText = findInstitutionsInText(registry, n.text, plain, maybe)[0] ?? looseInstitutionInText(registry, n.text, plain, maybe);
  // A two-character core found in the text (外滩 in “北外滩附近”) is weak evidence: where the reporter chose another
  // district, it names a place, not that institution.
  const district = typeof input.district === 'string' ? input.district : '';
  const yields = inText && inText.key.length <= SHORT_CORE && district && inText.institution.district && inText.institution.district !== district;
  if (inText && !yields) return { match: inText, guessed: false };
  const guess = nameWithTypoInText(registry, plain);
  return { match: guess, guessed: guess !== null };
}

/** Cores this short found in the description yield to the reporter's district. */
const SHORT_CORE = 2;
/** A name (or core) this long may be typed with one character wrong and still be recognised. */
const TYPO_MIN_LENGTH = 4;

/**
 * A name typed with one character wrong the way an input method gets it wrong (明得评价, 九洲评价, 浦江美叶评价中心): one
 * character replaced by another of the same sound, or one dropped or added, in a registry name or alias of four or
 * more characters, or in its distinctive core. Only when that points at one institution: 徐汇保健 is not 徐汇康健.
 */
function nameWithTypo(registry: Registry, typed: string): RegistryMatch | null {
  const normalized = normalizeShort(typed);
  const name = withoutPunctuation(normalized).replace(/^上海市?/, '');
  const core = coreOf(normalized);
  const found = registry.keys.filter((k) => {
    if (k.key.length >= TYPO_MIN_LENGTH && oneSlip(name, k.key)) return true;
    const other = keyCores.get(k) ?? keyCores.set(k, coreOf(k.key)).get(k)!;
    return core.length >= TYPO_MIN_LENGTH && other.length >= TYPO_MIN_LENGTH && oneSlip(core, other);
  });
  const institutions = new Set(found.map((k) => k.institution));
  return institutions.size === 1 ? { institution: found[0]!.institution, via: 'institutionName', key: found[0]!.key } : null;
}

/**
 * A registry name or alias of four or more characters written in the description with one character replaced by
 * another of the same sound (“辛庄評價站”, “启杭培训”, “九洲评价”), when that points at one institution. Only a
 * replacement: a dropped or added character in running text joins or splits ordinary words. A one-character
 * change leaves a key's first two or last two characters as they are, so only windows at those are compared.
 */
function nameWithTypoInText(registry: Registry, plain: string): RegistryMatch | null {
  let anchors = typoAnchors.get(registry);
  if (!anchors) {
    // Per two-character opening or ending: the keys that start (offset 0) or end (offset length − 2) with it.
    anchors = new GramLists(registry.keys.length);
    for (const [i, k] of registry.keys.entries()) {
      if (k.kind !== 'full' || k.key.length < TYPO_MIN_LENGTH) continue;
      anchors.add(gramCode(k.key, 0, 2), i * 2);
      anchors.add(gramCode(k.key, k.key.length - 2, k.key.length), i * 2 + 1);
    }
    typoAnchors.set(registry, anchors);
  }
  const found = new Set<Registry['keys'][number]>();
  for (let at = 0; at + 1 < plain.length; at++) {
    const entries = anchors.get(gramCode(plain, at, at + 2));
    if (!entries) continue;
    for (let j = 0; j < entries.length; j++) {
      const k = registry.keys[entries[j]! >> 1]!;
      const from = entries[j]! & 1 ? at + 2 - k.key.length : at;
      if (from >= 0 && from + k.key.length <= plain.length && oneHomophoneAt(plain, from, k.key)) found.add(k);
    }
  }
  const institutions = new Set([...found].map((k) => k.institution));
  const [first] = found;
  return institutions.size === 1 ? { institution: first!.institution, via: 'description', key: first!.key } : null;
}

/** `text` at `from` is `key` with exactly one character replaced by one of the same sound. */
function oneHomophoneAt(text: string, from: number, key: string): boolean {
  let differs = -1;
  for (let i = 0; i < key.length; i++) {
    if (text.charCodeAt(from + i) === key.charCodeAt(i)) continue;
    if (differs >= 0) return false;
    differs = i;
  }
  return differs >= 0 && sameSound(text[from + differs]!, key[differs]!);
}

/** Per registry: its typo-tolerant keys by opening and ending (nameWithTypoInText). */
const typoAnchors = new WeakMap<Registry, GramLists>();

/** The distinctive core of each registry key, worked out once per registry. */
const keyCores = new WeakMap<Registry['keys'][number], string>();

/** Readings of a character without tones (several for 多音字), looked up once per character: pinyin-pro is slow per call. */
const sounds = new Map<string, Set<string>>();
const soundsOf = (ch: string) => sounds.get(ch) ?? sounds.set(ch, new Set(pinyin(ch, { toneType: 'none', multiple: true, type: 'array' }))).get(ch)!;

/** Two characters with a reading in common (toneless). */
function sameSound(a: string, b: string): boolean {
  const other = soundsOf(b);
  return [...soundsOf(a)].some((sound) => other.has(sound));
}

/** `a` is `b` with one character replaced by a homophone, or one character dropped or added. */
function oneSlip(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1 || a === b) return false;
  if (a.length === b.length) return oneHomophoneAt(a, 0, b);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** The kinds of conduct (signals.ts) the register can show by itself. */
const UNAUTHORISED_ASSESSMENT = 'unfiled-operation';
const OUTSIDE_FILING = 'beyond-filed-scope';

/** Words saying the institution is active: assessing, enrolling, certifying. */
const ACTIVE = /(考试|考核|评价|鉴定|认定|报名|招生|发证|开班|考场|考点|组织|收费|培训)/;

/** What the registry says of the institution: flags for staff, and the same facts as model features. */
function registryFacts(match: RegistryMatch | null, n: NormalizedText, registry: Registry, occupation: string | undefined) {
  const flags: RegistryFlag[] = [];
  const facts: [string, Span[]][] = [];
  if (!match) return { flags, facts };
  const inst = match.institution;
  const keySpans = firstSpanOf(n.text, match.key);
  facts.push(['r:registered', keySpans]);
  const active = ACTIVE.test(n.text);
  // The register is itself evidence of conduct: assessing while suspended is 擅自开展评价; after termination, or
  // in an occupation not filed, it is assessing outside the filing. Each is the same feature the words give.
  if (inst.status === 'suspended') {
    flags.push({ code: 'suspended', message: `登记册显示“${inst.name}”处于评价活动暂停期间，暂停期间不得开展评价活动` });
    facts.push(['r:suspended', keySpans]);
    if (active) facts.push([`c:${UNAUTHORISED_ASSESSMENT}`, keySpans]);
  } else if (inst.status === 'terminated') {
    flags.push({ code: 'terminated', message: `登记册显示“${inst.name}”已终止备案，不得再开展评价活动` });
    facts.push(['r:terminated', keySpans]);
    if (active) facts.push([`c:${OUTSIDE_FILING}`, keySpans]);
  }
  for (const occ of occupationsIn(n.text, registry, occupation)) {
    if (inst.occupations.length && !occupationFiled(inst, occ)) {
      flags.push({ code: 'occupation-not-filed', message: `登记册中“${inst.name}”备案的职业为${inst.occupations.join('、')}，不含“${occ}”` });
      const spans = firstSpanOf(n.text, normalize(occ).text);
      facts.push(['r:occupation-not-filed', spans], [`c:${OUTSIDE_FILING}`, spans]);
      break;
    }
  }
  return { flags, facts };
}

function firstSpanOf(text: string, word: string): Span[] {
  const at = word ? text.indexOf(word) : -1;
  return at >= 0 ? [[at, at + word.length]] : [];
}

/** The occupation names looked for in a report, longest first: worked out once per registry. */
const occupationNames = new WeakMap<Registry, string[]>();

function occupationsIn(text: string, registry: Registry, extra?: string): string[] {
  let names = occupationNames.get(registry);
  if (!names) {
    const all = new Set<string>(COMMON_OCCUPATIONS);
    for (const inst of registry.institutions) for (const o of inst.occupations) all.add(o);
    names = [...all].sort((a, b) => b.length - a.length);
    occupationNames.set(registry, names);
  }
  const found: string[] = [];
  for (const name of names) {
    if (text.includes(name) && !found.some((f) => f.includes(name))) found.push(name);
  }
  if (extra && extra.trim() && !found.includes(extra.trim())) found.unshift(extra.trim());
  return found;
}

/**
 * Reporters shorten names further than the registry's aliases (“在仁和康养那边考的”): a distinctive core of four
 * or more characters counts anywhere; a shorter one only where the words around it say it is a body — a word for a
 * place or body after it, one of the occupations it has filed right after it (“恒信的叉车考试”), a word introducing
 * a name before it (“叫什么聚贤的”), “在聚贤考/买/报名”, or the name said as the last word of a sentence (“机构是宝山那边的宝联。”,
 * “…，新航线的”).
 */
function looseInstitutionInText(registry: Registry, text: string, plain: string, maybe: Uint8Array): RegistryMatch | null {
  for (const [i, k] of registry.keys.entries()) {
    // Full names and aliases of four or more characters are found by findInstitutionsInText; short aliases (数智云) are cores.
    // A key not in the text without punctuation is not in the text either (keysMaybeIn).
    if (!maybe[i] || (k.kind !== 'core' && k.key.length >= 4)) continue;
    const named = (at: number) => {
      if (deniedAt(plain, at)) return false;
      if (k.key.length >= 4) return true;
      const before = plain.slice(Math.max(0, at - 3), at);
      const after = plain.slice(at + k.key.length, at + k.key.length + FILED_OCCUPATION_REACH);
      if (NAMED_BEFORE.test(before) || (/(在|去|到)$/.test(before) && AT_BODY_AFTER.test(after))) return true;
      return BODY_AFTER.test(after) || k.institution.occupations.some((o) => after.includes(normalizeShort(o).slice(0, 2)));
    };
    for (let at = plain.indexOf(k.key); at >= 0; at = plain.indexOf(k.key, at + 1)) {
      if (named(at)) return { institution: k.institution, via: 'description', key: k.key };
    }
    if (saidLastInSentence(text, k.key)) return { institution: k.institution, via: 'description', key: k.key };
  }
  return null;
}

/** “不是石化那家” says which one it is not. */
const deniedAt = (text: string, at: number) => /(不是|并非)$/.test(text.slice(Math.max(0, at - 2), at));

/** The name as a sentence's last word, after 的/是/叫 (“…那边的宝联。”) or before 的 (“…，新航线的”). */
function saidLastInSentence(text: string, key: string): boolean {
  const endsAt = (i: number) => i === text.length || '。!?;,'.includes(text[i]!);
  for (let at = text.indexOf(key); at >= 0; at = text.indexOf(key, at + 1)) {
    const end = at + key.length;
    if ('的是叫'.includes(text[at - 1] ?? '\0') && endsAt(end) && !deniedAt(text, at)) return true;
    if (text[end] === '的' && endsAt(end + 1) && !deniedAt(text, at)) return true;
  }
  return false;
}

/** After a short core: a word pointing at a place or body. */
const BODY_AFTER = /^(那边|那里|那家|这家|那个|这个|家的|家|的考|的人|的老师|的工作人员|的员工|的客服|的老板|的前台|的招生|的销售|的地方|的微信|的群|的公众号|的广告|的官网|的抖音|的宣传|的海报)/;
/** After “在/去/到” and a short core: what one does at a body (“在天元买了个证”, “去恒信报名”). */
const AT_BODY_AFTER = /^(考|报|买|拿|办|交|上课|培训)/;
/** Before a short core: words introducing a name (“一个叫数智云的地方”). */
const NAMED_BEFORE = /(叫|叫做|名叫|叫什么)$/;
/** How far after a short core one of its filed occupations may stand (“恒信的叉车考试”: 的 between). */
const FILED_OCCUPATION_REACH = 4;

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
  // A place typed where the form asks for the institution (“嘉定一家评价站”) names the district too.
  const typed = input.institutionName ? normalize(input.institutionName) : null;
  const inName = typed ? districtInText(typed.text) : null;
  if (typed && inName) {
    const d = inName.district;
    return {
      authority: `district:${d}`,
      reason: `举报所填机构“${originalSpan(typed, inName.index, inName.index + inName.name.length)}”所在区，转${authorityName(`district:${d}`)}`,
    };
  }
  return { authority: 'municipal', reason: '未能确定机构或所在区，由上海市职业技能鉴定中心受理' };
}

// ───────────── referrals ─────────────

const DISCIPLINE = /(党员|共产党员|公职人员|公务员|干部|监察对象|事业编|在编人员|国家工作人员|公务人员|人社局的|政府部门的|街道的领导|局长|处长|科长|村干部|书记)/;
const FORGED_CERT = /(假证|伪造.{0,6}证书|伪造的?证|办假证|证书是假的|假的证书|假冒证书|克隆证书|套牌证书)/;
const MONEY_OR_RING = /(钱|元|块|收费|报酬|费用|团伙|中介|产业链|一条龙|组织|收了|赚|\d{3,})/;

function referralsOf(n: NormalizedText, features: Features): TriageResult['referrals'] {
  const out: TriageResult['referrals'] = [];
  // A concept's strong pattern, plainly said (not negated, not only supporting words).
  const f = (id: string) => (features.values.has(`c:${id}`) || features.values.has(`c:${id}:during`) ? 2 : 0);
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
