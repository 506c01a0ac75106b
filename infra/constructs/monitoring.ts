import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Alarm, ComparisonOperator, type IMetric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { PortalFunction } from './function-defaults';

export interface MonitoringProps {
  readonly httpApi: HttpApi;
  readonly functions: Record<string, PortalFunction>;
  readonly deadLetterQueues: Record<string, IQueue>;
  readonly alarmEmail?: string;
}

/** Alarms on what needs a person: API 5xx, function errors and throttles, anything in a dead-letter queue. */
export class Monitoring extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

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
