import * as z from 'zod';
import { dayNumber, fromDayNumber, shanghaiDate, type ShanghaiDate } from './deadlines';
import { FESTIVALS, type CalendarEntry, type Festival, type HolidayRange, type YearArrangement } from './holiday-arrangement';
import { parseHolidayNotice, type ParsedNotice } from './holiday-notice';
import { optionalText, text } from './schemas/common';
import { PACKAGE_YEARS } from './working-calendar';

// An administrator's entry of a year's arrangement: what was sent (the schema), and whether it is a
// plausible whole year (the checks). Each problem names its field and says what to fix.

export const yearEntrySchema = z.object({
  year: z.int({ error: '年份应为 4 位数字，如 2030' }).min(2000, { error: '年份应为 4 位数字，如 2030' }).max(2999, { error: '年份应为 4 位数字，如 2030' }),
  notice: text('通知文号').trim().min(1, { error: '请填写国务院办公厅通知的文号，如“国办发明电〔2029〕7号”' }).max(60, { error: '通知文号最多 60 个字' }),
  text: text('节假日安排').min(1, { error: '请填写节假日安排：每个节日的放假日期和调休上班日期' }).max(20_000, { error: '节假日安排最多 20000 个字' }),
  reason: optionalText('更正理由', 500),
});
export type YearEntryInput = z.output<typeof yearEntrySchema>;

export interface EntryProblem {
  field: 'year' | 'notice' | 'text' | 'reason';
  message: string;
}

export interface YearEntryCheck {
  arrangement: YearArrangement;
  /** The notice's 文号, written with 〔〕. */
  notice: string;
  problems: EntryProblem[];
  /** The entry in force for the year, which this one would replace (a correction). */
  replaces?: CalendarEntry;
  summary: ArrangementSummary;
}

export interface ArrangementSummary {
  holidays: (HolidayRange & { days: number; weekdays: number })[];
  workdays: { date: ShanghaiDate; weekday: string; festivals: Festival[] }[];
  /** Working days in the year as this arrangement makes them (its own year only). */
  workingDays: number;
}

// ── The law the checks rest on ──────────────────────────────────────────────────────────────────────────

/**
 * Statutory days off per festival (《全国年节及纪念日放假办法》): from 2008 (国务院令第513号) 11 days, from 2025
 * (国务院令第795号) 13. A notice gives each festival at least these, and its weekdays off minus its make-up
 * workdays come to exactly their sum: every notice in the package data from 2008 on does, save 2015 (a one-off
 * holiday for the 70th anniversary of the victory) and 2020 (春节 lengthened by a later notice).
 */
const STATUTORY_DAYS: { from: number; days: Record<Festival, number> }[] = [
  { from: 2025, days: { 元旦: 1, 春节: 4, 清明节: 1, 劳动节: 2, 端午节: 1, 中秋节: 1, 国庆节: 3 } },
  { from: 2008, days: { 元旦: 1, 春节: 3, 清明节: 1, 劳动节: 1, 端午节: 1, 中秋节: 1, 国庆节: 3 } },
];
function statutoryDays(year: number): Record<Festival, number> | undefined {
  return STATUTORY_DAYS.find((law) => year >= law.from)?.days;
}

/** No notice has given one festival more than 9 days (春节 2026); 10 leaves room, more is a typing error. */
const MAX_RANGE_DAYS = 10;
/** A 元旦 arrangement may begin in the last week of the December before (2019's began on 2018-12-29). */
const EARLIEST_DECEMBER_DAY = 25;

const lunarFormat = new Intl.DateTimeFormat('en-u-ca-chinese', { timeZone: 'UTC', month: 'numeric', day: 'numeric' });
/** The Gregorian date of a lunar month and day in `year` (a leap month never counts), by ICU's Chinese calendar. */
function lunarDate(year: number, month: number, day: number): ShanghaiDate {
  for (let d = dayNumber(`${year}-01-01`); d <= dayNumber(`${year}-12-31`); d++) {
    const parts = lunarFormat.formatToParts(new Date(d * 86_400_000));
    if (parts.find((p) => p.type === 'month')?.value === String(month) && parts.find((p) => p.type === 'day')?.value === String(day)) {
      return fromDayNumber(d);
    }
  }
  throw new Error(`no lunar ${month}/${day} in ${year}`);
}

/** The day each festival's days off must include, and how a message names it. */
function anchorsOf(festival: Festival, year: number): { dates: ShanghaiDate[]; label: string } {
  const fixed = (md: string, label: string) => ({ dates: [`${year}-${md}`], label: `${label}（${year}-${md}）` });
  const lunar = (month: number, day: number, label: string) => {
    const date = lunarDate(year, month, day);
    return { dates: [date], label: `${label}（${date}）` };
  };
  switch (festival) {
    case '元旦':
      return fixed('01-01', '1 月 1 日');
    case '春节':
      return lunar(1, 1, '农历正月初一');
    case '清明节':
      return { dates: [`${year}-04-04`, `${year}-04-05`], label: '清明节气（4 月 4 日或 5 日）' };
    case '劳动节':
      return fixed('05-01', '5 月 1 日');
    case '端午节':
      return lunar(5, 5, '农历五月初五');
    case '中秋节':
      return lunar(8, 15, '农历八月十五');
    case '国庆节':
      return fixed('10-01', '10 月 1 日');
  }
}

// ── Checks ──────────────────────────────────────────────────────────────────────────────────────────────

const WEEKDAY_NAMES = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
const weekdayOf = (date: ShanghaiDate) => new Date(`${date}T00:00:00Z`).getUTCDay();
const isWeekend = (date: ShanghaiDate) => weekdayOf(date) === 0 || weekdayOf(date) === 6;
const daysOf = (range: { from: ShanghaiDate; to: ShanghaiDate }) => {
  const days: ShanghaiDate[] = [];
  for (let d = dayNumber(range.from); d <= dayNumber(range.to); d++) days.push(fromDayNumber(d));
  return days;
};
const festivalNames = (festivals: readonly Festival[]) => festivals.join('、');
const rangeText = (r: { from: ShanghaiDate; to: ShanghaiDate }) => (r.from === r.to ? r.from : `${r.from} 至 ${r.to}`);

/** The last week of the December before `year`, where a 元旦 arrangement may begin. */
const inWeekBefore = (date: ShanghaiDate, year: number) => date >= `${year - 1}-12-${EARLIEST_DECEMBER_DAY}` && date <= `${year - 1}-12-31`;
const inYear = (date: ShanghaiDate, year: number) => date.startsWith(`${year}-`);

/**
 * Whether a parsed arrangement is a plausible whole year: every festival once, at its day, at least its
 * statutory days; make-up workdays on weekends and never on a day off; no two festivals overlapping; and the
 * weekdays off, less the make-up workdays, exactly the statutory days.
 */
export function arrangementProblems(parsed: ParsedNotice, year: number): string[] {
  const problems = parsed.problems.map((p) => p.message);
  const at = (line: number) => `第 ${line} 行：`;
  const law = statutoryDays(year);
  for (const r of parsed.holidays) {
    const where = `${at(r.line)}${festivalNames(r.festivals)}`;
    if (r.from > r.to) problems.push(`${where}的结束日期 ${r.to} 早于开始日期 ${r.from}，请核对`);
    else if (daysOf(r).length > MAX_RANGE_DAYS) problems.push(`${where}放假 ${daysOf(r).length} 天（${rangeText(r)}），超过了 ${MAX_RANGE_DAYS} 天，请核对日期`);
    for (const date of [r.from, r.to]) {
      if (!inYear(date, year) && !(r.festivals.includes('元旦') && inWeekBefore(date, year))) {
        problems.push(`${where}的日期 ${date} 不在 ${year} 年；只有元旦的放假可以从上一年 12 月 ${EARLIEST_DECEMBER_DAY} 日以后开始`);
      }
    }
  }
  const valid = parsed.holidays.filter((r) => r.from <= r.to && daysOf(r).length <= MAX_RANGE_DAYS);

  for (const festival of FESTIVALS) {
    const ranges = parsed.holidays.filter((r) => r.festivals.includes(festival));
    if (ranges.length === 0) {
      problems.push(`缺少${festival}的放假日期：每年的通知都安排${FESTIVALS.join('、')}，请补上`);
      continue;
    }
    if (ranges.length > 1) {
      problems.push(`${festival}的放假日期写了 ${ranges.length} 次（第 ${ranges.map((r) => r.line).join('、')} 行），每个节日只写一段连续的放假日期`);
      continue;
    }
    const range = ranges[0]!;
    const anchor = anchorsOf(festival, year);
    if (valid.includes(range) && !anchor.dates.some((d) => d >= range.from && d <= range.to)) {
      problems.push(`${at(range.line)}${festival}的放假日期（${rangeText(range)}）应包含${anchor.label}，请核对`);
    }
  }
  for (const r of valid) {
    const statutory = law ? r.festivals.reduce((sum, f) => sum + law[f], 0) : 0;
    if (daysOf(r).length < statutory) {
      problems.push(`${at(r.line)}${festivalNames(r.festivals)}只放假 ${daysOf(r).length} 天，少于法定的 ${statutory} 天（《全国年节及纪念日放假办法》），请核对`);
    }
  }
  for (let i = 0; i < valid.length; i++) {
    for (const other of valid.slice(i + 1)) {
      const a = valid[i]!;
      if (a.from <= other.to && other.from <= a.to) {
        problems.push(`${festivalNames(a.festivals)}（${rangeText(a)}，第 ${a.line} 行）与${festivalNames(other.festivals)}（${rangeText(other)}，第 ${other.line} 行）的放假日期重叠；同时放假的节日请写在同一行，如“国庆节、中秋节”`);
      }
    }
  }

  const seen = new Set<ShanghaiDate>();
  for (const w of parsed.workdays) {
    if (seen.has(w.date)) problems.push(`${at(w.line)}调休上班日期 ${w.date} 写了两次`);
    seen.add(w.date);
    if (!isWeekend(w.date)) problems.push(`${at(w.line)}调休上班日期 ${w.date} 是${WEEKDAY_NAMES[weekdayOf(w.date)]}；调休上班只会安排在周六或周日，请核对`);
    if (!inYear(w.date, year) && !inWeekBefore(w.date, year)) problems.push(`${at(w.line)}调休上班日期 ${w.date} 不在 ${year} 年`);
    const off = valid.find((r) => w.date >= r.from && w.date <= r.to);
    if (off) problems.push(`${at(w.line)}${w.date} 既是调休上班日，又在${festivalNames(off.festivals)}的放假日期（${rangeText(off)}）之内，请核对`);
  }

  // Counted only once everything else holds: before that, its figures would restate the problems above.
  if (law && problems.length === 0) {
    const weekdaysOff = valid.flatMap(daysOf).filter((d) => !isWeekend(d)).length;
    const statutory = Object.values(law).reduce((a, b) => a + b, 0);
    if (weekdaysOff - parsed.workdays.length !== statutory) {
      problems.push(
        `放假的工作日共 ${weekdaysOff} 天，调休上班 ${parsed.workdays.length} 天，相抵后是 ${weekdaysOff - parsed.workdays.length} 天，而法定节假日共 ${statutory} 天：请核对是否漏写或多写了放假日期或调休上班日期`,
      );
    }
  }
  return problems;
}

/** The notice's 文号 with its brackets as the State Council writes them (〔2024〕), or a problem. */
function checkNotice(notice: string, year: number): { notice: string; problem?: string } {
  const normalized = notice.normalize('NFKC').replace(/\s+/g, '').replace(/[[(【〔]/g, '〔').replace(/[\])】〕]/g, '〕');
  const m = /^\S{2,30}〔(\d{4})〕\d{1,4}号$/.exec(normalized);
  if (!m) return { notice: normalized, problem: `通知文号应像“国办发明电〔${year - 1}〕7号”这样写：发文机关代字、〔发文年份〕、序号和“号”` };
  const issued = Number(m[1]);
  if (issued !== year - 1 && issued !== year) {
    return { notice: normalized, problem: `文号中的发文年份是 ${issued}，而 ${year} 年的安排应在 ${year - 1} 年（或 ${year} 年）发文，请核对年份或文号` };
  }
  return { notice: normalized };
}

/** Shanghai wall-clock time of an instant, 'YYYY-MM-DD HH:mm', for messages. */
export function shanghaiTime(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** The latest entry for each year: the one in force. */
export function entriesInForce(entries: readonly CalendarEntry[]): CalendarEntry[] {
  const latest = new Map<number, CalendarEntry>();
  for (const entry of entries) {
    const held = latest.get(entry.year);
    if (!held || entry.enteredAt > held.enteredAt) latest.set(entry.year, entry);
  }
  return [...latest.values()].sort((a, b) => a.year - b.year);
}

/** The years an entry may be made for now: after the package's last year, up to next year. */
export function enterableYears(now: Date): { from: number; to: number } {
  return { from: PACKAGE_YEARS[PACKAGE_YEARS.length - 1]! + 1, to: Number(shanghaiDate(now).slice(0, 4)) + 1 };
}

/** Everything wrong with an entry, and what it would give; `entries` are those stored so far. */
export function checkYearEntry(input: YearEntryInput, entries: readonly CalendarEntry[], now: Date): YearEntryCheck {
  const { year } = input;
  const problems: EntryProblem[] = [];
  const enterable = enterableYears(now);
  if (year < enterable.from) {
    problems.push({ field: 'year', message: `${enterable.from - 1} 年及以前的节假日安排已在日历数据（chinese-days）中，不需要录入；请录入 ${enterable.from} 年或以后的安排` });
  } else if (year > enterable.to) {
    problems.push({ field: 'year', message: `现在还不能录入 ${year} 年：国务院办公厅一般在上一年年底公布下一年的安排，现在最多录入到 ${enterable.to} 年` });
  }
  const notice = checkNotice(input.notice, year);
  if (notice.problem) problems.push({ field: 'notice', message: notice.problem });

  const parsed = parseHolidayNotice(input.text, year);
  problems.push(...arrangementProblems(parsed, year).map((message) => ({ field: 'text' as const, message: `节假日安排${message.startsWith('第') ? '' : '：'}${message}` })));
  const arrangement: YearArrangement = {
    year,
    holidays: parsed.holidays.map(({ festivals, from, to }) => ({ festivals, from, to })).sort((a, b) => a.from.localeCompare(b.from)),
    workdays: parsed.workdays.map(({ date, festivals }) => ({ date, festivals })).sort((a, b) => a.date.localeCompare(b.date)),
  };

  const replaces = entriesInForce(entries).find((e) => e.year === year);
  if (replaces && !input.reason) {
    problems.push({
      field: 'reason',
      message: `${year} 年的安排已由${replaces.enteredBy}于 ${shanghaiTime(replaces.enteredAt)} 录入（${replaces.notice}）；更正时请填写更正理由`,
    });
  }
  if (replaces && sameArrangement(replaces, arrangement) && replaces.notice === notice.notice) {
    problems.push({ field: 'text', message: `与 ${year} 年现行的安排完全相同，不需要更正` });
  }
  return { arrangement, notice: notice.notice, problems, ...(replaces ? { replaces } : {}), summary: summarize(arrangement) };
}

function sameArrangement(a: YearArrangement, b: YearArrangement): boolean {
  const days = (x: YearArrangement) => JSON.stringify([x.holidays.map((h) => [h.from, h.to, h.festivals]), x.workdays.map((w) => w.date)]);
  return days(a) === days(b);
}

function summarize(arrangement: YearArrangement): ArrangementSummary {
  const { year } = arrangement;
  const valid = arrangement.holidays.filter((h) => h.from <= h.to && daysOf(h).length <= MAX_RANGE_DAYS);
  const off = new Set(valid.flatMap(daysOf));
  const worked = new Set(arrangement.workdays.map((w) => w.date));
  let workingDays = 0;
  for (const date of daysOf({ from: `${year}-01-01`, to: `${year}-12-31` })) {
    if (worked.has(date) || (!off.has(date) && !isWeekend(date))) workingDays++;
  }
  return {
    holidays: valid.map((h) => ({ ...h, days: daysOf(h).length, weekdays: daysOf(h).filter((d) => !isWeekend(d)).length })),
    workdays: arrangement.workdays.map((w) => ({ ...w, weekday: WEEKDAY_NAMES[weekdayOf(w.date)]! })),
    workingDays,
  };
}
