import { Duration } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { HANDLERS } from '../paths';
import { PortalFunction } from './function-defaults';
import type { NoticeSender } from './notices';
import { INDEXES } from '../../functions/adapters/table-schema';
import type { Storage } from './storage';

export interface SchedulesProps {
  readonly storage: Storage;
  readonly sender: NoticeSender;
  readonly mailboxes: Record<string, string>;
  readonly logRetentionDays: number;
  readonly tracing: boolean;
}

/**
 * Deadline reminders at 08:30 Asia/Shanghai (00:30 UTC; China keeps no daylight saving) every day: the
 * handler itself skips days that are not working days, because 调休 makes some Saturdays working days and
 * some weekdays holidays, which no cron expression can say. EventBridge rules exist in both partitions.
 */
export class Schedules extends Construct {
  readonly deadlines: PortalFunction;
  readonly deadLetterQueue: Queue;
  readonly rule: Rule;

  constructor(scope: Construct, id: string, props: SchedulesProps) {
    super(scope, id);
    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.deadlines = new PortalFunction(this, 'Deadlines', {
      entry: HANDLERS.deadlines,
      description: 'Daily deadline reminders to each authority',
      logRetentionDays: props.logRetentionDays,
      tracing: props.tracing,
      timeout: Duration.minutes(5),
      deadLetterQueue: this.deadLetterQueue,
      retryAttempts: 2,
    });
    this.deadlines
      .bindTable(props.storage.table, { onTable: [], onIndexes: { names: [INDEXES.byDue.name], actions: ['Query'] } })
      .bindEnv('AUTHORITY_MAILBOXES', JSON.stringify(props.mailboxes));
    // The holiday arrangements administrators entered, and nothing else of the table.
    this.deadlines.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: [props.storage.table.tableArn],
        conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['CALENDAR'] } },
      }),
    );
    props.sender.bind(this.deadlines);

    this.rule = new Rule(this, 'Daily', {
      description: 'Deadline reminders, 08:30 Asia/Shanghai',
      schedule: Schedule.cron({ minute: '30', hour: '0' }),
    });
    this.rule.addTarget(
      new LambdaFunction(this.deadlines.fn, {
        retryAttempts: 2,
        maxEventAge: Duration.hours(2),
        deadLetterQueue: this.deadLetterQueue,
      }),
    );
  }
}
