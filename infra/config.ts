// Deployment props and what each partition offers. One config object per deployment; the examples at
// the bottom are what `npm run synth` and a bare `npx cdk synth` use.
import { officeOverridesSchema } from '../functions/core/documents/office';
import { procedureSettingsSchema } from '../functions/core/procedure/periods';

export type AuthConfig =
  | {
      /** A Cognito user pool made by the stack (global partition only). */
      kind: 'cognito';
      /** Hosted sign-in domain prefix (`<prefix>.auth.<region>.amazoncognito.com`); none means no hosted UI. */
      domainPrefix?: string;
      /** Paths on the site that Cognito may redirect to after sign-in. */
      callbackPaths?: string[];
    }
  | {
      /** An external OpenID Connect issuer (required in China, where Cognito user pools are not offered). */
      kind: 'oidc';
      issuer: string;
      /** Expected `aud` (or `client_id`) of the staff tokens. */
      audience: string;
      /** Claim that lists the authority ids of a staff member; default `groups`. */
      groupsClaim?: string;
    };

export interface PortalConfig {
  /** CloudFormation stack name; also the prefix of the deterministic bucket names. */
  stackName: string;
  region: string;
  /** Account id; default: the CLI's (CDK_DEFAULT_ACCOUNT), or environment-agnostic when unknown. */
  account?: string;
  /** Public host name, e.g. `jubao.example.gov.cn`. Required in China (ICP: *.cloudfront.cn serves nothing). */
  domainName?: string;
  /** ACM certificate in us-east-1 for domainName (global partition). */
  certificateArn?: string;
  /** IAM server certificate id for domainName (China: CloudFront there does not take ACM certificates). */
  iamCertificateId?: string;
  /** Object Lock governance retention of every evidence object version, in days. */
  evidenceRetentionDays: number;
  /** CloudWatch log retention of the functions and the API access log, in days. */
  logRetentionDays: number;
  auth: AuthConfig;
  notices: {
    /** `ses` or `sns`; default: SES where the region offers it, else SNS. */
    sender?: 'ses' | 'sns';
    /** SES: verified sender address (its domain or address must be a verified SES identity). */
    fromAddress?: string;
    /** Authority id → mailbox, e.g. `{ "district:minhang": "jubao@mhrsj.example.gov.cn" }`. */
    mailboxes: Record<string, string>;
  };
  /** Operations mailbox that receives the alarms (subscribed to the alarm topic). */
  alarmEmail?: string;
  /** `$default` stage throttling (requests per second across the API, and burst). */
  apiThrottle?: { rateLimit: number; burstLimit: number };
  /** WAF rate-based rule: requests per 5 minutes per client IP before blocking. */
  wafRateLimitPer5Min?: number;
  /** Built site; default web/dist. */
  siteDir?: string;
  /**
   * Per authority, what its documents say of the office: `{ "district:minhang": { "contact": { "person", "phone",
   * "address", "postcode"? }, "name"?, "docNoPrefix"?, "kindCodes"?, "appealRights"? } }` (officeOverridesSchema).
   * A document must say how the party reaches the office: an office without a contact cannot draft one.
   */
  offices?: Record<string, unknown>;
  /** The procedure's settings, e.g. `{ "statementDays": 5 }` (1–15 working days, procedureSettingsSchema). */
  procedure?: Record<string, unknown>;
  /** Override a capability guess below (e.g. after checking a feature in the target account). */
  capabilities?: Partial<Capabilities>;
}

/** What the stack may use in a region. China values come from the AWS China documentation; see README.md “China … findings”. */
export interface Capabilities {
  partition: 'aws' | 'aws-cn';
  cognitoUserPools: boolean;
  ses: boolean;
  /** X-Ray tracing of Lambda functions. */
  lambdaXRay: boolean;
  /** CloudFront origin access control (else the legacy origin access identity). */
  cloudFrontOac: boolean;
  /** A CLOUDFRONT-scoped WAF web ACL (created in us-east-1). */
  cloudFrontWaf: boolean;
  /** CloudFront Functions (the `/dir/` → `/dir/index.html` rewrite). */
  cloudFrontFunctions: boolean;
  /** CloudFront response headers policies (CSP, HSTS …). */
  responseHeadersPolicy: boolean;
  /** The default *.cloudfront.net name serves content (China: no, a CNAME with ICP recordal is required). */
  defaultCloudFrontDomain: boolean;
}

export function isChina(region: string): boolean {
  return region.startsWith('cn-');
}

export function capabilitiesFor(config: Pick<PortalConfig, 'region' | 'capabilities'>): Capabilities {
  const china = isChina(config.region);
  const base: Capabilities = china
    ? {
        partition: 'aws-cn',
        cognitoUserPools: false, // "Amazon Cognito User Pools are not currently available" (Beijing; Ningxia has no Cognito)
        ses: false, // SES is not in the China service list
        lambdaXRay: false, // "X-Ray integration with Lambda functions is not available in the China Regions"
        cloudFrontOac: false, // AWS::CloudFront::OriginAccessControl does not exist in the China Regions; OAI does
        cloudFrontWaf: false, // "AWS WAF is supported at a regional level only" in China
        cloudFrontFunctions: false, // AWS::CloudFront::Function is not a resource type in the China Regions
        responseHeadersPolicy: true, // AWS::CloudFront::ResponseHeadersPolicy exists in cn-northwest-1
        defaultCloudFrontDomain: false,
      }
    : {
        partition: 'aws',
        cognitoUserPools: true,
        ses: true,
        lambdaXRay: true,
        cloudFrontOac: true,
        cloudFrontWaf: true,
        cloudFrontFunctions: true,
        responseHeadersPolicy: true,
        defaultCloudFrontDomain: true,
      };
  return { ...base, ...config.capabilities };
}

/** Fails early, with the reason, on a config that cannot work in its region. */
export function validateConfig(config: PortalConfig): void {
  const caps = capabilitiesFor(config);
  const problems: string[] = [];
  if (config.auth.kind === 'cognito' && !caps.cognitoUserPools) {
    problems.push(`Cognito user pools are not offered in ${config.region}: set auth to { kind: 'oidc', issuer, audience }.`);
  }
  const sender = config.notices.sender ?? (caps.ses ? 'ses' : 'sns');
  if (sender === 'ses' && !caps.ses) problems.push(`SES is not offered in ${config.region}: use notices.sender 'sns'.`);
  if (sender === 'ses' && !config.notices.fromAddress) problems.push('notices.fromAddress is required with SES.');
  if (!caps.defaultCloudFrontDomain && !config.domainName) {
    problems.push(`${config.region}: CloudFront's default domain serves nothing there; set domainName (with its ICP recordal).`);
  }
  if (config.domainName && caps.partition === 'aws' && !config.certificateArn) {
    problems.push('domainName needs certificateArn (an ACM certificate in us-east-1).');
  }
  if (config.domainName && caps.partition === 'aws-cn' && !config.iamCertificateId) {
    problems.push('domainName in China needs iamCertificateId (a certificate uploaded to IAM; CloudFront there takes no ACM).');
  }
  if (!(config.evidenceRetentionDays >= 1)) problems.push('evidenceRetentionDays must be at least 1.');
  // The staff function reads both at start-up: a mistake here would only show once an office drafts a document.
  const offices = officeOverridesSchema.safeParse(config.offices ?? {});
  if (!offices.success) problems.push(`offices: ${offices.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  const procedure = procedureSettingsSchema.safeParse(config.procedure ?? {});
  if (!procedure.success) problems.push(`procedure: ${procedure.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  if (problems.length > 0) throw new Error(`Invalid portal config:\n- ${problems.join('\n- ')}`);
}

export function noticeSender(config: PortalConfig): 'ses' | 'sns' {
  return config.notices.sender ?? (capabilitiesFor(config).ses ? 'ses' : 'sns');
}

const EXAMPLE_MAILBOXES: Record<string, string> = {
  municipal: 'jubao@zhijian.example.gov.cn',
  'district:minhang': 'jubao@rsj.minhang.example.gov.cn',
  'district:pudong': 'jubao@rsj.pudong.example.gov.cn',
};

/** Global partition example: Cognito, SES, no custom domain. */
export const EXAMPLE_GLOBAL: PortalConfig = {
  stackName: 'SkillReports',
  region: 'ap-southeast-1',
  evidenceRetentionDays: 1095,
  logRetentionDays: 180,
  auth: { kind: 'cognito', domainPrefix: 'skill-reports-example', callbackPaths: ['/staff/', '/staff/callback/'] },
  notices: { fromAddress: 'noreply@jubao.example.org', mailboxes: EXAMPLE_MAILBOXES },
  alarmEmail: 'ops@example.org',
};

/** China (Ningxia) example: external OIDC issuer, SNS notices, ICP-recorded domain with an IAM certificate. */
export const EXAMPLE_CHINA: PortalConfig = {
  stackName: 'SkillReports',
  region: 'cn-northwest-1',
  domainName: 'jubao.example.gov.cn',
  iamCertificateId: 'ASCAEXAMPLECERTIFICATEID',
  evidenceRetentionDays: 1095,
  logRetentionDays: 180,
  auth: { kind: 'oidc', issuer: 'https://idp.example.gov.cn/realms/rsj', audience: 'skill-reports-staff', groupsClaim: 'groups' },
  notices: { mailboxes: EXAMPLE_MAILBOXES },
  alarmEmail: 'ops@example.gov.cn',
};
