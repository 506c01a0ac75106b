import { addYears, DEFAULT_CYCLE_YEARS, filingCycle, type Institution } from '../registry';

// The 备案周期 (filing cycle) a date falls in, as the records and the console show it: registry.ts's
// `filingCycle` (which the engine's history uses), so that the records and the engine can never disagree, with
// how it was worked out. The registry may give the cycle per institution (`filedOn`, `cycleYears`).

export { addYears, DEFAULT_CYCLE_YEARS };

export interface FilingCycle {
  /** First day of the cycle. */
  from: string;
  /** First day after it. */
  to: string;
  /** How it was worked out, for the console. */
  basis: 'registry' | 'calendar-year';
}

export function dayBefore(iso: string): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/** The cycle [from, to) that holds `date`. A person's cycle is that of the institution they work for. */
export function filingCycleOf(institution: Institution | undefined, date: string): FilingCycle {
  return { ...filingCycle(institution, date), basis: institution?.filedOn ? 'registry' : 'calendar-year' };
}
