import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { capabilitiesFor, type Capabilities, noticeSender, type PortalConfig, validateConfig } from './config';
import { Api } from './constructs/api';
import { Auth } from './constructs/auth';
import { EvidenceProcessing } from './constructs/evidence-processing';
import { Monitoring } from './constructs/monitoring';
import { type NoticeSender, SesNoticeSender, SnsNoticeSender } from './constructs/notices';
import { Schedules } from './constructs/schedules';
import { Site } from './constructs/site';
import { Storage } from './constructs/storage';
import { repoPath } from './paths';

export interface PortalStackProps extends StackProps {
  readonly config: PortalConfig;
  /** CLOUDFRONT-scoped web ACL from the us-east-1 edge stack (global partition). */
  readonly webAclArn?: string;
}

/** The whole portal in one stack: each concern in its own construct. */
export class PortalStack extends Stack {
  readonly config: PortalConfig;
  readonly capabilities: Capabilities;
  readonly storage: Storage;
  readonly auth: Auth;
  readonly evidence: EvidenceProcessing;
  readonly api: Api;
  readonly site: Site;
  readonly sender: NoticeSender;
  readonly schedules: Schedules;
  readonly monitoring: Monitoring;

  constructor(scope: Construct, id: string, props: PortalStackProps) {
    super(scope, id, props);
    const { config } = props;
    validateConfig(config);
    this.config = config;
    this.capabilities = capabilitiesFor(config);
    const tracing = this.capabilities.lambdaXRay;

    this.storage = new Storage(this, 'Storage', {
      evidenceRetentionDays: config.evidenceRetentionDays,
      namePrefix: config.stackName.toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 20),
    });
    this.auth = new Auth(this, 'Auth', {
      config: config.auth,
      siteOrigin: config.domainName ? `https://${config.domainName}` : undefined,
    });
    this.evidence = new EvidenceProcessing(this, 'EvidenceProcessing', {
      storage: this.storage,
      logRetentionDays: config.logRetentionDays,
      tracing,
    });
    this.api = new Api(this, 'Api', {
      storage: this.storage,
      auth: this.auth,
      evidence: this.evidence,
      logRetentionDays: config.logRetentionDays,
      tracing,
      throttle: config.apiThrottle ?? { rateLimit: 50, burstLimit: 100 },
      offices: config.offices,
      procedure: config.procedure,
    });

    this.site = new Site(this, 'Site', {
      siteDir: config.siteDir ?? repoPath('web/dist'),
      apiDomainName: this.api.domainName,
      capabilities: this.capabilities,
      domainName: config.domainName,
      certificateArn: config.certificateArn,
      iamCertificateId: config.iamCertificateId,
      webAclArn: props.webAclArn,
      connectOrigins: [`https://${this.storage.evidenceEndpoint}`, ...signInOrigins(this, config)],
    });
    this.storage.allowSiteOrigin(this.site.origin);

    this.sender =
      noticeSender(config) === 'ses'
        ? new SesNoticeSender(config.notices.fromAddress!)
        : new SnsNoticeSender(this, 'Notices', { mailboxes: config.notices.mailboxes });
    this.schedules = new Schedules(this, 'Schedules', {
      storage: this.storage,
      sender: this.sender,
      mailboxes: config.notices.mailboxes,
      logRetentionDays: config.logRetentionDays,
      tracing,
    });

    this.monitoring = new Monitoring(this, 'Monitoring', {
      httpApi: this.api.httpApi,
      functions: {
        PublicApi: this.api.publicApi,
        StaffApi: this.api.staffApi,
        ExportJob: this.api.exportJob,
        CaseFileJob: this.api.caseFileJob,
        EvidenceChecker: this.evidence.handler,
        EvidenceTextReader: this.evidence.textReader,
        Deadlines: this.schedules.deadlines,
      },
      deadLetterQueues: { Evidence: this.evidence.deadLetterQueue, EvidenceText: this.evidence.textDeadLetterQueue, Deadlines: this.schedules.deadLetterQueue },
      alarmEmail: config.alarmEmail,
    });

    new CfnOutput(this, 'SiteUrl', { value: this.site.origin });
    new CfnOutput(this, 'DistributionDomain', { value: this.site.distribution.distributionDomainName });
    new CfnOutput(this, 'EvidenceBucket', { value: this.storage.evidence.bucketName });
    new CfnOutput(this, 'TableName', { value: this.storage.table.tableName });
    if (this.auth.userPool && this.auth.client) {
      new CfnOutput(this, 'UserPoolId', { value: this.auth.userPool.userPoolId });
      new CfnOutput(this, 'ConsoleClientId', { value: this.auth.client.userPoolClientId });
    }
    if (this.auth.domain) new CfnOutput(this, 'SignInDomain', { value: this.auth.domain.baseUrl() });
  }
}

/** Where the staff console fetches tokens from: the issuer, and Cognito's hosted domain if any. */
function signInOrigins(stack: Stack, config: PortalConfig): string[] {
  if (config.auth.kind === 'oidc') return [new URL(config.auth.issuer).origin];
  const origins = [`https://cognito-idp.${stack.region}.${stack.urlSuffix}`];
  if (config.auth.domainPrefix) origins.push(`https://${config.auth.domainPrefix}.auth.${stack.region}.amazoncognito.com`);
  return origins;
}
