import * as z from 'zod';
import { REVIEW_OUTCOMES } from '../documents/content';
import { date, otherAuthorityDecisionSchema, partySchema, words } from '../documents/schemas';
import { REFERRAL_TARGETS } from '../ids';
import { DomainError } from '../report';
import {
  addParty,
  approveDocument,
  closeCase,
  considerStatements,
  discardDraft,
  draftDecision,
  draftNotice,
  draftReferral,
  draftReview,
  editDraft,
  leaveToInstitution,
  recordInvestigation,
  recordObjection,
  recordRectificationCompleted,
  recordRectificationPlan,
  recordReportBack,
  recordStatement,
  recordWaiver,
  serveDocument,
  type Step,
} from './commands';
import { SERVICE_METHODS, STAFF_EVIDENCE_CATEGORIES, type CaseProcedure, type ProcedureContext } from './types';

// The procedure's commands as the staff API receives them: one JSON object with a `type`, checked here with
// Chinese messages, then applied by `applyProcedureCommand`.

const partyId = z.string({ error: '请选择当事人' }).regex(/^p\d+$/, { error: '当事人编号有误' });
const refs = (label: string) => z.array(words(label, 200), { error: `${label}应为文件编号列表` }).max(50);

const targetSchema = z.union(
  [
    z.strictObject({ partyId, document: z.enum(['notice', 'decision', 'review'], { error: '文书应为 notice、decision 或 review' }) }),
    z.strictObject({ referralId: z.string().regex(/^r\d+$/, { error: '移送函编号有误' }) }),
  ],
  { error: '请指明文书（当事人编号与文书类型，或移送函编号）' },
);

const evidenceSchema = z.discriminatedUnion(
  'source',
  [
    z.strictObject({ source: z.literal('report'), evidenceId: words('举报证据编号', 100), description: words('证据说明', 300) }),
    z.strictObject({
      source: z.literal('staff'),
      fileRef: words('文件编号', 200),
      category: z.enum(STAFF_EVIDENCE_CATEGORIES, { error: `证据类别应为：${STAFF_EVIDENCE_CATEGORIES.join('、')}` }),
      description: words('证据说明', 300),
    }),
  ],
  { error: '证据来源应为 report（举报证据）或 staff（工作人员补充）' },
);

const text = (label: string) => words(label, 5000);
const facts = z.array(text('查明的事实'), { error: '请填写查明的事实（每段一项）' }).min(1, { error: '请至少填写一段查明的事实' }).max(50);

export const procedureCommandSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('add-party'), party: partySchema }),
    z.strictObject({
      type: z.literal('record-investigation'),
      partyId,
      incidentDate: date('事发日期'),
      facts,
      evidence: z.array(evidenceSchema, { error: '请列明证据' }).min(1, { error: '请至少列明一项证据' }).max(100),
      reasons: text('认定理由').optional(),
      otherAuthorityDecision: otherAuthorityDecisionSchema.optional(),
      ruleIds: z.array(z.string(), { error: '请选择违规条款' }).max(10),
    }),
    z.strictObject({ type: z.literal('draft-notice'), partyId, intendedDecision: text('拟作出的处理决定') }),
    z.strictObject({
      type: z.literal('edit-draft'),
      target: targetSchema,
      patch: z.strictObject({
        facts: facts.optional(),
        evidence: z.array(words('证据', 300)).max(100).optional(),
        reasons: text('理由').optional(),
        intendedDecision: text('拟作出的处理决定').optional(),
        decision: text('处理决定').optional(),
        newDecision: text('变更后的处理决定').optional(),
        recipient: words('受移送机关名称', 100).optional(),
      }),
    }),
    z.strictObject({ type: z.literal('discard-draft'), target: targetSchema, reason: text('废弃理由') }),
    z.strictObject({ type: z.literal('approve'), target: targetSchema, serial: z.int({ error: '请填写文号序号' }).positive({ error: '文号序号应为正整数' }) }),
    z.strictObject({
      type: z.literal('serve'),
      target: targetSchema,
      method: z.enum(SERVICE_METHODS, { error: '送达方式应为 direct（直接送达）、mail（邮寄）、electronic（电子送达）或 announcement（公告）' }),
      servedOn: date('送达日期'),
      proofRefs: refs('送达凭证'),
      consentRef: words('送达地址确认书', 200).optional(),
      publishedSummary: text('公布内容').optional(),
    }),
    z.strictObject({
      type: z.literal('record-statement'),
      partyId,
      submittedOn: date('提出日期'),
      receivedOn: date('收到日期'),
      channel: z.enum(['written', 'oral'], { error: '方式应为 written（书面）或 oral（口头，已制作笔录）' }),
      summary: text('陈述、申辩的主要意见'),
      attachmentRefs: refs('附件').default([]),
    }),
    z.strictObject({ type: z.literal('record-waiver'), partyId, on: date('放弃日期'), proofRef: words('书面放弃声明', 200) }),
    z.strictObject({ type: z.literal('consider-statements'), partyId, conclusion: text('复核意见') }),
    z.strictObject({
      type: z.literal('draft-decision'),
      partyId,
      outcome: z.enum(['sanction', 'no-action'], { error: '请选择作出处理（sanction）或不予处理（no-action）' }),
      decision: text('处理决定').optional(),
      reasons: text('不予处理的理由').optional(),
      ruleIds: z.array(z.string()).max(10).optional(),
    }),
    z.strictObject({
      type: z.literal('record-objection'),
      partyId,
      submittedOn: date('提出日期'),
      receivedOn: date('收到日期'),
      summary: text('异议的主要理由'),
      attachmentRefs: refs('附件').default([]),
    }),
    z.strictObject({
      type: z.literal('draft-review'),
      partyId,
      outcome: z.enum(REVIEW_OUTCOMES, { error: '复核结果应为 upheld（维持）、varied（变更）或 revoked（撤销）' }),
      reasons: text('复核理由'),
      newDecision: text('变更后的处理决定').optional(),
    }),
    z.strictObject({ type: z.literal('record-rectification-plan'), partyId, receivedOn: date('收到日期'), refs: refs('整改方案文件') }),
    z.strictObject({ type: z.literal('record-rectification-completed'), partyId, on: date('完成日期'), verification: text('核查情况'), refs: refs('整改报告文件') }),
    z.strictObject({ type: z.literal('leave-to-institution'), partyId, institutionName: words('评价机构名称', 100), reason: text('交由评价机构处理的理由') }),
    z.strictObject({
      type: z.literal('record-report-back'),
      partyId,
      concludedOn: date('评价机构处理结束日期'),
      receivedOn: date('收到日期'),
      summary: text('认定处理结果'),
      refs: refs('报告文件'),
      signatories: z.array(words('签字工作人员', 50)).max(20).default([]),
      siteLeadConfirmedBy: words('现场负责人', 50).optional(),
    }),
    z.strictObject({
      type: z.literal('draft-referral'),
      partyId,
      to: z.enum(REFERRAL_TARGETS, { error: '请选择移送的机关：纪检监察（discipline-inspection）、公安（police）或市场监管（market-regulation）' }),
      recipient: words('受移送机关名称', 100),
    }),
    z.strictObject({ type: z.literal('close'), summary: text('处理结果摘要') }),
  ],
  { error: '不支持的程序操作' },
);
export type ProcedureCommand = z.infer<typeof procedureCommandSchema>;

/** A command's own fields, without what addresses it: what a step keeps in the state. */
function bodyOf<C extends { type: string }>(command: C): Omit<C, 'type' | 'partyId' | 'target'> {
  const { type: _type, partyId: _party, target: _target, ...body } = command as C & { partyId?: unknown; target?: unknown };
  return body;
}

/** Apply one checked command: the new state and its events, or a DomainError saying why not now. */
export function applyProcedureCommand(state: CaseProcedure, command: ProcedureCommand, ctx: ProcedureContext): Step {
  switch (command.type) {
    case 'add-party':
      return addParty(state, { party: command.party }, ctx);
    case 'record-investigation':
      return recordInvestigation(state, command.partyId, bodyOf(command), ctx);
    case 'draft-notice':
      return draftNotice(state, command.partyId, bodyOf(command), ctx);
    case 'edit-draft':
      return editDraft(state, command.target, command.patch, ctx);
    case 'discard-draft':
      return discardDraft(state, command.target, bodyOf(command), ctx);
    case 'approve':
      return approveDocument(state, command.target, bodyOf(command), ctx);
    case 'serve':
      return serveDocument(state, command.target, bodyOf(command), ctx);
    case 'record-statement':
      return recordStatement(state, command.partyId, bodyOf(command), ctx);
    case 'record-waiver':
      return recordWaiver(state, command.partyId, bodyOf(command), ctx);
    case 'consider-statements':
      return considerStatements(state, command.partyId, bodyOf(command), ctx);
    case 'draft-decision': {
      if (command.outcome === 'sanction') {
        if (!command.decision) throw new DomainError(422, 'decision_missing', '请填写处理决定', 'decision');
        return draftDecision(state, command.partyId, { outcome: 'sanction', decision: command.decision, ...(command.ruleIds ? { ruleIds: command.ruleIds } : {}) }, ctx);
      }
      if (!command.reasons) throw new DomainError(422, 'reasons_missing', '请填写不予处理的理由', 'reasons');
      return draftDecision(state, command.partyId, { outcome: 'no-action', reasons: command.reasons }, ctx);
    }
    case 'record-objection':
      return recordObjection(state, command.partyId, bodyOf(command), ctx);
    case 'draft-review':
      return draftReview(state, command.partyId, bodyOf(command), ctx);
    case 'record-rectification-plan':
      return recordRectificationPlan(state, command.partyId, bodyOf(command), ctx);
    case 'record-rectification-completed':
      return recordRectificationCompleted(state, command.partyId, bodyOf(command), ctx);
    case 'leave-to-institution':
      return leaveToInstitution(state, command.partyId, bodyOf(command), ctx);
    case 'record-report-back':
      return recordReportBack(state, command.partyId, bodyOf(command), ctx);
    case 'draft-referral':
      return draftReferral(state, command, ctx);
    case 'close':
      return closeCase(state, bodyOf(command), ctx);
  }
}
