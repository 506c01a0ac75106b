import * as z from 'zod';
import { REFERRAL_TARGETS, isAuthorityId, type AuthorityId } from '../ids';
import { procedureSettingsSchema } from '../procedure/periods';
import { date, otherAuthorityDecisionSchema, partySchema, words } from './schemas';
import type { DocumentContent, StatementOutcome } from './content';
import { REVIEW_OUTCOMES } from './content';
import { formatDocNo, issuerOf, officeContactSchema, officeProfile, type DocumentKind, type OfficeProfile } from './office';

// CASE.json: one case as the `documents` command reads it (README “The documents command” documents every
// field; docs/examples/ has one file per party type). One file serves every kind of document: each kind
// needs its own sections, and a missing one is an error naming it.

const serialOrDocNo = {
  /** 序号: the 文号 is made from the office's 机关代字, the year of `date` and this number. */
  serial: z.int({ error: '文号序号应为正整数' }).positive({ error: '文号序号应为正整数' }).optional(),
  /** A 文号 as issued, where it does not follow the office's pattern. */
  docNo: words('文号', 50).optional(),
};

const statementSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('made'), submittedOn: date('陈述申辩提出日期'), summary: words('陈述申辩的主要意见'), consideration: words('对陈述申辩的复核意见') }),
    z.strictObject({ kind: z.literal('waived'), on: date('放弃陈述申辩的日期') }),
    z.strictObject({ kind: z.literal('lapsed') }),
  ],
  { error: '陈述申辩情况 kind 应为 made（已提出）、waived（书面放弃）或 lapsed（逾期未提出）' },
);

export const caseFileSchema = z.strictObject({
  incidentDate: date('事发日期（incidentDate）'),
  office: z.strictObject({
    authority: z.string({ error: '请填写办理单位编号（如 district:minhang）' }).refine(isAuthorityId, { error: '办理单位编号不存在（如 municipal、district:minhang）' }),
    name: words('发文机关名称', 100).optional(),
    docNoPrefix: words('机关代字', 20).optional(),
    contact: officeContactSchema,
    appealRights: words('行政复议、诉讼告知', 500).nullable().optional(),
  }),
  party: partySchema,
  facts: z.array(words('查明的事实'), { error: '请填写查明的事实（facts，每段一项）' }).min(1, { error: '请至少填写一段查明的事实' }),
  evidence: z.array(words('证据', 300), { error: 'evidence 应为证据清单（每项一条）' }).default([]),
  reasons: words('认定理由').optional(),
  otherAuthorityDecision: otherAuthorityDecisionSchema.optional(),
  ruleIds: z.array(z.string({ error: '条款编号应为文字' }), { error: '请填写违规条款编号（ruleIds）' }).default([]),
  notice: z
    .strictObject({
      ...serialOrDocNo,
      date: date('告知书日期'),
      intendedDecision: words('拟作出的处理决定'),
      statementDays: procedureSettingsSchema.shape.statementDays,
      servedOn: date('告知书送达日期').optional(),
    })
    .optional(),
  statement: statementSchema.optional(),
  decision: z
    .strictObject({
      ...serialOrDocNo,
      date: date('处理决定书日期'),
      outcome: z.enum(['sanction', 'no-action'], { error: '处理结果 outcome 应为 sanction（作出处理）或 no-action（不予处理）' }),
      decision: words('处理决定').optional(),
      reasons: words('不予处理的理由').optional(),
      ruleIds: z.array(z.string({ error: '条款编号应为文字' })).optional(),
      servedOn: date('处理决定书送达日期').optional(),
    })
    .optional(),
  review: z
    .strictObject({
      ...serialOrDocNo,
      date: date('复核决定书日期'),
      objection: z.strictObject({ submittedOn: date('异议提出日期'), summary: words('异议的主要理由') }),
      outcome: z.enum(REVIEW_OUTCOMES, { error: '复核结果 outcome 应为 upheld（维持）、varied（变更）或 revoked（撤销）' }),
      reasons: words('复核理由'),
      newDecision: words('变更后的处理决定').optional(),
    })
    .optional(),
  referral: z
    .strictObject({
      ...serialOrDocNo,
      date: date('移送函日期'),
      target: z.enum(REFERRAL_TARGETS, { error: '移送对象 target 应为 discipline-inspection（纪检监察）、police（公安）或 market-regulation（市场监管）' }),
      recipient: words('受移送机关名称', 100),
    })
    .optional(),
});
export type CaseFile = z.output<typeof caseFileSchema>;

/** A problem with CASE.json, naming the field (`decision.date`, `ruleIds.1`). */
export class CaseFileError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

function required<T>(value: T | undefined, field: string, message: string): T {
  if (value === undefined) throw new CaseFileError(field, message);
  return value;
}

function docNoOf(office: OfficeProfile, kind: DocumentKind, section: { serial?: number; docNo?: string; date: string }, field: string): string {
  if (section.docNo) return section.docNo;
  const serial = required(section.serial, `${field}.serial`, '请填写文号序号（serial）或完整文号（docNo）');
  if (!office.docNoPrefix) throw new CaseFileError('office.docNoPrefix', `${office.name}没有默认的机关代字，请填写 office.docNoPrefix 或完整文号 docNo`);
  return formatDocNo(office, kind, Number(section.date.slice(0, 4)), serial);
}

/** The content of one kind of document from a parsed CASE.json; a CaseFileError names a missing section or field. */
export function contentFromCaseFile(file: CaseFile, kind: DocumentKind): DocumentContent {
  const office = officeProfile(file.office.authority as AuthorityId, {
    ...(file.office.name ? { name: file.office.name } : {}),
    ...(file.office.docNoPrefix ? { docNoPrefix: file.office.docNoPrefix } : {}),
    ...(file.office.appealRights !== undefined ? { appealRights: file.office.appealRights } : {}),
  });
  const issuer = issuerOf(office, file.office.contact);
  const findings = {
    incidentDate: file.incidentDate,
    facts: file.facts,
    evidence: file.evidence,
    ...(file.reasons ? { reasons: file.reasons } : {}),
    ...(file.otherAuthorityDecision ? { otherAuthorityDecision: file.otherAuthorityDecision } : {}),
  };
  const common = { issuer, party: file.party };
  const servedNotice = () => {
    const notice = required(file.notice, 'notice', '处理决定书须引用已送达的告知书：请填写 notice');
    return { docNo: docNoOf(office, 'notice', notice, 'notice'), servedOn: required(notice.servedOn, 'notice.servedOn', '请填写告知书送达日期（notice.servedOn）') };
  };

  switch (kind) {
    case 'notice': {
      const notice = required(file.notice, 'notice', '请填写告知书信息（notice：date、serial、intendedDecision）');
      return {
        kind,
        ...common,
        ...findings,
        docNo: docNoOf(office, kind, notice, 'notice'),
        date: notice.date,
        ruleIds: file.ruleIds,
        intendedDecision: notice.intendedDecision,
        statementDays: notice.statementDays,
      };
    }
    case 'decision': {
      const decision = required(file.decision, 'decision', '请填写处理决定信息（decision：date、serial、outcome）');
      const heading = { ...common, ...findings, docNo: docNoOf(office, kind, decision, 'decision'), date: decision.date };
      if (decision.outcome === 'no-action') {
        const notice = file.notice?.servedOn ? servedNotice() : undefined;
        return {
          kind,
          outcome: 'no-action',
          ...heading,
          reasons: required(decision.reasons ?? file.reasons, 'decision.reasons', '请填写不予处理的理由（decision.reasons）'),
          ...(notice ? { notice } : {}),
          ...(notice && file.statement ? { statement: file.statement as StatementOutcome } : {}),
        };
      }
      return {
        kind,
        outcome: 'sanction',
        ...heading,
        ruleIds: decision.ruleIds ?? file.ruleIds,
        decision: required(decision.decision, 'decision.decision', '请填写处理决定（decision.decision）'),
        notice: servedNotice(),
        statement: required(file.statement, 'statement', '请填写当事人陈述申辩情况（statement.kind：made、waived 或 lapsed）') as StatementOutcome,
      };
    }
    case 'review': {
      const review = required(file.review, 'review', '请填写复核信息（review：date、serial、objection、outcome、reasons）');
      const decision = required(file.decision, 'decision', '复核决定书须引用原处理决定：请填写 decision');
      if (review.outcome === 'varied' && !review.newDecision) throw new CaseFileError('review.newDecision', '变更原处理决定时请填写变更后的处理决定（review.newDecision）');
      return {
        kind,
        ...common,
        docNo: docNoOf(office, kind, review, 'review'),
        date: review.date,
        decision: {
          docNo: docNoOf(office, 'decision', decision, 'decision'),
          date: decision.date,
          servedOn: required(decision.servedOn, 'decision.servedOn', '请填写处理决定书送达日期（decision.servedOn）'),
        },
        objection: review.objection,
        reasons: review.reasons,
        outcome: review.outcome,
        ...(review.newDecision ? { newDecision: review.newDecision } : {}),
      };
    }
    case 'referral': {
      const referral = required(file.referral, 'referral', '请填写移送信息（referral：date、serial、target、recipient）');
      return {
        kind,
        ...common,
        ...findings,
        docNo: docNoOf(office, kind, referral, 'referral'),
        date: referral.date,
        target: referral.target,
        recipient: referral.recipient,
        ruleIds: file.ruleIds,
      };
    }
  }
}
