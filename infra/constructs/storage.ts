import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  HttpMethods,
  ObjectLockRetention,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { BUCKET_PREFIXES, INDEX_LIST, TABLE_KEYS, TTL_ATTRIBUTE } from '../../functions/adapters/table-schema';
import type { EvidenceBucketRef } from './function-defaults';

export interface StorageProps {
  /** Object Lock governance retention of each evidence object version. */
  readonly evidenceRetentionDays: number;
  /** Lower-case prefix for the deterministic bucket names. */
  readonly namePrefix: string;
}

export const EVIDENCE_PREFIX = BUCKET_PREFIXES.evidence;

/** The table, the evidence bucket and its key, and the bucket that receives every access log. */
export class Storage extends Construct {
  readonly table: Table;
  readonly evidenceKey: Key;
  readonly evidenceBucket: Bucket;
  /** Name/ARN strings built from the stack's account and region: functions bind to these, not to Refs. */
  readonly evidence: EvidenceBucketRef;
  /** Host name a browser PUTs presigned uploads to. */
  readonly evidenceEndpoint: string;

  constructor(scope: Construct, id: string, props: StorageProps) {
    super(scope, id);
    const stack = Stack.of(this);

    this.table = new Table(this, 'Table', {
      partitionKey: { name: TABLE_KEYS.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: TTL_ATTRIBUTE,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of INDEX_LIST) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.INCLUDE,
        nonKeyAttributes: [...index.include],
      });
    }

    this.evidenceKey = new Key(this, 'EvidenceKey', {
      description: 'Encrypts report evidence',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // A fixed name lets the functions (and so the API and CloudFront) refer to the bucket without a Ref,
    // while the bucket's CORS rule refers to the CloudFront domain: otherwise that is a dependency cycle.
    const bucketName = `${props.namePrefix}-evidence-${stack.account}-${stack.region}`;
    this.evidenceBucket = new Bucket(this, 'Evidence', {
      bucketName,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      encryption: BucketEncryption.KMS,
      encryptionKey: this.evidenceKey,
      bucketKeyEnabled: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      objectLockEnabled: true,
      // Evidence must outlive the case: no one without s3:BypassGovernanceRetention can remove a version.
      objectLockDefaultRetention: ObjectLockRetention.governance(Duration.days(props.evidenceRetentionDays)),
      lifecycleRules: [
        { abortIncompleteMultipartUploadAfter: Duration.days(1) },
        // Exports hold personal data for a day's work (each object is locked one day only), then go.
        { prefix: BUCKET_PREFIXES.exports, expiration: Duration.days(2), noncurrentVersionExpiration: Duration.days(1) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.evidence = {
      bucketName,
      bucketArn: `arn:${stack.partition}:s3:::${bucketName}`,
      key: this.evidenceKey,
      prefix: EVIDENCE_PREFIX,
    };
    this.evidenceEndpoint = `${bucketName}.s3.${stack.region}.${stack.urlSuffix}`;
  }

  /** Browsers may upload (and staff read) evidence from the site's origin only. */
  allowSiteOrigin(origin: string): void {
    this.evidenceBucket.addCorsRule({
      allowedOrigins: [origin],
      allowedMethods: [HttpMethods.PUT, HttpMethods.GET, HttpMethods.HEAD],
      allowedHeaders: ['*'],
      // Multipart: the browser must read each part's ETag to complete the upload.
      exposedHeaders: ['ETag'],
      maxAge: 3600,
    });
  }
}
