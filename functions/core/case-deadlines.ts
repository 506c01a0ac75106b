import { CalendarYearUnavailable, caseDeadlines, deadlineState, type DeadlineConfig } from './deadlines';
import type { DueState } from './queue';
import type { ReportRecord } from './report';

// A report's limits (受理 / 首次答复 / 办结) and which are met, from its state and events.

export interface ReportDeadline {
  kind: 'acknowledge' | 'firstReply' | 'conclusion';
  label: string;
  due: string;
  met: boolean;
  overdue: boolean;
  workingDaysLeft: number;
}

export interface ReportDeadlines {
  deadlines: ReportDeadline[];
  next: DueState;
  /** Set when the calendar has no data for the year a limit falls in. */
  unavailable?: string;
}

const LABELS = { acknowledge: '受理', firstReply: '首次答复', conclusion: '办结' } as const;

export function reportDeadlines(report: ReportRecord, config: DeadlineConfig | undefined, now: Date): ReportDeadlines {
  const met = {
    acknowledge: report.status !== 'new' || report.events.some((e) => e.type === 'status'),
    firstReply: report.messages.some((m) => m.from === 'staff'),
    conclusion: ['confirmed', 'not-confirmed', 'transferred', 'closed'].includes(report.status),
  };
  try {
    const limits = caseDeadlines(report.receivedAt, config, report.extension ? { reason: report.extension.reason } : undefined);
    const deadlines = (Object.keys(LABELS) as (keyof typeof LABELS)[]).map((kind) => {
      const state = deadlineState(limits[kind].due, now);
      return { kind, label: LABELS[kind], due: limits[kind].due, met: met[kind], overdue: !met[kind] && state.overdue, workingDaysLeft: state.workingDaysLeft };
    });
    const open = deadlines.filter((d) => !d.met);
    return { deadlines, next: { due: open[0]?.due ?? null, overdue: open.some((d) => d.overdue) } };
  } catch (error) {
    if (!(error instanceof CalendarYearUnavailable)) throw error;
    return { deadlines: [], next: { due: null, overdue: false }, unavailable: error.message };
  }
}
