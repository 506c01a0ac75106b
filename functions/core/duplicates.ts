import { institutionCounterKey, institutionOfReport } from './institution-key';
import { queueRowOf, type QueueIndex, type QueueRow } from './queue';
import type { ReportState } from './report';
import { bigrams, resemblance } from './records/same-case';
import { normalizeShort } from './text';

// Likely duplicates, as a queue signal: a report about the same institution as an earlier one received within two
// weeks of it, or whose words are nearly the same as those of one its office received then. Worked out once, when a
// report is filed (likelyDuplicate), and kept on it: a queue page reads no neighbours, whatever its sort order.
// Bounded: the reports about the institution (at most NEIGHBOURS, any office) and what its office received in the two
// weeks before it (at most NEIGHBOURS), never the whole queue. The staff decide; the signal only says where to look.

export const DUPLICATE_WINDOW_DAYS = 14;
export const NEIGHBOURS = 100;
/** Share of character pairs two descriptions have in common (Jaccard) from which they count as nearly the same. */
export const NEAR_IDENTICAL = 0.8;
/** Shorter texts say too little to be compared. */
const MIN_CHARS = 12;

export interface DuplicateSignal {
  /** The other report (the earlier one where there are several). */
  of: string;
  why: 'institution' | 'text';
}

const DAY = 86_400_000;

/** The row's description as the text filter keeps it, without the tracking code and the institution it starts with. */
function wordsOf(row: QueueRow): string {
  let text = row.search;
  for (const prefix of [normalizeShort(row.trackingCode), normalizeShort(row.institutionName ?? '')]) {
    text = text.trimStart();
    if (prefix && text.startsWith(prefix)) text = text.slice(prefix.length);
  }
  return text.replace(/[\p{P}\p{S}\s]/gu, '');
}

/** Rows written before rows kept their key: the key from the name the reporter typed. */
const keyOf = (row: QueueRow) => row.institutionKey ?? institutionCounterKey({ institutionName: row.institutionName, triage: null });

/** For each of `rows` that looks like a duplicate of another of `rows` or of `neighbours`, the report it looks like and why. */
export function duplicateSignals(page: QueueRow[], neighbours: QueueRow[]): Map<string, DuplicateSignal> {
  const candidates = new Map<string, QueueRow>();
  for (const row of [...page, ...neighbours]) candidates.set(row.trackingCode, row);
  const words = new Map<string, Set<string>>();
  const wordsFor = (row: QueueRow) => {
    let set = words.get(row.trackingCode);
    if (!set) {
      const text = wordsOf(row);
      words.set(row.trackingCode, (set = text.length >= MIN_CHARS ? bigrams(text) : new Set()));
    }
    return set;
  };
  const found = new Map<string, DuplicateSignal>();
  for (const row of page) {
    const at = Date.parse(row.receivedAt);
    const key = keyOf(row);
    let best: { other: QueueRow; why: DuplicateSignal['why'] } | undefined;
    for (const other of candidates.values()) {
      if (other.trackingCode === row.trackingCode || Math.abs(Date.parse(other.receivedAt) - at) > DUPLICATE_WINDOW_DAYS * DAY) continue;
      const why = key && keyOf(other) === key ? 'institution' : resemblance(wordsFor(row), wordsFor(other)) >= NEAR_IDENTICAL ? 'text' : undefined;
      if (!why) continue;
      // Nearly the same words say more than the same institution; then the earlier report.
      if (!best || (why === 'text' && best.why === 'institution') || (why === best.why && other.receivedAt < best.other.receivedAt)) best = { other, why };
    }
    if (best) found.set(row.trackingCode, { of: best.other.trackingCode, why: best.why });
  }
  return found;
}

/** Where a new report's likely duplicates are looked for: the report indexes (ports.ts, queue.ts). */
export interface DuplicateSource {
  forInstitution(institutionName: string, limit: number): Promise<QueueRow[]>;
  rows(authority: string, index: QueueIndex, after: string | undefined, limit: number): Promise<{ rows: { row: QueueRow }[] }>;
}

/** The earlier report a report being filed looks like, if any: what its queue row shows. */
export async function likelyDuplicate(source: DuplicateSource, state: ReportState): Promise<DuplicateSignal | undefined> {
  const row = queueRowOf(state);
  const institution = institutionOfReport(state);
  const from = new Date(Date.parse(state.receivedAt) - DUPLICATE_WINDOW_DAYS * DAY).toISOString();
  const [sameInstitution, sameOffice] = await Promise.all([
    institution ? source.forInstitution(institution, NEIGHBOURS) : [],
    source.rows(state.route.authority, { index: 'byAuthority', newestFirst: true, from, to: `${state.receivedAt}~` }, undefined, NEIGHBOURS),
  ]);
  const earlier = [...sameInstitution, ...sameOffice.rows.map((r) => r.row)].filter((r) => r.receivedAt <= state.receivedAt && !r.caseOf);
  return duplicateSignals([row], earlier).get(row.trackingCode);
}
