import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { AUTHORITY_GROUPS } from '../../infra/constructs/auth';
import { capabilitiesFor, type PortalConfig } from '../../infra/config';
import { build, CHINA, GLOBAL, templateOf } from './helpers';

describe('global partition', () => {
  const { template, portal } = templateOf(GLOBAL);

  it('is in partition aws', () => {
    expect(portal.stack.capabilities.partition).toBe('aws');
    expect(portal.stack.region).toBe('ap-southeast-1');
  });

  it('has a Cognito user pool with MFA required and one group per authority plus admin', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    });
    template.resourceCountIs('AWS::Cognito::UserPoolGroup', 18);
    for (const name of ['municipal', 'district:minhang', 'district:chongming', 'admin']) {
      template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: name });
    }
  });

  it('uses group names Cognito accepts as they are (the authority ids)', () => {
    const cognitoGroupName = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u;
    for (const name of AUTHORITY_GROUPS) expect(name).toMatch(cognitoGroupName);
    expect(AUTHORITY_GROUPS).toHaveLength(18);
  });

  it('sends notices with SES from the configured address', () => {
    template.resourceCountIs('AWS::SNS::Subscription', 1); // the alarm mailbox only
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ NOTIFY_MODE: 'ses', NOTICE_FROM: 'noreply@jubao.example.org' }) },
    });
  });
});

describe('China (Ningxia) partition', () => {
  const { template, portal } = templateOf(CHINA);

  it('is in partition aws-cn and uses none of the services the region lacks', () => {
    expect(portal.stack.capabilities.partition).toBe('aws-cn');
    expect(portal.edge).toBeUndefined();
    const types = new Set(Object.values(template.toJSON().Resources as Record<string, { Type: string }>).map((r) => r.Type));
    for (const missing of ['AWS::Cognito::UserPool', 'AWS::Cognito::UserPoolGroup', 'AWS::CloudFront::Function', 'AWS::CloudFront::OriginAccessControl', 'AWS::WAFv2::WebACL', 'AWS::SES::EmailIdentity']) {
      expect(types.has(missing), missing).toBe(false);
    }
  });

  it('verifies staff tokens from the external OIDC issuer', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          OIDC_ISSUER: 'https://idp.example.gov.cn/realms/rsj',
          OIDC_AUDIENCE: 'skill-reports-staff',
          OIDC_GROUPS_CLAIM: 'groups',
        }),
      },
    });
  });

  it('sends notices through an SNS topic, each mailbox filtered to its own authority', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'jubao@rsj.minhang.example.gov.cn',
      FilterPolicy: { authority: ['district:minhang'] },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ NOTIFY_MODE: 'sns', NOTICE_TOPIC_ARN: Match.anyValue() }) },
    });
  });

  it('builds ARNs and endpoints from the partition, not from literal "aws"', () => {
    const json = JSON.stringify(template.toJSON());
    expect(json).not.toMatch(/arn:aws:/);
    // Endpoints (the evidence bucket in the CSP, KMS via-service) take the partition's URL suffix.
    expect(json).toContain('AWS::URLSuffix');
  });
});

describe('config checks', () => {
  const bad = (patch: Partial<PortalConfig>) => () => build({ ...CHINA, ...patch });

  it('refuses Cognito where user pools are not offered', () => {
    expect(bad({ auth: { kind: 'cognito' } })).toThrow(/Cognito user pools are not offered in cn-northwest-1/);
  });
  it('refuses SES where it is not offered', () => {
    expect(bad({ notices: { sender: 'ses', fromAddress: 'a@b.cn', mailboxes: {} } })).toThrow(/SES is not offered/);
  });
  it('refuses a China deployment without a domain (ICP)', () => {
    expect(bad({ domainName: undefined })).toThrow(/set domainName/);
  });
  it('lets a deployment override a capability guess', () => {
    expect(capabilitiesFor({ region: 'cn-northwest-1', capabilities: { lambdaXRay: true } }).lambdaXRay).toBe(true);
    expect(capabilitiesFor({ region: 'eu-west-1' }).partition).toBe('aws');
  });
});
