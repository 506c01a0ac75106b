import {
  CalendarYearUnavailable,
  deadlineState,
  defaultDeadlineConfig,
  objectionDeadline,
  rectificationPlanDeadline,
  shanghaiDate,
  type DeadlineConfig,
} from './deadlines';
import type { DueState } from './queue';
import type { ReportRecord } from './report';
import type { WorkingCalendar } from './working-calendar';

// A report's limits (受理 / 首次答复 / 办结) and which are met, from its state and events.

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
  next: DueState;
  /** Set when the calendar has no data for the year a limit falls in. */
  unavailable?: string;
}

const LABELS = { acknowledge: '受理', firstReply: '首次答复', conclusion: '办结' } as const;

export function reportDeadlines(calendar: WorkingCalendar, report: ReportRecord, config: DeadlineConfig = defaultDeadlineConfig, now: Date): ReportDeadlines {
  const met = {
    acknowledge: report.status !== 'new' || report.events.some((e) => e.type === 'status'),
    firstReply: report.messages.some((m) => m.from === 'staff'),
    conclusion: ['confirmed', 'not-confirmed', 'transferred', 'closed'].includes(report.status),
  };
  const received = shanghaiDate(report.receivedAt);
  const days = { acknowledge: config.acknowledgeDays, firstReply: config.firstReplyDays, conclusion: config.conclusionDays };
  const deadlines: ReportDeadline[] = [];
  const unavailable = new Set<string>();
  // Each limit on its own: one falling in a year without calendar data does not hide the others.
  for (const kind of Object.keys(LABELS) as (keyof typeof LABELS)[]) {
    try {
      let due = calendar.addWorkingDays(received, days[kind]);
      if (kind === 'conclusion' && report.extension) due = calendar.addWorkingDays(due, config.extensionDays);
      const state = deadlineState(calendar, due, now);
      deadlines.push({ kind, label: LABELS[kind], due, met: met[kind], overdue: !met[kind] && state.overdue, workingDaysLeft: state.workingDaysLeft });
    } catch (error) {
      if (!(error instanceof CalendarYearUnavailable)) throw error;
      unavailable.add(`${LABELS[kind]}期限：${error.message}`);
    }
  }
  const open = deadlines.filter((d) => !d.met);
  return {
    deadlines,
    decisionPeriods: decisionPeriods(calendar, report, now),
    next: { due: open[0]?.due ?? null, overdue: open.some((d) => d.overdue) },
    ...(unavailable.size ? { unavailable: [...unavailable].join('；') } : {}),
  };
}

/**
 * After a report is confirmed (已认定): 15 working days for the party to object (第二十九条), and where the decision
 * is a 第二十二条 warning, 5 working days for the institution's rectification plan (第三十二条). Counted from the
 * day of the decision, taken as the day it was delivered.
 */
function decisionPeriods(calendar: WorkingCalendar, report: ReportRecord, now: Date): ReportDeadline[] {
  const decidedAt = report.events.findLast((e) => e.type === 'status' && e.data?.to === 'confirmed')?.at;
  if (!decidedAt) return [];
  const period = (kind: 'objection' | 'rectificationPlan', label: string, due: string): ReportDeadline => {
    const state = deadlineState(calendar, due, now);
    return { kind, label, due, met: false, overdue: state.overdue, workingDaysLeft: state.workingDaysLeft };
  };
  try {
    const periods = [period('objection', '当事人提出异议（第二十九条）', objectionDeadline(calendar, decidedAt).due)];
    if (report.decision?.ruleIds.some((id) => id.startsWith('SH2025-22-'))) {
      periods.push(period('rectificationPlan', '机构提交整改方案（第三十二条）', rectificationPlanDeadline(calendar, decidedAt).due));
    }
    return periods;
  } catch (error) {
    if (error instanceof CalendarYearUnavailable) return [];
    throw error;
  }
}
