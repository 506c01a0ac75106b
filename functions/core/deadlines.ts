// Deadlines counted in mainland-China working days, on Shanghai dates (UTC+8, no DST).
//
// Convention (as in 民法典第二百零一条 and administrative practice): the day on which a period starts —
// the day a report or a decision is received — is never counted. "Within n working days" means by the end
// (23:59:59 Shanghai time) of the n-th working day after that day. So a report received on a Saturday
// or during a holiday starts counting on the next working day: received Saturday, "within 1 working day"
// is the end of Monday — the same as for a report received on the Friday before.
//
// The calendar is a WorkingCalendar (working-calendar.ts): the package data plus the years administrators
// entered. Every function here takes one, so that no deadline is counted with a hidden calendar.
import * as z from 'zod';
import type { WorkingCalendar } from './working-calendar';

/** A calendar date in Shanghai, 'YYYY-MM-DD'. */
export type ShanghaiDate = string;

const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
// An instant must say its offset: a bare local time would be read in the host's zone.
const INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** Where an administrator enters a missing year; named in every message about one. */
const ENTER_YEAR = '请管理员在后台“工作日历”页录入';

/** Thrown for a date whose year's holiday arrangement the calendar does not hold: the answer would be a guess. */
export class CalendarYearUnavailable extends Error {
  override readonly name = 'CalendarYearUnavailable';
  constructor(
    /** The year whose arrangement is missing. */
    readonly year: number,
    /** The date that was asked about. */
    readonly date: ShanghaiDate,
    /** The years the calendar holds, for the message. */
    years: readonly number[],
  ) {
    super(unavailableMessage(year, date, years));
  }
}

function unavailableMessage(year: number, date: ShanghaiDate, years: readonly number[]): string {
  const firstYear = years[0];
  const lastYear = years[years.length - 1];
  const enter = `${ENTER_YEAR} ${year} 年的节假日安排（国务院办公厅通知）`;
  if (firstYear === undefined || lastYear === undefined) return `日历中没有任何年份的节假日安排，无法计算工作日期限，${enter}`;
  if (year < firstYear) return `节假日安排数据从 ${firstYear} 年开始，无法计算 ${year} 年的工作日期限`;
  if (Number(date.slice(0, 4)) !== year) {
    return `${date} 可能受 ${year} 年元旦放假调休安排影响，而 ${year} 年的节假日安排还没有录入，无法计算工作日期限，${enter}`;
  }
  if (year > lastYear) return `节假日安排只到 ${lastYear} 年，无法计算 ${year} 年的工作日期限，${enter}`;
  return `缺少 ${year} 年的节假日安排，无法计算 ${year} 年的工作日期限，${enter}`;
}

// ── Dates ───────────────────────────────────────────────────────────────────────────────────────────────

/** Days since 1970-01-01 of a Shanghai date (validated). */
export function dayNumber(date: ShanghaiDate): number {
  const m = typeof date === 'string' ? DATE_RE.exec(date) : null;
  if (m) {
    const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
    // Date.UTC reads years 0–99 as 1900–1999: those are refused rather than misread.
    if (year >= 100 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth) return Date.UTC(year, month - 1, day) / DAY_MS;
  }
  throw new RangeError(`日期应为 YYYY-MM-DD 格式的有效日期，收到：${String(date)}`);
}

export function fromDayNumber(day: number): ShanghaiDate {
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

function deadlineAfter(calendar: WorkingCalendar, from: ShanghaiDate, workingDays: number): Deadline {
  const due = calendar.addWorkingDays(from, workingDays);
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
  calendar: WorkingCalendar,
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
  const due = calendar.addWorkingDays(conclusion.due, extensionDays);
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
  calendar: WorkingCalendar,
  receivedAt: string,
  config?: DeadlineConfigInput | DeadlineConfig,
  extension?: DeadlineExtension | readonly DeadlineExtension[],
): CaseDeadlines {
  const cfg = parseConfig(config);
  const received = shanghaiDate(receivedAt);
  const base: CaseDeadlines = {
    acknowledge: deadlineAfter(calendar, received, cfg.acknowledgeDays),
    firstReply: deadlineAfter(calendar, received, cfg.firstReplyDays),
    conclusion: deadlineAfter(calendar, received, cfg.conclusionDays),
  };
  const extensions = extension === undefined ? [] : Array.isArray(extension) ? extension : [extension as DeadlineExtension];
  return extensions.reduce<CaseDeadlines>((d, e) => extendConclusion(calendar, d, e, cfg), base);
}

/**
 * Where `now` stands against a due date. `workingDaysLeft` counts working days after today up to the due
 * date (0: due today); once overdue it is minus the working days passed since (0 if only rest days have).
 */
export function deadlineState(calendar: WorkingCalendar, due: ShanghaiDate, now: string | Date): { overdue: boolean; workingDaysLeft: number } {
  const today = shanghaiDate(now);
  return { overdue: dayNumber(today) > dayNumber(due), workingDaysLeft: calendar.workingDaysBetween(today, due) };
}

// ── The 细则's own periods (沪人社职〔2025〕176号) ─────────────────────────────────────────────────────────

/** 第二十九条: a party may object within 15 working days of receiving a decision (or its announcement). */
export const OBJECTION_WORKING_DAYS = 15;
/** 第二十九条: the review decision is made within 15 working days (of receiving the objection). */
export const REVIEW_WORKING_DAYS = 15;
/** 第三十二条: a warned institution hands in a rectification plan within 5 working days of the decision. */
export const RECTIFICATION_PLAN_WORKING_DAYS = 5;

/** Last day to object to a decision delivered at `decisionDeliveredAt` (第二十九条). */
export function objectionDeadline(calendar: WorkingCalendar, decisionDeliveredAt: string): Deadline {
  return deadlineAfter(calendar, shanghaiDate(decisionDeliveredAt), OBJECTION_WORKING_DAYS);
}

/** Last day for the review decision on an objection received at `objectionReceivedAt` (第二十九条). */
export function reviewDecisionDeadline(calendar: WorkingCalendar, objectionReceivedAt: string): Deadline {
  return deadlineAfter(calendar, shanghaiDate(objectionReceivedAt), REVIEW_WORKING_DAYS);
}

/** Last day for a warned institution's rectification plan, warning delivered at `warningDeliveredAt` (第三十二条). */
export function rectificationPlanDeadline(calendar: WorkingCalendar, warningDeliveredAt: string): Deadline {
  return deadlineAfter(calendar, shanghaiDate(warningDeliveredAt), RECTIFICATION_PLAN_WORKING_DAYS);
}
