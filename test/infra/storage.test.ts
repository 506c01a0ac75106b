import { INDEX_LIST } from '../../functions/adapters/table-schema';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { build, CHINA, GLOBAL, resources, templateOf } from './helpers';
import { Template } from 'aws-cdk-lib/assertions';

describe('storage', () => {
  const { template, portal } = templateOf(GLOBAL);

  it('keeps no S3 access logs, which would hold reporters’ IP addresses', () => {
    for (const bucket of Object.values(resources(template, 'AWS::S3::Bucket'))) expect(bucket.Properties?.LoggingConfiguration).toBeUndefined();
  });

  it('blocks public access on every bucket', () => {
    const buckets = resources(template, 'AWS::S3::Bucket');
    expect(Object.keys(buckets).length).toBeGreaterThanOrEqual(2); // evidence and site
    for (const bucket of Object.values(buckets)) {
      expect(bucket.Properties?.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
    }
  });

  it('denies every request without TLS on every bucket', () => {
    const buckets = Object.keys(resources(template, 'AWS::S3::Bucket'));
    const policies = Object.values(resources(template, 'AWS::S3::BucketPolicy'));
    for (const id of buckets) {
      const policy = policies.find((p) => (p.Properties?.Bucket as { Ref?: string }).Ref === id);
      expect(policy, `bucket policy of ${id}`).toBeDefined();
      const statements = (policy!.Properties!.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement;
      expect(statements).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Action: 's3:*',
          Principal: { AWS: '*' },
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
    }
  });

  it('keeps one on-demand table with PITR, deletion protection, encryption, TTL and the queried indexes', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      SSESpecification: { SSEEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: INDEX_LIST.map((index) =>
        Match.objectLike({
          IndexName: index.name,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
          // The queue indexes carry the queue row only.
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['row'] },
        }),
      ),
    });
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain' });
  });

  it('versions the evidence bucket, encrypts it with its rotating KMS key and locks objects in governance mode', () => {
    const key = portal.stack.getLogicalId(portal.stack.storage.evidenceKey.node.defaultChild as never);
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [key, 'Arn'] } },
          },
        ],
      },
      ObjectLockEnabled: true,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: GLOBAL.evidenceRetentionDays } },
      },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([Match.objectLike({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: 'Enabled' })]),
      },
    });
  });

  it('takes the retention period from the prop', () => {
    const portal = build({ ...CHINA, evidenceRetentionDays: 42 });
    Template.fromStack(portal.stack).hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockConfiguration: { Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 42 } } },
    });
  });

  it("allows CORS from the site's CloudFront origin only, exposing ETag", () => {
    const dist = portal.stack.getLogicalId(portal.stack.site.distribution.node.defaultChild as never);
    template.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      CorsConfiguration: {
        CorsRules: [
          {
            AllowedOrigins: [{ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [dist, 'DomainName'] }]] }],
            AllowedMethods: ['PUT', 'GET', 'HEAD'],
            AllowedHeaders: ['*'],
            ExposedHeaders: ['ETag'],
            MaxAge: 3600,
          },
        ],
      },
    });
  });

  it('uses the custom domain as the CORS origin when there is one', () => {
    const { template } = templateOf(CHINA);
    template.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      CorsConfiguration: { CorsRules: [Match.objectLike({ AllowedOrigins: ['https://jubao.example.gov.cn'] })] },
    });
  });

  it('sends ObjectCreated under reports/ to the evidence checker, after S3 may invoke it', () => {
    const fn = portal.stack.getLogicalId(portal.stack.evidence.handler.fn.node.defaultChild as never);
    template.hasResource('AWS::S3::Bucket', {
      Properties: Match.objectLike({
        NotificationConfiguration: {
          LambdaConfigurations: [
            {
              Event: 's3:ObjectCreated:*',
              Function: { 'Fn::GetAtt': [fn, 'Arn'] },
              Filter: { S3Key: { Rules: [{ Name: 'prefix', Value: 'reports/' }] } },
            },
          ],
        },
      }),
      DependsOn: Match.anyValue(),
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 's3.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [fn, 'Arn'] },
    });
  });
});
