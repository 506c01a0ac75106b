import { addWorkingDays, calendarCoverage, isWorkingDay, workingDaysBetween, type ShanghaiDate } from './deadlines';

// What every deadline is counted with: mainland working days (调休 included) on Shanghai dates. A calendar
// answers only for years whose official arrangement it holds, and throws CalendarYearUnavailable otherwise.

export interface WorkingCalendar {
  /** The n-th working day after `start` (start itself never counts); n = 0: start, or the next working day. */
  addWorkingDays(start: ShanghaiDate, n: number): ShanghaiDate;
  /** Working days in (from, to]; negative when `to` is before `from`. */
  workingDaysBetween(from: ShanghaiDate, to: ShanghaiDate): number;
  isWorkingDay(date: ShanghaiDate): boolean;
  /** The years whose arrangement it holds. */
  readonly years: readonly number[];
}

/** The calendar of the `chinese-days` package data alone (the default until administrators enter a year). */
export const packageCalendar: WorkingCalendar = {
  addWorkingDays,
  workingDaysBetween,
  isWorkingDay,
  years: calendarCoverage.years,
};
