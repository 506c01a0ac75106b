import { enterableYears, entriesInForce } from './calendar-entry';
import { shanghaiDate, type ShanghaiDate } from './deadlines';
import type { CalendarEntry } from './holiday-arrangement';
import type { CalendarStore } from './ports';
import { PACKAGE_YEARS, workingCalendar, type WorkingCalendar } from './working-calendar';

// The calendar in force (package data plus the latest entry for each year), what the console says about it,
// and how a Lambda instance keeps it.

export function calendarOf(entries: readonly CalendarEntry[]): WorkingCalendar {
  return workingCalendar(entriesInForce(entries));
}

export interface CalendarYear {
  year: number;
  source: 'package' | 'entered';
  /** The entry in force, for an entered year. */
  notice?: string;
  enteredAt?: string;
  enteredBy?: string;
  /** How many entries the year has had (more than one: corrected). */
  entries?: number;
}

export interface CalendarStatus {
  /** Today in Shanghai. */
  today: ShanghaiDate;
  years: CalendarYear[];
  /** Every entry ever made, newest first; `inForce` marks the latest of each year. */
  history: (CalendarEntry & { inForce: boolean })[];
  /** This year when it is missing, and from 1 November next year when it is. */
  missing: number[];
  /** For administrators on every console page while `missing` is not empty. */
  warning: string | null;
  enterable: { from: number; to: number };
}

/** The month and day from which next year's arrangement is asked for: the notice usually comes out in November. */
const ASK_FOR_NEXT_YEAR_FROM = '11-01';

export function calendarStatus(entries: readonly CalendarEntry[], now: Date): CalendarStatus {
  const inForce = entriesInForce(entries);
  const today = shanghaiDate(now);
  const thisYear = Number(today.slice(0, 4));
  const years: CalendarYear[] = [
    ...PACKAGE_YEARS.filter((year) => !inForce.some((e) => e.year === year)).map((year) => ({ year, source: 'package' as const })),
    ...inForce.map((e) => ({
      year: e.year,
      source: 'entered' as const,
      notice: e.notice,
      enteredAt: e.enteredAt,
      enteredBy: e.enteredBy,
      entries: entries.filter((x) => x.year === e.year).length,
    })),
  ].sort((a, b) => a.year - b.year);
  const covered = new Set(years.map((y) => y.year));
  const asked = today.slice(5) >= ASK_FOR_NEXT_YEAR_FROM ? [thisYear, thisYear + 1] : [thisYear];
  const missing = asked.filter((year) => !covered.has(year));
  return {
    today,
    years,
    history: [...entries].sort((a, b) => b.enteredAt.localeCompare(a.enteredAt)).map((e) => ({ ...e, inForce: inForce.includes(e) })),
    missing,
    warning: missing.length
      ? `${missing.map((y) => `${y} 年`).join('、')}的节假日安排还没有录入，落在其中的期限无法计算。国务院办公厅的通知发布后，请在“工作日历”页录入。`
      : null,
    enterable: enterableYears(now),
  };
}

/** How long a Lambda instance keeps the calendar before reading the entries again. */
const CALENDAR_TTL_MS = 60_000;

export interface CalendarSource {
  /** The calendar in force; the entries are re-read at most once a minute, and the table rebuilt when they changed. */
  current(): Promise<WorkingCalendar>;
  /** Reads the entries again on the next call: after an entry made through this instance. */
  forget(): void;
}

export function calendarSource(store: CalendarStore, clock: () => number = Date.now): CalendarSource {
  let cached: { at: number; key: string; calendar: WorkingCalendar } | undefined;
  return {
    async current() {
      if (cached && clock() - cached.at < CALENDAR_TTL_MS) return cached.calendar;
      const entries = await store.entries();
      const key = entriesInForce(entries)
        .map((e) => `${e.year}@${e.enteredAt}`)
        .join();
      cached = { at: clock(), key, calendar: cached?.key === key ? cached.calendar : calendarOf(entries) };
      return cached.calendar;
    },
    forget() {
      if (cached) cached.at = -Infinity;
    },
  };
}
