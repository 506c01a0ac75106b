import { CalendarYearUnavailable, defaultDeadlineConfig, shanghaiDate, type DeadlineConfig } from './deadlines';
import { procedureNextDue } from './procedure/on-report';
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
  kind: 'acknowledge' | 'firstReply' | 'conclusion';
  label: string;
  due: string;
  met: boolean;
  overdue: boolean;
  workingDaysLeft: number;
}

export interface ReportDeadlines {
  /** The office's own limits; the 细则's periods (statement, objection, review…) are the procedure's (procedureView). */
  deadlines: ReportDeadline[];
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

/**
 * The next limit that falls due (written with every change): the office's own, or a period of the procedure that is
 * running or overdue (a statement or objection period ending asks the office to act; a review is its own duty).
 */
export function nextDue(state: ReportState, context: DeadlineContext = defaultDeadlineContext): DueDate {
  if (state.status === 'closed') return { next: null };
  const open = limits(state, context).filter((l) => !l.met);
  const first = open.find((l) => l.due);
  const unavailable = open.filter((l) => l.unavailable).map((l) => l.unavailable);
  const procedure = procedureNextDue(state.procedure, shanghaiDate(state.lastChange.at));
  const next = procedure && (!first?.due || procedure.due < first.due) ? procedure : first ? { due: first.due!, label: LABELS[first.kind] } : undefined;
  return {
    next: next?.due ?? null,
    ...(next ? { label: next.label } : {}),
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
    next: { due: open[0]?.due ?? null, overdue: open.some((d) => d.overdue) },
    ...(unavailable.size ? { unavailable: [...unavailable].join('；') } : {}),
  };
}
