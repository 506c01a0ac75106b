import {
  CalendarYearUnavailable,
  defaultDeadlineConfig,
  OBJECTION_WORKING_DAYS,
  RECTIFICATION_PLAN_WORKING_DAYS,
  shanghaiDate,
  type DeadlineConfig,
} from './deadlines';
import type { DueDate, ReportState } from './report';
import { packageCalendar, type WorkingCalendar } from './working-calendar';

// A report's limits (受理 / 首次答复 / 办结) from its state's milestones, counted in working days with the calendar
// in force. The next one due is written with every change (`ReportState.due`), so queues and reminders read a
// date instead of counting days.

export interface DeadlineContext {
  calendar: WorkingCalendar;
  config: DeadlineConfig;
}

export const defaultDeadlineContext: DeadlineContext = { calendar: packageCalendar, config: defaultDeadlineConfig };

export interface ReportDeadline {
  kind: 'acknowledge' | 'firstReply' | 'conclusion' | 'objection' | 'rectificationPlan';
  label: string;
  due: string;
  met: boolean;
  overdue: boolean;
  workingDaysLeft: number;
}

export interface ReportDeadlines {
  deadlines: ReportDeadline[];
  /** The 细则's periods for the other party after a decision: shown to staff, not the authority's own limits. */
  decisionPeriods: ReportDeadline[];
  next: { due: string | null; overdue: boolean };
  /** Set when the calendar has no data for the year a limit falls in. */
  unavailable?: string;
}

const LABELS = { acknowledge: '受理', firstReply: '首次答复', conclusion: '办结' } as const;
type Kind = keyof typeof LABELS;

/** Each limit's due date, or the reason it cannot be computed; in order. */
function limits(state: ReportState, { calendar, config }: DeadlineContext) {
  const received = shanghaiDate(state.receivedAt);
  const days: Record<Kind, number> = { acknowledge: config.acknowledgeDays, firstReply: config.firstReplyDays, conclusion: config.conclusionDays };
  const met: Record<Kind, boolean> = {
    acknowledge: Boolean(state.milestones.acknowledgedAt),
    firstReply: Boolean(state.milestones.firstReplyAt),
    conclusion: Boolean(state.milestones.concludedAt) || state.status === 'closed',
  };
  // After a reopening the office concludes again within its limit, counted from the reopening.
  const reopened = state.milestones.reopenedAt ? shanghaiDate(state.milestones.reopenedAt) : undefined;
  return (Object.keys(LABELS) as Kind[]).map((kind) => {
    try {
      let due = calendar.addWorkingDays(kind === 'conclusion' && reopened ? reopened : received, days[kind]);
      if (kind === 'conclusion' && state.extension) due = calendar.addWorkingDays(due, config.extensionDays);
      return { kind, due, met: met[kind] };
    } catch (error) {
      if (!(error instanceof CalendarYearUnavailable)) throw error;
      return { kind, unavailable: `${LABELS[kind]}期限：${error.message}`, met: met[kind] };
    }
  });
}

/** The next limit that falls due (written with every change). */
export function nextDue(state: ReportState, context: DeadlineContext = defaultDeadlineContext): DueDate {
  if (state.status === 'closed') return { next: null };
  const open = limits(state, context).filter((l) => !l.met);
  const first = open.find((l) => l.due);
  const unavailable = open.filter((l) => l.unavailable).map((l) => l.unavailable);
  return {
    next: first?.due ?? null,
    ...(first ? { label: LABELS[first.kind] } : {}),
    ...(unavailable.length ? { unavailable: unavailable.join('；') } : {}),
  };
}

function where(calendar: WorkingCalendar, due: string, today: string) {
  return { overdue: today > due, workingDaysLeft: calendar.workingDaysBetween(today, due) };
}

/** Every limit with where `now` stands against it: the report page's view. */
export function reportDeadlines(state: ReportState, context: DeadlineContext = defaultDeadlineContext, now: Date = new Date()): ReportDeadlines {
  const today = shanghaiDate(now);
  const unavailable = new Set<string>();
  const deadlines: ReportDeadline[] = [];
  for (const limit of limits(state, context)) {
    if (!limit.due) {
      unavailable.add(limit.unavailable!);
      continue;
    }
    try {
      const position = where(context.calendar, limit.due, today);
      deadlines.push({ kind: limit.kind, label: LABELS[limit.kind], due: limit.due, met: limit.met, overdue: !limit.met && position.overdue, workingDaysLeft: position.workingDaysLeft });
    } catch (error) {
      if (!(error instanceof CalendarYearUnavailable)) throw error;
      unavailable.add(`${LABELS[limit.kind]}期限：${error.message}`);
    }
  }
  const open = deadlines.filter((d) => !d.met);
  return {
    deadlines,
    decisionPeriods: decisionPeriods(state, context.calendar, today),
    next: { due: open[0]?.due ?? null, overdue: open.some((d) => d.overdue) },
    ...(unavailable.size ? { unavailable: [...unavailable].join('；') } : {}),
  };
}

/**
 * After a report is confirmed (已认定): 15 working days for the party to object (第二十九条), and where the decision
 * is a 第二十二条 warning, 5 working days for the institution's rectification plan (第三十二条). Counted from the
 * day of the decision, taken as the day it was delivered.
 */
function decisionPeriods(state: ReportState, calendar: WorkingCalendar, today: string): ReportDeadline[] {
  const decidedAt = state.milestones.confirmedAt;
  if (!decidedAt) return [];
  const decided = shanghaiDate(decidedAt);
  const period = (kind: 'objection' | 'rectificationPlan', label: string, days: number): ReportDeadline => {
    const due = calendar.addWorkingDays(decided, days);
    return { kind, label, due, met: false, ...where(calendar, due, today) };
  };
  try {
    const periods = [period('objection', '当事人提出异议（第二十九条）', OBJECTION_WORKING_DAYS)];
    if (state.decision?.ruleIds.some((id) => id.startsWith('SH2025-22-'))) {
      periods.push(period('rectificationPlan', '机构提交整改方案（第三十二条）', RECTIFICATION_PLAN_WORKING_DAYS));
    }
    return periods;
  } catch (error) {
    if (error instanceof CalendarYearUnavailable) return [];
    throw error;
  }
}
