import type { CfnResource } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import type { PortalFunction } from '../../infra/constructs/function-defaults';
import { actionsOf, CHINA, GLOBAL, resources, statementsOfRole, templateOf } from './helpers';

for (const config of [GLOBAL, CHINA]) {
  describe(`least privilege (${config.region})`, () => {
    const { template, portal } = templateOf(config);
    const { stack } = portal;
    const roleId = (fn: PortalFunction) => stack.getLogicalId(fn.role.node.defaultChild as CfnResource);
    const of = (fn: PortalFunction) => statementsOfRole(template, roleId(fn));

    it('gives every function its own role without AWS managed policies', () => {
      const fns = [stack.api.publicApi, stack.api.staffApi, stack.api.exportJob, stack.api.caseFileJob, stack.evidence.handler, stack.schedules.deadlines];
      expect(new Set(fns.map(roleId)).size).toBe(6);
      const roles = resources(template, 'AWS::IAM::Role');
      for (const fn of fns) expect(roles[roleId(fn)]?.Properties?.ManagedPolicyArns).toBeUndefined();
    });

    it('the public role cannot read evidence, list reports through an index, nor scan the table', () => {
      const statements = of(stack.api.publicApi);
      const actions = actionsOf(statements);
      for (const forbidden of ['s3:GetObjectVersion', 's3:ListBucket', 's3:DeleteObject', 'dynamodb:Scan', 'dynamodb:BatchGetItem', 'dynamodb:DeleteItem']) {
        expect(actions).not.toContain(forbidden);
      }
      // GetObject on the registry's versions only, never on evidence.
      const reads = statements.filter((s) => actionsOf([s]).includes('s3:GetObject'));
      expect(reads.map((s) => JSON.stringify(s.Resource))).toEqual([expect.stringMatching(/\/registry\/\*"/)]);
      // Query on the table (a report's own items, by exact partition), never on an index.
      expect(JSON.stringify(statements)).not.toContain('/index/');
      expect(actions.some((a) => a.includes('*'))).toBe(false);
    });

    it('the public role writes reports and uploads under reports/ only', () => {
      const statements = of(stack.api.publicApi);
      const s3 = statements.find((s) => actionsOf([s]).includes('s3:PutObject'))!;
      expect(actionsOf([s3]).sort()).toEqual(['s3:AbortMultipartUpload', 's3:ListMultipartUploadParts', 's3:PutObject']);
      expect(JSON.stringify(s3.Resource)).toMatch(/-evidence-.*\/reports\/\*"/);
      const table = statements.find((s) => actionsOf([s]).includes('dynamodb:PutItem'))!;
      expect(actionsOf([table]).sort()).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem']);
      const kms = statements.find((s) => actionsOf([s]).some((a) => a.startsWith('kms:')))!;
      expect(Object.keys(kms.Condition!)).toEqual(['StringEquals']);
      expect(JSON.stringify(kms.Condition)).toMatch(/kms:ViaService.*s3\./);
      expect(actionsOf(statements)).toContain('secretsmanager:GetSecretValue');
      expect(actionsOf(statements)).toContain('lambda:InvokeFunction');
    });

    it('the staff role reads and writes the table, queries the queue indexes, reads evidence and starts exports', () => {
      const statements = of(stack.api.staffApi);
      const actions = actionsOf(statements);
      expect(actions).toEqual(expect.arrayContaining(['dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:PutItem', 's3:GetObject', 's3:PutObject', 'kms:Decrypt', 'lambda:InvokeFunction']));
      expect(actions).not.toContain('dynamodb:Scan');
      for (const index of ['byStatus', 'byAuthority', 'byDue', 'byInstitution']) expect(JSON.stringify(statements)).toContain(`/index/${index}`);
    });

    it('the export role writes only under exports/, with a retention it sets itself, and never reads evidence', () => {
      const statements = of(stack.api.exportJob);
      const s3 = statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('s3:')));
      expect(s3.map((s) => JSON.stringify(s.Resource))).toEqual([expect.stringMatching(/\/exports\/\*"/)]);
      expect(actionsOf(s3).sort()).toEqual(['s3:AbortMultipartUpload', 's3:PutObject', 's3:PutObjectRetention']);
      expect(actionsOf(statements)).toEqual(expect.arrayContaining(['dynamodb:Query', 'dynamodb:BatchGetItem']));
    });

    it('the staff role writes issued documents only under case-files/ and starts the case-file job', () => {
      const statements = of(stack.api.staffApi);
      const caseFiles = statements.filter((s) => JSON.stringify(s.Resource).includes('/case-files/*'));
      expect(actionsOf(caseFiles).sort()).toEqual(['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject']);
      const invoke = statements.find((s) => actionsOf([s]).includes('lambda:InvokeFunction') && JSON.stringify(s.Resource).includes(stack.getLogicalId(stack.api.caseFileJob.fn.node.defaultChild as CfnResource)));
      expect(invoke).toBeDefined();
    });

    it('the case-file role reads evidence by version, writes only under case-files/, never deletes or sets a retention', () => {
      const statements = of(stack.api.caseFileJob);
      const s3 = statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('s3:')));
      const byPrefix = Object.fromEntries(s3.map((s) => [/\/(reports|case-files)\/\*"/.exec(JSON.stringify(s.Resource))![1]!, actionsOf([s]).sort()]));
      expect(byPrefix).toEqual({
        reports: ['s3:GetObject', 's3:GetObjectVersion'],
        'case-files': ['s3:AbortMultipartUpload', 's3:GetObject', 's3:GetObjectVersion', 's3:PutObject'],
      });
      const actions = actionsOf(statements);
      for (const forbidden of ['s3:DeleteObject', 's3:PutObjectRetention', 'dynamodb:Scan', 'lambda:InvokeFunction']) expect(actions).not.toContain(forbidden);
      expect(JSON.stringify(statements)).not.toContain('/index/');
    });

    it('the evidence checker may add a delete marker but never remove a locked version', () => {
      const actions = actionsOf(of(stack.evidence.handler));
      expect(actions).toEqual(expect.arrayContaining(['s3:GetObject', 's3:DeleteObject', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']));
      expect(actions).not.toContain('s3:DeleteObjectVersion');
    });

    it('no role anywhere may bypass Object Lock governance', () => {
      for (const policy of Object.values(resources(template, 'AWS::IAM::Policy'))) {
        expect(JSON.stringify(policy)).not.toContain('BypassGovernanceRetention');
      }
    });

    it('the deadlines role only queries the due index and the calendar entries, and sends notices', () => {
      const statements = of(stack.schedules.deadlines);
      const dynamo = actionsOf(statements).filter((a) => a.startsWith('dynamodb:'));
      expect(new Set(dynamo)).toEqual(new Set(['dynamodb:Query']));
      const onTable = statements.filter((s) => actionsOf([s]).includes('dynamodb:Query') && !JSON.stringify(s.Resource).includes('/index/'));
      expect(onTable.map((s) => s.Condition)).toEqual([{ 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['CALENDAR'] } }]);
      expect(JSON.stringify(statements)).toContain('/index/byDue');
      expect(JSON.stringify(statements)).not.toContain('/index/byAuthority');
      const send = config === CHINA ? 'sns:Publish' : 'ses:SendEmail';
      expect(actionsOf(statements)).toContain(send);
    });
  });
}
