import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

/** A CLOUDFRONT-scoped web ACL: a per-IP rate-based rule plus AWS's common and bad-input rule groups. */
export class EdgeWebAcl extends Construct {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: { ratePer5Min: number }) {
    super(scope, id);
    // Sampled requests would keep client IP addresses for three hours; the portal keeps none. Metrics stay.
    const visibility = (metricName: string) => ({ cloudWatchMetricsEnabled: true, metricName, sampledRequestsEnabled: false });
    const managed = (name: string, priority: number, countOnly: string[] = []) => ({
      name,
      priority,
      overrideAction: { none: {} },
      statement: {
        managedRuleGroupStatement: {
          vendorName: 'AWS',
          name,
          ruleActionOverrides: countOnly.length
            ? countOnly.map((rule) => ({ name: rule, actionToUse: { count: {} } }))
            : undefined,
        },
      },
      visibilityConfig: visibility(name),
    });
    this.webAcl = new CfnWebACL(this, 'Acl', {
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('skill-reports'),
      rules: [
        {
          name: 'RatePerIp',
          priority: 0,
          action: { block: {} },
          statement: { rateBasedStatement: { limit: props.ratePer5Min, aggregateKeyType: 'IP' } },
          visibilityConfig: visibility('RatePerIp'),
        },
        // Report texts and staff decisions may exceed the group's 8 KB body limit.
        managed('AWSManagedRulesCommonRuleSet', 1, ['SizeRestrictions_BODY']),
        managed('AWSManagedRulesKnownBadInputsRuleSet', 2),
      ],
    });
  }
}

/** CloudFront-scoped WAF must live in us-east-1, whatever region the portal runs in. */
export class EdgeStack extends Stack {
  readonly acl: EdgeWebAcl;

  constructor(scope: Construct, id: string, props: StackProps & { ratePer5Min: number }) {
    super(scope, id, props);
    this.acl = new EdgeWebAcl(this, 'Waf', { ratePer5Min: props.ratePer5Min });
    new CfnOutput(this, 'WebAclArn', { value: this.acl.webAcl.attrArn });
  }
}
