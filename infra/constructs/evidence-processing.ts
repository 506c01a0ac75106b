import { Duration, Stack } from 'aws-cdk-lib';
import { CfnPermission } from 'aws-cdk-lib/aws-lambda';
import type { CfnBucket } from 'aws-cdk-lib/aws-s3';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { HANDLERS } from '../paths';
import { PortalFunction } from './function-defaults';
import type { Storage } from './storage';

export interface EvidenceProcessingProps {
  readonly storage: Storage;
  readonly logRetentionDays: number;
  readonly tracing: boolean;
}

/**
 * Checks every uploaded evidence object (size, type by magic bytes, SHA-256, EXIF time) when S3 reports
 * it, so a client that never calls "complete" cannot leave an unchecked file; the public API also invokes
 * it synchronously. Refused files are deleted, which under Object Lock only adds a delete marker.
 */
export class EvidenceProcessing extends Construct {
  readonly handler: PortalFunction;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: EvidenceProcessingProps) {
    super(scope, id);
    const { storage } = props;
    const stack = Stack.of(this);

    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    this.handler = new PortalFunction(this, 'Checker', {
      entry: HANDLERS.evidenceUploaded,
      description: 'Checks uploaded evidence (ObjectCreated and direct calls from the public API)',
      logRetentionDays: props.logRetentionDays,
      tracing: props.tracing,
      memorySize: 1024,
      timeout: Duration.minutes(5),
      deadLetterQueue: this.deadLetterQueue,
      retryAttempts: 2,
    });
    this.handler
      .bindTable(storage.table, { onTable: ['GetItem', 'PutItem', 'UpdateItem'] })
      // DeleteObject only: a refused upload gets a delete marker; no right to remove a locked version.
      .bindEvidence(storage.evidence, { objectActions: ['GetObject', 'DeleteObject'], kms: ['Decrypt'] });

    // S3 → Lambda wired on the bucket itself (no notifications custom resource); the permission must exist first.
    const permission = new CfnPermission(this, 'S3Invoke', {
      action: 'lambda:InvokeFunction',
      functionName: this.handler.fn.functionArn,
      principal: 's3.amazonaws.com',
      sourceArn: storage.evidence.bucketArn,
      sourceAccount: stack.account,
    });
    const cfnBucket = storage.evidenceBucket.node.defaultChild as CfnBucket;
    cfnBucket.notificationConfiguration = {
      lambdaConfigurations: [
        {
          event: 's3:ObjectCreated:*',
          function: this.handler.fn.functionArn,
          filter: { s3Key: { rules: [{ name: 'prefix', value: storage.evidence.prefix }] } },
        },
      ],
    };
    cfnBucket.addResourceDependency(permission);
  }
}
