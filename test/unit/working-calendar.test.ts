import * as chineseDays from 'chinese-days';
import calendarData from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import { checkYearEntry, yearEntrySchema } from '../../functions/core/calendar-entry';
import { CalendarYearUnavailable, dayNumber, fromDayNumber } from '../../functions/core/deadlines';
import type { YearArrangement } from '../../functions/core/holiday-arrangement';
import { PACKAGE_YEARS, packageCalendar, workingCalendar } from '../../functions/core/working-calendar';
import { FICTIONAL_2098, FICTIONAL_2099, LATE_2098 } from '../fixtures/fictional-calendar';

// The table calendar against a day-by-day count written from the raw data, and the entered years.

const arrangementOf = (fixture: typeof FICTIONAL_2098): YearArrangement => checkYearEntry(yearEntrySchema.parse(fixture), [], LATE_2098).arrangement;
const entered = [arrangementOf(FICTIONAL_2098), arrangementOf(FICTIONAL_2099)];
const withEntries = workingCalendar(entered);

/** Working or not, straight from the package JSON and the fixture's arrangements (no table). */
function referenceIsWorking(date: string): boolean {
  const arrangement = entered.find((a) => a.holidays.some((h) => date >= h.from && date <= h.to) || a.workdays.some((w) => w.date === date));
  if (arrangement) return arrangement.workdays.some((w) => w.date === date);
  if (date in calendarData.workdays) return true;
  if (date in calendarData.holidays) return false;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** The runs of days the calendar with the entries answers for: next year's 元旦 may move 12-29 … 12-31 of the last. */
const RUNS = [
  [dayNumber('2004-01-01'), dayNumber('2026-12-28')],
  [dayNumber('2098-01-01'), dayNumber('2099-12-28')],
] as const;

/** The same questions answered day by day, as the calendar did before the table. */
const dayByDay = {
  between(from: number, to: number): number {
    const [lo, hi, sign] = from <= to ? [from, to, 1] : [to, from, -1];
    let count = 0;
    for (let d = lo + 1; d <= hi; d++) if (referenceIsWorking(fromDayNumber(d))) count++;
    return count === 0 ? 0 : sign * count;
  },
  add(start: number, n: number): number {
    let day = start;
    if (n === 0) {
      while (!referenceIsWorking(fromDayNumber(day))) day++;
      return day;
    }
    for (let left = n; left > 0; ) if (referenceIsWorking(fromDayNumber(++day))) left--;
    return day;
  },
};

/** A fixed pseudo-random sequence (mulberry32), so that a failure can be repeated. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('the precomputed table', () => {
  it('says what the package says for every day of every package year', () => {
    expect(PACKAGE_YEARS[0]).toBe(2004);
    expect(PACKAGE_YEARS).toEqual(Array.from({ length: PACKAGE_YEARS.length }, (_, i) => 2004 + i));
    // The package's runtime tables shift by a day west of UTC; compare only where they are right.
    if (new Date(2025, 0, 1).getTimezoneOffset() > 0) return;
    for (let day = RUNS[0][0]; day <= RUNS[0][1]; day++) {
      const date = fromDayNumber(day);
      expect(packageCalendar.isWorkingDay(date), date).toBe(chineseDays.isWorkday(date));
    }
  });

  it('agrees with the day-by-day count on 3,000 sampled day pairs in every covered year, entered ones included', () => {
    const next = random(2098);
    const within = ([first, last]: readonly [number, number], around: number, reach: number) =>
      Math.min(last, Math.max(first, around + Math.round((next() * 2 - 1) * reach)));
    for (let i = 0; i < 3000; i++) {
      const run = RUNS[i % 2]!;
      const from = within(run, run[0], run[1] - run[0]);
      // Mostly the spans deadlines have; every tenth pair anywhere in the run.
      const to = within(run, from, i % 10 === 0 ? run[1] - run[0] : 400);
      const [a, b] = [fromDayNumber(from), fromDayNumber(to)];
      expect(withEntries.workingDaysBetween(a, b), `${a} → ${b}`).toBe(dayByDay.between(from, to));
    }
  }, 30_000); // 3,000 day-by-day counts: slow on a busy machine

  it('inverts the count: addWorkingDays agrees with counting forward day by day, n = 0 … 40', () => {
    const next = random(7);
    for (let i = 0; i < 2000; i++) {
      const [first, last] = RUNS[i % 2]!;
      // Far enough from the run's end that 40 working days fit.
      const start = first + Math.floor(next() * (last - 70 - first));
      const n = Math.floor(next() * 41);
      const date = fromDayNumber(start);
      expect(withEntries.addWorkingDays(date, n), `${date} + ${n}`).toBe(fromDayNumber(dayByDay.add(start, n)));
      if (n > 0) expect(withEntries.workingDaysBetween(date, withEntries.addWorkingDays(date, n))).toBe(n);
    }
  });

  it('refuses what the day-by-day count refused, with the same year and date', () => {
    const refusal = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return e instanceof CalendarYearUnavailable ? { year: e.year, date: e.date } : e;
      }
      return 'answered';
    };
    // Counting from December 2026 stops at 2026-12-29, which the missing 2027 元旦 may move.
    expect(refusal(() => packageCalendar.addWorkingDays('2026-12-10', 15))).toEqual({ year: 2027, date: '2026-12-29' });
    expect(refusal(() => packageCalendar.workingDaysBetween('2026-12-01', '2027-01-10'))).toEqual({ year: 2027, date: '2027-01-10' });
    expect(refusal(() => packageCalendar.workingDaysBetween('2026-12-01', '2026-12-28'))).toBe('answered');
    expect(refusal(() => packageCalendar.isWorkingDay('2003-06-02'))).toEqual({ year: 2003, date: '2003-06-02' });
    // Between two entered years and the package, the gap years are missing.
    expect(refusal(() => withEntries.workingDaysBetween('2026-06-01', '2098-06-01'))).toEqual({ year: 2027, date: '2026-12-29' });
    expect(refusal(() => withEntries.isWorkingDay('2097-05-06'))).toEqual({ year: 2097, date: '2097-05-06' });
    expect(refusal(() => withEntries.addWorkingDays('2099-12-20', 10))).toEqual({ year: 2100, date: '2099-12-29' });
  });

  it('refuses malformed dates and bad counts as before', () => {
    expect(() => withEntries.isWorkingDay('2098-02-29')).toThrow(/YYYY-MM-DD/);
    expect(() => withEntries.addWorkingDays('2098-03-02', -1)).toThrow(RangeError);
    expect(() => withEntries.addWorkingDays('2098-03-02', 2.5)).toThrow('工作日天数应为非负整数');
  });
});

describe('entered years', () => {
  it('are counted with: 调休 Sundays worked, the festival off', () => {
    expect(() => packageCalendar.isWorkingDay('2098-01-26')).toThrow(CalendarYearUnavailable);
    const calendar = workingCalendar([entered[0]!]);
    expect(calendar.years).toEqual([...PACKAGE_YEARS, 2098]);
    expect(calendar.isWorkingDay('2098-01-26')).toBe(true); // a Sunday worked for 春节
    expect(calendar.isWorkingDay('2098-02-03')).toBe(false); // a Monday of 春节
    expect(calendar.isWorkingDay('2098-02-10')).toBe(true);
    expect(calendar.addWorkingDays('2098-01-30', 1)).toBe('2098-02-08'); // the 调休 Saturday after the holiday
    // Building one calendar changes no other: the package calendar still lacks 2098.
    expect(() => packageCalendar.isWorkingDay('2098-02-10')).toThrow('请管理员在后台“工作日历”页录入 2098 年的节假日安排');
  });

  it('say what is missing: a gap year, and the years after the last one', () => {
    const calendar = workingCalendar([entered[0]!]);
    expect(() => calendar.isWorkingDay('2097-05-06')).toThrow('缺少 2097 年的节假日安排，无法计算 2097 年的工作日期限，请管理员在后台“工作日历”页录入 2097 年的节假日安排');
    expect(() => calendar.isWorkingDay('2099-05-06')).toThrow('节假日安排只到 2098 年，无法计算 2099 年的工作日期限');
  });

  it('take the place of the package for a year both hold', () => {
    // As if a later package release gained a year an administrator had entered: the entry stays in force.
    const onlyNewYear: YearArrangement = { year: 2026, holidays: [{ festivals: ['元旦'], from: '2026-01-01', to: '2026-01-01' }], workdays: [] };
    const calendar = workingCalendar([onlyNewYear]);
    expect(packageCalendar.isWorkingDay('2026-02-16')).toBe(false);
    expect(calendar.isWorkingDay('2026-02-16')).toBe(true);
    expect(calendar.isWorkingDay('2026-01-02')).toBe(true);
    expect(calendar.years).toEqual(PACKAGE_YEARS);
  });
});

describe('the December reach-back', () => {
  it('late December waits for next year’s 元旦 arrangement, which may move it', () => {
    const only2098 = workingCalendar([entered[0]!]);
    expect(only2098.isWorkingDay('2098-12-26')).toBe(true);
    expect(() => only2098.isWorkingDay('2098-12-29')).toThrow('2098-12-29 可能受 2099 年元旦放假调休安排影响，而 2099 年的节假日安排还没有录入');
    expect(() => only2098.addWorkingDays('2098-12-15', 15)).toThrow(CalendarYearUnavailable);
    // With 2099 entered: 2098-12-31 (a Wednesday) is off for 2099's 元旦, and 2099-01-03 (a Saturday) is worked.
    expect(withEntries.isWorkingDay('2098-12-29')).toBe(true);
    expect(withEntries.isWorkingDay('2098-12-31')).toBe(false);
    expect(withEntries.isWorkingDay('2099-01-03')).toBe(true);
    expect(withEntries.addWorkingDays('2098-12-15', 15)).toBe('2099-01-06');
  });

  it('reaches back as far as any notice did: 12-29 in the package (2018-12-29 was worked for 2019)', () => {
    expect(packageCalendar.isWorkingDay('2018-12-29')).toBe(true);
    expect(packageCalendar.isWorkingDay('2018-12-31')).toBe(false);
    expect(() => packageCalendar.isWorkingDay('2026-12-28')).not.toThrow();
    expect(() => packageCalendar.isWorkingDay('2026-12-29')).toThrow(CalendarYearUnavailable);
    // An entry reaching further back (to 2098-12-27) makes every year's December wait from that day on.
    const further: YearArrangement = { ...entered[1]!, workdays: [...entered[1]!.workdays, { date: '2098-12-27', festivals: ['元旦'] }] };
    const calendar = workingCalendar([entered[0]!, further]);
    expect(calendar.isWorkingDay('2098-12-27')).toBe(true);
    expect(() => calendar.isWorkingDay('2099-12-27')).toThrow('可能受 2100 年元旦放假调休安排影响');
    expect(() => calendar.isWorkingDay('2026-12-27')).toThrow(CalendarYearUnavailable);
  });
});
