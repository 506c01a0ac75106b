// The institution registry (CONTRACT.md “Institution registry”): parse and validate the CSV, and find an
// institution the way reporters name it — short forms, aliases, traditional characters, full-width letters,
// stray spaces, a missing 上海 / 有限公司, or a name that only appears inside the description.
import { parse } from 'csv-parse/sync';
import { DISTRICT_IDS, isAuthorityId, type AuthorityId, type District } from './ids';
import { normalizeShort, unitTest } from './text';
import { gramCode, GramLists } from './gram-table';

export const REGISTRY_STATUSES = ['active', 'suspended', 'terminated'] as const;
export type RegistryStatus = (typeof REGISTRY_STATUSES)[number];
export const REGISTRY_STATUS_NAMES: Record<RegistryStatus, string> = {
  active: '正常',
  suspended: '评价活动暂停',
  terminated: '终止备案',
};

export const REGISTRY_COLUMNS = ['name', 'aliases', 'creditCode', 'district', 'authority', 'occupations', 'status'] as const;
/**
 * Optional columns after the fixed ones: the start of the institution's current filing (备案) and the length of
 * its 备案周期 in years. The 细则 counts repeat offences “在一个备案周期内”; see filingCycle.
 */
export const REGISTRY_OPTIONAL_COLUMNS = ['filedOn', 'cycleYears'] as const;

export interface Institution {
  name: string;
  aliases: string[];
  creditCode: string;
  district: District | '';
  authority: AuthorityId;
  occupations: string[];
  status: RegistryStatus;
  /** ISO date the current filing (备案) started, where the registry says. */
  filedOn?: string;
  /** Years a 备案周期 lasts, where the registry says. */
  cycleYears?: number;
}

export interface RegistryIssue {
  /** 1-based line of the CSV file. */
  line: number;
  message: string;
}

export interface RegistryParseResult {
  institutions: Institution[];
  errors: RegistryIssue[];
}

interface Key {
  key: string;
  /** exact: the whole name or alias; core: the distinctive part only (e.g. 明德), trusted less. */
  kind: 'full' | 'core';
  institution: Institution;
}

export interface Registry {
  institutions: readonly Institution[];
  keys: readonly Key[];
}

export interface RegistryMatch {
  institution: Institution;
  /** Where the name was found. */
  via: 'institutionName' | 'description';
  /** The key that matched, normalised. */
  key: string;
}

export class RegistryError extends Error {
  constructor(readonly issues: RegistryIssue[]) {
    super(issues.map((i) => `第${i.line}行：${i.message}`).join('\n'));
    this.name = 'RegistryError';
  }
}

const splitList = (v: string) =>
  v
    .split('|')
    .map((s) => s.trim())
    .filter(Boolean);

/** Parses and validates a registry CSV. Errors carry the CSV line number and say what to fix. */
export function parseRegistryCsv(csv: string): RegistryParseResult {
  const errors: RegistryIssue[] = [];
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(csv.replace(/^\ufeff/, ''), {
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (err) {
    const e = err as { lines?: number; message?: string };
    return { institutions: [], errors: [{ line: e.lines ?? 1, message: `CSV 格式错误：${e.message ?? String(err)}` }] };
  }
  if (rows.length === 0) return { institutions: [], errors: [{ line: 1, message: '文件为空，缺少表头行' }] };
  const header = rows[0]!.record.map((h) => h.trim());
  const missing = REGISTRY_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) {
    return {
      institutions: [],
      errors: [{ line: rows[0]!.info.lines, message: `表头缺少列：${missing.join('、')}（应为 ${REGISTRY_COLUMNS.join(',')}）` }],
    };
  }
  const col = Object.fromEntries([...REGISTRY_COLUMNS, ...REGISTRY_OPTIONAL_COLUMNS].map((c) => [c, header.indexOf(c)])) as Record<
    (typeof REGISTRY_COLUMNS)[number] | (typeof REGISTRY_OPTIONAL_COLUMNS)[number],
    number
  >;
  const institutions: Institution[] = [];
  const seenNames = new Map<string, number>();
  const seenCodes = new Map<string, number>();
  for (const { record, info } of rows.slice(1)) {
    const line = info.lines;
    const get = (c: keyof typeof col) => (col[c] < 0 ? '' : (record[col[c]] ?? '').trim());
    const before = errors.length;
    if (record.length !== header.length) {
      errors.push({ line, message: `列数应为 ${header.length}，实际为 ${record.length}` });
      continue;
    }
    const name = get('name');
    if (!name) errors.push({ line, message: '机构名称（name）不能为空' });
    const district = get('district');
    if (district && !(DISTRICT_IDS as readonly string[]).includes(district)) {
      errors.push({ line, message: `所在区（district）“${district}”无效，应为 ${DISTRICT_IDS.join('、')} 之一或留空` });
    }
    const authority = get('authority');
    if (!authority) errors.push({ line, message: '主管部门（authority）不能为空' });
    else if (!isAuthorityId(authority)) {
      errors.push({ line, message: `主管部门（authority）“${authority}”无效，应为 municipal、district:<区> 或 industry:<代码>` });
    }
    const status = get('status');
    if (!(REGISTRY_STATUSES as readonly string[]).includes(status)) {
      errors.push({ line, message: `状态（status）“${status}”无效，应为 active、suspended 或 terminated` });
    }
    const creditCode = get('creditCode');
    if (creditCode && !/^[0-9A-Z]{18}$/.test(creditCode)) {
      errors.push({ line, message: `统一社会信用代码（creditCode）“${creditCode}”应为 18 位数字或大写字母` });
    }
    const filedOn = get('filedOn');
    if (filedOn && !(/^\d{4}-\d{2}-\d{2}$/.test(filedOn) && !Number.isNaN(Date.parse(filedOn)))) {
      errors.push({ line, message: `备案日期（filedOn）“${filedOn}”应为 YYYY-MM-DD 格式的日期或留空` });
    }
    const cycleYears = get('cycleYears');
    if (cycleYears && !/^[1-9]\d?$/.test(cycleYears)) {
      errors.push({ line, message: `备案周期年数（cycleYears）“${cycleYears}”应为 1–99 的整数或留空` });
    }
    if (name) {
      const key = normalizeShort(name);
      const prev = seenNames.get(key);
      if (prev !== undefined) errors.push({ line, message: `机构名称“${name}”与第${prev}行重复` });
      else seenNames.set(key, line);
    }
    if (creditCode) {
      const prev = seenCodes.get(creditCode);
      if (prev !== undefined) errors.push({ line, message: `统一社会信用代码“${creditCode}”与第${prev}行重复` });
      else seenCodes.set(creditCode, line);
    }
    if (errors.length > before) continue;
    institutions.push({
      name,
      aliases: splitList(get('aliases')),
      creditCode,
      district: district as District | '',
      authority: authority as AuthorityId,
      occupations: splitList(get('occupations')),
      status: status as RegistryStatus,
      ...(filedOn ? { filedOn } : {}),
      ...(cycleYears ? { cycleYears: Number(cycleYears) } : {}),
    });
  }
  if (rows.length === 1) errors.push({ line: rows[0]!.info.lines, message: '只有表头，没有机构记录' });
  // An alias that names two institutions cannot route anything: say so.
  const aliasOwner = new Map<string, string>();
  for (const inst of institutions) {
    for (const a of [inst.name, ...inst.aliases]) {
      const k = stripName(normalizeShort(a));
      const owner = aliasOwner.get(k);
      if (owner && owner !== inst.name) {
        errors.push({ line: seenNames.get(normalizeShort(inst.name)) ?? 1, message: `简称“${a}”同时指向“${owner}”和“${inst.name}”，请区分` });
      } else aliasOwner.set(k, inst.name);
    }
  }
  return { institutions, errors };
}

/** Parses a registry CSV and builds the matcher; throws RegistryError listing every problem. */
export function registryFromCsv(csv: string): Registry {
  const { institutions, errors } = parseRegistryCsv(csv);
  if (errors.length) throw new RegistryError(errors);
  return createRegistry(institutions);
}

// Words that say what kind of body it is, not which one.
const LEGAL_FORM = /(股份有限公司|有限责任公司|有限公司|集团|公司)/g;
const GENERIC =
  /(上海市|上海|职业技能等级认定|职业技能评价|职业技能鉴定|技能人才评价|技能评价|职业技能|职业培训|评价中心|评价站|评价机构|鉴定站|鉴定所|培训中心|培训学校|考核站|考核点|评价|中心|学校|学院|机构|职业|技能|\(.*?\)|（.*?）)/g;

const PUNCTUATION_OR_SYMBOL = /[\p{P}\p{S}]/gu;
const punctuationOrSymbol = unitTest(/[\p{P}\p{S}]/u);
const SURROGATE = /[\ud800-\udfff]/;

/** A normalised text as names are looked for in it: without punctuation or symbols (“明德·评价” holds 明德评价). */
export function withoutPunctuation(text: string): string {
  // Unit by unit, each unit's class remembered (a Unicode-class replace over a whole report is slow); a text with
  // characters beyond the basic plane (emoji are symbols) goes through the replace.
  if (SURROGATE.test(text)) return text.replace(PUNCTUATION_OR_SYMBOL, '');
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    if (!punctuationOrSymbol(text.charCodeAt(i))) continue;
    out += text.slice(from, i);
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

/** Name without punctuation, 上海/上海市 prefix and legal-form words. */
function stripName(n: string): string {
  return withoutPunctuation(n).replace(/^上海市?/, '').replace(LEGAL_FORM, '');
}

/** The distinctive part of a normalised name: no 上海, legal form or words that say what kind of body it is. */
export function coreOf(n: string): string {
  return stripName(n).replace(GENERIC, '').replace(/[站所点部]$/, '');
}

export function createRegistry(institutions: Institution[]): Registry {
  const keys: Key[] = [];
  for (const institution of institutions) {
    const seen = new Set<string>();
    const add = (key: string, kind: Key['kind']) => {
      if (key.length < 2 || seen.has(key)) return;
      seen.add(key);
      keys.push({ key, kind, institution });
    };
    for (const raw of [institution.name, ...institution.aliases]) {
      const n = withoutPunctuation(normalizeShort(raw));
      add(n, 'full');
      add(stripName(n), 'full');
    }
    for (const raw of [institution.name, ...institution.aliases]) add(coreOf(normalizeShort(raw)), 'core');
  }
  // Longest keys first: the most specific name wins.
  keys.sort((a, b) => b.key.length - a.key.length || (a.kind === 'full' ? -1 : 1));
  // A core shared by two institutions identifies neither.
  const coreOwners = new Map<string, Set<string>>();
  for (const k of keys) if (k.kind === 'core') (coreOwners.get(k.key) ?? coreOwners.set(k.key, new Set()).get(k.key)!).add(k.institution.name);
  const unique = keys.filter((k) => k.kind === 'full' || coreOwners.get(k.key)!.size === 1);
  return { institutions, keys: unique };
}

/** Matches what a reporter typed in the institution-name field. */
export function matchInstitutionName(registry: Registry, typed: string): RegistryMatch | null {
  const raw = withoutPunctuation(normalizeShort(typed));
  if (raw.length < 2) return null;
  const field = stripName(raw);
  for (const k of registry.keys) {
    if (k.kind === 'full' && (k.key === raw || k.key === field)) return { institution: k.institution, via: 'institutionName', key: k.key };
  }
  for (const k of registry.keys) {
    if (k.kind === 'full' && k.key.length >= 4 && (raw.includes(k.key) || (field.length >= 4 && k.key.includes(field))))
      return { institution: k.institution, via: 'institutionName', key: k.key };
  }
  const fieldCore = coreOf(raw);
  for (const k of registry.keys) {
    if (k.kind !== 'core') continue;
    if (fieldCore === k.key || (k.key.length >= 2 && raw.includes(k.key) && fieldCore.length <= k.key.length + 4))
      return { institution: k.institution, via: 'institutionName', key: k.key };
  }
  return null;
}

const ORG_WORD = /^.{0,4}?(评价|鉴定|机构|学校|培训|公司|中心|考点|考核站|集团)/;

/** Per registry, its keys (by index) under the code of their first two characters, and the keys looked at always. */
const keysByOpening = new WeakMap<Registry, { byOpening: GramLists; always: number[] }>();

/**
 * Which keys (by index) may stand in a text without punctuation: those whose first two characters stand together
 * in it, and any key too short or holding punctuation, always. A registry of hundreds of institutions is then
 * looked through with a handful of searches, not one per key.
 */
export function keysMaybeIn(registry: Registry, plain: string): Uint8Array {
  let index = keysByOpening.get(registry);
  if (!index) {
    index = { byOpening: new GramLists(registry.keys.length), always: [] };
    for (const [i, { key }] of registry.keys.entries()) {
      if (key.length < 2 || /[\p{P}\p{S}\0]/u.test(key)) index.always.push(i);
      else index.byOpening.add(gramCode(key, 0, 2), i);
    }
    keysByOpening.set(registry, index);
  }
  const maybe = new Uint8Array(registry.keys.length);
  for (const i of index.always) maybe[i] = 1;
  for (let at = 0; at + 1 < plain.length; at++) {
    const keys = index.byOpening.get(gramCode(plain, at, at + 2));
    if (!keys) continue;
    for (let j = 0; j < keys.length; j++) maybe[keys[j]!] = 1;
  }
  return maybe;
}

/** Institutions named inside a normalised description (see text.ts normalize). */
export function findInstitutionsInText(
  registry: Registry,
  normalizedText: string,
  text = withoutPunctuation(normalizedText),
  maybe = keysMaybeIn(registry, text),
): RegistryMatch[] {
  const found: RegistryMatch[] = [];
  for (const [i, k] of registry.keys.entries()) {
    if (!maybe[i] || found.some((f) => f.institution === k.institution)) continue;
    let at = text.indexOf(k.key);
    if (k.kind === 'full') {
      // Two-character names are too easy to hit by accident; a registered name or alias of three (新航线, 数智云)
      // is typed bare, as reporters do.
      if (at >= 0 && k.key.length >= 3) found.push({ institution: k.institution, via: 'description', key: k.key });
      continue;
    }
    // A bare core (e.g. 明德) counts only when followed by a word saying it is an organisation.
    while (at >= 0) {
      if (ORG_WORD.test(text.slice(at + k.key.length, at + k.key.length + 8))) {
        found.push({ institution: k.institution, via: 'description', key: k.key });
        break;
      }
      at = text.indexOf(k.key, at + 1);
    }
  }
  return found;
}

/** Occupations a filed list covers, compared loosely (育婴员 ~ 育婴师). */
export function occupationFiled(institution: Institution, occupation: string): boolean {
  const stem = (s: string) => {
    const n = normalizeShort(s);
    return n.length > 2 ? n.replace(/[员师工]$/, '') : n;
  };
  const want = stem(occupation);
  return institution.occupations.some((o) => {
    const have = stem(o);
    return have === want || (want.length >= 2 && (have.includes(want) || want.includes(have)));
  });
}

/**
 * Years of a 备案周期 when the registry gives a filing date but no length. The 细则 does not fix the length; three
 * years is the usual term of a 评价机构's filing in Shanghai, and the registry column overrides it per institution.
 */
export const DEFAULT_CYCLE_YEARS = 3;

/** An ISO date `years` later (29 February becomes 28 February in a common year). */
export function addYears(iso: string, years: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const year = y + years;
  const last = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/**
 * The 备案周期 [from, to) that holds `date`: counted in whole cycles from the filing date. Without a filing date it
 * is the calendar year of `date`, the narrowest period the phrase can mean, so that a decision from an earlier
 * cycle is never counted as if it were in this one.
 */
export function filingCycle(institution: Pick<Institution, 'filedOn' | 'cycleYears'> | undefined, date: string): { from: string; to: string } {
  if (!institution?.filedOn) return { from: `${date.slice(0, 4)}-01-01`, to: `${String(Number(date.slice(0, 4)) + 1).padStart(4, '0')}-01-01` };
  const years = institution.cycleYears ?? DEFAULT_CYCLE_YEARS;
  let from = institution.filedOn;
  while (date < from) from = addYears(from, -years);
  while (date >= addYears(from, years)) from = addYears(from, years);
  return { from, to: addYears(from, years) };
}
