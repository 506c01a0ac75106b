import type { QueueRow, RowSource } from '../queue';
import { SCAN_LIMIT } from '../queue';
import type { ReportState } from '../report';
import { institutionOfReport } from '../institution-key';
import { normalizeShort } from '../text';

/** The institution a report is about, as the records and the byInstitution index key it. */
export { institutionOfReport };

// Reports that may be one case: about the same institution, or telling the same thing in (nearly) the same
// words — a pasted advertisement, a group of candidates writing in together. Found with bounded reads: the
// institution's own index (newest 50), and the reports received within two weeks either side of this one, at
// most 200 per authority and SCAN_LIMIT in all, for the municipal centre across every authority. Near-identical
// is a resemblance (Jaccard of character bigrams over the words the queue row keeps) of NEAR_IDENTICAL or more.

export const NEAR_IDENTICAL = 0.6;
export const SAME_CASE_WINDOW_DAYS = 14;
const PER_AUTHORITY = 200;
const INSTITUTION_ROWS = 50;
const MAX_CANDIDATES = 20;

/** Character bigrams of a text as the queue row normalises it, punctuation and spaces left out. */
export function bigrams(normalised: string): Set<string> {
  const chars = Array.from(normalised.replace(/[\p{P}\p{S}\s]/gu, ''));
  const grams = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i]! + chars[i + 1]!);
  return grams;
}

export function resemblance(a: Set<string>, b: Set<string>): number {
  if (!a.size || !b.size) return 0;
  let shared = 0;
  for (const g of a) if (b.has(g)) shared++;
  return shared / (a.size + b.size - shared);
}

/** What the row's text filter keeps, without the tracking code it starts with. */
export function rowText(row: Pick<QueueRow, 'search' | 'trackingCode'>): string {
  const code = normalizeShort(row.trackingCode);
  return row.search.startsWith(code) ? row.search.slice(code.length) : row.search;
}

/** The same words for a stored report (queue.ts builds the row from the first 600 characters). */
export function stateText(state: Pick<ReportState, 'institutionName' | 'description'>): string {
  return normalizeShort(`${state.institutionName ?? ''} ${state.description.slice(0, 600)}`);
}

export interface SameCaseCandidate {
  trackingCode: string;
  receivedAt: string;
  status: QueueRow['status'];
  authority: string;
  institutionName?: string;
  excerpt: string;
  /** Already part of a case: the primary report's code. */
  caseOf?: string;
  sameInstitution: boolean;
  /** 0–1, where the text was compared. */
  resemblance: number;
}

export interface SameCaseSource extends RowSource {
  forInstitution(institutionName: string, limit: number): Promise<QueueRow[]>;
}

const shift = (iso: string, days: number) => new Date(Date.parse(iso) + days * 86_400_000).toISOString();

/**
 * Candidates for one case with `state`, from the authorities the user may see (and `visible` says which rows),
 * best first: same institution and resembling text, then resembling text, then the same institution.
 */
export async function sameCaseCandidates(
  source: SameCaseSource,
  state: ReportState,
  authorities: string[],
  visible: (row: QueueRow) => boolean,
): Promise<{ candidates: SameCaseCandidate[]; scanned: number; bounded: boolean }> {
  const mine = bigrams(stateText(state));
  const found = new Map<string, SameCaseCandidate>();
  const consider = (row: QueueRow, sameInstitution: boolean) => {
    if (row.trackingCode === state.trackingCode || !visible(row)) return;
    const score = resemblance(mine, bigrams(rowText(row)));
    const earlier = found.get(row.trackingCode);
    if (!sameInstitution && score < NEAR_IDENTICAL && !earlier) return;
    found.set(row.trackingCode, {
      trackingCode: row.trackingCode,
      receivedAt: row.receivedAt,
      status: row.status,
      authority: row.authority,
      ...(row.institutionName ? { institutionName: row.institutionName } : {}),
      excerpt: row.excerpt.slice(0, 60),
      ...(row.caseOf ? { caseOf: row.caseOf } : {}),
      sameInstitution: sameInstitution || Boolean(earlier?.sameInstitution),
      resemblance: Math.round(score * 100) / 100,
    });
  };
  const institution = institutionOfReport(state);
  if (institution) for (const row of await source.forInstitution(institution, INSTITUTION_ROWS)) consider(row, true);

  const window = { index: 'byAuthority' as const, newestFirst: false, from: shift(state.receivedAt, -SAME_CASE_WINDOW_DAYS), to: `${shift(state.receivedAt, SAME_CASE_WINDOW_DAYS)}~` };
  let scanned = 0;
  let bounded = false;
  for (const authority of authorities) {
    let after: string | undefined;
    for (let read = 0; read < PER_AUTHORITY; ) {
      if (scanned >= SCAN_LIMIT) {
        bounded = true;
        break;
      }
      const page = await source.rows(authority, window, after, Math.min(100, PER_AUTHORITY - read, SCAN_LIMIT - scanned));
      read += page.rows.length;
      scanned += page.rows.length;
      for (const { row } of page.rows) consider(row, false);
      if (page.done || !page.rows.length) break;
      after = page.rows.at(-1)!.position;
      if (read >= PER_AUTHORITY) bounded = true;
    }
  }
  const rank = (c: SameCaseCandidate) => (c.sameInstitution && c.resemblance >= NEAR_IDENTICAL ? 2 : c.resemblance >= NEAR_IDENTICAL ? 1 : 0);
  const candidates = [...found.values()].sort((a, b) => rank(b) - rank(a) || b.resemblance - a.resemblance || b.receivedAt.localeCompare(a.receivedAt)).slice(0, MAX_CANDIDATES);
  return { candidates, scanned, bounded };
}
