import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  Metric,
  SingleValueWidget,
  Stats,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRIC_NAMESPACE, METRICS, SERVICES } from '../../functions/adapters/metric-names';
import { HANDLERS } from '../paths';
import type { PortalFunction } from './function-defaults';

/**
 * Powertools' settings for the function of `entry`: its service name (the logs' `service`, the metrics'
 * dimension), the metrics namespace, and tracing on or off (off in China, where Lambda has no X-Ray).
 */
export function powertoolsEnvironment(entry: string, tracing: boolean): Record<string, string> {
  const key = (Object.keys(HANDLERS) as (keyof typeof HANDLERS)[]).find((k) => HANDLERS[k] === entry);
  return {
    POWERTOOLS_SERVICE_NAME: key ? SERVICES[key] : 'skill-reports',
    POWERTOOLS_METRICS_NAMESPACE: METRIC_NAMESPACE,
    POWERTOOLS_TRACE_ENABLED: String(tracing),
  };
}

/** A business metric as the functions publish it (Powertools: the `service` dimension). */
export function businessMetric(name: string, service: string, statistic: string = Stats.SUM, period = Duration.hours(1)): Metric {
  return new Metric({ namespace: METRIC_NAMESPACE, metricName: name, dimensionsMap: { service }, statistic, period });
}

export interface MonitoringProps {
  readonly httpApi: HttpApi;
  readonly functions: Record<string, PortalFunction>;
  readonly deadLetterQueues: Record<string, IQueue>;
  readonly alarmEmail?: string;
}

/**
 * Alarms on what needs a person (API 5xx, function errors and throttles, anything in a dead-letter queue), and one
 * dashboard: the business metrics, the API, each function, the dead-letter queues, the alarms.
 */
export class Monitoring extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    // CloudWatch cannot publish to a topic under the AWS-managed SNS key: a key of our own that it may use.
    const key = new Key(this, 'TopicKey', {
      description: 'Encrypts the alarm topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new Topic(this, 'Alarms', { displayName: 'Skill reports alarms', enforceSSL: true, masterKey: key });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));

    this.add('Api5xx', props.httpApi.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }), 5,
      'API returned 5xx responses');
    for (const [name, fn] of Object.entries(props.functions)) {
      this.add(`${name}Errors`, fn.fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }), 1,
        `${name} function errors`);
      this.add(`${name}Throttles`, fn.fn.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' }), 1,
        `${name} function throttled`);
    }
    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      this.add(`${name}DeadLetters`,
        queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }), 1,
        `${name}: events that failed every retry are waiting in the dead-letter queue`);
    }
    this.dashboard = this.buildDashboard(props);
  }

  private buildDashboard(props: MonitoringProps): Dashboard {
    const stack = Stack.of(this);
    const dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `${stack.stackName}-operations`,
      defaultInterval: Duration.days(7),
    });
    const filed = businessMetric(METRICS.reportsFiled, SERVICES.publicApi);
    const refused = businessMetric(METRICS.filesRefused, SERVICES.evidenceUploaded);
    const powFailures = businessMetric(METRICS.proofOfWorkFailures, SERVICES.publicApi);
    // The reminder counts once each working morning: the day's maximum is that morning's figure.
    const overdue = businessMetric(METRICS.overdueCases, SERVICES.deadlines, Stats.MAXIMUM, Duration.days(1));
    const dueSoon = businessMetric(METRICS.dueSoonCases, SERVICES.deadlines, Stats.MAXIMUM, Duration.days(1));
    const period = Duration.minutes(5);
    const fns = Object.entries(props.functions);
    dashboard.addWidgets(
      new TextWidget({
        markdown: '## Reports\nBusiness metrics (namespace `' + METRIC_NAMESPACE + '`, published by the functions); no figure carries a report\'s content.',
        width: 24,
        height: 2,
      }),
    );
    dashboard.addWidgets(
      new SingleValueWidget({ title: 'Filed, refused files, proof-of-work failures (last 24 h)', metrics: [filed, refused, powFailures].map((m) => m.with({ period: Duration.days(1) })), width: 12, height: 4 }),
      new SingleValueWidget({ title: 'This morning: overdue, due by the next working day', metrics: [overdue, dueSoon], width: 12, height: 4 }),
    );
    dashboard.addWidgets(
      new GraphWidget({ title: 'Reports filed (per hour)', left: [filed], width: 8 }),
      new GraphWidget({ title: 'Files refused and proof-of-work failures (per hour)', left: [refused, powFailures], width: 8 }),
      new GraphWidget({ title: 'Overdue and nearly due cases (each morning)', left: [overdue, dueSoon], width: 8 }),
    );
    dashboard.addWidgets(
      new GraphWidget({
        title: 'API requests and errors',
        left: [props.httpApi.metricCount({ period }), props.httpApi.metricClientError({ period }), props.httpApi.metricServerError({ period })],
        width: 12,
      }),
      new GraphWidget({
        title: 'API latency (p50, p95, p99)',
        left: [Stats.p(50), Stats.p(95), Stats.p(99)].map((statistic) => props.httpApi.metricLatency({ period, statistic, label: statistic })),
        width: 12,
      }),
    );
    dashboard.addWidgets(
      new GraphWidget({ title: 'Function invocations', left: fns.map(([name, f]) => f.fn.metricInvocations({ period, label: name })), width: 8 }),
      new GraphWidget({ title: 'Function errors and throttles', left: fns.flatMap(([name, f]) => [f.fn.metricErrors({ period, label: `${name} errors` }), f.fn.metricThrottles({ period, label: `${name} throttles` })]), width: 8 }),
      new GraphWidget({ title: 'Function duration (p95)', left: fns.map(([name, f]) => f.fn.metricDuration({ period, statistic: Stats.p(95), label: name })), width: 8 }),
    );
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Dead-letter queues (messages waiting)',
        left: Object.entries(props.deadLetterQueues).map(([name, q]) => q.metricApproximateNumberOfMessagesVisible({ period, statistic: Stats.MAXIMUM, label: name })),
        width: 12,
      }),
      new AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 12 }),
    );
    return dashboard;
  }

  private add(id: string, metric: IMetric, threshold: number, description: string): void {
    const alarm = new Alarm(this, id, {
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
