// Deadlines counted in mainland-China working days, on Shanghai dates (UTC+8, no DST).
//
// Convention (as in 民法典第二百零一条 and administrative practice): the day on which a period starts —
// the day a report or a decision is received — is never counted. "Within n working days" means by the end
// (23:59:59 Shanghai time) of the n-th working day after that day. So a report received on a Saturday
// or during a holiday starts counting on the next working day: received Saturday, "within 1 working day"
// is the end of Monday — the same as for a report received on the Friday before.
//
// The calendar is chinese-days' published data (State Council notices, 调休 included). Its runtime API
// builds its tables with local-time Date arithmetic, which shifts every date by one day when the process
// runs west of UTC; the prebuilt JSON of the same data does not depend on the host's time zone.
import { z } from 'zod';
import calendarData from 'chinese-days/dist/chinese-days.json' with { type: 'json' };

/** A calendar date in Shanghai, 'YYYY-MM-DD'. */
export type ShanghaiDate = string;

interface CalendarData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}
const calendar: CalendarData = calendarData;

const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
// An instant must say its offset: a bare local time would be read in the host's zone.
const INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

// ── Coverage ────────────────────────────────────────────────────────────────────────────────────────────

function yearsInData(): number[] {
  const years = new Set<number>();
  for (const date of Object.keys(calendar.holidays)) years.add(Number(date.slice(0, 4)));
  // Every yearly notice lists 元旦 (1 January) and 国庆 (1 October); a year lacking either has no full
  // arrangement in the data (at most a neighbouring notice's spill-over) and is not covered.
  return [...years].filter((y) => `${y}-01-01` in calendar.holidays && `${y}-10-01` in calendar.holidays).sort((a, b) => a - b);
}

const coveredYears: readonly number[] = Object.freeze(yearsInData());
const coveredSet = new Set(coveredYears);

// A notice's 元旦 arrangement can reach back into late December of the year before (2019's made
// 2018-12-29 a workday and 2018-12-30/31 holidays). The earliest December day any notice has touched,
// taken from the data, marks where a year's dates also depend on the next year's notice.
const decemberReachBack: number = (() => {
  const days = [...Object.keys(calendar.holidays), ...Object.keys(calendar.workdays)]
    .filter((d) => d.slice(5, 7) === '12')
    .map((d) => Number(d.slice(8, 10)));
  return days.length > 0 ? Math.min(...days) : 31;
})();

/** The years whose official holiday arrangement is in the calendar data. */
export const calendarCoverage: { readonly firstYear: number; readonly lastYear: number; readonly years: readonly number[] } = {
  firstYear: coveredYears[0] ?? NaN,
  lastYear: coveredYears[coveredYears.length - 1] ?? NaN,
  years: coveredYears,
};

/** Thrown for a date whose year's holiday arrangement is not in the data: the answer would be a guess. */
export class CalendarYearUnavailable extends Error {
  override readonly name = 'CalendarYearUnavailable';
  constructor(
    /** The year whose arrangement is missing. */
    readonly year: number,
    /** The date that was asked about. */
    readonly date: ShanghaiDate,
  ) {
    super(unavailableMessage(year, date));
  }
}

function unavailableMessage(year: number, date: ShanghaiDate): string {
  const { firstYear, lastYear } = calendarCoverage;
  const update = '请更新日历数据（chinese-days）后重试';
  if (Number.isNaN(lastYear)) return `日历数据中没有任何年份的节假日安排，无法计算工作日期限，${update}`;
  if (Number(date.slice(0, 4)) !== year) {
    return `节假日安排数据只到 ${lastYear} 年，${date} 可能受 ${year} 年元旦放假调休安排影响，无法计算工作日期限，${update}`;
  }
  if (year > lastYear) return `节假日安排数据只到 ${lastYear} 年，无法计算 ${year} 年的工作日期限，${update}`;
  if (year < firstYear) return `节假日安排数据从 ${firstYear} 年开始，无法计算 ${year} 年的工作日期限`;
  return `日历数据缺少 ${year} 年的节假日安排，无法计算 ${year} 年的工作日期限，${update}`;
}

// ── Dates ───────────────────────────────────────────────────────────────────────────────────────────────

/** Days since the epoch of a Shanghai date (validated). */
function dayNumber(date: ShanghaiDate): number {
  const m = typeof date === 'string' ? DATE_RE.exec(date) : null;
  if (m) {
    const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    if (new Date(t).toISOString().slice(0, 10) === date) return t / DAY_MS;
  }
  throw new RangeError(`日期应为 YYYY-MM-DD 格式的有效日期，收到：${String(date)}`);
}

function fromDayNumber(day: number): ShanghaiDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function instantMs(instant: string | Date): number {
  const t = instant instanceof Date ? instant.getTime() : typeof instant === 'string' && INSTANT_RE.test(instant) ? Date.parse(instant) : NaN;
  if (Number.isNaN(t)) {
    throw new RangeError(`时间应为带时区的 ISO 8601 时间（如 2025-10-01T09:30:00+08:00 或 …Z），收到：${String(instant)}`);
  }
  return t;
}

/** The Shanghai calendar date of an instant: 2025-09-30T18:00:00Z is 2025-10-01. */
export function shanghaiDate(instant: string | Date): ShanghaiDate {
  return new Date(instantMs(instant) + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The last millisecond of a Shanghai date, as a UTC ISO timestamp (2025-10-09 → 2025-10-09T15:59:59.999Z). */
export function endOfShanghaiDay(date: ShanghaiDate): string {
  return new Date((dayNumber(date) + 1) * DAY_MS - SHANGHAI_OFFSET_MS - 1).toISOString();
}

// ── Working days ────────────────────────────────────────────────────────────────────────────────────────

function assertCovered(date: ShanghaiDate): void {
  const year = Number(date.slice(0, 4));
  if (!coveredSet.has(year)) throw new CalendarYearUnavailable(year, date);
  if (Number(date.slice(5, 7)) === 12 && Number(date.slice(8, 10)) >= decemberReachBack && !coveredSet.has(year + 1)) {
    throw new CalendarYearUnavailable(year + 1, date);
  }
}

function isWorkingDayNumber(day: number): boolean {
  const date = fromDayNumber(day);
  assertCovered(date);
  if (date in calendar.workdays) return true; // 调休上班 (may be a Saturday or Sunday)
  if (date in calendar.holidays) return false; // 法定节假日及调休放假
  const weekday = new Date(day * DAY_MS).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** Whether a Shanghai date is a working day (调休 weekend workdays are; statutory holidays are not). */
export function isWorkingDay(date: ShanghaiDate): boolean {
  return isWorkingDayNumber(dayNumber(date));
}

/**
 * The n-th working day after `start` (start itself never counts). n = 0 gives `start` if it is a working
 * day, else the next working day.
 */
export function addWorkingDays(start: ShanghaiDate, n: number): ShanghaiDate {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`工作日天数应为非负整数，收到：${n}`);
  let day = dayNumber(start);
  assertCovered(start);
  if (n === 0) {
    while (!isWorkingDayNumber(day)) day++;
    return fromDayNumber(day);
  }
  for (let left = n; left > 0; ) {
    day++;
    if (isWorkingDayNumber(day)) left--;
  }
  return fromDayNumber(day);
}

/**
 * Working days in (from, to]: how many working days after `from` have passed by the end of `to`.
 * Negative when `to` is before `from`. So workingDaysBetween(d, addWorkingDays(d, n)) === n for n ≥ 1.
 */
export function workingDaysBetween(from: ShanghaiDate, to: ShanghaiDate): number {
  const a = dayNumber(from);
  const b = dayNumber(to);
  assertCovered(from);
  assertCovered(to);
  const [lo, hi, sign] = a <= b ? [a, b, 1] : [b, a, -1];
  let count = 0;
  for (let day = lo + 1; day <= hi; day++) if (isWorkingDayNumber(day)) count++;
  return count === 0 ? 0 : sign * count;
}

// ── Deadlines ───────────────────────────────────────────────────────────────────────────────────────────

export interface Deadline {
  /** The last Shanghai date, due by its end. */
  due: ShanghaiDate;
  /** The end of `due` in Shanghai, as a UTC ISO timestamp (for schedulers and comparisons). */
  dueAt: string;
  /** The Shanghai date counting starts after (the day of receipt or delivery, not itself counted). */
  countedFrom: ShanghaiDate;
  /** Working days allowed. */
  workingDays: number;
}

function deadlineAfter(from: ShanghaiDate, workingDays: number): Deadline {
  const due = addWorkingDays(from, workingDays);
  return { due, dueAt: endOfShanghaiDay(due), countedFrom: from, workingDays };
}

const days = (label: string, fallback: number) =>
  z
    .int({ error: `${label}应为整数个工作日` })
    .min(1, { error: `${label}至少为 1 个工作日` })
    .max(120, { error: `${label}最多 120 个工作日` })
    .default(fallback);

/** Case deadlines, in working days after the day of receipt; any field left out takes its default. */
export const deadlineConfigSchema = z
  .object({
    acknowledgeDays: days('受理确认期限', 1),
    firstReplyDays: days('首次答复期限', 5),
    conclusionDays: days('办结期限', 15),
    extensionDays: days('延期天数', 15),
  })
  .refine((c) => c.acknowledgeDays <= c.firstReplyDays, { error: '受理确认期限不能长于首次答复期限', path: ['acknowledgeDays'] })
  .refine((c) => c.firstReplyDays <= c.conclusionDays, { error: '首次答复期限不能长于办结期限', path: ['firstReplyDays'] });

export type DeadlineConfig = z.output<typeof deadlineConfigSchema>;
export type DeadlineConfigInput = z.input<typeof deadlineConfigSchema>;
export const defaultDeadlineConfig: DeadlineConfig = Object.freeze(deadlineConfigSchema.parse({}));

/** One extension of the conclusion deadline: allowed once, with a reason. */
export const deadlineExtensionSchema = z.object({
  reason: z
    .string({ error: '请填写延期理由' })
    .trim()
    .min(1, { error: '请填写延期理由' })
    .max(500, { error: '延期理由最多 500 个字' }),
  /** When it was approved; if given, it must be before the original conclusion deadline ran out. */
  grantedAt: z.string().regex(INSTANT_RE, { error: '批准时间应为带时区的 ISO 8601 时间' }).optional(),
});
export type DeadlineExtension = z.input<typeof deadlineExtensionSchema>;

/** An extension that may not be granted: a second one, or one granted after the deadline had passed. */
export class DeadlineExtensionRefused extends Error {
  override readonly name = 'DeadlineExtensionRefused';
}

export interface ConclusionDeadline extends Deadline {
  extension?: { reason: string; grantedAt?: string; workingDays: number; originalDue: ShanghaiDate };
}

export interface CaseDeadlines {
  acknowledge: Deadline;
  firstReply: Deadline;
  conclusion: ConclusionDeadline;
}

function parseConfig(config: DeadlineConfigInput | DeadlineConfig | undefined): DeadlineConfig {
  return config === undefined ? defaultDeadlineConfig : deadlineConfigSchema.parse(config);
}

/** Lengthen the conclusion deadline once, by `config.extensionDays` working days after the original due date. */
export function extendConclusion(
  deadlines: CaseDeadlines,
  extension: DeadlineExtension,
  config?: DeadlineConfigInput | DeadlineConfig,
): CaseDeadlines {
  const { conclusion } = deadlines;
  if (conclusion.extension) {
    throw new DeadlineExtensionRefused(
      `办结期限只能延长一次：本案已延期至 ${conclusion.due}（理由：${conclusion.extension.reason}），不能再次延期`,
    );
  }
  const ext = deadlineExtensionSchema.parse(extension);
  if (ext.grantedAt !== undefined && instantMs(ext.grantedAt) > Date.parse(conclusion.dueAt)) {
    throw new DeadlineExtensionRefused(`原办结期限 ${conclusion.due} 已过，不能再延期；延期须在期限届满前批准`);
  }
  const { extensionDays } = parseConfig(config);
  const due = addWorkingDays(conclusion.due, extensionDays);
  return {
    ...deadlines,
    conclusion: {
      due,
      dueAt: endOfShanghaiDay(due),
      countedFrom: conclusion.countedFrom,
      workingDays: conclusion.workingDays + extensionDays,
      extension: { reason: ext.reason, ...(ext.grantedAt ? { grantedAt: ext.grantedAt } : {}), workingDays: extensionDays, originalDue: conclusion.due },
    },
  };
}

/**
 * The deadlines of a report received at `receivedAt` (an ISO timestamp with offset): acknowledge, first
 * reply and conclusion, each counted in working days after the Shanghai day of receipt. `extension`
 * (or a list holding at most one) lengthens the conclusion deadline; a second one is refused.
 */
export function caseDeadlines(
  receivedAt: string,
  config?: DeadlineConfigInput | DeadlineConfig,
  extension?: DeadlineExtension | readonly DeadlineExtension[],
): CaseDeadlines {
  const cfg = parseConfig(config);
  const received = shanghaiDate(receivedAt);
  const base: CaseDeadlines = {
    acknowledge: deadlineAfter(received, cfg.acknowledgeDays),
    firstReply: deadlineAfter(received, cfg.firstReplyDays),
    conclusion: deadlineAfter(received, cfg.conclusionDays),
  };
  const extensions = extension === undefined ? [] : Array.isArray(extension) ? extension : [extension as DeadlineExtension];
  return extensions.reduce<CaseDeadlines>((d, e) => extendConclusion(d, e, cfg), base);
}

/**
 * Where `now` stands against a due date. `workingDaysLeft` counts working days after today up to the due
 * date (0: due today); once overdue it is minus the working days passed since (0 if only rest days have).
 */
export function deadlineState(due: ShanghaiDate, now: string | Date = new Date()): { overdue: boolean; workingDaysLeft: number } {
  const today = shanghaiDate(now);
  return { overdue: dayNumber(today) > dayNumber(due), workingDaysLeft: workingDaysBetween(today, due) };
}

// ── The 细则's own periods (沪人社职〔2025〕176号) ─────────────────────────────────────────────────────────

/** 第二十九条: a party may object within 15 working days of receiving a decision (or its announcement). */
export const OBJECTION_WORKING_DAYS = 15;
/** 第二十九条: the review decision is made within 15 working days (of receiving the objection). */
export const REVIEW_WORKING_DAYS = 15;
/** 第三十二条: a warned institution hands in a rectification plan within 5 working days of the decision. */
export const RECTIFICATION_PLAN_WORKING_DAYS = 5;

/** Last day to object to a decision delivered at `decisionDeliveredAt` (第二十九条). */
export function objectionDeadline(decisionDeliveredAt: string): Deadline {
  return deadlineAfter(shanghaiDate(decisionDeliveredAt), OBJECTION_WORKING_DAYS);
}

/** Last day for the review decision on an objection received at `objectionReceivedAt` (第二十九条). */
export function reviewDecisionDeadline(objectionReceivedAt: string): Deadline {
  return deadlineAfter(shanghaiDate(objectionReceivedAt), REVIEW_WORKING_DAYS);
}

/** Last day for a warned institution's rectification plan, warning delivered at `warningDeliveredAt` (第三十二条). */
export function rectificationPlanDeadline(warningDeliveredAt: string): Deadline {
  return deadlineAfter(shanghaiDate(warningDeliveredAt), RECTIFICATION_PLAN_WORKING_DAYS);
}
