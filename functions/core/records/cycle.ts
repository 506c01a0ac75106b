import type { Institution } from '../registry';

// The 备案周期 (filing cycle) a date falls in. The 细则 counts repeat offences “在一个备案周期内” but fixes no length.
// The registry may give it per institution in two optional columns after the fixed ones, `filedOn` (the day the
// current filing started) and `cycleYears` (the triage branch adds them to registry parsing). This is the one
// function the records, the console and the history passed to triage ask; once registry.ts has its own
// `filingCycle`, this should simply return it, so that the records and the engine can never disagree.

/** Years of a 备案周期 when the registry gives a filing date but no length: the usual term of a filing in Shanghai. */
export const DEFAULT_CYCLE_YEARS = 3;

export interface FilingCycle {
  /** First day of the cycle. */
  from: string;
  /** First day after it. */
  to: string;
  /** How it was worked out, for the console. */
  basis: 'registry' | 'calendar-year';
}

/** An ISO date `years` later (29 February becomes 28 February in a common year). */
export function addYears(iso: string, years: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const year = y + years;
  const last = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export function dayBefore(iso: string): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/**
 * The cycle [from, to) that holds `date`: whole cycles counted from the filing date. Without a filing date it is
 * the calendar year of `date` — the narrowest reading, so that a decision of an earlier cycle is never counted as
 * if it fell in this one. A person's cycle is that of the institution they work for.
 */
export function filingCycleOf(institution: Institution | undefined, date: string): FilingCycle {
  const filing = institution as (Institution & { filedOn?: string; cycleYears?: number }) | undefined;
  if (!filing?.filedOn) return { from: `${date.slice(0, 4)}-01-01`, to: `${String(Number(date.slice(0, 4)) + 1).padStart(4, '0')}-01-01`, basis: 'calendar-year' };
  const years = filing.cycleYears ?? DEFAULT_CYCLE_YEARS;
  let from = filing.filedOn;
  while (date < from) from = addYears(from, -years);
  while (date >= addYears(from, years)) from = addYears(from, years);
  return { from, to: addYears(from, years), basis: 'registry' };
}
