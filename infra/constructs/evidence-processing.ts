import { Duration, Stack } from 'aws-cdk-lib';
import { Architecture, CfnPermission } from 'aws-cdk-lib/aws-lambda';
import type { CfnBucket } from 'aws-cdk-lib/aws-s3';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { BUCKET_PREFIXES } from '../../functions/adapters/table-schema';
import { HANDLERS, OCR_MODELS, OCR_PACKAGES, SHARP_PACKAGES } from '../paths';
import { PortalFunction } from './function-defaults';
import type { Storage } from './storage';

export interface EvidenceProcessingProps {
  readonly storage: Storage;
  readonly logRetentionDays: number;
  readonly tracing: boolean;
}

/**
 * Checks every uploaded evidence object (size, type by magic bytes, photos decoded in full, SHA-256, EXIF time) when
 * S3 reports it, so a client that never calls "complete" cannot leave an unchecked file; the public API also invokes
 * it synchronously. Refused files are deleted, which under Object Lock only adds a delete marker. An accepted photo
 * gets a display copy (no metadata) under `display/`, and the text reader is invoked asynchronously to read it (OCR).
 */
export class EvidenceProcessing extends Construct {
  readonly handler: PortalFunction;
  readonly deadLetterQueue: Queue;
  /** Reads the text of accepted photos: offline OCR, its models and onnxruntime beside the bundle. */
  readonly textReader: PortalFunction;
  readonly textDeadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: EvidenceProcessingProps) {
    super(scope, id);
    const { storage } = props;
    const stack = Stack.of(this);

    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    this.textDeadLetterQueue = new Queue(this, 'TextDeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    // 2048 MB: the models and onnxruntime take about 1.2 GB of memory reading a phone screenshot (npm run bench),
    // and Lambda's CPU grows with memory. x86_64: the prebuilt onnxruntime and sharp binaries installed are linux-x64.
    this.textReader = new PortalFunction(this, 'TextReader', {
      entry: HANDLERS.evidenceText,
      description: 'Reads the text of accepted evidence photos (offline OCR) and runs triage again with it',
      logRetentionDays: props.logRetentionDays,
      tracing: props.tracing,
      memorySize: 2048,
      timeout: Duration.minutes(2),
      architecture: Architecture.X86_64,
      nativePackages: OCR_PACKAGES,
      assets: OCR_MODELS.files.map((from) => ({ from, to: OCR_MODELS.dir })),
      deadLetterQueue: this.textDeadLetterQueue,
      retryAttempts: 2,
    });
    // Triage runs again with the text: like the public API at filing, it reads the registry in force and a report's
    // own items and the records about its subject (Query of an exact partition), never an index, never a scan.
    this.textReader
      .bindTable(storage.table, { onTable: ['GetItem', 'PutItem', 'UpdateItem', 'Query'] })
      .bindEvidence(storage.evidence, { objectActions: ['GetObject'], kms: ['Decrypt'], prefix: BUCKET_PREFIXES.registry })
      .bindEvidence(storage.evidence, { objectActions: ['GetObject', 'GetObjectVersion'], kms: ['Decrypt'] })
      .bindEvidence(storage.evidence, { objectActions: ['GetObject'], kms: ['Decrypt'], prefix: BUCKET_PREFIXES.display })
      .bindEnv('OCR_MODELS_DIR', OCR_MODELS.dir);

    this.handler = new PortalFunction(this, 'Checker', {
      entry: HANDLERS.evidenceUploaded,
      description: 'Checks uploaded evidence (ObjectCreated and direct calls from the public API)',
      logRetentionDays: props.logRetentionDays,
      tracing: props.tracing,
      // A 20 MB photo decoded in full (and its display copy) needs room; sharp's binaries are linux-x64.
      memorySize: 1536,
      timeout: Duration.minutes(5),
      architecture: Architecture.X86_64,
      nativePackages: SHARP_PACKAGES,
      deadLetterQueue: this.deadLetterQueue,
      retryAttempts: 2,
    });
    this.handler
      .bindTable(storage.table, { onTable: ['GetItem', 'PutItem', 'UpdateItem'] })
      // DeleteObject only: a refused upload gets a delete marker; no right to remove a locked version.
      .bindEvidence(storage.evidence, { objectActions: ['GetObject', 'DeleteObject'], kms: ['Decrypt'] })
      // Display copies: written (once per photo) under their own prefix, which no bucket notification watches.
      .bindEvidence(storage.evidence, { objectActions: ['PutObject'], kms: ['Encrypt', 'GenerateDataKey'], prefix: BUCKET_PREFIXES.display })
      .bindInvoke('TEXT_READER_FUNCTION', this.textReader.fn);

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
