import { CalendarYearUnavailable } from './deadlines';
import { authorityName, type AuthorityNames } from './ids';
import type { QueueRow } from './queue';
import type { WorkingCalendar } from './working-calendar';

// The daily notice to an authority's mailbox: what is overdue and what falls due by the next working day. It reads
// only the due index's front (the rows due by then) and the rows whose limit the calendar cannot compute yet.

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
export function remindToday(calendar: WorkingCalendar, today: string): boolean {
  try {
    return calendar.isWorkingDay(today);
  } catch (error) {
    if (error instanceof CalendarYearUnavailable) return true;
    throw error;
  }
}

/** The last date the notice covers: the next working day after today (tomorrow, when the calendar cannot say). */
export function noticeHorizon(today: string, calendar: WorkingCalendar): string {
  try {
    return calendar.addWorkingDays(today, 1);
  } catch (error) {
    if (!(error instanceof CalendarYearUnavailable)) throw error;
    return new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  }
}

/** `names`: the industry departments' names from the registry in force (without: 行业主管部门 and the id). */
export function deadlineNotice(authority: string, rows: QueueRow[], today: string, horizon: string, consoleUrl = '/staff/', names?: AuthorityNames): Notice | null {
  const overdue: string[] = [];
  const dueSoon: string[] = [];
  const unavailable = new Set<string>();
  for (const row of rows) {
    if (row.status === 'closed') continue;
    if (row.due.unavailable) unavailable.add(row.due.unavailable);
    if (!row.due.next) continue;
    const line = `${row.trackingCode}　${row.due.label ?? ''}期限 ${row.due.next}`;
    if (row.due.next < today) overdue.push(line);
    else if (row.due.next <= horizon) dueSoon.push(line);
  }
  if (!overdue.length && !dueSoon.length && !unavailable.size) return null;
  const body = [
    `${authorityName(authority, names)}：`,
    overdue.length ? `\n已超期（${overdue.length}）：\n${overdue.join('\n')}` : '',
    dueSoon.length ? `\n下一个工作日结束前到期（${dueSoon.length}）：\n${dueSoon.join('\n')}` : '',
    unavailable.size ? `\n注意：${[...unavailable].join('；')}` : '',
    `\n请登录办理平台处理：${consoleUrl}`,
  ].join('\n');
  return { subject: `【举报办理提醒】${overdue.length} 件超期，${dueSoon.length} 件即将到期`, body, overdue: overdue.length, dueSoon: dueSoon.length };
}

export interface ReminderDeps {
  dueThrough: (authority: string, through: string) => Promise<QueueRow[]>;
  calendar: WorkingCalendar;
  send: (authority: string, mailbox: string, notice: Notice) => Promise<void>;
  mailboxes: Record<string, string>;
  consoleUrl?: string;
  authorityNames?: () => Promise<AuthorityNames>;
}

/** The morning run: on a working day, one notice per authority with a mailbox and something due. */
export async function sendDeadlineNotices(deps: ReminderDeps, today: string): Promise<{ sent: number; rows: number }> {
  if (!remindToday(deps.calendar, today)) return { sent: 0, rows: 0 };
  const horizon = noticeHorizon(today, deps.calendar);
  let sent = 0;
  let read = 0;
  const names = await deps.authorityNames?.();
  for (const [authority, mailbox] of Object.entries(deps.mailboxes)) {
    const rows = await deps.dueThrough(authority, horizon);
    read += rows.length;
    const notice = deadlineNotice(authority, rows, today, horizon, deps.consoleUrl, names);
    if (!notice) continue;
    await deps.send(authority, mailbox, notice);
    sent++;
  }
  return { sent, rows: read };
}
