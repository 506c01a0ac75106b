import { createHash } from 'node:crypto';
import type { ReportState } from './report';
import { normalizeShort } from './text';

/** The institution a report is about: the registry's name where the stored triage matched one, else the name typed. */
export function institutionOfReport(state: Pick<ReportState, 'triage' | 'institutionName'>): string | undefined {
  const matched = (state.triage?.registry as { name?: unknown } | undefined)?.name;
  return typeof matched === 'string' && matched ? matched : state.institutionName;
}

/**
 * The institution a report is about (institutionOfReport), as one short key: without punctuation, 上海(市) or the legal form (明德评价有限公司 ~ 明德评价).
 * Hashed to 10 characters, so that a day's counter item and a queue row stay small however long the name.
 * (Statistics count repeat institutions with it; the queue flags likely duplicates with it.)
 */
export function institutionCounterKey(state: Pick<ReportState, 'institutionName' | 'triage'>): string | undefined {
  const name = institutionOfReport(state);
  if (!name) return undefined;
  const key = normalizeShort(name)
    .replace(/[\p{P}\p{S}\s]/gu, '')
    .replace(/^上海市?/, '')
    .replace(/(股份有限公司|有限责任公司|有限公司|公司)$/, '');
  if (key.length < 2) return undefined;
  return createHash('sha256').update(key).digest('base64url').slice(0, 10);
}
