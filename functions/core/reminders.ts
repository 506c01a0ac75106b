import { reportDeadlines } from './case-deadlines';
import type { DeadlineConfig } from './deadlines';
import { authorityName } from './ids';
import type { ReportRecord } from './report';

// The daily notice to an authority's mailbox: what is overdue and what falls due within a working day.

export interface Notice {
  subject: string;
  body: string;
  overdue: number;
  dueSoon: number;
}

export function deadlineNotice(authority: string, reports: ReportRecord[], now: Date, config?: DeadlineConfig, consoleUrl = '/staff/'): Notice | null {
  const overdue: string[] = [];
  const dueSoon: string[] = [];
  const unavailable = new Set<string>();
  for (const report of reports) {
    if (report.status === 'closed') continue;
    const state = reportDeadlines(report, config, now);
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
