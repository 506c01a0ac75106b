import { reportDeadlines } from './case-deadlines';
import { CalendarYearUnavailable, shanghaiDate, type DeadlineConfig } from './deadlines';
import { authorityName } from './ids';
import type { ReportRecord } from './report';
import type { WorkingCalendar } from './working-calendar';

// The daily notice to an authority's mailbox: what is overdue and what falls due within a working day.

export interface Notice {
  subject: string;
  body: string;
  overdue: number;
  dueSoon: number;
}

/**
 * Whether the daily notice goes out today: on working days only (调休 make-up workdays cannot be written as a
 * cron expression). When today's arrangement is missing it goes out — a notice too many beats a missed limit,
 * and the notice itself says which limits cannot be counted.
 */
export function remindToday(calendar: WorkingCalendar, now: Date): boolean {
  try {
    return calendar.isWorkingDay(shanghaiDate(now));
  } catch (error) {
    if (error instanceof CalendarYearUnavailable) return true;
    throw error;
  }
}

export function deadlineNotice(
  calendar: WorkingCalendar,
  authority: string,
  reports: ReportRecord[],
  now: Date,
  config?: DeadlineConfig,
  consoleUrl = '/staff/',
): Notice | null {
  const overdue: string[] = [];
  const dueSoon: string[] = [];
  const unavailable = new Set<string>();
  for (const report of reports) {
    if (report.status === 'closed') continue;
    const state = reportDeadlines(calendar, report, config, now);
    if (state.unavailable) unavailable.add(state.unavailable);
    for (const d of state.deadlines.filter((x) => !x.met)) {
      const line = `${report.trackingCode}　${d.label}期限 ${d.due}`;
      if (d.overdue) overdue.push(line);
      else if (d.workingDaysLeft <= 1) dueSoon.push(line);
    }
  }
  if (!overdue.length && !dueSoon.length && !unavailable.size) return null;
  const body = [
    `${authorityName(authority)}：`,
    overdue.length ? `\n已超期（${overdue.length}）：\n${overdue.join('\n')}` : '',
    dueSoon.length ? `\n一个工作日内到期（${dueSoon.length}）：\n${dueSoon.join('\n')}` : '',
    unavailable.size ? `\n注意：${[...unavailable].join('；')}` : '',
    `\n请登录办理平台处理：${consoleUrl}`,
  ].join('\n');
  return { subject: `【举报办理提醒】${overdue.length} 件超期，${dueSoon.length} 件即将到期`, body, overdue: overdue.length, dueSoon: dueSoon.length };
}
