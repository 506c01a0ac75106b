import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Annotations, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  type CfnDistribution,
  Distribution,
  Function as CloudFrontFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  type IResponseHeadersPolicy,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import type { Capabilities } from '../config';

export interface SiteProps {
  readonly siteDir: string;
  /** Host name of the HTTP API (`<id>.execute-api.<region>.<suffix>`). */
  readonly apiDomainName: string;
  readonly capabilities: Capabilities;
  readonly domainName?: string;
  readonly certificateArn?: string;
  readonly iamCertificateId?: string;
  /** CLOUDFRONT-scoped web ACL (global partition only). */
  readonly webAclArn?: string;
  /** Origins the browser may talk to besides the site: the evidence bucket, the sign-in issuer. */
  readonly connectOrigins: string[];
}

// `/report/` and `/report` → `/report/index.html` (Astro's directory format on an S3 REST origin).
const INDEX_REWRITE = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.endsWith('/')) {
    request.uri = uri + 'index.html';
  } else if (uri.split('/').pop().indexOf('.') === -1) {
    request.uri = uri + '/index.html';
  }
  return request;
}`;

/** The built Astro site in a private bucket behind CloudFront, with `/api/*` to the HTTP API on the same origin. */
export class Site extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  readonly headersPolicy?: ResponseHeadersPolicy;
  /** For GET /api/docs: the same headers, keeping the page's own Content-Security-Policy. */
  readonly docsHeadersPolicy?: ResponseHeadersPolicy;
  /** `https://<host>` the browser sees. */
  readonly origin: string;
  readonly usesPlaceholder: boolean;

  constructor(scope: Construct, id: string, props: SiteProps) {
    super(scope, id);
    const caps = props.capabilities;

    this.bucket = new Bucket(this, 'Content', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const csp = [
      "default-src 'self'",
      `connect-src 'self' ${props.connectOrigins.join(' ')}`,
      `img-src 'self' data: blob: ${props.connectOrigins[0] ?? ''}`.trim(),
      `media-src 'self' blob: ${props.connectOrigins[0] ?? ''}`.trim(),
      "script-src 'self'",
      "style-src 'self'",
      "font-src 'self'",
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join('; ');

    let headers: IResponseHeadersPolicy | undefined;
    if (caps.responseHeadersPolicy) {
      // The same headers for every page; `keepOriginCsp` for the API reference (GET /api/docs), which sends a policy
      // of its own allowing its one inline script by hash (functions/api/api-docs.ts): there this one applies only if
      // the origin sent none.
      const securityHeaders = (id: string, comment: string, keepOriginCsp: boolean) =>
        new ResponseHeadersPolicy(this, id, {
          comment,
          securityHeadersBehavior: {
            contentSecurityPolicy: { contentSecurityPolicy: csp, override: !keepOriginCsp },
            strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: false, override: true },
            contentTypeOptions: { override: true },
            frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
            // A whistle-blower's page must not tell other sites where the visitor came from.
            referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
          },
          customHeadersBehavior: {
            customHeaders: [
              { header: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()', override: true },
              { header: 'Cross-Origin-Opener-Policy', value: 'same-origin', override: true },
            ],
          },
        });
      this.headersPolicy = securityHeaders('SecurityHeaders', 'CSP, HSTS, frame-ancestors, referrer policy', false);
      headers = this.headersPolicy;
      this.docsHeadersPolicy = securityHeaders('DocsSecurityHeaders', "As SecurityHeaders, keeping the API reference page's own CSP", true);
    }

    const s3Origin = caps.cloudFrontOac
      ? S3BucketOrigin.withOriginAccessControl(this.bucket)
      : S3BucketOrigin.withOriginAccessIdentity(this.bucket);
    const rewrite = caps.cloudFrontFunctions
      ? new CloudFrontFunction(this, 'IndexRewrite', {
          code: FunctionCode.fromInline(INDEX_REWRITE),
          runtime: FunctionRuntime.JS_2_0,
          comment: 'Directory URLs to index.html',
        })
      : undefined;

    const acmDomain = caps.partition === 'aws' && props.domainName && props.certificateArn;
    this.distribution = new Distribution(this, 'Cdn', {
      comment: 'Skill-assessment violation reports',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: s3Origin,
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        functionAssociations: rewrite ? [{ function: rewrite, eventType: FunctionEventType.VIEWER_REQUEST }] : undefined,
      },
      additionalBehaviors: {
        ...(this.docsHeadersPolicy
          ? {
              '/api/docs': {
                origin: new HttpOrigin(props.apiDomainName, { protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY }),
                viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
                allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
                cachePolicy: CachePolicy.CACHING_DISABLED,
                originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
                responseHeadersPolicy: this.docsHeadersPolicy,
              },
            }
          : {}),
        '/api/*': {
          origin: new HttpOrigin(props.apiDomainName, { protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY }),
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: headers,
        },
      },
      domainNames: acmDomain ? [props.domainName!] : undefined,
      certificate: acmDomain ? Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn!) : undefined,
      minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
      webAclId: props.webAclArn,
    });

    if (caps.partition === 'aws-cn' && props.domainName && props.iamCertificateId) {
      // China: the L2 only takes ACM certificates, which CloudFront there does not support.
      const cfn = this.distribution.node.defaultChild as CfnDistribution;
      cfn.addPropertyOverride('DistributionConfig.Aliases', [props.domainName]);
      cfn.addPropertyOverride('DistributionConfig.ViewerCertificate', {
        IamCertificateId: props.iamCertificateId,
        SslSupportMethod: 'sni-only',
        MinimumProtocolVersion: 'TLSv1.2_2021',
      });
    }

    this.origin = `https://${props.domainName ?? this.distribution.distributionDomainName}`;

    this.usesPlaceholder = !existsSync(join(props.siteDir, 'index.html'));
    const source = this.usesPlaceholder ? placeholderSite() : props.siteDir;
    if (this.usesPlaceholder) {
      Annotations.of(this).addWarningV2(
        'portal:site-not-built',
        `${props.siteDir} has no index.html: deploying a placeholder page. Run \`npm run build:web\` before \`npx cdk deploy\`.`,
      );
    }
    new BucketDeployment(this, 'Deploy', {
      sources: [Source.asset(source)],
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 512,
    });
  }
}

function placeholderSite(): string {
  const dir = mkdtempSync(join(tmpdir(), 'skill-reports-site-'));
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>举报平台</title><p>网站尚未构建（npm run build:web）。</p></html>\n',
  );
  return dir;
}
