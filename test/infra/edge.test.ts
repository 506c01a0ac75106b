import type { CfnResource } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { CHINA, GLOBAL, resources, templateOf } from './helpers';

describe('API', () => {
  for (const config of [GLOBAL, CHINA]) {
    const { template, portal } = templateOf(config);
    const id = (c: { node: { defaultChild?: unknown } }) => portal.stack.getLogicalId(c.node.defaultChild as CfnResource);

    it(`serves on the $default stage with throttling and an access log (${config.region})`, () => {
      template.resourceCountIs('AWS::ApiGatewayV2::Stage', 1);
      template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
        StageName: '$default',
        AutoDeploy: true,
        DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
        AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.not(Match.stringLikeRegexp('sourceIp')) },
      });
    });

    it(`routes /api/* to the public function and /api/staff/* through the JWT authorizer (${config.region})`, () => {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'ANY /api/{proxy+}', AuthorizationType: 'NONE' });
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'ANY /api/staff/{proxy+}', AuthorizationType: 'JWT' });
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /api/staff/config', AuthorizationType: 'NONE' });
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /api/staff/openapi.json', AuthorizationType: 'NONE' });
      template.resourceCountIs('AWS::ApiGatewayV2::Route', 4);
      const issuer = config === CHINA ? CHINA.auth.kind === 'oidc' && CHINA.auth.issuer : Match.anyValue();
      template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
        AuthorizerType: 'JWT',
        JwtConfiguration: { Issuer: issuer, Audience: Match.anyValue() },
      });
      template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
        IntegrationUri: { 'Fn::GetAtt': [id(portal.stack.api.staffApi.fn), 'Arn'] },
      });
    });
  }
});

describe('site', () => {
  it('serves a private bucket through origin access control and sends /api/* to the API (global)', () => {
    const { template } = templateOf(GLOBAL);
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    template.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 0);
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: Match.objectLike({
          ViewerProtocolPolicy: 'redirect-to-https',
          FunctionAssociations: [Match.objectLike({ EventType: 'viewer-request' })],
        }),
        CacheBehaviors: [
          Match.objectLike({ PathPattern: '/api/docs', AllowedMethods: ['GET', 'HEAD'], ViewerProtocolPolicy: 'https-only' }),
          Match.objectLike({
            PathPattern: '/api/*',
            AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
            ViewerProtocolPolicy: 'https-only',
          }),
        ],
        // No standard logs: they record every viewer's IP address.
        Logging: Match.absent(),
        WebACLId: Match.anyValue(),
      }),
    });
  });

  it('uses an origin access identity, the IAM certificate and no CloudFront Function in China', () => {
    const { template } = templateOf(CHINA);
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 0);
    template.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 1);
    template.resourceCountIs('AWS::CloudFront::Function', 0);
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['jubao.example.gov.cn'],
        ViewerCertificate: { IamCertificateId: 'ASCAEXAMPLECERTIFICATEID', SslSupportMethod: 'sni-only', MinimumProtocolVersion: 'TLSv1.2_2021' },
        WebACLId: Match.absent(),
      }),
    });
  });

  for (const config of [GLOBAL, CHINA]) {
    it(`sends CSP, HSTS, frame-ancestors and a referrer policy (${config.region})`, () => {
      const { template } = templateOf(config);
      const policy = Object.values(resources(template, 'AWS::CloudFront::ResponseHeadersPolicy'))[0]!;
      const sec = (policy.Properties as { ResponseHeadersPolicyConfig: { SecurityHeadersConfig: Record<string, { [k: string]: unknown }> } })
        .ResponseHeadersPolicyConfig.SecurityHeadersConfig;
      const csp = JSON.stringify(sec.ContentSecurityPolicy);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain('-evidence-');
      expect(sec.StrictTransportSecurity).toMatchObject({ AccessControlMaxAgeSec: 63072000, Override: true });
      expect(sec.FrameOptions).toMatchObject({ FrameOption: 'DENY' });
      expect(sec.ReferrerPolicy).toMatchObject({ ReferrerPolicy: 'no-referrer' });
      expect(sec.ContentTypeOptions).toMatchObject({ Override: true });
    });
  }

  it('keeps the API reference page\'s own CSP (/api/docs), and overrides every other answer\'s', () => {
    const { template } = templateOf(GLOBAL);
    const policies = Object.entries(resources(template, 'AWS::CloudFront::ResponseHeadersPolicy'));
    const override = (p: unknown) => (p as { Properties: { ResponseHeadersPolicyConfig: { SecurityHeadersConfig: { ContentSecurityPolicy: { Override: boolean } } } } }).Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy.Override;
    const docs = policies.find(([id]) => id.includes('DocsSecurityHeaders'))!;
    const site = policies.find(([id]) => !id.includes('Docs'))!;
    expect(override(docs[1])).toBe(false);
    expect(override(site[1])).toBe(true);
    const distribution = Object.values(resources(template, 'AWS::CloudFront::Distribution'))[0] as unknown as { Properties: { DistributionConfig: { CacheBehaviors: { PathPattern: string; ResponseHeadersPolicyId: { Ref: string } }[] } } };
    const behaviours = distribution.Properties.DistributionConfig.CacheBehaviors;
    expect(behaviours.map((b) => b.PathPattern)).toEqual(['/api/docs', '/api/*']);
    expect(behaviours[0]!.ResponseHeadersPolicyId).toEqual({ Ref: docs[0] });
    expect(behaviours[1]!.ResponseHeadersPolicyId).toEqual({ Ref: site[0] });
  });

  it('blocks clients above the rate limit with a CLOUDFRONT web ACL in us-east-1 (global)', () => {
    const { portal } = templateOf(GLOBAL);
    expect(portal.edge?.region).toBe('us-east-1');
    Template.fromStack(portal.edge!).hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'CLOUDFRONT',
      Rules: Match.arrayWith([
        Match.objectLike({ Action: { Block: {} }, Statement: { RateBasedStatement: { Limit: 1000, AggregateKeyType: 'IP' } } }),
      ]),
    });
  });

  it('keeps no sampled requests (they would hold client IPs for three hours), on the ACL or any rule', () => {
    const { portal } = templateOf(GLOBAL);
    const acl = Object.values(Template.fromStack(portal.edge!).findResources('AWS::WAFv2::WebACL'))[0]!.Properties as {
      VisibilityConfig: { SampledRequestsEnabled: boolean };
      Rules: { VisibilityConfig: { SampledRequestsEnabled: boolean } }[];
    };
    const configs = [acl.VisibilityConfig, ...acl.Rules.map((r) => r.VisibilityConfig)];
    expect(configs.length).toBeGreaterThan(1);
    expect(configs.every((c) => c.SampledRequestsEnabled === false)).toBe(true);
  });
});
