import { makeClients } from '../adapters/clients';
import { DynamoCalendarStore } from '../adapters/dynamo-calendar-store';
import { DynamoReportStore } from '../adapters/dynamo-report-store';
import { SesNotifier, SnsNotifier, type Notifier } from '../adapters/notifier';
import { calendarOf } from '../core/calendar-status';
import { deadlineConfigSchema } from '../core/deadlines';
import { deadlineNotice, remindToday } from '../core/reminders';
import { requireEnv } from './env';

// Every working morning: each authority with a mailbox gets one notice of overdue and nearly due reports.

const clients = makeClients();
const store = new DynamoReportStore(clients.dynamo, requireEnv('TABLE_NAME'));
const calendars = new DynamoCalendarStore(clients.dynamo, requireEnv('TABLE_NAME'));
const mailboxes = JSON.parse(process.env.AUTHORITY_MAILBOXES ?? '{}') as Record<string, string>;
const config = deadlineConfigSchema.parse(JSON.parse(process.env.DEADLINES ?? '{}'));
const notifier: Notifier =
  requireEnv('NOTIFY_MODE') === 'ses' ? new SesNotifier(requireEnv('NOTICE_FROM')) : new SnsNotifier(requireEnv('NOTICE_TOPIC_ARN'));

export async function handler(): Promise<{ sent: number }> {
  let sent = 0;
  const now = new Date();
  // Read once a day: the entries administrators made, with the package data.
  const calendar = calendarOf(await calendars.entries());
  if (!remindToday(calendar, now)) return { sent };
  for (const [authority, mailbox] of Object.entries(mailboxes)) {
    const notice = deadlineNotice(calendar, authority, await store.listForAuthority(authority), now, config, process.env.CONSOLE_URL);
    if (!notice) continue;
    await notifier.send(authority, mailbox, notice);
    sent++;
  }
  return { sent };
}
