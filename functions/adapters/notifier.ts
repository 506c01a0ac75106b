import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { Notice } from '../core/reminders';

/** Notices to an authority's mailbox: SES where it is offered, an SNS topic where it is not (AWS China). */
export interface Notifier {
  send(authority: string, mailbox: string, notice: Notice): Promise<void>;
}

export class SesNotifier implements Notifier {
  constructor(
    private readonly from: string,
    private readonly client: SESv2Client,
  ) {}

  async send(_authority: string, mailbox: string, notice: Notice) {
    await this.client.send(
      new SendEmailCommand({
        FromEmailAddress: this.from,
        Destination: { ToAddresses: [mailbox] },
        Content: { Simple: { Subject: { Data: notice.subject, Charset: 'UTF-8' }, Body: { Text: { Data: notice.body, Charset: 'UTF-8' } } } },
      }),
    );
  }
}

/** One topic for all authorities; each mailbox subscribes with a filter policy on the `authority` attribute. */
export class SnsNotifier implements Notifier {
  constructor(
    private readonly topicArn: string,
    private readonly client: SNSClient,
  ) {}

  async send(authority: string, _mailbox: string, notice: Notice) {
    await this.client.send(
      new PublishCommand({
        TopicArn: this.topicArn,
        Subject: notice.subject.slice(0, 99),
        Message: notice.body,
        MessageAttributes: { authority: { DataType: 'String', StringValue: authority } },
      }),
    );
  }
}
