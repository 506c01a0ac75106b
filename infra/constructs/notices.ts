import { Topic, SubscriptionFilter } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Alias } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { PortalFunction } from './function-defaults';

/**
 * How notices reach an authority's mailbox. `bind` grants the function exactly what sending needs and sets
 * NOTIFY_MODE plus the sender's own variables; AUTHORITY_MAILBOXES is set by the schedule either way.
 */
export interface NoticeSender {
  readonly mode: 'ses' | 'sns';
  bind(fn: PortalFunction): void;
}

/** Amazon SES: one e-mail per notice, to the mailbox the function looks up in AUTHORITY_MAILBOXES. */
export class SesNoticeSender implements NoticeSender {
  readonly mode = 'ses' as const;
  constructor(private readonly fromAddress: string) {}

  bind(fn: PortalFunction): void {
    fn.bindEnv('NOTIFY_MODE', 'ses').bindSesSender('NOTICE_FROM', this.fromAddress);
  }
}

/**
 * Amazon SNS where SES is not offered (China): one topic, one e-mail subscription per mailbox, each with a
 * filter on the `authority` message attribute so a mailbox receives only its own authority's notices.
 * Each recipient must confirm the subscription e-mail once.
 */
export class SnsNoticeSender extends Construct implements NoticeSender {
  readonly mode = 'sns' as const;
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: { mailboxes: Record<string, string> }) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', {
      displayName: '技能评价违规举报 通知',
      enforceSSL: true,
      masterKey: Alias.fromAliasName(this, 'SnsKey', 'alias/aws/sns'),
    });
    for (const [authority, address] of Object.entries(props.mailboxes)) {
      this.topic.addSubscription(
        new EmailSubscription(address, {
          filterPolicy: { authority: SubscriptionFilter.stringFilter({ allowlist: [authority] }) },
        }),
      );
    }
  }

  bind(fn: PortalFunction): void {
    fn.bindEnv('NOTIFY_MODE', 'sns').bindTopic('NOTICE_TOPIC_ARN', this.topic);
  }
}
