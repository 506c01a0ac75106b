import { type CfnResource, Stack, Token, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { BUCKET_PREFIXES } from '../functions/adapters/table-schema';
import type { PortalFunction } from './constructs/function-defaults';
import type { PortalStack } from './stack';

/**
 * Every cdk-nag (AwsSolutions) finding this project accepts, each with its reason. This is the only file
 * that acknowledges findings; a test checks that. A finding that is not listed here stops synthesis.
 */
export function acknowledgeNagFindings(portal: { stack: PortalStack }): void {
  const { stack } = portal;
  const caps = stack.capabilities;
  const ack = (scope: IConstruct, id: string, reason: string) => Validations.of(scope).acknowledge({ id, reason });

  // --- Evidence prefix: the narrowest resource S3 object permissions can name ---------------------------
  const evidenceObjects = `Resource::${nagArn(stack, stack.storage.evidence.bucketArn)}/${stack.storage.evidence.prefix}*`;
  const byFunction: [PortalFunction, string][] = [
    [stack.api.publicApi, 'The public API presigns uploads for new reports, whose keys (reports/<trackingCode>/<evidenceId>) do not exist before the report: it can only be granted the reports/ prefix, and only PutObject/AbortMultipartUpload/ListMultipartUploadParts there.'],
    [stack.api.staffApi, 'Staff open and add evidence of any report of their authority (checked by the staff API); object keys are per report, so the grant is the reports/ prefix.'],
    [stack.evidence.handler, 'The evidence checker reads and, if refused, deletes any newly uploaded object under reports/; object keys are created by reporters.'],
    [stack.evidence.textReader, 'The text reader reads (only) an accepted photo it is asked about, reports/<trackingCode>/<evidenceId>, by the version that was checked; the keys are per report.'],
    [stack.api.caseFileJob, 'The case-file job copies a closed case’s evidence originals (reports/<trackingCode>/<evidenceId>, read by the version that was checked) into its archive: read-only, the keys are per report.'],
  ];
  for (const [fn, reason] of byFunction) ack(fn.role, `AwsSolutions-IAM5[${evidenceObjects}]`, reason);
  const prefixObjects = (prefix: string) => `Resource::${nagArn(stack, stack.storage.evidence.bucketArn)}/${prefix}*`;
  const registryObjects = prefixObjects(BUCKET_PREFIXES.registry);
  ack(stack.api.publicApi.role, `AwsSolutions-IAM5[${registryObjects}]`, 'Routing reads the registry version in force: one object per version under registry/ (numbered at import), read-only.');
  ack(stack.evidence.textReader.role, `AwsSolutions-IAM5[${registryObjects}]`, 'Triage runs again with a photo’s text and reads the registry version in force, as the public API does at filing: read-only, registry/.');
  ack(stack.api.staffApi.role, `AwsSolutions-IAM5[${registryObjects}]`, 'Administrators import registry versions: one new object per version under registry/, named by its number at import time.');
  const exportObjects = prefixObjects(BUCKET_PREFIXES.exports);
  ack(stack.api.exportJob.role, `AwsSolutions-IAM5[${exportObjects}]`, 'Each export job writes its own files under exports/<authority>/<job id>.*; the job id is made when the job is requested.');
  ack(stack.api.staffApi.role, `AwsSolutions-IAM5[${exportObjects}]`, 'Staff download their authority’s export files by short-lived links presigned with this role (read-only, exports/ only; the staff API checks the authority).');
  const displayObjects = prefixObjects(BUCKET_PREFIXES.display);
  ack(stack.evidence.handler.role, `AwsSolutions-IAM5[${displayObjects}]`, 'The checker writes each accepted photo’s display copy (no metadata) once, under display/<trackingCode>/<evidenceId>.webp; the keys are per report. PutObject only.');
  ack(stack.evidence.textReader.role, `AwsSolutions-IAM5[${displayObjects}]`, 'The text reader reads the display copy of the photo it is asked about (display/<trackingCode>/<evidenceId>.webp), read-only.');
  ack(stack.api.staffApi.role, `AwsSolutions-IAM5[${displayObjects}]`, 'Staff are shown photos’ display copies by links presigned with this role (read-only, display/ only; the staff API checks the authority).');
  const caseFileObjects = prefixObjects(BUCKET_PREFIXES.caseFiles);
  ack(stack.api.staffApi.role, `AwsSolutions-IAM5[${caseFileObjects}]`, 'Approving a document stores its PDF and DOCX once (If-None-Match) under case-files/<trackingCode>/documents/, keys made at approval; staff download them and the case file by links presigned with this role (the staff API checks the authority).');
  ack(stack.api.caseFileJob.role, `AwsSolutions-IAM5[${caseFileObjects}]`, 'The case-file job reads a case’s issued documents and writes its one archive under case-files/<trackingCode>/; the keys are per case. No delete, no retention change: the bucket’s default Object Lock retention applies.');

  // --- X-Ray: no resource-level permissions exist for trace upload ---------------------------------------
  if (caps.lambdaXRay) {
    for (const fn of [stack.api.publicApi, stack.api.staffApi, stack.api.exportJob, stack.api.caseFileJob, stack.evidence.handler, stack.evidence.textReader, stack.schedules.deadlines]) {
      ack(fn.role, 'AwsSolutions-IAM5[Resource::*]',
        'Only xray:PutTraceSegments and xray:PutTelemetryRecords (added by Lambda active tracing) use Resource "*": X-Ray supports no resource-level permissions for them.');
    }
  }

  // --- Receipt key -------------------------------------------------------------------------------------
  ack(stack.api.receiptKey, 'AwsSolutions-SMG4',
    'The secret is the HMAC key of reporters’ receipts: automatic rotation would invalidate every receipt already handed out. It never leaves Secrets Manager except to the public API; rotate by hand with a key-id scheme if it is ever exposed.');

  // --- Public API routes ---------------------------------------------------------------------------------
  for (const route of stack.api.publicRoutes) {
    ack(route, 'AwsSolutions-APIG4',
      'Reporting is public and may be anonymous by design. Abuse is limited by the stage throttle, the WAF rate rule (global partition), a proof of work on every filing and look-up, and a price per tracking code that rises with failed receipt guesses; the public role cannot read reports or evidence.');
  }
  for (const route of stack.api.signInConfigRoutes) {
    ack(route, 'AwsSolutions-APIG4',
      'GET /api/staff/config returns the staff console’s sign-in settings (OIDC issuer and public client id, nothing secret), which the console needs before it has a token; every other /api/staff/* route requires the JWT.');
  }
  for (const route of stack.api.staffSpecRoutes) {
    ack(route, 'AwsSolutions-APIG4',
      'GET /api/staff/openapi.json returns the staff API’s OpenAPI document (endpoints and request/response shapes, no data), which the API reference at /api/docs reads before any sign-in; every other /api/staff/* route requires the JWT.');
  }

  // --- Cognito -------------------------------------------------------------------------------------------
  if (stack.auth.userPool) {
    ack(stack.auth.userPool, 'AwsSolutions-COG8',
      'Threat protection needs the Plus feature plan (priced per monthly active user). Staff accounts are few, created by an admin only (no self sign-up), with MFA required; an authority can switch the plan on without code changes.');
  }

  // --- Access logs: none, because they would store reporters' IP addresses ------------------------------
  const noIpLogs =
    'Privacy: S3 server access logs and CloudFront standard logs record each client’s IP address, and the portal stores no IP addresses of reporters (many are anonymous). API access is logged by API Gateway without the source IP; the report item’s append-only event list is the audit trail of every change.';
  ack(stack.storage.evidenceBucket, 'AwsSolutions-S1', noIpLogs);
  ack(stack.site.bucket, 'AwsSolutions-S1', noIpLogs);
  ack(stack.site.distribution, 'AwsSolutions-CFR3', noIpLogs);

  // --- CloudFront ----------------------------------------------------------------------------------------
  const cdn = stack.site.distribution;
  ack(cdn, 'AwsSolutions-CFR1',
    'No geo restriction: people report what they saw, and some do so from outside the mainland (travel, work); access to the data is controlled by the API, not by the viewer’s country.');
  if (!stack.config.domainName) {
    ack(cdn, 'AwsSolutions-CFR4',
      'Without a custom domain CloudFront serves its default *.cloudfront.net certificate, whose security policy cannot be set. With domainName, the distribution uses TLSv1.2_2021.');
  } else if (caps.partition === 'aws-cn') {
    ack(cdn, 'AwsSolutions-CFR4',
      'Remediated by a property override (the L2 takes only ACM certificates, which CloudFront in China does not support): ViewerCertificate uses the IAM certificate with MinimumProtocolVersion TLSv1.2_2021, which cdk-nag cannot see.');
  }
  if (!caps.cloudFrontWaf) {
    ack(cdn, 'AwsSolutions-CFR2',
      'AWS WAF is supported at a regional level only in the China Regions, and HTTP APIs cannot take a web ACL: rate limiting there is the API stage throttle, the proof of work on filing and look-ups, and the per-code price of receipt guesses.');
  }
  if (!caps.cloudFrontOac) {
    ack(cdn, 'AwsSolutions-CFR7',
      'Origin access control is not available to CloudFront in the China Regions (AWS::CloudFront::OriginAccessControl is an unrecognized resource type there): the site bucket is private behind an origin access identity instead.');
  }

  // --- CDK's own BucketDeployment function (site upload) -------------------------------------------------
  const deployFn = stack.node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
  if (deployFn) {
    const why = 'CDK-owned BucketDeployment function that copies the built site into its bucket at deploy time; its role and runtime are generated by aws-cdk-lib and it never runs at request time.';
    ack(deployFn, 'AwsSolutions-L1', `${why} Its runtime is chosen by aws-cdk-lib.`);
    ack(deployFn, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', `${why} It writes only its own logs.`);
    const siteBucket = stack.site.bucket.node.defaultChild as CfnResource;
    const findings = [
      'Action::s3:GetObject*',
      'Action::s3:GetBucket*',
      'Action::s3:List*',
      'Action::s3:DeleteObject*',
      'Action::s3:Abort*',
      `Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-${nagAccount(stack)}-${stack.region}/*`,
      `Resource::<${stack.getLogicalId(siteBucket)}.Arn>/*`,
      // CloudFront invalidation: CreateInvalidation/GetInvalidation support no resource-level scoping here.
      'Resource::*',
    ];
    for (const f of findings) ack(deployFn, `AwsSolutions-IAM5[${f}]`, `${why} It reads the CDK asset and syncs the whole site bucket.`);
  }
}

/** The account as cdk-nag prints it inside finding ids. */
function nagAccount(stack: Stack): string {
  return Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
}

/** An ARN built from `arn:${partition}:…${account}…` strings, as cdk-nag prints it. */
function nagArn(stack: Stack, arn: string): string {
  return Stack.of(stack)
    .resolve(arn)
    ['Fn::Join']?.[1]
    ?.map((part: unknown) => (typeof part === 'string' ? part : `<${(part as { Ref: string }).Ref}>`))
    .join('') ?? arn;
}
