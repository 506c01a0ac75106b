import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, Function as LambdaFunction, type IFunction, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { bundledCode, type BundledAsset, type NativePackage } from '../bundling';
import { handlerExists } from '../paths';
import { powertoolsEnvironment } from './monitoring';

/** The evidence bucket as the functions see it: by name and ARN strings, so no Ref ties them to the bucket. */
export interface EvidenceBucketRef {
  readonly bucketName: string;
  readonly bucketArn: string;
  readonly key: IKey;
  /** Prefix every object lives under; grants never reach outside it. */
  readonly prefix: string;
}

export type TableAction = 'GetItem' | 'PutItem' | 'UpdateItem' | 'Query' | 'DeleteItem' | 'BatchGetItem';
export type KmsUse = 'Decrypt' | 'Encrypt' | 'GenerateDataKey';

export interface PortalFunctionProps {
  /** Repository-relative handler file exporting `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly logRetentionDays: number;
  readonly tracing: boolean;
  readonly memorySize?: number;
  readonly timeout?: Duration;
  /** Async invocations that still fail after the retries land here. */
  readonly deadLetterQueue?: IQueue;
  readonly retryAttempts?: number;
  /**
   * Files the bundle needs beside it (repository-relative source → folder inside the bundle), copied after
   * esbuild ran: e.g. the two font files the documents renderer embeds (DOCUMENT_FONTS_DIR).
   */
  readonly assets?: readonly BundledAsset[];
  /** Packages with native code, copied into the bundle's node_modules (infra/paths.ts SHARP_PACKAGES, OCR_PACKAGES). */
  readonly nativePackages?: readonly NativePackage[];
  /** arm64 unless a native package needs x86_64 (the prebuilt sharp and onnxruntime binaries installed are linux-x64). */
  readonly architecture?: Architecture;
}

const RETENTIONS = Object.values(RetentionDays).filter((v): v is RetentionDays => typeof v === 'number' && v > 0);

/** The nearest CloudWatch retention at or above the requested days. */
export function retentionFor(days: number): RetentionDays {
  const sorted = [...RETENTIONS].sort((a, b) => a - b);
  return sorted.find((r) => r >= days) ?? RetentionDays.INFINITE;
}

/**
 * One Lambda function with the project's defaults: Node 24 on arm64, bundled by the project's own esbuild
 * (never Docker; `infra/bundling.ts`), Powertools' settings, its own log group with retention, its own role
 * with nothing in it but its logs. Every further right comes from a `bind*` method, which also sets the
 * environment variable the code reads, so a permission and its variable can never drift apart.
 */
export class PortalFunction extends Construct {
  readonly fn: LambdaFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: PortalFunctionProps) {
    super(scope, id);
    const stack = Stack.of(this);

    this.logGroup = new LogGroup(this, 'Logs', {
      retention: retentionFor(props.logRetentionDays),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Own role, no AWSLambdaBasicExecutionRole: it would grant logs on every log group.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: props.description,
    });
    this.logGroup.grantWrite(this.role);

    this.fn = new LambdaFunction(this, 'Function', {
      code: bundledCode(PortalFunction.resolveEntry(stack, props.entry), props.assets, props.nativePackages),
      handler: 'index.handler',
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: props.architecture ?? Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(15),
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      tracing: props.tracing ? Tracing.ACTIVE : Tracing.DISABLED,
      deadLetterQueue: props.deadLetterQueue,
      retryAttempts: props.retryAttempts,
      environment: { NODE_OPTIONS: '--enable-source-maps', ...powertoolsEnvironment(props.entry, props.tracing) },
    });
  }

  /** The real entry, or a stand-in when bundling is skipped and the handler is still being written. */
  static resolveEntry(stack: Stack, entry: string): string {
    if (handlerExists(entry)) return entry;
    if (!stack.bundlingRequired) return 'infra/placeholder-handler.ts';
    throw new Error(`Lambda entry ${entry} does not exist: the stack cannot be bundled without it.`);
  }

  bindEnv(name: string, value: string): this {
    this.fn.addEnvironment(name, value);
    return this;
  }

  /** TABLE_NAME, and exactly the item actions on the table and the query actions on the named indexes. */
  bindTable(table: ITable, access: { onTable: TableAction[]; onIndexes?: { names: string[]; actions: TableAction[] } }): this {
    if (access.onTable.length > 0) {
      this.role.addToPrincipalPolicy(
        new PolicyStatement({ actions: access.onTable.map((a) => `dynamodb:${a}`), resources: [table.tableArn] }),
      );
    }
    if (access.onIndexes && access.onIndexes.names.length > 0) {
      this.role.addToPrincipalPolicy(
        new PolicyStatement({
          actions: access.onIndexes.actions.map((a) => `dynamodb:${a}`),
          resources: access.onIndexes.names.map((n) => `${table.tableArn}/index/${n}`),
        }),
      );
    }
    return this.bindEnv('TABLE_NAME', table.tableName);
  }

  /**
   * EVIDENCE_BUCKET, the object actions under one prefix of the bucket (evidence by default; the registry's and the
   * exports' prefixes are others), and the key uses, only through S3.
   */
  bindEvidence(evidence: EvidenceBucketRef, access: { objectActions: string[]; kms: KmsUse[]; prefix?: string }): this {
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: access.objectActions.map((a) => `s3:${a}`),
        resources: [`${evidence.bucketArn}/${access.prefix ?? evidence.prefix}*`],
      }),
    );
    if (access.kms.length > 0) {
      const stack = Stack.of(this);
      this.role.addToPrincipalPolicy(
        new PolicyStatement({
          actions: access.kms.map((a) => `kms:${a}`),
          resources: [evidence.key.keyArn],
          // The key serves this role only for S3 requests, never for direct KMS calls.
          conditions: { StringEquals: { 'kms:ViaService': `s3.${stack.region}.${stack.urlSuffix}` } },
        }),
      );
    }
    return this.bindEnv('EVIDENCE_BUCKET', evidence.bucketName);
  }

  /** The secret's ARN in `envName` and GetSecretValue on it alone. */
  bindSecret(envName: string, secret: ISecret): this {
    this.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [secret.secretArn] }));
    return this.bindEnv(envName, secret.secretArn);
  }

  /** The function's name in `envName` and the right to invoke it synchronously. */
  bindInvoke(envName: string, target: IFunction): this {
    this.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [target.functionArn] }));
    return this.bindEnv(envName, target.functionName);
  }

  /** The topic's ARN in `envName` and sns:Publish on it. */
  bindTopic(envName: string, topic: ITopic): this {
    this.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['sns:Publish'], resources: [topic.topicArn] }));
    return this.bindEnv(envName, topic.topicArn);
  }

  /** The sender address in `envName` and ses:SendEmail from that identity (address and its domain) only. */
  bindSesSender(envName: string, fromAddress: string): this {
    const stack = Stack.of(this);
    const domain = fromAddress.split('@')[1] ?? fromAddress;
    const identity = (name: string) => stack.formatArn({ service: 'ses', resource: 'identity', resourceName: name });
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail', 'ses:SendRawEmail'],
        resources: [identity(fromAddress), identity(domain)],
        conditions: { StringEquals: { 'ses:FromAddress': fromAddress } },
      }),
    );
    return this.bindEnv(envName, fromAddress);
  }
}
