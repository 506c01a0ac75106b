import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { capabilitiesFor, type PortalConfig } from './config';
import { EdgeStack } from './constructs/waf';
import { acknowledgeNagFindings } from './nag-acknowledgements';
import { PortalStack } from './stack';

export interface Portal {
  readonly stack: PortalStack;
  readonly edge?: EdgeStack;
}

/** Feature flags, set in code so `cdk synth`, `npm run synth` and the tests build the same template. */
export const APP_CONTEXT: Record<string, unknown> = {
  '@aws-cdk/core:target-partitions': ['aws', 'aws-cn'],
  '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true,
  '@aws-cdk/aws-s3:createDefaultLoggingPolicy': true,
  '@aws-cdk/aws-cloudfront:defaultSecurityPolicyTLSv1.2_2021': true,
  // A resource type the target region lacks (e.g. Cognito user pools in China) fails synthesis.
  '@aws-cdk/core:validateAgainstDefaultRules': true,
};

/** Adds the portal (and, in the global partition, its us-east-1 WAF stack) to an app. */
export function addPortal(app: App, config: PortalConfig): Portal {
  const caps = capabilitiesFor(config);
  const account = config.account ?? process.env.CDK_DEFAULT_ACCOUNT;
  let edge: EdgeStack | undefined;
  if (caps.cloudFrontWaf) {
    edge = new EdgeStack(app, `${config.stackName}-Edge`, {
      env: { account, region: 'us-east-1' },
      ratePer5Min: config.wafRateLimitPer5Min ?? 1000,
      crossRegionReferences: config.region !== 'us-east-1',
      description: 'Skill-assessment violation reports: CloudFront WAF (must be in us-east-1)',
    });
  }
  const stack = new PortalStack(app, config.stackName, {
    env: { account, region: config.region },
    config,
    webAclArn: edge?.acl.webAcl.attrArn,
    crossRegionReferences: edge !== undefined && config.region !== 'us-east-1',
    description: 'Skill-assessment violation reports portal (技能评价违规举报平台)',
  });
  if (edge) stack.addStackDependency(edge);
  acknowledgeNagFindings({ stack });
  return { stack, edge };
}

/** cdk-nag's AwsSolutions pack on the whole app: synthesis stops on any finding not acknowledged. */
export function addNagChecks(app: App): AwsSolutionsChecks {
  const pack = new AwsSolutionsChecks(app, { verbose: true });
  Validations.of(app).addPlugins(pack);
  return pack;
}
