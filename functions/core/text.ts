// Text normalisation for matching what reporters type: traditional → simplified, full-width → half-width,
// lower case, stray spaces dropped, and common pinyin / English fragments rewritten into the Chinese words
// the signals are written in. Every normalised character keeps the span of the original it came from, so a
// match in the normalised text can be quoted back exactly as the reporter wrote it.
import OpenCC from 'opencc-js/t2cn';

// The converter's tables are built on first use (tens of milliseconds), not when the module is imported.
let converter: ((input: string) => string) | undefined;
// undefined: not read yet; null: the dictionaries were not found, so every text is converted.
let changing: Uint8Array | null | undefined;
const toSimplified = (input: string): string => {
  converter ??= OpenCC.Converter({ from: 't', to: 'cn' });
  if (changing === undefined) changing = changingUnits(OpenCC.Locale.configs?.t2s);
  return !changing || holdsTraditional(input, changing) ? converter(input) : input;
};

/**
 * Only a text holding a character the converter changes by itself is converted. A text typed in simplified
 * characters is left as typed: the converter's phrase entries would misread it, for they are written for
 * traditional text, where 坏 is the brick 坯 and 沈 the verb 沉 (打坏 → 打坯, 一坏 → 一坯, 沈思 → 沉思), but here 坏
 * is “broken” and 沈 a surname.
 */
function holdsTraditional(text: string, units: Uint8Array): boolean {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    // Characters beyond the basic plane (surrogates) are left to the converter.
    if (units[unit] || (unit >= 0xd800 && unit <= 0xdfff)) return true;
  }
  return false;
}

/** The entries of the converter's dictionaries ("k v|k v" strings, or [k, v] pairs, in groups and chains). */
function entriesOf(dict: unknown, out: [string, string][]): [string, string][] {
  if (typeof dict === 'string') {
    for (const entry of dict.split('|')) {
      const [k, v] = entry.split(' ');
      if (k) out.push([k, v ?? '']);
    }
  } else if (Array.isArray(dict)) {
    const pair = dict.length === 2 && dict.every((x) => typeof x === 'string' && !x.includes(' '));
    if (pair) out.push([dict[0] as string, dict[1] as string]);
    else for (const d of dict) entriesOf(d, out);
  }
  return out;
}

/** Per unit, 1 for a character the converter changes alone; null where the package's dictionaries are not found. */
function changingUnits(config: { conversionChain?: unknown; normalizationChain?: unknown } | undefined): Uint8Array | null {
  const entries = config?.conversionChain ? entriesOf([config.conversionChain, config.normalizationChain ?? []], []) : [];
  if (!entries.length) return null;
  const units = new Uint8Array(65536);
  for (const [k, v] of entries) if (k.length === 1 && k !== v) units[k.charCodeAt(0)] = 1;
  return units;
}

export interface NormalizedText {
  /** The original text, unchanged. */
  original: string;
  /** The normalised text the signals run on. */
  text: string;
  /** For each UTF-16 unit of `text`, the [start, end) span of `original` it stems from. */
  starts: number[];
  ends: number[];
}

/** Traditional → simplified, keeping one output unit per input unit where the converter allows it. */
export function t2s(input: string): string {
  return toSimplified(input);
}

/** Full-width letters, digits and punctuation, and the ideographic space, as their half-width forms. */
function toHalfWidth(input: string): string {
  return input.replace(/[\u3000\uff01-\uff5e]/g, (ch) => (ch === '\u3000' ? ' ' : String.fromCharCode(ch.charCodeAt(0) - 0xfee0)));
}

/** Pinyin and English fragments people mix in, and what they mean in the signals' words. */
const FRAGMENTS: [RegExp, string][] = [
  [/\b(?:100\s*%|100\s*percent)\s*(?:pass(?:\s*rate)?|通过)/g, '包过'],
  [/\bpass\s*rate\s*(?:of\s*)?100\s*%/g, '包过'],
  [/\b(?:guaranteed?|sure|promised?)\s*(?:to\s*)?pass(?:ing)?\b/g, '包过'],
  [/\bpass\s*guaranteed\b/g, '包过'],
  [/\bmoney[-\s]*back\b/g, '退钱'],
  [/\bfull\s*refund\b/g, '全额退款'],
  [/\brefund(?:ed|s)?\b/g, '退款'],
  [/\b(?:no\s*(?:need\s*(?:to\s*)?(?:take|sit|attend)?\s*(?:an?\s*|the\s*)?)?|without\s*(?:taking\s*|sitting\s*|attending\s*|doing\s*)?(?:an?\s*|the\s*|any\s*)?|skip\s*(?:the\s*)?)(?:exams?|tests?)\b/g, '不用考试'],
  // “bought a 高级电工 certificate”: words of the trade may sit between.
  [/\b(?:buy(?:ing)?|bought|purchas(?:e|ed|ing))\b[^.!?。，,]{0,24}?\b(?:certificates?|certs?)\b/g, '买证'],
  [/\b(?:fake|forged|counterfeit|bogus)\s*(?:certificates?|certs?)\b/g, '假证'],
  [/\b(?:buy(?:ing)?|bought|sell(?:ing)?|sold)\s*(?:an?\s*|the\s*)?(?:certificates?|certs?)\b/g, '买证'],
  [/\b(?:leak(?:ed|ing)?\s*(?:the\s*)?(?:exam\s*)?(?:questions?|papers?|answers?)|(?:exam\s*)?(?:questions?|papers?|answers?)\s*(?:were\s*)?leak(?:ed|s)?)\b/g, '泄题'],
  [/\bcheat(?:ing|ed|s)?\b/g, '作弊'],
  [/\b(?:impersonat(?:e|ion|ing|ed)|proxy\s*(?:exam|test)(?:\s*taker)?|stand[-\s]*in)\b/g, '替考'],
  [/\bearphones?\b|\bearbuds?\b|\bbluetooth\s*(?:earpiece|headset)\b/g, '耳机'],
  [/\bcertificates?\b|\bcerts?\b/g, '证书'],
  [/\banswers?\b/g, '答案'],
  [/\bexams?\b|\btests?\b/g, '考试'],
  [/\bexaminers?\b/g, '考评员'],
  [/\bbao\s*guo\b|\bbao(?=过)|(?<=包)guo\b/g, '包过'],
  [/\bbao\s*na\s*zheng\b/g, '包拿证'],
  [/\bti\s*kao\b/g, '替考'],
  [/\bdai\s*kao\b/g, '代考'],
  [/\bzuo\s*bi\b/g, '作弊'],
  [/\bjia\s*zheng\b/g, '假证'],
  [/\bmai\s*zheng\b/g, '买证'],
  [/\bqiang\s*shou\b/g, '枪手'],
  [/\bxie\s*ti\b/g, '泄题'],
  [/\bkao\s*ping\s*yuan\b/g, '考评员'],
  [/\bbu\s*yong\s*kao(?:\s*shi)?\b/g, '不用考试'],
  [/\bna\s*zheng\b/g, '拿证'],
  [/\bvx\b|\bwx\b|\bwechat\b/g, '微信'],
];

// Every fragment holds a Latin letter, save “100 % 通过”: a report with neither is left unchanged by all of them.
const MAY_HOLD_FRAGMENT = /[a-z]|100/;

/** Whitespace and zero-width characters, dropped from the normalised text. */
const DROPPED = /[\s\u200b-\u200d\ufeff]/;
const DROPPED_ALL = new RegExp(DROPPED.source, 'g');

/**
 * A character class's test of one UTF-16 unit, remembered per unit: running a regular expression per character of
 * a report is slow.
 */
export function unitTest(re: RegExp): (unit: number) => boolean {
  const known = new Uint8Array(65536); // 1: in the class, 2: not, 0: not asked yet
  return (unit) => (known[unit] ||= re.test(String.fromCharCode(unit)) ? 1 : 2) === 1;
}
const dropped = unitTest(DROPPED);

/**
 * Normalises a description for matching. `text` is lower-case simplified Chinese with half-width
 * letters and digits, no whitespace, and pinyin/English fragments rewritten.
 */
export function normalize(original: string): NormalizedText {
  // Step 1: per-unit conversions, keeping a 1:1 map where possible.
  let simplified = toSimplified(original);
  if (simplified.length !== original.length) {
    // A phrase conversion changed the length: convert unit by unit instead so positions stay aligned.
    simplified = Array.from(original, (ch) => {
      const s = toSimplified(ch);
      return s.length === ch.length ? s : ch;
    }).join('');
  }
  const half = toHalfWidth(simplified);
  let s = half.toLowerCase();
  // Lower-casing can lengthen a character (İ → i̇): then character by character, as for the converter.
  if (s.length !== half.length) {
    s = Array.from(half, (ch) => {
      const lower = ch.toLowerCase();
      return lower.length === ch.length ? lower : ch;
    }).join('');
  }
  // Until a fragment is rewritten, unit k of `s` stems from unit k of the original: the map is made when needed.
  let mapped = false;
  let starts: number[] = [];
  let ends: number[] = [];
  const map = () => {
    if (mapped) return;
    mapped = true;
    starts = Array.from({ length: s.length }, (_, i) => i);
    ends = Array.from({ length: s.length }, (_, i) => i + 1);
  };

  // Step 2: rewrite fragments, each replacement spanning the original it replaces.
  for (const [re, replacement] of MAY_HOLD_FRAGMENT.test(s) ? FRAGMENTS : []) {
    re.lastIndex = 0;
    if (!re.test(s)) continue;
    re.lastIndex = 0;
    map();
    let out = '';
    const ns: number[] = [];
    const ne: number[] = [];
    let last = 0;
    for (const m of s.matchAll(re)) {
      const at = m.index;
      for (let k = last; k < at; k++) {
        out += s[k];
        ns.push(starts[k]!);
        ne.push(ends[k]!);
      }
      if (m[0].length === 0) continue;
      const spanStart = starts[at]!;
      const spanEnd = ends[at + m[0].length - 1]!;
      for (const ch of replacement) {
        out += ch;
        ns.push(spanStart);
        ne.push(spanEnd);
      }
      last = at + m[0].length;
    }
    for (let k = last; k < s.length; k++) {
      out += s[k];
      ns.push(starts[k]!);
      ne.push(ends[k]!);
    }
    s = out;
    starts = ns;
    ends = ne;
  }

  // Step 3: drop whitespace and zero-width characters.
  if (!DROPPED.test(s)) {
    map();
    return { original, text: s, starts, ends };
  }
  const fs: number[] = [];
  const fe: number[] = [];
  for (let k = 0; k < s.length; k++) {
    if (dropped(s.charCodeAt(k))) continue;
    fs.push(mapped ? starts[k]! : k);
    fe.push(mapped ? ends[k]! : k + 1);
  }
  return { original, text: s.replace(DROPPED_ALL, ''), starts: fs, ends: fe };
}

/** The original substring behind normalised positions [from, to). */
export function originalSpan(n: NormalizedText, from: number, to: number): string {
  if (to <= from || from >= n.starts.length) return '';
  const a = n.starts[from]!;
  const b = n.ends[Math.min(to, n.ends.length) - 1]!;
  return n.original.slice(a, b).trim();
}

/** Normalisation for short strings such as institution names: no span map. */
export function normalizeShort(input: string): string {
  return normalize(input).text;
}
