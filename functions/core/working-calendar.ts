// What every deadline is counted with: mainland working days (调休 included) on Shanghai dates. A calendar
// answers only for years whose official arrangement it holds, and throws CalendarYearUnavailable otherwise.
//
// The arrangements come from chinese-days' published data (State Council notices) and from the years
// administrators entered (calendar-entry.ts). Its runtime API builds its tables with local-time Date
// arithmetic, which shifts every date by one day when the process runs west of UTC; the prebuilt JSON of the
// same data does not depend on the host's time zone.
//
// Every answer is O(1): the calendar is built once into a table over the days of its years — for each day the
// working days so far (a cumulative count) and the last day of the run of answerable days it lies in — and
// the table's inverse, the day of the k-th working day.
import calendarData from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { CalendarYearUnavailable, dayNumber, fromDayNumber, type ShanghaiDate } from './deadlines';
import type { YearArrangement } from './holiday-arrangement';

export interface WorkingCalendar {
  /** The n-th working day after `start` (start itself never counts); n = 0: start, or the next working day. */
  addWorkingDays(start: ShanghaiDate, n: number): ShanghaiDate;
  /** Working days in (from, to]; negative when `to` is before `from`. */
  workingDaysBetween(from: ShanghaiDate, to: ShanghaiDate): number;
  isWorkingDay(date: ShanghaiDate): boolean;
  /** The years whose arrangement it holds. */
  readonly years: readonly number[];
}

/** A notice's days, as day numbers: the days off and the weekend days worked. */
interface NoticeDays {
  off: number[];
  worked: number[];
}

// ── The package's data, by the notice each date comes from ──────────────────────────────────────────────

interface CalendarData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}
const packageData: CalendarData = calendarData;

/** The year of the notice that set a date: a December date named 元旦 belongs to next year's notice. */
function noticeYearOf(date: ShanghaiDate, name: string): number {
  const year = Number(date.slice(0, 4));
  return date.slice(5, 7) === '12' && name.includes('元旦') ? year + 1 : year;
}

const PACKAGE_NOTICES: ReadonlyMap<number, NoticeDays> = (() => {
  const notices = new Map<number, NoticeDays>();
  const add = (dates: Record<string, string>, kind: keyof NoticeDays) => {
    for (const [date, name] of Object.entries(dates)) {
      const year = noticeYearOf(date, name);
      const days = notices.get(year) ?? { off: [], worked: [] };
      days[kind].push(dayNumber(date));
      notices.set(year, days);
    }
  };
  add(packageData.holidays, 'off');
  add(packageData.workdays, 'worked');
  // Every yearly notice lists 元旦 (1 January) and 国庆 (1 October); a year lacking either has no full
  // arrangement in the data (at most a neighbouring notice's spill-over) and is not covered.
  for (const year of notices.keys()) {
    if (!(`${year}-01-01` in packageData.holidays && `${year}-10-01` in packageData.holidays)) notices.delete(year);
  }
  return notices;
})();

/** The years chinese-days has a whole arrangement for. */
export const PACKAGE_YEARS: readonly number[] = Object.freeze([...PACKAGE_NOTICES.keys()].sort((a, b) => a - b));

function noticeDays(arrangement: YearArrangement): NoticeDays {
  const off: number[] = [];
  for (const range of arrangement.holidays) {
    for (let day = dayNumber(range.from); day <= dayNumber(range.to); day++) off.push(day);
  }
  return { off, worked: arrangement.workdays.map((w) => dayNumber(w.date)) };
}

// ── The calendar ────────────────────────────────────────────────────────────────────────────────────────

const weekdayOf = (day: number) => (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday; 0 is Sunday
const yearOf = (day: number) => Number(fromDayNumber(day).slice(0, 4));

/**
 * The calendar of the package data and the `entered` arrangements. An entered year takes the place of the
 * package's for that year (the package holds only years before any entry can be made, so this happens only
 * when a newer package release gains a year an administrator had entered: the entry stays in force).
 */
export function workingCalendar(entered: readonly YearArrangement[] = []): WorkingCalendar {
  const notices = new Map(PACKAGE_NOTICES);
  for (const arrangement of entered) notices.set(arrangement.year, noticeDays(arrangement));
  const years = Object.freeze([...notices.keys()].sort((a, b) => a - b));
  const covered = new Set(years);

  // Later notices are applied last: a 元旦 arrangement reaching back into December overrides that December.
  const exceptions = new Map<number, boolean>();
  for (const year of years) {
    const { off, worked } = notices.get(year)!;
    for (const day of off) exceptions.set(day, false); // 法定节假日及调休放假
    for (const day of worked) exceptions.set(day, true); // 调休上班 (a Saturday or Sunday)
  }

  // A notice's 元旦 arrangement can reach back into late December of the year before (2019's made
  // 2018-12-29 a workday and 2018-12-30/31 holidays). The earliest December day any notice has touched
  // marks where a year's dates also depend on the next year's notice.
  let reachBack = 31;
  for (const year of years) {
    for (const day of [...notices.get(year)!.off, ...notices.get(year)!.worked]) {
      if (yearOf(day) === year - 1) reachBack = Math.min(reachBack, Number(fromDayNumber(day).slice(8, 10)));
    }
  }
  const answerable = (date: ShanghaiDate) => {
    const year = Number(date.slice(0, 4));
    if (!covered.has(year)) return false;
    return !(date.slice(5, 7) === '12' && Number(date.slice(8, 10)) >= reachBack && !covered.has(year + 1));
  };
  const unavailable = (day: number) => {
    const date = fromDayNumber(day);
    const year = Number(date.slice(0, 4));
    return new CalendarYearUnavailable(covered.has(year) ? year + 1 : year, date, years);
  };

  const firstDay = years.length ? dayNumber(`${years[0]}-01-01`) : 0;
  const size = years.length ? dayNumber(`${years[years.length - 1]}-12-31`) - firstDay + 1 : 0;
  // Dates in and out are strings: kept with the table, so that a call neither parses nor formats one.
  const dates: ShanghaiDate[] = new Array<ShanghaiDate>(size);
  const indexByDate = new Map<ShanghaiDate, number>();
  const working = new Uint8Array(size);
  /** Working days among the table's days up to and including day i. */
  const cumulative = new Int32Array(size);
  /** For an answerable day, the index of the last day of its run of answerable days; -1 for any other. */
  const runEnd = new Int32Array(size).fill(-1);
  let count = 0;
  for (let i = 0; i < size; i++) {
    const day = firstDay + i;
    dates[i] = fromDayNumber(day);
    indexByDate.set(dates[i]!, i);
    if (answerable(dates[i]!)) {
      const weekday = weekdayOf(day);
      working[i] = (exceptions.get(day) ?? (weekday !== 0 && weekday !== 6)) ? 1 : 0;
      runEnd[i] = i;
    }
    count += working[i]!;
    cumulative[i] = count;
  }
  for (let i = size - 2; i >= 0; i--) if (runEnd[i] !== -1 && runEnd[i + 1] !== -1) runEnd[i] = runEnd[i + 1]!;
  /** The inverse: index of the k-th working day (k from 1). */
  const nth = new Int32Array(count + 1);
  for (let i = 0; i < size; i++) if (working[i]) nth[cumulative[i]!] = i;

  /** The table index of an answerable date; throws CalendarYearUnavailable for any other. */
  const indexOf = (date: ShanghaiDate): number => {
    const i = indexByDate.get(date);
    if (i === undefined) throw unavailable(dayNumber(date)); // outside the table, or no date at all (RangeError)
    if (runEnd[i] === -1) throw unavailable(firstDay + i);
    return i;
  };
  /** Counting past the end of a run stops at the first day the calendar cannot answer. */
  const pastRun = (i: number) => unavailable(firstDay + runEnd[i]! + 1);

  return {
    years,
    isWorkingDay: (date) => working[indexOf(date)] === 1,
    addWorkingDays(start, n) {
      if (!Number.isInteger(n) || n < 0) throw new RangeError(`工作日天数应为非负整数，收到：${n}`);
      const i = indexOf(start);
      const k = cumulative[i]! + (n === 0 ? 1 - working[i]! : n);
      if (k > count || nth[k]! > runEnd[i]!) throw pastRun(i);
      return dates[nth[k]!]!;
    },
    workingDaysBetween(from, to) {
      const a = indexOf(from);
      const b = indexOf(to);
      const [lo, hi, sign] = a <= b ? [a, b, 1] : [b, a, -1];
      if (runEnd[lo] !== runEnd[hi]) throw pastRun(lo);
      const days = cumulative[hi]! - cumulative[lo]!;
      return days === 0 ? 0 : sign * days;
    },
  };
}

/** A calendar built on its first use (building the table takes milliseconds a cold start need not spend). */
export function lazyCalendar(build: () => WorkingCalendar): WorkingCalendar {
  let built: WorkingCalendar | undefined;
  const calendar = () => (built ??= build());
  return {
    addWorkingDays: (start, n) => calendar().addWorkingDays(start, n),
    workingDaysBetween: (from, to) => calendar().workingDaysBetween(from, to),
    isWorkingDay: (date) => calendar().isWorkingDay(date),
    get years() {
      return calendar().years;
    },
  };
}

/** The calendar of the `chinese-days` package data alone (what deadlines use until administrators enter a year). */
export const packageCalendar: WorkingCalendar = lazyCalendar(() => workingCalendar());
