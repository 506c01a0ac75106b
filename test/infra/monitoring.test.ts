import type { CfnResource } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { METRIC_NAMESPACE, METRICS, SERVICES } from '../../functions/adapters/metric-names';
import { CHINA, GLOBAL, resources, templateOf } from './helpers';

for (const config of [GLOBAL, CHINA]) {
  describe(`observability (${config.region})`, () => {
    const { template, portal } = templateOf(config);
    const { stack } = portal;
    const ours = {
      [SERVICES.publicApi]: stack.api.publicApi,
      [SERVICES.staffApi]: stack.api.staffApi,
      [SERVICES.exportJob]: stack.api.exportJob,
      [SERVICES.evidenceUploaded]: stack.evidence.handler,
      [SERVICES.deadlines]: stack.schedules.deadlines,
    };
    const idOf = (c: { node: { defaultChild?: unknown } }) => stack.getLogicalId(c.node.defaultChild as CfnResource);
    const functions = resources(template, 'AWS::Lambda::Function');

    it('gives every function its Powertools service name, the metrics namespace, and tracing as the partition allows', () => {
      for (const [service, fn] of Object.entries(ours)) {
        const variables = (functions[idOf(fn.fn)]!.Properties!.Environment as { Variables: Record<string, string> }).Variables;
        expect(variables).toMatchObject({
          POWERTOOLS_SERVICE_NAME: service,
          POWERTOOLS_METRICS_NAMESPACE: METRIC_NAMESPACE,
          POWERTOOLS_TRACE_ENABLED: String(stack.capabilities.lambdaXRay),
        });
        expect(functions[idOf(fn.fn)]!.Properties!.TracingConfig).toEqual(stack.capabilities.lambdaXRay ? { Mode: 'Active' } : undefined);
      }
      expect(stack.capabilities.lambdaXRay).toBe(config === GLOBAL);
    });

    it('has one dashboard showing every business metric of the function that emits it, the API, every function, the queues and the alarms', () => {
      const dashboards = Object.values(resources(template, 'AWS::CloudWatch::Dashboard'));
      expect(dashboards).toHaveLength(1);
      const body = JSON.stringify(dashboards[0]!.Properties!.DashboardBody);
      const emitters: [string, string][] = [
        [METRICS.reportsFiled, SERVICES.publicApi],
        [METRICS.proofOfWorkFailures, SERVICES.publicApi],
        [METRICS.filesRefused, SERVICES.evidenceUploaded],
        [METRICS.overdueCases, SERVICES.deadlines],
        [METRICS.dueSoonCases, SERVICES.deadlines],
      ];
      for (const [metric, service] of emitters) {
        expect(body).toContain(`\\"${METRIC_NAMESPACE}\\",\\"${metric}\\",\\"service\\",\\"${service}\\"`);
      }
      for (const fn of Object.values(ours)) expect(body).toContain(idOf(fn.fn));
      expect(body).toContain(stack.getLogicalId(stack.api.httpApi.node.defaultChild as CfnResource));
      for (const metric of ['Invocations', 'Errors', 'Throttles', 'Duration', '5xx', 'Latency', 'ApproximateNumberOfMessagesVisible']) expect(body).toContain(`\\"${metric}\\"`);
      expect(body).toContain('alarm');
      for (const alarm of stack.monitoring.alarms) expect(body).toContain(stack.getLogicalId(alarm.node.defaultChild as CfnResource));
    });
  });
}
