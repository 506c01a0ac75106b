import { OBJECTION_WORKING_DAYS, RECTIFICATION_PLAN_WORKING_DAYS, REVIEW_WORKING_DAYS, shanghaiDate, type ShanghaiDate } from '../deadlines';
import { basisRules, requiresRectificationPlan } from '../documents/basis';
import type { DocumentContent, Party, ReviewOutcome, StatementOutcome } from '../documents/content';
import { DOCUMENT_KIND_NAMES, formatDocNo, issuerOf, type DocumentKind } from '../documents/office';
import { REFERRAL_NAMES, SUBJECT_TYPE_NAMES, type AuthorityId, type ReferralTarget } from '../ids';
import { DomainError, type ReportEvent } from '../report';
import { REPORT_BACK_WORKING_DAYS, periodAfter, rectificationRequired } from './periods';
import type {
  CaseProcedure,
  DecisionDraft,
  DocumentRecord,
  DocumentTarget,
  EvidenceRef,
  NoticeDraft,
  ReferralDraft,
  ReviewDraft,
  InvestigationRecord,
  PartyProcedure,
  ProcedureContext,
  ReferralRecord,
  Service,
  ServiceMethod,
} from './types';
import { SERVICE_METHOD_NAMES } from './types';

// Every step of the procedure: a function of the state, the step's input and its context that returns the new
// state and the audit events it causes, or throws a DomainError saying in Chinese why the step cannot be
// taken now. Nothing here reads a clock: `ctx.at` is the moment of the step.

export interface Step {
  state: CaseProcedure;
  events: ReportEvent[];
}

/** Texts the reporter's look-up page shows: that a step happened, never what it decided. */
export const PUBLIC_STEP_TEXTS = {
  investigation: '已完成调查核实',
  noticeServed: '已告知当事人拟作出的处理决定，当事人可陈述、申辩',
  decisionServed: '已作出处理决定',
  objection: '当事人对处理决定提出异议，正在复核',
  reviewServed: '已作出复核决定',
  leftToInstitution: '由评价机构依规认定处理',
  reportBack: '评价机构已报告认定处理结果',
  closed: '处理程序已结束，已立卷归档',
} as const;

const refuse = (code: string, message: string, field?: string): never => {
  throw new DomainError(409, code, message, field);
};
const invalid = (code: string, message: string, field?: string): never => {
  throw new DomainError(422, code, message, field);
};

function event(ctx: ProcedureContext, type: string, text: string, isPublic: boolean, data: Record<string, unknown> = {}): ReportEvent {
  return { at: ctx.at, type: `procedure.${type}`, actor: ctx.actor.id, public: isPublic, text, data: { by: ctx.actor.name, ...data } };
}

const today = (ctx: ProcedureContext): ShanghaiDate => shanghaiDate(ctx.at);

function notAfterToday(ctx: ProcedureContext, date: ShanghaiDate, label: string, field: string): void {
  if (date > today(ctx)) invalid('date_in_future', `${label}（${date}）不能晚于今天（${today(ctx)}）`, field);
}

function open(state: CaseProcedure): void {
  if (state.closed) refuse('case_closed', `本案已于 ${shanghaiDate(state.closed.at)} 办结归档，不能再操作`);
}

function findParty(state: CaseProcedure, partyId: string): PartyProcedure {
  return state.parties.find((p) => p.id === partyId) ?? invalid('party_unknown', `本案没有编号为 ${partyId} 的当事人`, 'partyId');
}

/** The party a step acts on, in a case still open. */
function partyOf(state: CaseProcedure, partyId: string): PartyProcedure {
  open(state);
  return findParty(state, partyId);
}

function withParty(state: CaseProcedure, updated: PartyProcedure): CaseProcedure {
  return { ...state, parties: state.parties.map((p) => (p.id === updated.id ? updated : p)) };
}

const byOffice = (p: PartyProcedure) => {
  if (p.handling.by !== 'office') {
    refuse('handled_by_institution', `${p.party.name}的违纪违规行为由${p.handling.institutionName}认定处理（第二十五条），本机关只记录其报告的结果`);
  }
};

const subjectName = (p: PartyProcedure) => `${SUBJECT_TYPE_NAMES[p.party.kind]}${p.party.name}`;

// ── The case ────────────────────────────────────────────────────────────────────────────────────────────

export function startProcedure(input: { caseId: string; authority: AuthorityId; advertising: boolean }, ctx: ProcedureContext): Step {
  return {
    state: { caseId: input.caseId, authority: input.authority, advertising: input.advertising, parties: [], referrals: [], referralsDrafted: 0 },
    events: [event(ctx, 'started', '启动违纪违规行为认定处理程序', false)],
  };
}

export function addParty(state: CaseProcedure, input: { party: Party }, ctx: ProcedureContext): Step {
  open(state);
  const id = `p${state.parties.length + 1}`;
  const party: PartyProcedure = { id, party: input.party, handling: { by: 'office' }, statements: [] };
  return {
    state: { ...state, parties: [...state.parties, party] },
    events: [event(ctx, 'party-added', `列为当事人：${SUBJECT_TYPE_NAMES[input.party.kind]}${input.party.name}`, false, { partyId: id })],
  };
}

// ── 第二十六、二十七条: investigation ─────────────────────────────────────────────────────────────────────

export interface InvestigationInput {
  incidentDate: ShanghaiDate;
  facts: string[];
  evidence: EvidenceRef[];
  reasons?: string;
  otherAuthorityDecision?: InvestigationRecord['otherAuthorityDecision'];
  ruleIds: string[];
}

export function recordInvestigation(state: CaseProcedure, partyId: string, input: InvestigationInput, ctx: ProcedureContext): Step {
  const p = partyOf(state, partyId);
  byOffice(p);
  if (p.notice || p.decision) refuse('investigation_locked', `${DOCUMENT_KIND_NAMES[p.notice ? 'notice' : 'decision']}已依据调查记录起草，调查记录不能再改；如需更正，请先废弃草稿`);
  notAfterToday(ctx, input.incidentDate, '事发日期', 'incidentDate');
  if (input.facts.length === 0) invalid('facts_missing', '请填写查明的事实', 'facts');
  if (input.evidence.length === 0) invalid('evidence_missing', '请列明认定事实所依据的证据（第二十六条：收集、保存相应证据材料）', 'evidence');
  const known = new Set(ctx.reportEvidenceIds ?? []);
  input.evidence.forEach((e, i) => {
    if (e.source === 'report' && !known.has(e.evidenceId)) invalid('evidence_unknown', `举报证据 ${e.evidenceId} 不存在或未通过检查`, `evidence.${i}.evidenceId`);
  });
  basisRules(input.ruleIds, p.party.kind, input.incidentDate);
  const investigation: InvestigationRecord = { ...input, recordedBy: ctx.actor, recordedAt: ctx.at };
  return {
    state: withParty(state, { ...p, investigation }),
    events: [
      event(ctx, 'investigation-recorded', `记录调查核实情况（${subjectName(p)}）：${input.facts.length} 项事实，${input.evidence.length} 项证据`, false, {
        partyId,
        ruleIds: input.ruleIds,
        evidence: input.evidence,
        basedOnOtherAuthority: input.otherAuthorityDecision !== undefined,
      }),
      ...(p.investigation ? [] : [event(ctx, 'investigation-public', PUBLIC_STEP_TEXTS.investigation, true, { partyId })]),
    ],
  };
}

function investigated(p: PartyProcedure): InvestigationRecord {
  return p.investigation ?? refuse('investigation_missing', `请先记录对${subjectName(p)}的调查核实情况（第二十六条）`);
}

const findingsOf = (i: InvestigationRecord) => ({
  incidentDate: i.incidentDate,
  facts: i.facts,
  evidence: i.evidence.map((e) => e.description),
  ...(i.reasons ? { reasons: i.reasons } : {}),
  ...(i.otherAuthorityDecision ? { otherAuthorityDecision: i.otherAuthorityDecision } : {}),
});

const newRecord = <D>(draft: D, ctx: ProcedureContext): DocumentRecord<D> => ({ draft, author: ctx.actor, draftedAt: ctx.at, editors: [], revision: 1 });

// ── 第二十八条第一款: the notice ─────────────────────────────────────────────────────────────────────────

export function draftNotice(state: CaseProcedure, partyId: string, input: { intendedDecision: string }, ctx: ProcedureContext): Step {
  const p = partyOf(state, partyId);
  byOffice(p);
  const inv = investigated(p);
  if (p.notice) refuse('notice_exists', '告知书已起草，请修改草稿或先废弃它');
  if (p.decision) refuse('decision_exists', '已起草处理决定，不能再起草告知书');
  if (inv.ruleIds.length === 0) invalid('rules_missing', '调查记录没有认定违规条款：拟作出处理前须先认定所违反的条款', 'ruleIds');
  const notice = newRecord(
    {
      kind: 'notice' as const,
      issuer: issuerOf(ctx.office),
      party: p.party,
      ...findingsOf(inv),
      ruleIds: inv.ruleIds,
      intendedDecision: input.intendedDecision,
      statementDays: ctx.settings.statementDays,
    },
    ctx,
  );
  return {
    state: withParty(state, { ...p, notice }),
    events: [event(ctx, 'notice-drafted', `起草处理事先告知书（${subjectName(p)}）`, false, { partyId, ruleIds: inv.ruleIds })],
  };
}

// ── 第二十八条第一款: statement and defence ──────────────────────────────────────────────────────────────

function servedNotice(p: PartyProcedure) {
  const period = p.notice?.statementPeriod;
  if (!p.notice?.service || !period) return refuse('notice_not_served', '告知书尚未送达：陈述、申辩期限自送达之日起计算');
  return { notice: p.notice, period, service: p.notice.service };
}

export function recordStatement(
  state: CaseProcedure,
  partyId: string,
  input: { submittedOn: ShanghaiDate; receivedOn: ShanghaiDate; channel: 'written' | 'oral'; summary: string; attachmentRefs: string[] },
  ctx: ProcedureContext,
): Step {
  const p = partyOf(state, partyId);
  const { period, service } = servedNotice(p);
  if (p.decision) refuse('decision_drafted', '处理决定书已起草：如需记录新的陈述、申辩，请先废弃草稿，使决定书如实载明当事人的意见及复核情况');
  if (p.waiver) refuse('statement_waived', `当事人已于 ${p.waiver.on} 书面放弃陈述、申辩`);
  notAfterToday(ctx, input.receivedOn, '收到日期', 'receivedOn');
  if (input.submittedOn < service.servedOn || input.submittedOn > input.receivedOn) {
    invalid('submitted_on_invalid', `提出日期应在告知书送达日（${service.servedOn}）与收到日（${input.receivedOn}）之间`, 'submittedOn');
  }
  if (input.submittedOn > period.due) {
    refuse('statement_period_over', `陈述、申辩期限已于 ${period.due} 届满（告知书 ${service.servedOn} 送达，${period.workingDays} 个工作日），逾期提出的视为放弃；如需留存，请作为备注记录`, 'submittedOn');
  }
  const record = { ...input, recordedBy: ctx.actor, recordedAt: ctx.at };
  return {
    state: withParty(state, { ...p, statements: [...p.statements, record] }),
    events: [
      event(ctx, 'statement-recorded', `收到${p.party.name}的${input.channel === 'oral' ? '口头（已制作笔录）' : '书面'}陈述、申辩`, false, {
        partyId,
        submittedOn: input.submittedOn,
        attachmentRefs: input.attachmentRefs,
      }),
    ],
  };
}

export function recordWaiver(state: CaseProcedure, partyId: string, input: { on: ShanghaiDate; proofRef: string }, ctx: ProcedureContext): Step {
  const p = partyOf(state, partyId);
  const { service } = servedNotice(p);
  if (p.decision) refuse('decision_drafted', '处理决定书已起草，不能再记录放弃陈述、申辩');
  notAfterToday(ctx, input.on, '放弃日期', 'on');
  if (input.on < service.servedOn) invalid('waiver_before_service', `放弃日期不能早于告知书送达日（${service.servedOn}）`, 'on');
  return {
    state: withParty(state, { ...p, waiver: { ...input, recordedBy: ctx.actor, recordedAt: ctx.at } }),
    events: [event(ctx, 'statement-waived', `${p.party.name}书面放弃陈述、申辩`, false, { partyId, on: input.on, proofRef: input.proofRef })],
  };
}

export function considerStatements(state: CaseProcedure, partyId: string, input: { conclusion: string }, ctx: ProcedureContext): Step {
  const p = partyOf(state, partyId);
  if (p.statements.length === 0) refuse('no_statement', '当事人尚未提出陈述、申辩，无需复核');
  if (p.decision) refuse('decision_drafted', '处理决定书已起草：如需修改复核意见，请先废弃草稿');
  return {
    state: withParty(state, { ...p, consideration: { conclusion: input.conclusion, statementCount: p.statements.length, by: ctx.actor, at: ctx.at } }),
    events: [event(ctx, 'statement-considered', `对${p.party.name}的陈述、申辩进行复核`, false, { partyId, statementCount: p.statements.length })],
  };
}

function statementsConsidered(p: PartyProcedure): void {
  if (p.statements.length > (p.consideration?.statementCount ?? 0)) {
    refuse('statement_not_considered', '当事人提出的陈述、申辩尚未复核：请先记录复核意见（对事实、理由和证据是否成立、是否采纳）');
  }
}

/** How the party used its right, as the decision tells it; a DomainError while the period still runs. */
function statementOutcome(p: PartyProcedure, ctx: ProcedureContext): { outcome: StatementOutcome; lapsed: boolean } {
  const { period, service } = servedNotice(p);
  if (p.waiver) return { outcome: { kind: 'waived', on: p.waiver.on }, lapsed: false };
  if (p.statements.length > 0) {
    statementsConsidered(p);
    const last = p.statements[p.statements.length - 1]!;
    return {
      outcome: { kind: 'made', submittedOn: last.submittedOn, summary: p.statements.map((s) => s.summary).join('；'), consideration: p.consideration!.conclusion },
      lapsed: false,
    };
  }
  if (today(ctx) <= period.due) {
    refuse(
      'statement_period_running',
      `告知书于 ${service.servedOn} 送达，陈述、申辩期限至 ${period.due}（${period.workingDays} 个工作日）届满；当事人尚未陈述、申辩，也未书面放弃，期限届满前不能作出处理决定`,
    );
  }
  return { outcome: { kind: 'lapsed' }, lapsed: true };
}

// ── 第二十八条第二款: the decision, or not to proceed ──────────────────────────────────────────────────────

export type DecisionInput = { outcome: 'sanction'; decision: string; ruleIds?: string[] } | { outcome: 'no-action'; reasons: string };

export function draftDecision(state: CaseProcedure, partyId: string, input: DecisionInput, ctx: ProcedureContext): Step {
  const p = partyOf(state, partyId);
  byOffice(p);
  const inv = investigated(p);
  if (p.decision) refuse('decision_exists', '处理决定书已起草，请修改草稿或先废弃它');
  const common = { issuer: issuerOf(ctx.office), party: p.party, ...findingsOf(inv) };
  const events: ReportEvent[] = [];
  let draft: DecisionDraft;
  if (input.outcome === 'sanction') {
    const { notice, service } = servedNotice(p);
    const ruleIds = input.ruleIds ?? notice.draft.ruleIds;
    const beyond = ruleIds.filter((id) => !notice.draft.ruleIds.includes(id));
    if (beyond.length) {
      refuse('rules_not_notified', `条款 ${beyond.join('、')} 未在告知书中告知：依据新的条款作出处理，须重新告知并给予陈述、申辩的机会`, 'ruleIds');
    }
    basisRules(ruleIds, p.party.kind, inv.incidentDate);
    const { outcome, lapsed } = statementOutcome(p, ctx);
    if (lapsed) events.push(event(ctx, 'statement-period-lapsed', `${p.party.name}在规定期限内未陈述、申辩（期限至 ${notice.statementPeriod!.due}）`, false, { partyId }));
    draft = {
      kind: 'decision',
      outcome: 'sanction',
      ...common,
      ruleIds,
      decision: input.decision,
      notice: { docNo: notice.approval!.docNo, servedOn: service.servedOn },
      statement: outcome,
    };
  } else {
    // Not proceeding takes nothing from the party, so it need not wait for the statement period.
    const served = p.notice?.service && p.notice.approval ? { docNo: p.notice.approval.docNo, servedOn: p.notice.service.servedOn } : undefined;
    draft = { kind: 'decision', outcome: 'no-action', ...common, reasons: input.reasons, ...(served ? { notice: served } : {}) };
  }
  return {
    state: withParty(state, { ...p, decision: newRecord(draft, ctx) }),
    events: [...events, event(ctx, 'decision-drafted', `起草${input.outcome === 'sanction' ? '处理决定书' : '不予处理决定书'}（${subjectName(p)}）`, false, { partyId, outcome: input.outcome })],
  };
}

// ── 第二十九条: objection and review ────────────────────────────────────────────────────────────────────

export function recordObjection(
  state: CaseProcedure,
  partyId: string,
  input: { submittedOn: ShanghaiDate; receivedOn: ShanghaiDate; summary: string; attachmentRefs: string[] },
  ctx: ProcedureContext,
): Step {
  const p = partyOf(state, partyId);
  const period = p.decision?.objectionPeriod;
  const service = p.decision?.service;
  if (!period || !service) return refuse('decision_not_served', '处理决定书尚未送达，或为不予处理决定：没有可以提出异议的处理决定');
  if (p.objection) refuse('objection_exists', `当事人已于 ${p.objection.submittedOn} 提出异议，本机关正在复核`);
  notAfterToday(ctx, input.receivedOn, '收到日期', 'receivedOn');
  if (input.submittedOn < service.servedOn || input.submittedOn > input.receivedOn) {
    invalid('submitted_on_invalid', `提出日期应在处理决定书送达日（${service.servedOn}）与收到日（${input.receivedOn}）之间`, 'submittedOn');
  }
  if (input.submittedOn > period.due) {
    refuse('objection_period_over', `异议期限已于 ${period.due} 届满（处理决定书 ${service.servedOn} 送达，${OBJECTION_WORKING_DAYS} 个工作日，第二十九条），不能再受理异议`, 'submittedOn');
  }
  const reviewDue = periodAfter(ctx.calendar, input.receivedOn, REVIEW_WORKING_DAYS);
  return {
    state: withParty(state, { ...p, objection: { ...input, reviewDue, recordedBy: ctx.actor, recordedAt: ctx.at } }),
    events: [
      event(ctx, 'objection-recorded', `收到${p.party.name}对处理决定的异议，复核期限至 ${reviewDue.due}`, false, { partyId, submittedOn: input.submittedOn, reviewDue: reviewDue.due }),
      event(ctx, 'objection-public', PUBLIC_STEP_TEXTS.objection, true, { partyId }),
    ],
  };
}

export function draftReview(state: CaseProcedure, partyId: string, input: { outcome: ReviewOutcome; reasons: string; newDecision?: string }, ctx: ProcedureContext): Step {
  const p = partyOf(state, partyId);
  if (!p.objection) return refuse('no_objection', '当事人没有提出异议，无需复核');
  if (p.review) refuse('review_exists', '复核决定书已起草，请修改草稿或先废弃它');
  if (input.outcome === 'varied' && !input.newDecision) invalid('new_decision_missing', '变更原处理决定时请写明变更后的处理决定', 'newDecision');
  const decision = p.decision!;
  const review = newRecord(
    {
      kind: 'review' as const,
      issuer: issuerOf(ctx.office),
      party: p.party,
      decision: { docNo: decision.approval!.docNo, date: decision.approval!.date, servedOn: decision.service!.servedOn },
      objection: { submittedOn: p.objection.submittedOn, summary: p.objection.summary },
      reasons: input.reasons,
      outcome: input.outcome,
      ...(input.newDecision ? { newDecision: input.newDecision } : {}),
    },
    ctx,
  );
  return {
    state: withParty(state, { ...p, review }),
    events: [event(ctx, 'review-drafted', `起草复核决定书（${subjectName(p)}）`, false, { partyId, outcome: input.outcome })],
  };
}

// ── 第三十二条: rectification ───────────────────────────────────────────────────────────────────────────

export function recordRectificationPlan(state: CaseProcedure, partyId: string, input: { receivedOn: ShanghaiDate; refs: string[] }, ctx: ProcedureContext): Step {
  const p = partyOf(state, partyId);
  const r = p.rectification ?? refuse('no_rectification', '本当事人没有第二十二条的警告处理决定，无需提交整改方案（第三十二条）');
  if (r.plan) refuse('plan_exists', `整改方案已于 ${r.plan.receivedOn} 收到`);
  notAfterToday(ctx, input.receivedOn, '收到日期', 'receivedOn');
  const late = input.receivedOn > r.planDue.due;
  return {
    state: withParty(state, { ...p, rectification: { ...r, plan: { ...input, late, recordedBy: ctx.actor } } }),
    events: [
      event(ctx, 'rectification-plan', `收到${p.party.name}的限期整改方案${late ? `（逾期：应于 ${r.planDue.due} 前提交）` : ''}`, false, { partyId, late, refs: input.refs }),
    ],
  };
}

export function recordRectificationCompleted(state: CaseProcedure, partyId: string, input: { on: ShanghaiDate; verification: string; refs: string[] }, ctx: ProcedureContext): Step {
  const p = partyOf(state, partyId);
  const r = p.rectification ?? refuse('no_rectification', '本当事人没有整改要求');
  if (!r.plan) refuse('plan_missing', '尚未收到整改方案：请先记录整改方案');
  if (r.completed) refuse('rectification_done', `整改已于 ${r.completed.on} 完成`);
  notAfterToday(ctx, input.on, '完成日期', 'on');
  return {
    state: withParty(state, { ...p, rectification: { ...r, completed: { ...input, recordedBy: ctx.actor } } }),
    events: [event(ctx, 'rectification-completed', `${p.party.name}完成整改，经核查：${input.verification}`, false, { partyId, refs: input.refs })],
  };
}

// ── 第二十五条, 第三十条第二句: left to the institution, and its report-back ──────────────────────────────

export function leaveToInstitution(state: CaseProcedure, partyId: string, input: { institutionName: string; reason: string }, ctx: ProcedureContext): Step {
  const p = partyOf(state, partyId);
  if (p.party.kind === 'institution') invalid('institution_cannot_self_handle', '评价机构的违纪违规行为由评价机构监管部门认定处理（第二十五条第三款）');
  if (p.notice || p.decision || p.handling.by === 'institution') refuse('already_handled', '本机关已着手处理或已交评价机构处理');
  return {
    state: withParty(state, { ...p, handling: { by: 'institution', institutionName: input.institutionName, reason: input.reason, since: ctx.at } }),
    events: [
      event(ctx, 'left-to-institution', `${subjectName(p)}由${input.institutionName}依第二十五条认定处理：${input.reason}`, false, { partyId }),
      event(ctx, 'left-to-institution-public', PUBLIC_STEP_TEXTS.leftToInstitution, true, { partyId }),
    ],
  };
}

export function recordReportBack(
  state: CaseProcedure,
  partyId: string,
  input: { concludedOn: ShanghaiDate; receivedOn: ShanghaiDate; summary: string; refs: string[]; signatories: string[]; siteLeadConfirmedBy?: string },
  ctx: ProcedureContext,
): Step {
  const p = partyOf(state, partyId);
  if (p.handling.by !== 'institution') return refuse('not_left_to_institution', '本当事人由本机关处理，没有评价机构的报告可记录');
  if (p.reportBack) refuse('report_back_exists', `已于 ${p.reportBack.receivedOn} 收到评价机构的报告`);
  notAfterToday(ctx, input.receivedOn, '收到日期', 'receivedOn');
  if (input.receivedOn < input.concludedOn) invalid('received_before_concluded', '收到日期不能早于评价机构处理结束日', 'receivedOn');
  const due = periodAfter(ctx.calendar, input.concludedOn, REPORT_BACK_WORKING_DAYS);
  const late = input.receivedOn > due.due;
  // 第二十五条第一款: a candidate's case rests on two or more staff signatures confirmed by the site lead.
  const defects =
    p.party.kind === 'candidate'
      ? [
          ...(input.signatories.length < 2 ? ['未见2名（含）以上工作人员签字（第二十五条第一款）'] : []),
          ...(input.siteLeadConfirmedBy ? [] : ['未见现场负责人确认（第二十五条第一款）']),
        ]
      : [];
  const { signatories, siteLeadConfirmedBy, ...kept } = input;
  const reportBack = { ...kept, due, late, defects, recordedBy: ctx.actor };
  return {
    state: withParty(state, { ...p, reportBack }),
    events: [
      event(
        ctx,
        'report-back',
        `收到${p.handling.institutionName}的认定处理结果报告${late ? `（逾期：应于 ${due.due} 前报告）` : ''}${defects.length ? `；${defects.join('；')}` : ''}`,
        false,
        { partyId, late, defects, signatories, siteLeadConfirmedBy, refs: input.refs },
      ),
      event(ctx, 'report-back-public', PUBLIC_STEP_TEXTS.reportBack, true, { partyId }),
    ],
  };
}

// ── 第三十四条: referral ────────────────────────────────────────────────────────────────────────────────

const ADVERTISING_RULES = new Set(['SH2025-21-12', 'SH2025-22-9', 'MH2024-5']);

export function draftReferral(state: CaseProcedure, input: { partyId: string; to: ReferralTarget; recipient: string }, ctx: ProcedureContext): Step {
  const p = partyOf(state, input.partyId);
  const inv = investigated(p);
  if (input.to === 'market-regulation' && !state.advertising && !inv.ruleIds.some((id) => ADVERTISING_RULES.has(id))) {
    invalid('not_advertising', '移送市场监管部门限于利用广告进行虚假宣传的线索：本案既非广告举报，调查记录也未认定虚假宣传条款', 'to');
  }
  const id = `r${state.referralsDrafted + 1}`;
  const referral: ReferralRecord = {
    id,
    partyId: p.id,
    ...newRecord(
      { kind: 'referral' as const, issuer: issuerOf(ctx.office), party: p.party, ...findingsOf(inv), target: input.to, recipient: input.recipient, ruleIds: inv.ruleIds },
      ctx,
    ),
  };
  return {
    state: { ...state, referrals: [...state.referrals, referral], referralsDrafted: state.referralsDrafted + 1 },
    events: [event(ctx, 'referral-drafted', `起草移送函：移送${REFERRAL_NAMES[input.to]}（${input.recipient}）`, false, { referralId: id, partyId: p.id, to: input.to })],
  };
}

// ── Every outgoing document: edit, discard, approve (a second person), serve ─────────────────────────────

type AnyRecord = DocumentRecord<NoticeDraft | DecisionDraft | ReviewDraft | ReferralDraft>;

function located(state: CaseProcedure, target: DocumentTarget): { record: AnyRecord | undefined; put: (r: AnyRecord | undefined) => CaseProcedure; party: PartyProcedure; label: string } {
  if ('referralId' in target) {
    const referral = state.referrals.find((r) => r.id === target.referralId) ?? invalid('referral_unknown', `本案没有编号为 ${target.referralId} 的移送函`, 'referralId');
    return {
      record: referral,
      party: findParty(state, referral.partyId),
      label: '移送函',
      put: (r) => ({
        ...state,
        referrals: r ? state.referrals.map((x) => (x.id === referral.id ? ({ ...referral, ...r } as ReferralRecord) : x)) : state.referrals.filter((x) => x.id !== referral.id),
      }),
    };
  }
  const party = findParty(state, target.partyId);
  const key = target.document;
  return {
    record: party[key] as AnyRecord | undefined,
    party,
    label: DOCUMENT_KIND_NAMES[key],
    put: (r) => {
      const next = { ...party } as PartyProcedure;
      if (r) (next as unknown as Record<string, unknown>)[key] = r;
      else delete next[key];
      return withParty(state, next);
    },
  };
}

const EDITABLE: Record<DocumentKind, readonly string[]> = {
  notice: ['facts', 'evidence', 'reasons', 'intendedDecision'],
  decision: ['facts', 'evidence', 'reasons', 'decision'],
  review: ['reasons', 'newDecision'],
  referral: ['facts', 'evidence', 'reasons', 'recipient'],
};

/** Staff edit a draft's text; the party, the rules and the dates come from the case and are not edited here. */
export function editDraft(state: CaseProcedure, target: DocumentTarget, patch: Record<string, unknown>, ctx: ProcedureContext): Step {
  open(state);
  const { record, put, label } = located(state, target);
  if (!record) return refuse('draft_missing', `还没有${label}草稿`);
  if (record.approval) refuse('document_approved', `${label}已于 ${record.approval.date} 签发（${record.approval.docNo}），不能再修改`);
  const allowed = EDITABLE[record.draft.kind];
  const fields = Object.keys(patch);
  const stray = fields.find((f) => !allowed.includes(f));
  if (stray) invalid('field_not_editable', `${label}的“${stray}”不能在草稿中修改（可修改：${allowed.join('、')}）`, stray);
  if (fields.length === 0) invalid('nothing_changed', '没有要修改的内容');
  const editors = record.author.id === ctx.actor.id || record.editors.some((e) => e.id === ctx.actor.id) ? record.editors : [...record.editors, ctx.actor];
  return {
    state: put({ ...record, draft: { ...record.draft, ...patch }, editors, revision: record.revision + 1 }),
    events: [event(ctx, 'draft-edited', `修改${label}草稿（第 ${record.revision + 1} 稿）：${fields.join('、')}`, false, { target, fields })],
  };
}

export function discardDraft(state: CaseProcedure, target: DocumentTarget, input: { reason: string }, ctx: ProcedureContext): Step {
  open(state);
  const { record, put, label } = located(state, target);
  if (!record) return refuse('draft_missing', `还没有${label}草稿`);
  if (record.approval) refuse('document_approved', `${label}已签发（${record.approval.docNo}），不能废弃`);
  return { state: put(undefined), events: [event(ctx, 'draft-discarded', `废弃${label}草稿：${input.reason}`, false, { target })] };
}

/** Two-person sign-off: the approver is neither the author nor anyone who edited the draft. */
export function approveDocument(state: CaseProcedure, target: DocumentTarget, input: { serial: number }, ctx: ProcedureContext): Step {
  open(state);
  const { record, put, label } = located(state, target);
  if (!record) return refuse('draft_missing', `还没有${label}草稿`);
  if (record.approval) refuse('document_approved', `${label}已于 ${record.approval.date} 签发（${record.approval.docNo}）`);
  if (record.author.id === ctx.actor.id) refuse('approver_is_author', `${label}由您起草，须由另一名工作人员审核签发（两人签字）`);
  if (record.editors.some((e) => e.id === ctx.actor.id)) refuse('approver_is_editor', `您修改过这份${label}，须由未参与起草、修改的另一名工作人员审核签发`);
  const date = today(ctx);
  const docNo = formatDocNo(ctx.office, record.draft.kind, Number(date.slice(0, 4)), input.serial);
  return {
    state: put({ ...record, approval: { by: ctx.actor, at: ctx.at, docNo, date } }),
    events: [event(ctx, 'document-approved', `审核签发${label}（${docNo}）`, false, { target, docNo, author: record.author.id })],
  };
}

export interface ServiceInput {
  method: ServiceMethod;
  servedOn: ShanghaiDate;
  proofRefs: string[];
  consentRef?: string;
  publishedSummary?: string;
}

export function serveDocument(state: CaseProcedure, target: DocumentTarget, input: ServiceInput, ctx: ProcedureContext): Step {
  open(state);
  const { record, put, label, party } = located(state, target);
  if (!record?.approval) return refuse('document_not_approved', `${label}尚未经第二人审核签发，不能送达`);
  if (record.service) refuse('document_served', `${label}已于 ${record.service.servedOn} ${SERVICE_METHOD_NAMES[record.service.method]}`);
  if (input.proofRefs.length === 0) invalid('proof_missing', '请附送达凭证（送达回证、邮寄回执、电子送达记录或公告页面）', 'proofRefs');
  if (input.method === 'electronic' && !input.consentRef) invalid('consent_missing', '电子送达须经当事人同意：请附当事人签署的送达地址确认书', 'consentRef');
  const { draft } = record;
  const kind = draft.kind;
  if (kind === 'referral' && input.method === 'announcement') invalid('referral_not_announced', '移送函不能公告送达：请直接递送、邮寄或电子发送', 'method');
  if (input.publishedSummary && kind !== 'decision' && kind !== 'review') invalid('not_publishable', '只有处理决定和复核决定可以公布', 'publishedSummary');
  notAfterToday(ctx, input.servedOn, '送达日期', 'servedOn');
  if (input.servedOn < record.approval.date) invalid('served_before_approval', `送达日期不能早于签发日期（${record.approval.date}）`, 'servedOn');
  const service: Service = { ...input, recordedBy: ctx.actor, recordedAt: ctx.at };
  const served = { ...record, service };
  const how = `${SERVICE_METHOD_NAMES[input.method]}${label}（${record.approval.docNo}），送达日 ${input.servedOn}`;
  const events = (text: string, publicText?: string, data: Record<string, unknown> = {}) => [
    event(ctx, `${kind}-served`, text, false, { target, docNo: record.approval!.docNo, servedOn: input.servedOn, method: input.method, proofRefs: input.proofRefs, ...data }),
    ...(publicText ? [event(ctx, `${kind}-served-public`, publicText, true, { partyId: party.id })] : []),
  ];
  const published = (text: string) => (input.publishedSummary ? `${text}并公布：${input.publishedSummary}` : text);

  switch (draft.kind) {
    case 'notice': {
      const statementPeriod = periodAfter(ctx.calendar, input.servedOn, draft.statementDays);
      return {
        state: put({ ...served, statementPeriod } as AnyRecord),
        events: events(`${how}；陈述、申辩期限至 ${statementPeriod.due}`, PUBLIC_STEP_TEXTS.noticeServed, { statementDue: statementPeriod.due }),
      };
    }
    case 'decision': {
      // What the institution and people records need to learn (decisionServedOf reads it back).
      const servedDecision = {
        partyId: party.id,
        party: draft.party,
        outcome: draft.outcome,
        ruleIds: draft.outcome === 'sanction' ? draft.ruleIds : [],
        ...(draft.outcome === 'sanction' ? { decision: draft.decision } : { reasons: draft.reasons }),
        decidedOn: record.approval.date,
        incidentDate: draft.incidentDate,
      };
      if (draft.outcome === 'no-action') return { state: put(served), events: events(how, published(PUBLIC_STEP_TEXTS.decisionServed), servedDecision) };
      const objectionPeriod = periodAfter(ctx.calendar, input.servedOn, OBJECTION_WORKING_DAYS);
      const rules = basisRules(draft.ruleIds, party.party.kind, draft.incidentDate);
      const planDue = party.party.kind === 'institution' && requiresRectificationPlan(rules) ? periodAfter(ctx.calendar, input.servedOn, RECTIFICATION_PLAN_WORKING_DAYS) : undefined;
      const next = put({ ...served, objectionPeriod } as AnyRecord);
      return {
        state: planDue ? withParty(next, { ...findParty(next, party.id), rectification: { planDue } }) : next,
        events: events(
          `${how}；异议期限至 ${objectionPeriod.due}${planDue ? `；整改方案应于 ${planDue.due} 前提交` : ''}`,
          published(PUBLIC_STEP_TEXTS.decisionServed),
          { ...servedDecision, objectionDue: objectionPeriod.due, ...(planDue ? { rectificationPlanDue: planDue.due } : {}) },
        ),
      };
    }
    case 'review':
      return {
        state: put(served),
        events: events(how, published(PUBLIC_STEP_TEXTS.reviewServed), {
          partyId: party.id,
          party: draft.party,
          outcome: draft.outcome,
          decisionDocNo: draft.decision.docNo,
          ...(draft.newDecision ? { newDecision: draft.newDecision } : {}),
          decidedOn: record.approval.date,
        }),
      };
    case 'referral':
      return { state: put(served), events: events(how.replace('送达日', '发出日')) };
  }
}

// ── 第三十条: closing ───────────────────────────────────────────────────────────────────────────────────

function partyPending(p: PartyProcedure, day: ShanghaiDate): string[] {
  const who = p.party.name;
  if (p.handling.by === 'institution') return p.reportBack ? [] : [`尚未收到${p.handling.institutionName}对${who}的认定处理结果报告（第三十条）`];
  if (!p.decision?.service) return [`对${who}的处理决定尚未作出并送达`];
  const objection = p.decision.objectionPeriod;
  return [
    ...(objection && p.objection && !p.review?.service ? [`${who}已提出异议，复核决定尚未送达`] : []),
    ...(objection && !p.objection && day <= objection.due ? [`${who}的异议期限至 ${objection.due} 届满，期满前不能结案`] : []),
    ...(rectificationRequired(p) && !p.rectification!.completed ? [`${who}尚未完成整改（第三十二条）`] : []),
  ];
}

/** What still keeps the case open on `day` (empty: it may be closed). */
export function pendingItems(state: CaseProcedure, day: ShanghaiDate): string[] {
  return [
    ...(state.parties.length === 0 ? ['本案还没有当事人'] : []),
    ...state.parties.flatMap((p) => partyPending(p, day)),
    ...state.referrals.filter((r) => !r.service).map((r) => `移送函（${r.draft.recipient}）尚未${r.approval ? '发出' : '签发'}`),
  ];
}

export function closeCase(state: CaseProcedure, input: { summary: string }, ctx: ProcedureContext): Step {
  open(state);
  const pending = pendingItems(state, today(ctx));
  if (pending.length) refuse('case_not_finished', `还不能结案：${pending.join('；')}`);
  return {
    state: { ...state, closed: { at: ctx.at, by: ctx.actor, summary: input.summary } },
    events: [event(ctx, 'closed', `处理结束，立卷归档（第三十条）：${input.summary}`, false), event(ctx, 'closed-public', PUBLIC_STEP_TEXTS.closed, true)],
  };
}

// ── Documents of the state ──────────────────────────────────────────────────────────────────────────────

/** A document's content for rendering: as approved (文号, date), or a draft marked as such. */
export function documentContent(state: CaseProcedure, target: DocumentTarget, day: ShanghaiDate): DocumentContent {
  const { record, label } = located(state, target);
  if (!record) return invalid('draft_missing', `还没有${label}草稿`);
  const approval = record.approval;
  return { ...record.draft, docNo: approval?.docNo ?? '（草稿，未签发）', date: approval?.date ?? day } as DocumentContent;
}
