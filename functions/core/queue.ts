import * as z from 'zod';
import { shanghaiDate } from './deadlines';
import { SUBJECT_TYPES } from './ids';
import { STATUSES, type DueDate, type ReportState, type ReportStatus } from './report';
import { ruleById } from './rules';
import { institutionCounterKey } from './institution-key';
import { ruleIdsOf } from './rule-ids';
import { normalizeShort } from './text';

export { ruleIdsOf };

// The staff queues, answered from indexes page by page. Each report's state carries a compact row (what a queue
// line shows and what its filters read); the indexes keep that row, so a page costs one Query per authority,
// however many reports there are. Which index answers which view:
//
//   status given                → byStatus   (authority × status, newest or oldest first, received-date range)
//   sort by due, or overdue     → byDue      (open reports of an authority, next limit first; overdue = due < today)
//   otherwise                   → byAuthority (authority, newest or oldest first, received-date range)
//
// Filters no key answers (rule, tier, subject, institution, free text) are applied to the rows as they are read,
// and each request reads at most SCAN_LIMIT rows: a page that found fewer matches says how far it looked and
// carries a cursor to look further. The municipal centre's view merges its authorities' pages by cursor.

export const SCAN_LIMIT = 1000;
const EXCERPT = 80;
/** How much of the normalised description a row keeps for the text filter. */
const SEARCH_CHARS = 600;

export const queueQuerySchema = z.object({
  status: z.enum(STATUSES, { error: '状态不存在' }).optional(),
  rule: z.string().max(20).optional(),
  tier: z.string().max(40).optional(),
  subjectType: z.enum(SUBJECT_TYPES, { error: '对象类型不存在' }).optional(),
  institution: z.string().max(100).optional(),
  from: z.iso.date({ error: '开始日期应为 年-月-日' }).optional(),
  to: z.iso.date({ error: '结束日期应为 年-月-日' }).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  q: z.string().max(100).optional(),
  sort: z.enum(['newest', 'oldest', 'due']).default('newest'),
  cursor: z.string().max(4000, { error: '翻页标记太长，请回到第一页' }).optional(),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type QueueQuery = z.infer<typeof queueQuerySchema>;

/** One queue line, kept on the report's state and in the queue indexes. */
export interface QueueRow {
  trackingCode: string;
  receivedAt: string;
  status: ReportStatus;
  subjectType: ReportState['subjectType'];
  institutionName?: string;
  district?: string;
  authority: string;
  ruleIds: string[];
  tiers: string[];
  decided: boolean;
  assignee?: string;
  excerpt: string;
  due: DueDate;
  /** The reporter replied, or sent evidence, since staff last acted. */
  attention: { reporterReplied: boolean; newEvidence: boolean };
  /** The registry says the institution's evaluation is suspended (暂停) or its filing terminated (终止), per the stored triage. */
  registryFlag?: 'suspended' | 'terminated';
  /** The institution, as a short key (institution-key.ts): rows with the same key are about the same institution. */
  institutionKey?: string;
  /** Normalised code, institution and description start: what the text filter reads. */
  search: string;
  /** Merged into another report: that report's code. */
  caseOf?: string;
  /** An earlier report it looked like when filed. */
  duplicate?: { of: string; why: 'institution' | 'text' };
}

/** 暂停 or 终止 from the stored triage's registry flags (or the registry status it recorded). */
function registryFlagOf(state: Pick<ReportState, 'triage'>): Pick<QueueRow, 'registryFlag'> {
  const registry = state.triage?.registry as { status?: string; flags?: { code?: string }[] } | undefined;
  const codes = new Set([registry?.status, ...(registry?.flags ?? []).map((f) => f.code)]);
  if (codes.has('terminated')) return { registryFlag: 'terminated' };
  if (codes.has('suspended')) return { registryFlag: 'suspended' };
  return {};
}

export function queueRowOf(state: ReportState): QueueRow {
  const ruleIds = ruleIdsOf(state).slice(0, 5);
  const institutionKey = institutionCounterKey(state);
  return {
    trackingCode: state.trackingCode,
    receivedAt: state.receivedAt,
    status: state.status,
    subjectType: state.subjectType,
    ...(state.institutionName ? { institutionName: state.institutionName } : {}),
    ...(state.district ? { district: state.district } : {}),
    authority: state.route.authority,
    ruleIds,
    tiers: [...new Set(ruleIds.flatMap((id) => ruleById(id)?.consequence.tier ?? []))],
    decided: Boolean(state.decision),
    ...(state.assignee ? { assignee: state.assignee.name } : {}),
    excerpt: state.description.slice(0, EXCERPT),
    due: state.due,
    attention: { reporterReplied: Boolean(state.attention.reporterReplied), newEvidence: Boolean(state.attention.newEvidence) },
    ...registryFlagOf(state),
    ...(institutionKey ? { institutionKey } : {}),
    search: normalizeShort(`${state.trackingCode} ${state.institutionName ?? ''} ${state.description.slice(0, SEARCH_CHARS)} ${state.imageText?.slice(0, SEARCH_CHARS) ?? ''}`.trim()),
    ...(state.caseOf ? { caseOf: state.caseOf } : {}),
    ...(state.duplicate ? { duplicate: state.duplicate } : {}),
  };
}

export const isOverdue = (row: Pick<QueueRow, 'due' | 'status'>, today: string) => row.status !== 'closed' && row.due.next !== null && row.due.next < today;

/** The filters no key answers, applied to rows as they are read. Traditional and full-width input match. */
export function rowFilter(query: QueueQuery, today: string): (row: QueueRow) => boolean {
  const institution = query.institution?.trim() ? normalizeShort(query.institution) : undefined;
  const text = query.q?.trim() ? normalizeShort(query.q) : undefined;
  return (row) =>
    (!query.status || row.status === query.status) &&
    (!query.rule || row.ruleIds.includes(query.rule)) &&
    (!query.tier || row.tiers.includes(query.tier)) &&
    (!query.subjectType || row.subjectType === query.subjectType) &&
    (!institution || normalizeShort(row.institutionName ?? '').includes(institution)) &&
    (!text || row.search.includes(text)) &&
    (!query.from || shanghaiDate(row.receivedAt) >= query.from) &&
    (!query.to || shanghaiDate(row.receivedAt) <= query.to) &&
    (!query.overdue || isOverdue(row, today) === (query.overdue === 'true'));
}

/**
 * Which index a query is read from, and the part of it the keys select. `from`/`to` bound the receipt instant
 * (UTC ISO, as the positions begin), from the start of the `from` day to the end of the `to` day in Shanghai.
 */
export type QueueIndex =
  | { index: 'byStatus'; status: ReportStatus; newestFirst: boolean; from?: string; to?: string }
  | { index: 'byAuthority'; newestFirst: boolean; from?: string; to?: string }
  | { index: 'byDue'; before?: string };

const dayStart = (day: string) => new Date(Date.parse(`${day}T00:00:00+08:00`)).toISOString();

export function indexFor(query: QueueQuery, today: string): QueueIndex {
  if (query.sort === 'due' || query.overdue === 'true') return { index: 'byDue', ...(query.overdue === 'true' ? { before: today } : {}) };
  const range = {
    newestFirst: query.sort !== 'oldest',
    ...(query.from ? { from: dayStart(query.from) } : {}),
    // Up to, not including, the start of the next day ('~' sorts after every position of the day).
    ...(query.to ? { to: `${new Date(Date.parse(dayStart(query.to)) + 86_400_000 - 1).toISOString()}~` } : {}),
  };
  return query.status ? { index: 'byStatus', status: query.status, ...range } : { index: 'byAuthority', ...range };
}

/** Rows of one authority's index, in index order, from a position. */
export interface RowSource {
  rows(authority: string, index: QueueIndex, after: string | undefined, limit: number): Promise<{ rows: { row: QueueRow; position: string }[]; done: boolean }>;
}

export interface QueuePage {
  items: QueueRow[];
  /** Present when there may be more: pass it back as `cursor`. */
  cursor?: string;
  /** Rows read to answer this page (at most SCAN_LIMIT). */
  scanned: number;
  /** True when the filters could not fill the page within SCAN_LIMIT rows: look further with the cursor. */
  bounded: boolean;
}

interface Cursor {
  /** Per authority: the index position last consumed; null once that authority's rows are exhausted. */
  at: Record<string, string | null>;
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(raw: string | undefined, authorities: string[]): Cursor {
  if (!raw) return { at: {} };
  try {
    const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Cursor;
    if (parsed && typeof parsed.at === 'object') return { at: Object.fromEntries(authorities.filter((a) => a in parsed.at).map((a) => [a, parsed.at[a] ?? null])) };
  } catch {
    // fall through
  }
  throw new QueueCursorInvalid();
}

export class QueueCursorInvalid extends Error {}

/**
 * One page of a queue over one or more authorities: each authority's index is read in batches and the rows are
 * merged in index order (positions compare as strings in every index), filtered, and cut at the page size.
 */
export async function queuePage(source: RowSource, authorities: string[], query: QueueQuery, today: string): Promise<QueuePage> {
  const index = indexFor(query, today);
  const keep = rowFilter(query, today);
  const cursor = decodeCursor(query.cursor, authorities);
  const ascending = index.index === 'byDue' || !index.newestFirst;
  const batch = Math.min(100, query.pageSize + 1);
  type Stream = { authority: string; buffer: { row: QueueRow; position: string }[]; after: string | undefined; done: boolean };
  const streams: Stream[] = authorities
    .filter((a) => cursor.at[a] !== null)
    .map((authority) => ({ authority, buffer: [], after: cursor.at[authority] ?? undefined, done: false }));
  let scanned = 0;
  const refill = async (stream: Stream) => {
    const { rows, done } = await source.rows(stream.authority, index, stream.after, batch);
    scanned += rows.length;
    stream.buffer.push(...rows);
    stream.done = done;
    if (rows.length) stream.after = rows[rows.length - 1]!.position;
  };
  const items: QueueRow[] = [];
  const consumed: Record<string, string | null> = { ...cursor.at };
  await Promise.all(streams.map(refill));
  while (items.length < query.pageSize && scanned <= SCAN_LIMIT) {
    await Promise.all(streams.filter((s) => !s.buffer.length && !s.done).map(refill));
    const live = streams.filter((s) => s.buffer.length);
    if (!live.length) break;
    const next = live.reduce((best, s) => {
      const a = s.buffer[0]!.position;
      const b = best.buffer[0]!.position;
      return (ascending ? a < b : a > b) ? s : best;
    });
    const { row, position } = next.buffer.shift()!;
    consumed[next.authority] = position;
    if (keep(row)) items.push(row);
  }
  for (const s of streams) if (s.done && !s.buffer.length) consumed[s.authority] = null;
  const more = streams.some((s) => s.buffer.length || !s.done);
  return {
    items,
    ...(more ? { cursor: encodeCursor({ at: consumed }) } : {}),
    scanned,
    bounded: more && items.length < query.pageSize,
  };
}
