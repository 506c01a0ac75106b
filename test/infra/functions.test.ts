import type { CfnResource } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { CHINA, GLOBAL, resources, templateOf } from './helpers';

for (const config of [GLOBAL, CHINA]) {
  describe(`functions (${config.region})`, () => {
    const { template, portal } = templateOf(config);
    const { stack } = portal;
    const ours = {
      public: stack.api.publicApi,
      staff: stack.api.staffApi,
      export: stack.api.exportJob,
      caseFile: stack.api.caseFileJob,
      evidence: stack.evidence.handler,
      textReader: stack.evidence.textReader,
      deadlines: stack.schedules.deadlines,
    };
    const idOf = (c: { node: { defaultChild?: unknown } }) => stack.getLogicalId(c.node.defaultChild as CfnResource);

    it('runs every function of the project on nodejs24.x, arm64 but the two that load native linux-x64 code; only CDK’s own helper functions differ', () => {
      const functions = resources(template, 'AWS::Lambda::Function');
      const ourIds = Object.values(ours).map((f) => idOf(f.fn));
      const x86 = [idOf(ours.evidence.fn), idOf(ours.textReader.fn)];
      for (const [id, fn] of Object.entries(functions)) {
        if (ourIds.includes(id)) {
          expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: [x86.includes(id) ? 'x86_64' : 'arm64'], Handler: 'index.handler' });
        } else {
          // CDK's site upload and (global) cross-region reference reader.
          expect(id).toMatch(/^Custom(CDKBucketDeployment|CrossRegionExportReader)/);
        }
      }
      expect(ourIds.every((id) => id in functions)).toBe(true);
    });

    it(`${config === GLOBAL ? 'traces' : 'does not trace (no Lambda X-Ray in China)'} and keeps logs for the configured days`, () => {
      for (const f of Object.values(ours)) {
        const props = resources(template, 'AWS::Lambda::Function')[idOf(f.fn)]!.Properties!;
        if (config === GLOBAL) expect(props.TracingConfig).toEqual({ Mode: 'Active' });
        else expect(props.TracingConfig).toBeUndefined();
        expect(props.LoggingConfig).toMatchObject({ LogFormat: 'JSON', LogGroup: { Ref: idOf(f.logGroup) } });
      }
      template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 180 });
    });

    it('sets the environment each handler reads', () => {
      const env = (f: (typeof ours)[keyof typeof ours]) =>
        Object.keys((resources(template, 'AWS::Lambda::Function')[idOf(f.fn)]!.Properties!.Environment as { Variables: object }).Variables);
      expect(env(ours.public)).toEqual(expect.arrayContaining(['TABLE_NAME', 'EVIDENCE_BUCKET', 'RECEIPT_KEY_SECRET_ARN', 'EVIDENCE_VERIFIER_FUNCTION']));
      expect(env(ours.staff)).toEqual(expect.arrayContaining(['TABLE_NAME', 'EVIDENCE_BUCKET', 'OIDC_ISSUER', 'OIDC_AUDIENCE', 'OIDC_GROUPS_CLAIM']));
      expect(env(ours.staff)).toEqual(expect.arrayContaining(['EXPORT_FUNCTION', 'CASE_FILE_FUNCTION', 'DOCUMENT_FONTS_DIR', 'OFFICES', 'PROCEDURE']));
      expect(env(ours.caseFile)).toEqual(expect.arrayContaining(['TABLE_NAME', 'EVIDENCE_BUCKET']));
      // Cognito's hosted /logout for signing out (its discovery document names no end_session_endpoint); none for an external issuer.
      expect(env(ours.staff).includes('OIDC_SIGN_OUT_URL')).toBe(config === GLOBAL);
      if (config === GLOBAL) {
        template.hasResourceProperties('AWS::Cognito::UserPoolClient', { LogoutURLs: Match.arrayWith([Match.stringLikeRegexp('/staff/$')]) });
      }
      expect(env(ours.evidence)).toEqual(expect.arrayContaining(['TABLE_NAME', 'EVIDENCE_BUCKET']));
      const notice = config === CHINA ? 'NOTICE_TOPIC_ARN' : 'NOTICE_FROM';
      expect(env(ours.deadlines)).toEqual(expect.arrayContaining(['TABLE_NAME', 'NOTIFY_MODE', notice, 'AUTHORITY_MAILBOXES']));
    });

    it('gives the evidence checker and the schedule a dead-letter queue, and alarms on it', () => {
      const dlq = idOf(stack.evidence.deadLetterQueue);
      template.hasResourceProperties('AWS::Lambda::Function', {
        DeadLetterConfig: { TargetArn: { 'Fn::GetAtt': [dlq, 'Arn'] } },
      });
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: idOf(stack.evidence.handler.fn) },
        MaximumRetryAttempts: 2,
      });
      template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlq, 'QueueName'] } }],
        Threshold: 1,
        AlarmActions: Match.anyValue(),
      });
    });

    it('alarms on API 5xx and on every function’s errors and throttles', () => {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: '5xx', Namespace: 'AWS/ApiGateway' });
      for (const f of Object.values(ours)) {
        for (const metric of ['Errors', 'Throttles']) {
          template.hasResourceProperties('AWS::CloudWatch::Alarm', {
            MetricName: metric,
            Dimensions: [{ Name: 'FunctionName', Value: { Ref: idOf(f.fn) } }],
          });
        }
      }
    });

    it('gives the documents renderer its font files beside the staff bundle, and the case file 15 minutes', () => {
      const props = resources(template, 'AWS::Lambda::Function')[idOf(ours.staff.fn)]!.Properties!;
      expect((props.Environment as { Variables: Record<string, string> }).Variables.DOCUMENT_FONTS_DIR).toBe('/var/task/fonts');
      expect(props.MemorySize).toBe(1024);
      expect(resources(template, 'AWS::Lambda::Function')[idOf(ours.caseFile.fn)]!.Properties).toMatchObject({ Timeout: 900, MemorySize: 1024 });
    });

    it('reads photos’ text in a function of its own: x86_64, 2048 MB, its models beside the bundle, invoked by the checker, with its own dead-letter queue', () => {
      const fns = resources(template, 'AWS::Lambda::Function');
      const reader = fns[idOf(ours.textReader.fn)]!.Properties!;
      expect(reader).toMatchObject({ MemorySize: 2048, Architectures: ['x86_64'], Timeout: 120 });
      expect((reader.Environment as { Variables: Record<string, string> }).Variables).toMatchObject({ OCR_MODELS_DIR: 'models', POWERTOOLS_SERVICE_NAME: 'evidence-text-reader' });
      expect(reader.DeadLetterConfig).toEqual({ TargetArn: { 'Fn::GetAtt': [idOf(stack.evidence.textDeadLetterQueue), 'Arn'] } });
      const checker = fns[idOf(ours.evidence.fn)]!.Properties!;
      expect(checker).toMatchObject({ MemorySize: 1536, Architectures: ['x86_64'] });
      expect((checker.Environment as { Variables: Record<string, unknown> }).Variables.TEXT_READER_FUNCTION).toEqual({ Ref: idOf(ours.textReader.fn) });
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { FunctionName: { Ref: idOf(ours.textReader.fn) }, MaximumRetryAttempts: 2 });
    });

    it('runs the deadline reminders at 08:30 Shanghai time', () => {
      template.hasResourceProperties('AWS::Events::Rule', {
        ScheduleExpression: 'cron(30 0 * * ? *)',
        Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [idOf(ours.deadlines.fn), 'Arn'] }, RetryPolicy: Match.anyValue() })],
      });
    });
  });
}
