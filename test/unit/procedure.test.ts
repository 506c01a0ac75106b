// The procedure of 细则第二十五条至第三十四条, one party type at a time, through the staff command schema.
// Dates below are counted by hand on the 2025 arrangement (国办发明电〔2024〕12号): 国庆+中秋 10-01 … 10-08
// off, 09-28 (Sunday) and 10-11 (Saturday) worked; otherwise Monday to Friday.
import { describe, expect, it } from 'vitest';
import { CalendarYearUnavailable } from '../../functions/core/deadlines';
import { composeDocument, documentText } from '../../functions/core/documents/content';
import { officeProfile } from '../../functions/core/documents/office';
import {
  applyProcedureCommand,
  caseFileIndex,
  defaultProcedureSettings,
  documentContent,
  pendingItems,
  procedureCommandSchema,
  procedureDeadlines,
  startProcedure,
  type Actor,
  type CaseProcedure,
  type ProcedureContext,
  type ProcedureSettings,
} from '../../functions/core/procedure';
import { DomainError, type ReportEvent } from '../../functions/core/report';
import { packageCalendar, type WorkingCalendar } from '../../functions/core/working-calendar';

const alice: Actor = { id: 'alice', name: '张敏' };
const bob: Actor = { id: 'bob', name: '李强' };
const carol: Actor = { id: 'carol', name: '王芳' };

const office = officeProfile('district:minhang', { contact: { person: '张敏', phone: '021-64120000', address: '上海市闵行区沪闵路6258号' } });

interface Options {
  calendar?: WorkingCalendar;
  settings?: ProcedureSettings;
}

/** One case carried through the procedure; every step goes through the command schema as the staff API will. */
class Flow {
  state: CaseProcedure;
  events: ReportEvent[];
  constructor(
    caseId: string,
    advertising: boolean,
    private readonly options: Options = {},
  ) {
    const step = startProcedure({ caseId, authority: 'district:minhang', advertising }, this.ctx(alice, '2025-09-26'));
    this.state = step.state;
    this.events = step.events;
  }

  ctx(actor: Actor, day: string): ProcedureContext {
    return {
      actor,
      at: `${day}T10:00:00+08:00`,
      calendar: this.options.calendar ?? packageCalendar,
      office,
      settings: this.options.settings ?? defaultProcedureSettings,
      reportEvidenceIds: ['ev-ad-1', 'ev-ad-2'],
    };
  }

  do(actor: Actor, day: string, command: unknown): ReportEvent[] {
    const step = applyProcedureCommand(this.state, procedureCommandSchema.parse(command), this.ctx(actor, day));
    this.state = step.state;
    this.events.push(...step.events);
    return step.events;
  }

  /** The step is refused with `code`, and the state is left as it was. */
  refused(actor: Actor, day: string, command: unknown, code: string): DomainError {
    const before = JSON.stringify(this.state);
    let error: unknown;
    try {
      applyProcedureCommand(this.state, procedureCommandSchema.parse(command), this.ctx(actor, day));
    } catch (e) {
      error = e;
    }
    expect(error, `${(command as { type: string }).type} on ${day} should be refused`).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(code);
    expect((error as DomainError).message).toMatch(/[\u4e00-\u9fff]/);
    expect(JSON.stringify(this.state)).toBe(before);
    return error as DomainError;
  }

  party(id = 'p1') {
    return this.state.parties.find((p) => p.id === id)!;
  }

  current(day: string) {
    return procedureDeadlines(this.state, day).current.map((d) => `${d.partyId}:${d.kind}:${d.due}:${d.status}`);
  }
}

const investigation = (partyId: string, ruleIds: string[], incidentDate = '2025-09-12') => ({
  type: 'record-investigation',
  partyId,
  incidentDate,
  facts: ['当事人于2025年9月12日起发布“包过”招生广告。'],
  evidence: [
    { source: 'report', evidenceId: 'ev-ad-1', description: '举报人提交的广告截图' },
    { source: 'staff', fileRef: 'staff/inquiry-1.pdf', category: '询问笔录', description: '负责人询问笔录' },
  ],
  ruleIds,
});

const notice = (partyId: string) => ({ partyId, document: 'notice' as const });
const decision = (partyId: string) => ({ partyId, document: 'decision' as const });

describe('an institution: notice, statement, decision, objection and review, rectification, referral, closing', () => {
  const flow = new Flow('AAAA-BBBB-CCCC', true);

  it('records the investigation with the report’s evidence and staff files, and says so on the public page', () => {
    flow.do(alice, '2025-09-26', { type: 'add-party', party: { kind: 'institution', name: '上海某某职业技能培训有限公司' } });
    const events = flow.do(alice, '2025-09-26', investigation('p1', ['SH2025-22-9']));
    expect(flow.party().investigation?.evidence).toHaveLength(2);
    expect(events.filter((e) => e.public).map((e) => e.text)).toEqual(['已完成调查核实']);
  });

  it('drafts the notice from the case; the author and an editor may not approve it, a second person does', () => {
    flow.do(alice, '2025-09-29', { type: 'draft-notice', partyId: 'p1', intendedDecision: '予以警告，限期整改，整改期间暂停评价活动。' });
    expect(flow.party().notice?.draft).toMatchObject({ ruleIds: ['SH2025-22-9'], statementDays: 5, facts: ['当事人于2025年9月12日起发布“包过”招生广告。'] });
    flow.do(carol, '2025-09-29', { type: 'edit-draft', target: notice('p1'), patch: { reasons: '以“包过”为卖点招揽参评人员。' } });
    expect(flow.party().notice?.revision).toBe(2);
    flow.refused(alice, '2025-09-29', { type: 'approve', target: notice('p1'), serial: 3 }, 'approver_is_author');
    flow.refused(carol, '2025-09-29', { type: 'approve', target: notice('p1'), serial: 3 }, 'approver_is_editor');
    flow.refused(alice, '2025-09-29', { type: 'serve', target: notice('p1'), method: 'mail', servedOn: '2025-09-29', proofRefs: ['mail-receipt.pdf'] }, 'document_not_approved');
    flow.do(bob, '2025-09-29', { type: 'approve', target: notice('p1'), serial: 3 });
    expect(flow.party().notice?.approval).toMatchObject({ docNo: '闵人社告〔2025〕3号', date: '2025-09-29', by: bob });
    flow.refused(carol, '2025-09-29', { type: 'edit-draft', target: notice('p1'), patch: { reasons: '改' } }, 'document_approved');
  });

  it('serves the notice; the statement period runs from service over the National Day holiday to 10-14', () => {
    flow.refused(alice, '2025-09-30', { type: 'serve', target: notice('p1'), method: 'electronic', servedOn: '2025-09-30', proofRefs: ['sent.eml'] }, 'consent_missing');
    const events = flow.do(alice, '2025-09-30', { type: 'serve', target: notice('p1'), method: 'mail', servedOn: '2025-09-30', proofRefs: ['mail-receipt.pdf'] });
    // 09-30 served; 10-09, 10-10, 10-11 (Saturday, worked), 10-13, 10-14.
    expect(flow.party().notice?.statementPeriod).toMatchObject({ countedFrom: '2025-09-30', workingDays: 5, due: '2025-10-14' });
    expect(flow.current('2025-10-09')).toEqual(['p1:statement:2025-10-14:running']);
    expect(events.find((e) => e.public)?.text).toBe('已告知当事人拟作出的处理决定，当事人可陈述、申辩');
  });

  it('refuses a decision before the statement period ended while the party has neither stated its case nor waived', () => {
    const error = flow.refused(alice, '2025-10-14', { type: 'draft-decision', partyId: 'p1', outcome: 'sanction', decision: '予以警告。' }, 'statement_period_running');
    expect(error.message).toContain('2025-10-14');
  });

  it('records the statement, refuses the decision until it is considered, and refuses a late second statement', () => {
    flow.do(alice, '2025-10-11', { type: 'record-statement', partyId: 'p1', submittedOn: '2025-10-10', receivedOn: '2025-10-11', channel: 'written', summary: '广告系员工个人所为' });
    flow.refused(alice, '2025-10-13', { type: 'draft-decision', partyId: 'p1', outcome: 'sanction', decision: '予以警告。' }, 'statement_not_considered');
    flow.do(bob, '2025-10-13', { type: 'consider-statements', partyId: 'p1', conclusion: '广告以当事人名义发布，陈述申辩理由不成立，不予采纳。' });
    flow.refused(alice, '2025-10-16', { type: 'record-statement', partyId: 'p1', submittedOn: '2025-10-15', receivedOn: '2025-10-16', channel: 'written', summary: '补充意见' }, 'statement_period_over');
  });

  it('refuses a decision on a clause the notice did not tell the party about', () => {
    flow.refused(alice, '2025-10-15', { type: 'draft-decision', partyId: 'p1', outcome: 'sanction', decision: '终止备案。', ruleIds: ['SH2025-23-1'] }, 'rules_not_notified');
  });

  it('decides, approves (second person) and serves; the objection period (15) and the rectification plan (5) run from service', () => {
    flow.do(alice, '2025-10-15', { type: 'draft-decision', partyId: 'p1', outcome: 'sanction', decision: '予以警告，限期整改，整改期间暂停评价活动。' });
    expect(flow.party().decision?.draft).toMatchObject({ statement: { kind: 'made', submittedOn: '2025-10-10' }, notice: { docNo: '闵人社告〔2025〕3号', servedOn: '2025-09-30' } });
    flow.refused(alice, '2025-10-16', { type: 'approve', target: decision('p1'), serial: 7 }, 'approver_is_author');
    flow.do(bob, '2025-10-16', { type: 'approve', target: decision('p1'), serial: 7 });
    const events = flow.do(alice, '2025-10-17', { type: 'serve', target: decision('p1'), method: 'direct', servedOn: '2025-10-17', proofRefs: ['receipt-signed.pdf'] });
    // 10-17 served: 10-20 … 10-24 (5), 10-27 … 10-31 (10), 11-03 … 11-07 (15).
    expect(flow.party().decision?.objectionPeriod).toMatchObject({ due: '2025-11-07', workingDays: 15 });
    expect(flow.party().rectification?.planDue).toMatchObject({ due: '2025-10-24', workingDays: 5 });
    expect(flow.current('2025-10-20')).toEqual(['p1:objection:2025-11-07:running', 'p1:rectificationPlan:2025-10-24:running']);
    // The reporter learns that a decision was made, not what it is.
    const publicTexts = events.filter((e) => e.public).map((e) => e.text);
    expect(publicTexts).toEqual(['已作出处理决定']);
    expect(JSON.stringify(publicTexts)).not.toContain('警告');
  });

  it('the decision as issued renders with its 文号 and the objection sentence', () => {
    const text = documentText(composeDocument(documentContent(flow.state, decision('p1'), '2025-10-17')));
    expect(text).toContain('闵人社处〔2025〕7号');
    expect(text).toContain('15个工作日内向本机关提出陈述和申辩');
    expect(text).toContain('广告以当事人名义发布，陈述申辩理由不成立，不予采纳。');
  });

  it('receives the rectification plan on time; the plan is then met', () => {
    flow.do(alice, '2025-10-23', { type: 'record-rectification-plan', partyId: 'p1', receivedOn: '2025-10-23', refs: ['plan.pdf'] });
    expect(procedureDeadlines(flow.state, '2025-10-27').all.find((d) => d.kind === 'rectificationPlan')?.status).toBe('met');
  });

  it('refers the advertising to 市场监管: drafted, approved by a second person, sent and dated', () => {
    flow.do(alice, '2025-10-17', { type: 'draft-referral', partyId: 'p1', to: 'market-regulation', recipient: '上海市闵行区市场监督管理局' });
    flow.refused(alice, '2025-10-17', { type: 'approve', target: { referralId: 'r1' }, serial: 2 }, 'approver_is_author');
    flow.do(bob, '2025-10-17', { type: 'approve', target: { referralId: 'r1' }, serial: 2 });
    flow.refused(alice, '2025-10-20', { type: 'serve', target: { referralId: 'r1' }, method: 'announcement', servedOn: '2025-10-20', proofRefs: ['x'] }, 'referral_not_announced');
    const events = flow.do(alice, '2025-10-20', { type: 'serve', target: { referralId: 'r1' }, method: 'direct', servedOn: '2025-10-20', proofRefs: ['referral-receipt.pdf'] });
    expect(flow.state.referrals[0]?.service?.servedOn).toBe('2025-10-20');
    expect(events.every((e) => !e.public)).toBe(true);
  });

  it('refuses an objection after the 15 working days, takes one within them, and shows the review deadline beside the objection period', () => {
    flow.refused(alice, '2025-11-11', { type: 'record-objection', partyId: 'p1', submittedOn: '2025-11-10', receivedOn: '2025-11-11', summary: '处理过重' }, 'objection_period_over');
    flow.do(alice, '2025-11-06', { type: 'record-objection', partyId: 'p1', submittedOn: '2025-11-05', receivedOn: '2025-11-06', summary: '处理过重' });
    // Received 11-06: 11-07 (1), 11-10 … 11-14 (6), 11-17 … 11-21 (11), 11-24 … 11-27 (15).
    expect(flow.party().objection?.reviewDue).toMatchObject({ due: '2025-11-27', workingDays: 15 });
    const all = procedureDeadlines(flow.state, '2025-11-06').all.map((d) => `${d.kind}:${d.due}:${d.status}`);
    expect(all).toEqual(['statement:2025-10-14:ended', 'objection:2025-11-07:ended', 'review:2025-11-27:running', 'rectificationPlan:2025-10-24:met']);
  });

  it('will not close while the review is outstanding or rectification is not complete', () => {
    const error = flow.refused(alice, '2025-11-20', { type: 'close', summary: '已作出处理' }, 'case_not_finished');
    expect(error.message).toContain('复核决定尚未送达');
    expect(error.message).toContain('尚未完成整改');
  });

  it('reviews (second person approves), records the rectification, closes, and indexes the case file', () => {
    flow.do(alice, '2025-11-19', { type: 'draft-review', partyId: 'p1', outcome: 'upheld', reasons: '原处理决定认定事实清楚，依据正确。' });
    flow.do(bob, '2025-11-20', { type: 'approve', target: { partyId: 'p1', document: 'review' }, serial: 1 });
    flow.do(alice, '2025-11-20', { type: 'serve', target: { partyId: 'p1', document: 'review' }, method: 'direct', servedOn: '2025-11-20', proofRefs: ['review-receipt.pdf'] });
    expect(procedureDeadlines(flow.state, '2025-11-21').all.find((d) => d.kind === 'review')?.status).toBe('met');
    flow.do(alice, '2025-11-25', { type: 'record-rectification-completed', partyId: 'p1', on: '2025-11-25', verification: '广告已删除，整改到位', refs: ['rectification-report.pdf'] });
    expect(pendingItems(flow.state, '2025-11-26')).toEqual([]);
    flow.do(carol, '2025-11-26', { type: 'close', summary: '予以警告并责令整改，已整改到位' });
    const index = caseFileIndex(flow.state);
    expect(index.documents.map((d) => d.docNo)).toEqual(['闵人社告〔2025〕3号', '闵人社处〔2025〕7号', '闵人社复〔2025〕1号', '闵人社移〔2025〕2号']);
    expect(index.documents.every((d) => d.author !== d.approvedBy)).toBe(true);
    expect(index.reportEvidenceIds).toEqual(['ev-ad-1']);
    expect(index.fileRefs).toEqual(expect.arrayContaining(['staff/inquiry-1.pdf', 'plan.pdf', 'rectification-report.pdf', 'mail-receipt.pdf']));
    flow.refused(alice, '2025-11-27', { type: 'add-party', party: { kind: 'staff', name: '赵六' } }, 'case_closed');
  });

  it('every step left an event; the public ones are plain words', () => {
    expect(flow.events.filter((e) => e.public).map((e) => e.text)).toEqual([
      '已完成调查核实',
      '已告知当事人拟作出的处理决定，当事人可陈述、申辩',
      '已作出处理决定',
      '当事人对处理决定提出异议，正在复核',
      '已作出复核决定',
      '处理程序已结束，已立卷归档',
    ]);
    expect(flow.events.every((e) => e.type.startsWith('procedure.') && e.at && e.actor)).toBe(true);
  });
});

describe('a staff member (考评员): waiver, an early decision, a police referral, closing after the objection period', () => {
  const flow = new Flow('DDDD-EEEE-FFFF', false);

  it('refuses a clause of another subject and one not in force on the incident date', () => {
    flow.do(alice, '2025-10-27', { type: 'add-party', party: { kind: 'examiner', name: '钱某', institutionName: '上海某某职业技能培训有限公司' } });
    flow.refused(alice, '2025-10-27', investigation('p1', ['SH2025-22-9'], '2025-10-18'), 'rule_subject_mismatch');
    const error = flow.refused(alice, '2025-10-27', investigation('p1', ['SH2025-13-5'], '2025-06-20'), 'rule_not_in_force');
    expect(error.message).toContain('2025-07-03');
    expect(error.field).toBe('ruleIds.0');
  });

  it('notice served 11-03; the party waives on 11-04, so the decision may come before the period (to 11-10) ends', () => {
    flow.do(alice, '2025-10-27', investigation('p1', ['SH2025-13-5'], '2025-10-18'));
    flow.do(alice, '2025-10-28', { type: 'draft-notice', partyId: 'p1', intendedDecision: '通报批评，并吊销考评人员证卡。' });
    flow.do(bob, '2025-10-29', { type: 'approve', target: notice('p1'), serial: 11 });
    flow.do(alice, '2025-11-03', { type: 'serve', target: notice('p1'), method: 'direct', servedOn: '2025-11-03', proofRefs: ['receipt.pdf'] });
    expect(flow.party().notice?.statementPeriod?.due).toBe('2025-11-10');
    flow.refused(alice, '2025-11-04', { type: 'draft-decision', partyId: 'p1', outcome: 'sanction', decision: '通报批评。' }, 'statement_period_running');
    flow.do(alice, '2025-11-04', { type: 'record-waiver', partyId: 'p1', on: '2025-11-04', proofRef: 'waiver-signed.pdf' });
    expect(flow.current('2025-11-04')).toEqual([]);
    flow.do(alice, '2025-11-05', { type: 'draft-decision', partyId: 'p1', outcome: 'sanction', decision: '通报批评，并吊销考评人员证卡。' });
    expect(flow.party().decision?.draft).toMatchObject({ statement: { kind: 'waived', on: '2025-11-04' } });
    flow.do(bob, '2025-11-05', { type: 'approve', target: decision('p1'), serial: 12 });
    flow.do(alice, '2025-11-06', { type: 'serve', target: decision('p1'), method: 'direct', servedOn: '2025-11-06', proofRefs: ['receipt-2.pdf'] });
    expect(flow.party().decision?.objectionPeriod?.due).toBe('2025-11-27');
    expect(flow.party().rectification).toBeUndefined(); // 第三十二条 is for institutions warned under 第二十二条
  });

  it('refers the leak to 公安 but not to 市场监管 (no advertising)', () => {
    flow.refused(alice, '2025-11-06', { type: 'draft-referral', partyId: 'p1', to: 'market-regulation', recipient: '上海市闵行区市场监督管理局' }, 'not_advertising');
    flow.do(alice, '2025-11-06', { type: 'draft-referral', partyId: 'p1', to: 'police', recipient: '上海市公安局闵行分局' });
    flow.do(alice, '2025-11-06', { type: 'discard-draft', target: { referralId: 'r1' }, reason: '受移送机关写错' });
    flow.do(alice, '2025-11-06', { type: 'draft-referral', partyId: 'p1', to: 'police', recipient: '上海市公安局闵行分局' });
    expect(flow.state.referrals.map((r) => r.id)).toEqual(['r2']); // a discarded draft's id is not reused
    flow.do(bob, '2025-11-07', { type: 'approve', target: { referralId: 'r2' }, serial: 5 });
    flow.do(alice, '2025-11-07', { type: 'serve', target: { referralId: 'r2' }, method: 'direct', servedOn: '2025-11-07', proofRefs: ['police-receipt.pdf'] });
  });

  it('cannot close on the last day of the objection period, closes the day after', () => {
    expect(flow.current('2025-11-27')).toEqual(['p1:objection:2025-11-27:running']);
    flow.refused(alice, '2025-11-27', { type: 'close', summary: '通报批评并吊销证卡' }, 'case_not_finished');
    flow.do(alice, '2025-11-28', { type: 'close', summary: '通报批评并吊销证卡' });
    expect(flow.state.closed?.by).toEqual(alice);
  });
});

describe('a candidate', () => {
  it('left to the institution (第二十五条): the report-back is due 5 working days after it concluded, and its defects are recorded', () => {
    const flow = new Flow('GGGG-HHHH-JJJJ', false);
    flow.do(alice, '2025-10-27', { type: 'add-party', party: { kind: 'candidate', name: '孙某' } });
    const publicTexts = flow.do(alice, '2025-10-27', { type: 'leave-to-institution', partyId: 'p1', institutionName: '上海某某职业技能培训有限公司', reason: '考场违纪，由评价机构依第二十五条认定处理' });
    expect(publicTexts.filter((e) => e.public).map((e) => e.text)).toEqual(['由评价机构依规认定处理']);
    flow.refused(alice, '2025-10-27', { type: 'draft-notice', partyId: 'p1', intendedDecision: '取消成绩' }, 'handled_by_institution');
    expect(pendingItems(flow.state, '2025-10-28')[0]).toContain('认定处理结果报告');
    // Concluded 10-30: 10-31 (1), 11-03 … 11-06 (5); received 11-07 is a day late.
    flow.do(alice, '2025-11-07', { type: 'record-report-back', partyId: 'p1', concludedOn: '2025-10-30', receivedOn: '2025-11-07', summary: '取消当次全部科目成绩', refs: ['institution-report.pdf'], signatories: ['周某'] });
    expect(flow.party().reportBack).toMatchObject({ due: { due: '2025-11-06' }, late: true, defects: ['未见2名（含）以上工作人员签字（第二十五条第一款）', '未见现场负责人确认（第二十五条第一款）'] });
    expect(procedureDeadlines(flow.state, '2025-11-07').all.map((d) => d.status)).toEqual(['late']);
    flow.do(alice, '2025-11-07', { type: 'close', summary: '评价机构已取消其成绩' });
    expect(flow.state.closed).toBeDefined();
  });

  it('handled by the office: a decision not to proceed needs no notice, and the case closes once it is served', () => {
    const flow = new Flow('KKKK-MMMM-NNNN', false);
    flow.do(alice, '2025-10-27', { type: 'add-party', party: { kind: 'candidate', name: '吴某' } });
    flow.do(alice, '2025-10-27', investigation('p1', [], '2025-10-18'));
    flow.refused(alice, '2025-10-27', { type: 'draft-notice', partyId: 'p1', intendedDecision: '取消成绩' }, 'rules_missing');
    flow.do(alice, '2025-10-28', { type: 'draft-decision', partyId: 'p1', outcome: 'no-action', reasons: '现有证据不能证明当事人携带手机进入考场。' });
    flow.do(bob, '2025-10-28', { type: 'approve', target: decision('p1'), serial: 20 });
    flow.do(alice, '2025-10-29', { type: 'serve', target: decision('p1'), method: 'mail', servedOn: '2025-10-29', proofRefs: ['mail.pdf'], publishedSummary: '不予处理' });
    expect(flow.party().decision?.objectionPeriod).toBeUndefined();
    expect(flow.events.filter((e) => e.public).map((e) => e.text)).toContain('已作出处理决定并公布：不予处理');
    flow.refused(alice, '2025-10-30', { type: 'record-objection', partyId: 'p1', submittedOn: '2025-10-30', receivedOn: '2025-10-30', summary: '异议' }, 'decision_not_served');
    flow.do(alice, '2025-10-29', { type: 'close', summary: '不予处理' });
    expect(documentText(composeDocument(documentContent(flow.state, decision('p1'), '2025-10-29')))).toContain('本机关决定：对你不予处理。');
  });
});

describe('periods are counted with the calendar passed in', () => {
  const served = (calendar: WorkingCalendar, settings = defaultProcedureSettings) => {
    const flow = new Flow('PPPP-QQQQ-RRRR', true, { calendar, settings });
    flow.do(alice, '2025-09-26', { type: 'add-party', party: { kind: 'institution', name: '某机构' } });
    flow.do(alice, '2025-09-26', investigation('p1', ['SH2025-22-9']));
    flow.do(alice, '2025-09-29', { type: 'draft-notice', partyId: 'p1', intendedDecision: '予以警告。' });
    flow.do(bob, '2025-09-29', { type: 'approve', target: notice('p1'), serial: 1 });
    return flow;
  };

  it('a calendar in which every day is a working day gives 10-05 for the same service; a 3-day setting gives 10-03', () => {
    const everyDay: WorkingCalendar = {
      addWorkingDays: (start, n) => new Date(Date.parse(start) + n * 86_400_000).toISOString().slice(0, 10),
      workingDaysBetween: () => 0,
      isWorkingDay: () => true,
      years: [2025],
    };
    const flow = served(everyDay);
    flow.do(alice, '2025-09-30', { type: 'serve', target: notice('p1'), method: 'direct', servedOn: '2025-09-30', proofRefs: ['r.pdf'] });
    expect(flow.party().notice?.statementPeriod?.due).toBe('2025-10-05');
    const short = served(everyDay, { statementDays: 3 });
    short.do(alice, '2025-09-30', { type: 'serve', target: notice('p1'), method: 'direct', servedOn: '2025-09-30', proofRefs: ['r.pdf'] });
    expect(short.party().notice?.statementPeriod?.due).toBe('2025-10-03');
  });

  it('a calendar without the year refuses the step with its reason instead of guessing', () => {
    const noYear: WorkingCalendar = {
      ...packageCalendar,
      addWorkingDays: (start) => {
        throw new CalendarYearUnavailable(2025, start, []);
      },
    };
    const flow = served(noYear);
    const error = flow.refused(alice, '2025-09-30', { type: 'serve', target: notice('p1'), method: 'direct', servedOn: '2025-09-30', proofRefs: ['r.pdf'] }, 'calendar_unavailable');
    expect(error.status).toBe(503);
  });
});

describe('an office without a contact', () => {
  it('cannot draft a notice: it must say where the party states its case', () => {
    const flow = new Flow('SSSS-TTTT-VVVV', false);
    flow.do(alice, '2025-10-27', { type: 'add-party', party: { kind: 'institution', name: '某机构' } });
    flow.do(alice, '2025-10-27', investigation('p1', ['SH2025-22-9']));
    const ctx = { ...flow.ctx(alice, '2025-10-28'), office: officeProfile('district:minhang') };
    const command = procedureCommandSchema.parse({ type: 'draft-notice', partyId: 'p1', intendedDecision: '予以警告。' });
    expect(() => applyProcedureCommand(flow.state, command, ctx)).toThrow(/联系人、电话和地址/);
  });
});

describe('the command schema', () => {
  it('names the field and says what is wrong, in Chinese', () => {
    const result = procedureCommandSchema.safeParse({ type: 'serve', target: { partyId: 'p1', document: 'notice' }, method: 'fax', servedOn: '2025-10-01', proofRefs: [] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ['method'], message: expect.stringContaining('送达方式') });
  });
});
