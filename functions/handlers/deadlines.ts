import { makeClients, sesClient, snsClient } from '../adapters/clients';
import { METRICS } from '../adapters/metric-names';
import { SesNotifier, SnsNotifier, type Notifier } from '../adapters/notifier';
import { count, lambdaHandler, logger } from '../adapters/observability';
import { adapters } from '../adapters/wiring';
import { deadlineConfigSchema, shanghaiDate } from '../core/deadlines';
import { remindToday, sendDeadlineNotices } from '../core/reminders';
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
  requireEnv('NOTIFY_MODE') === 'ses' ? new SesNotifier(requireEnv('NOTICE_FROM'), sesClient()) : new SnsNotifier(requireEnv('NOTICE_TOPIC_ARN'), snsClient());

export const handler = lambdaHandler(async (): Promise<{ sent: number; rows: number }> => {
  const { calendar } = await made.deadlines();
  const today = shanghaiDate(new Date());
  let overdue = 0;
  let dueSoon = 0;
  const result = await sendDeadlineNotices(
    {
      dueThrough: (a, through) => made.store.dueThrough(a, through),
      calendar,
      send: async (authority, mailbox, notice) => {
        await notifier.send(authority, mailbox, notice);
        overdue += notice.overdue;
        dueSoon += notice.dueSoon;
        logger.info('notice sent', { authority, overdue: notice.overdue, dueSoon: notice.dueSoon });
      },
      mailboxes,
      consoleUrl: process.env.CONSOLE_URL,
      authorityNames: made.registry.names,
    },
    today,
  );
  // Counted on the mornings the reminder runs, zero included, so that the dashboard shows a line, not gaps.
  if (remindToday(calendar, today)) {
    count(METRICS.overdueCases, overdue);
    count(METRICS.dueSoonCases, dueSoon);
  }
  logger.info('reminder done', { sent: result.sent, rows: result.rows, overdue, dueSoon });
  return result;
});
