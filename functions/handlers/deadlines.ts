import { makeClients } from '../adapters/clients';
import { SesNotifier, SnsNotifier, type Notifier } from '../adapters/notifier';
import { adapters } from '../adapters/wiring';
import { deadlineConfigSchema, shanghaiDate } from '../core/deadlines';
import { sendDeadlineNotices } from '../core/reminders';
import { requireEnv } from './env';

// Every working morning: each authority with a mailbox gets one notice of overdue and nearly due reports.

const made = adapters({
  ...makeClients(),
  tableName: requireEnv('TABLE_NAME'),
  bucket: '', // the reminder reads the table only
  receiptKey: () => Promise.reject(new Error('the reminder issues no receipts')),
  deadlineConfig: deadlineConfigSchema.parse(JSON.parse(process.env.DEADLINES ?? '{}')),
});
const mailboxes = JSON.parse(process.env.AUTHORITY_MAILBOXES ?? '{}') as Record<string, string>;
const notifier: Notifier =
  requireEnv('NOTIFY_MODE') === 'ses' ? new SesNotifier(requireEnv('NOTICE_FROM')) : new SnsNotifier(requireEnv('NOTICE_TOPIC_ARN'));

export async function handler(): Promise<{ sent: number; rows: number }> {
  const { calendar } = await made.deadlines();
  return sendDeadlineNotices(
    { dueThrough: (a, through) => made.store.dueThrough(a, through), calendar, send: (a, m, n) => notifier.send(a, m, n), mailboxes, consoleUrl: process.env.CONSOLE_URL },
    shanghaiDate(new Date()),
  );
}
