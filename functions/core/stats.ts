import { shanghaiDate } from './deadlines';
import { DISTRICT_NAMES, SUBJECT_TYPE_NAMES, authorityName, type AuthorityNames, type District, type SubjectType } from './ids';
import { ruleIdsOf } from './rule-ids';
import { FEEDBACK_NAMES, STATUS_NAMES, type FeedbackRating, type ReportState, type ReportStatus } from './report';
import { CHANNEL_NAMES, type Channel } from './schemas/report';
import { institutionCounterKey } from './institution-key';

// Statistics from aggregates kept as reports change: each report contributes a set of counter keys to the
// counters of the Shanghai day it was received on, under its authority and under ALL (the municipal total), and
// to an all-time total; an open report also counts in the item of its next due date, so that overdue and due-soon
// counts add up a few hundred date items instead of counting the backlog, and its institution in an item of the day
// of its own (repeat institutions). A change moves the report's keys (old −1, new +1); figures for a date range are the sum
// of that range's day counters — so their cost follows the number of days asked for, not the number of reports.
// `npm run stats:rebuild` recomputes every counter from the reports, exact.

export const ALL = 'ALL';
/** Days from receipt to a step are counted up to here; longer ones share the last bucket. */
const MAX_DAYS = 60;

const daysBetween = (fromIso: string, toIso: string) => Math.round((Date.parse(shanghaiDate(toIso)) - Date.parse(shanghaiDate(fromIso))) / 86_400_000);

/** What a report has reached, as counted: 已认定 / 不予认定 once concluded that way (and kept after 办结). */
function finding(state: ReportState): 'confirmed' | 'not-confirmed' | undefined {
  if (state.milestones.confirmedAt) return 'confirmed';
  if (state.status === 'not-confirmed' || (state.status === 'closed' && state.milestones.concludedAt && !state.milestones.confirmedAt)) return 'not-confirmed';
  return undefined;
}

/** The counter keys one report adds to its day and authority. */
export function counterKeys(state: ReportState): string[] {
  const keys = ['n', `s:${state.status}`, `j:${state.subjectType}`, `d:${state.district ?? '-'}`, `c:${state.channel}`, `u:${state.route.authority}`];
  const rule = ruleIdsOf(state)[0];
  if (rule) keys.push(`r:${rule}`);
  if (state.anonymous) keys.push('a');
  const found = finding(state);
  if (found) keys.push(`f:${found}`);
  if (state.feedback) keys.push(`v:${state.feedback.rating}`);
  const { acknowledgedAt, firstReplyAt, concludedAt } = state.milestones;
  const bucket = (at: string) => Math.min(MAX_DAYS, Math.max(0, daysBetween(state.receivedAt, at)));
  if (acknowledgedAt) keys.push(`t:ack:${bucket(acknowledgedAt)}`);
  if (firstReplyAt) keys.push(`t:reply:${bucket(firstReplyAt)}`);
  if (concludedAt) keys.push(`t:done:${bucket(concludedAt)}`);
  if (state.milestones.closedAt) keys.push(`t:close:${bucket(state.milestones.closedAt)}`);
  const institution = institutionCounterKey(state);
  if (institution) keys.push(`i:${institution}`);
  return keys;
}

/**
 * Institution items of a month are split by the institution's key into this many shards, so that no item grows past
 * an eighth of the month's institutions (DynamoDB's 400 KB holds ~10,000 keys an item).
 */
export const INSTITUTION_SHARDS = 8;

/** FNV-1a of the key, modulo the shards: the same institution always counts in the same shard. */
function shardOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % INSTITUTION_SHARDS;
}

/** One counter item's changes: +1 / −1 per key. */
export interface CounterDelta {
  /** An authority id, or ALL. */
  partition: string;
  /**
   * `D#<day of receipt>`, `M#<month>`, `TOTAL`, `DUE#<due date>` (open reports by their next due date), `I#<day>` and
   * `IM#<month>#<shard>` (institutions).
   */
  bucket: string;
  add: Record<string, number>;
}

/**
 * The counter items a report counts in: its day and its month of receipt and the total, and while open its next due
 * date. Months let a range's figures add a few dozen items; days are read for a range's ragged ends only.
 */
function bucketsOf(state: ReportState): string[] {
  const day = shanghaiDate(state.receivedAt);
  const institution = institutionCounterKey(state);
  return [
    `D#${day}`,
    `M#${day.slice(0, 7)}`,
    'TOTAL',
    ...(institution ? [`I#${day}`, `IM#${day.slice(0, 7)}#${shardOf(institution)}`] : []),
    ...(state.status !== 'closed' && state.due.next ? [`DUE#${state.due.next}`] : []),
  ];
}

/**
 * Which of a report's keys an item counts: a due-date item how many fall due that day; an institution item (`I#<day>`,
 * `IM#<month>#<shard>`) the institution only (`i:<key>`), and no other item does — one key per institution named would
 * make a month's or the all-time item grow with the institutions, and reports naming many made-up ones could fill
 * it. Repeat institutions cost the distinct institutions of each month asked for (shards), plus the ragged ends' days.
 */
function keysFor(bucket: string, keys: string[]): string[] {
  if (bucket.startsWith('DUE#')) return ['n'];
  if (bucket.startsWith('I#') || bucket.startsWith('IM#')) return keys.filter((k) => k.startsWith('i:'));
  return keys.filter((k) => !k.startsWith('i:'));
}

/**
 * The sort-key ranges [lo, hi] of the institution items whose sum is the range [from, to]: the month shards of its
 * whole months (all of them when the range is open at both ends) and the day items of its ragged ends.
 */
export function institutionRanges(from: string | undefined, to: string | undefined, today: string): [string, string][] {
  if (!from && !to) return [['IM#', 'IM#~']];
  const buckets = rangeBuckets(from, to, today);
  const months = buckets.filter((b) => b.startsWith('M#')).map((b) => b.slice(2));
  const days = buckets.filter((b) => b.startsWith('D#')).map((b) => b.slice(2));
  const ranges: [string, string][] = [];
  const dayRange = (list: string[]) => list.length && ranges.push([`I#${list[0]}`, `I#${list.at(-1)}`]);
  if (!months.length) {
    dayRange(days);
    return ranges;
  }
  dayRange(days.filter((d) => d < months[0]!));
  ranges.push([`IM#${months[0]}`, `IM#${months.at(-1)}#~`]);
  dayRange(days.filter((d) => d > months.at(-1)!));
  return ranges;
}

/**
 * The counter items whose sum is the range [from, to] (Shanghai days of receipt): the total when the range is open at
 * both ends, else the whole months inside it and the days of its ragged ends. `today` closes an open end.
 */
export function rangeBuckets(from: string | undefined, to: string | undefined, today: string, firstDay = '2000-01-01'): string[] {
  if (!from && !to) return ['TOTAL'];
  const start = from ?? firstDay;
  const end = to ?? today;
  const buckets: string[] = [];
  const next = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const lastOfMonth = (day: string) => new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)), 0)).toISOString().slice(0, 10);
  for (let day = start; day <= end; ) {
    if (day.endsWith('-01') && lastOfMonth(day) <= end) {
      buckets.push(`M#${day.slice(0, 7)}`);
      day = next(lastOfMonth(day));
    } else {
      buckets.push(`D#${day}`);
      day = next(day);
    }
  }
  return buckets;
}

/** How the counters move when a report goes from `before` (none: a new report) to `after`. */
export function counterDeltas(before: ReportState | undefined, after: ReportState): CounterDelta[] {
  const moves = new Map<string, CounterDelta>();
  const apply = (state: ReportState, sign: 1 | -1) => {
    const keys = counterKeys(state);
    for (const partition of [state.route.authority, ALL]) {
      for (const bucket of bucketsOf(state)) {
        const id = `${partition}|${bucket}`;
        const delta = moves.get(id) ?? { partition, bucket, add: {} };
        for (const key of keysFor(bucket, keys)) delta.add[key] = (delta.add[key] ?? 0) + sign;
        moves.set(id, delta);
      }
    }
  };
  if (before) apply(before, -1);
  apply(after, 1);
  return [...moves.values()]
    .map((d) => ({ ...d, add: Object.fromEntries(Object.entries(d.add).filter(([, n]) => n !== 0)) }))
    .filter((d) => Object.keys(d.add).length > 0);
}

/** Counters summed over a set of day items (or one total item). */
export type Counters = Record<string, number>;

export function sumCounters(items: Counters[]): Counters {
  const sum: Counters = {};
  for (const item of items) for (const [k, v] of Object.entries(item)) sum[k] = (sum[k] ?? 0) + v;
  return sum;
}

const named = (counters: Counters, prefix: string, name: (id: string) => string) =>
  Object.entries(counters)
    .filter(([k, v]) => k.startsWith(prefix) && v > 0)
    .map(([k, count]) => ({ id: k.slice(prefix.length), name: name(k.slice(prefix.length)), count }))
    .sort((a, b) => b.count - a.count || a.id.localeCompare(b.id));

/** The median of a histogram of days (keys `t:<kind>:<days>`), or null when nothing reached that step. */
function medianDays(counters: Counters, kind: string): number | null {
  const buckets = Object.entries(counters)
    .filter(([k, v]) => k.startsWith(`t:${kind}:`) && v > 0)
    .map(([k, v]) => [Number(k.split(':')[2]), v] as const)
    .sort((a, b) => a[0] - b[0]);
  const total = buckets.reduce((s, [, v]) => s + v, 0);
  if (!total) return null;
  let seen = 0;
  for (const [days, count] of buckets) {
    seen += count;
    if (seen * 2 >= total) return days;
  }
  return null;
}

function repeats(counters: Counters): Figures['repeatInstitutions'] {
  let institutions = 0;
  let reports = 0;
  for (const [k, v] of Object.entries(counters)) {
    if (k.startsWith('i:') && v >= 2) {
      institutions++;
      reports += v;
    }
  }
  return { institutions, reports };
}

const weekOf = (day: string) => {
  // ISO week, Monday first: the Monday's date names the week.
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
};

export interface Figures {
  from: string | null;
  to: string | null;
  total: number;
  anonymousShare: number;
  /** Of reports concluded 已认定 or 不予认定, the share 已认定. */
  confirmedShare: number | null;
  byStatus: { id: string; name: string; count: number }[];
  byRule: { id: string; name: string; count: number }[];
  bySubject: { id: string; name: string; count: number }[];
  byDistrict: { id: string; name: string; count: number }[];
  byAuthority: { id: string; name: string; count: number }[];
  byChannel: { id: string; name: string; count: number }[];
  /** 回访: the reporters' answers after 办结. */
  byFeedback: { id: string; name: string; count: number }[];
  byMonth: { id: string; name: string; count: number }[];
  byWeek: { id: string; name: string; count: number }[];
  /** Median calendar days from receipt to 受理, to the first reply, to 认定/转办, to 办结. */
  medianDays: { acknowledge: number | null; firstReply: number | null; conclusion: number | null; closing: number | null };
  /** Institutions named by two or more of the range's reports, and how many reports those are. */
  repeatInstitutions: { institutions: number; reports: number };
}

/**
 * The figures of a date range: the breakdowns from the range's counters summed (`rangeBuckets`), the weekly and monthly
 * series from each day's count of reports received (`daily`: day → n), repeat institutions from the range's
 * institution items summed (`institutions`); industry departments named by `names`.
 */
export function figures(range: Counters, daily: Map<string, number>, from: string | null, to: string | null, names?: AuthorityNames, institutions: Counters = {}): Figures {
  const sum = range;
  const total = sum.n ?? 0;
  const byPeriod = (period: (day: string) => string) => {
    const counts = new Map<string, number>();
    for (const [day, n] of daily) if (n) counts.set(period(day), (counts.get(period(day)) ?? 0) + n);
    return [...counts].sort((a, b) => a[0].localeCompare(b[0])).map(([id, count]) => ({ id, name: id, count }));
  };
  const concluded = (sum['f:confirmed'] ?? 0) + (sum['f:not-confirmed'] ?? 0);
  return {
    from,
    to,
    total,
    anonymousShare: total ? (sum.a ?? 0) / total : 0,
    confirmedShare: concluded ? (sum['f:confirmed'] ?? 0) / concluded : null,
    byStatus: named(sum, 's:', (id) => STATUS_NAMES[id as ReportStatus] ?? id),
    byRule: named(sum, 'r:', (id) => id).slice(0, 20),
    bySubject: named(sum, 'j:', (id) => SUBJECT_TYPE_NAMES[id as SubjectType] ?? id),
    byDistrict: named(sum, 'd:', (id) => (id === '-' ? '未填写' : (DISTRICT_NAMES[id as District] ?? id))),
    byAuthority: named(sum, 'u:', (id) => authorityName(id, names)),
    byChannel: named(sum, 'c:', (id) => CHANNEL_NAMES[id as Channel] ?? id),
    byFeedback: named(sum, 'v:', (id) => FEEDBACK_NAMES[id as FeedbackRating] ?? id),
    byMonth: byPeriod((day) => day.slice(0, 7)),
    byWeek: byPeriod(weekOf),
    medianDays: { acknowledge: medianDays(sum, 'ack'), firstReply: medianDays(sum, 'reply'), conclusion: medianDays(sum, 'done'), closing: medianDays(sum, 'close') },
    repeatInstitutions: repeats(institutions),
  };
}

/** The Sunday that ends this week (Monday-first weeks), as a Shanghai date. */
export function endOfWeek(today: string): string {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + ((7 - d.getUTCDay()) % 7));
  return d.toISOString().slice(0, 10);
}
const dayAfter = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** The figures of one view of the dashboard, with what is overdue and due this week as of today. */
export interface Dashboard extends Figures {
  /** The authority whose reports these are (`municipal`: every report). */
  authority: string;
  authorityName: string;
  overdue: number;
  dueThisWeek: number;
}

export interface DashboardSource {
  sumBuckets(partition: string, buckets: string[]): Promise<Counters>;
  dailyTotals(partition: string, from?: string, to?: string): Promise<Map<string, number>>;
  dueCounters(partition: string, through: string): Promise<Map<string, Counters>>;
  /** The institution items in these sort-key ranges (institutionRanges), summed. */
  institutionCounters(partition: string, ranges: [string, string][]): Promise<Counters>;
}

/** The counter partition of an authority's view: the municipal centre's is the whole city's. */
export const partitionOf = (authority: string) => (authority === 'municipal' ? ALL : authority);

/**
 * The dashboard of `authority` (municipal: the whole city) for [from, to]: the range's month and day items, each
 * day's count, the range's institution items and the due-date items up to the end of this week.
 */
export async function dashboard(
  source: DashboardSource,
  view: { authority: string; from?: string; to?: string; today: string; names?: AuthorityNames },
): Promise<Dashboard> {
  const partition = partitionOf(view.authority);
  const weekEnd = endOfWeek(view.today);
  const [range, daily, institutions, due] = await Promise.all([
    source.sumBuckets(partition, rangeBuckets(view.from, view.to, view.today)),
    source.dailyTotals(partition, view.from, view.to),
    source.institutionCounters(partition, institutionRanges(view.from, view.to, view.today)),
    source.dueCounters(partition, weekEnd),
  ]);
  const overdue = dueBefore(due, view.today);
  return {
    authority: view.authority,
    authorityName: authorityName(view.authority, view.names),
    ...figures(range, daily, view.from ?? null, view.to ?? null, view.names, institutions),
    overdue,
    dueThisWeek: dueBefore(due, dayAfter(weekEnd)) - overdue,
  };
}

/** Open reports due before `date` (exclusive), from the due-date items. */
export function dueBefore(dueItems: Map<string, Counters>, date: string): number {
  let n = 0;
  for (const [day, c] of dueItems) if (day < date) n += c.n ?? 0;
  return n;
}
