import { makeClients } from '../adapters/clients';
import { DynamoReportStore } from '../adapters/dynamo-report-store';
import { SesNotifier, SnsNotifier, type Notifier } from '../adapters/notifier';
import { deadlineConfigSchema, isWorkingDay, shanghaiDate } from '../core/deadlines';
import { deadlineNotice } from '../core/reminders';
import { requireEnv } from './env';

// Every working morning: each authority with a mailbox gets one notice of overdue and nearly due reports.

const store = new DynamoReportStore(makeClients().dynamo, requireEnv('TABLE_NAME'));
const mailboxes = JSON.parse(process.env.AUTHORITY_MAILBOXES ?? '{}') as Record<string, string>;
const config = deadlineConfigSchema.parse(JSON.parse(process.env.DEADLINES ?? '{}'));
const notifier: Notifier =
  requireEnv('NOTIFY_MODE') === 'ses' ? new SesNotifier(requireEnv('NOTICE_FROM')) : new SnsNotifier(requireEnv('NOTICE_TOPIC_ARN'));

export async function handler(): Promise<{ sent: number }> {
  let sent = 0;
  const now = new Date();
  // The schedule fires daily; 调休 make-up workdays cannot be written as a cron expression.
  if (!isWorkingDay(shanghaiDate(now))) return { sent };
  for (const [authority, mailbox] of Object.entries(mailboxes)) {
    const notice = deadlineNotice(authority, await store.listForAuthority(authority), now, config, process.env.CONSOLE_URL);
    if (!notice) continue;
    await notifier.send(authority, mailbox, notice);
    sent++;
  }
  return { sent };
}
