// The escalations 沪人社职〔2025〕176号 spells out: a repeat within a filing period, a failure to rectify, a
// threshold crossed, or graver effects of the same conduct lead to a heavier clause. The staff console can use
// these to suggest the next step once it knows a subject's history. Each `condition` is quoted from the 细则
// (checked by test/unit/rules.test.ts).
import { SH2025_ARTICLES } from './sh2025';
import type { ConsequenceTier } from './types';

export type EscalationKind =
  | 'repeat' // the same conduct again after an earlier handling
  | 'failure-to-rectify' // an order to correct or rectify not carried out
  | 'after-reminder' // conduct becomes a violation only once a reminder is ignored
  | 'threshold' // a counted quantity crosses the next bound
  | 'severity' // the same conduct with graver effects falls under the heavier clause
  | 'institution-liability' // a person's violation also makes the authority act against the institution
  | 'mitigation'; // self-reporting may lighten the handling

export interface Escalation {
  kind: EscalationKind;
  /** Rule ids whose earlier finding (or conduct) the condition speaks of; empty where it is the conduct itself. */
  from: string[];
  /** Rule ids it leads to; empty where the result is a handling, not a clause (see toTier). */
  to: string[];
  /** For institution-liability: what the authority does to the institution. */
  toTier?: ConsequenceTier;
  /** The earlier handling that must have happened, and how many times. */
  prior?: { handling: '谈话提醒' | '通报批评' | '约谈' | '警告' | '提醒' | '责令整改'; times: number };
  /** The period the count runs over. */
  window?: 'filing-period' | 'one-year';
  /** Quoted from the 细则. */
  condition: string;
  /** Where the condition stands. */
  at: string;
  /** false where the step follows from two graded clauses rather than a sentence that says so. */
  explicit: boolean;
}

const ids = (...articles: number[]): string[] =>
  SH2025_ARTICLES.filter((a) => articles.includes(a.article)).flatMap((a) =>
    a.clauses.flatMap((t, i) => (t === null ? [] : [`SH2025-${a.article}-${i + 1}`])),
  );

export const ESCALATIONS: readonly Escalation[] = [
  // Staff: 谈话提醒 ×2 → 通报批评; 通报批评 ×1 → 吊销证卡 / 取消资格, each within one filing period.
  { kind: 'repeat', from: ids(11), to: ['SH2025-12-1'], prior: { handling: '谈话提醒', times: 2 }, window: 'filing-period', condition: '一个备案周期内被谈话提醒2次后，再次发生第十一条所列行为的', at: '第十二条（一）', explicit: true },
  { kind: 'repeat', from: ids(11, 12), to: ['SH2025-13-1'], prior: { handling: '通报批评', times: 1 }, window: 'filing-period', condition: '一个备案周期内被通报批评1次后，再次发生第十一条或十二条所列行为的', at: '第十三条（一）', explicit: true },
  { kind: 'repeat', from: ids(14), to: ['SH2025-15-1'], prior: { handling: '谈话提醒', times: 2 }, window: 'filing-period', condition: '一个备案周期内被谈话提醒2次后，再次发生第十四条所列行为的', at: '第十五条（一）', explicit: true },
  { kind: 'repeat', from: ids(14, 15), to: ['SH2025-16-1'], prior: { handling: '通报批评', times: 1 }, window: 'filing-period', condition: '一个备案周期内被通报批评1次后，再次发生第十四条或第十五条所列行为的', at: '第十六条（一）', explicit: true },
  { kind: 'repeat', from: ids(18), to: ['SH2025-19-1'], prior: { handling: '谈话提醒', times: 2 }, window: 'filing-period', condition: '一个备案周期内被谈话提醒2次后，再次发生第十八条所列行为的', at: '第十九条（一）', explicit: true },
  { kind: 'repeat', from: ids(18, 19), to: ['SH2025-20-1'], prior: { handling: '通报批评', times: 1 }, window: 'filing-period', condition: '一个备案周期内被通报批评1次后，再次发生第十八条或十九条所列行为的', at: '第二十条（一）', explicit: true },

  // Institutions: 约谈 → 警告 (severity or repeat); 警告 → 终止备案 (no rectification, or repeat after it).
  { kind: 'severity', from: ids(21), to: ['SH2025-22-1'], condition: '发生第二十一条所列情况，情节严重的', at: '第二十二条（一）', explicit: true },
  { kind: 'repeat', from: ids(21), to: ['SH2025-22-1'], prior: { handling: '约谈', times: 1 }, window: 'filing-period', condition: '在一个备案周期内被约谈1次后，再次发生的', at: '第二十二条（一）', explicit: true },
  { kind: 'failure-to-rectify', from: ids(22), to: ['SH2025-23-1'], prior: { handling: '警告', times: 1 }, condition: '发生第二十二条所列情况已被警告，但拒不整改', at: '第二十三条（一）', explicit: true },
  { kind: 'repeat', from: ids(22), to: ['SH2025-23-1'], prior: { handling: '警告', times: 1 }, condition: '整改后再次发生的', at: '第二十三条（一）', explicit: true },
  // An order to correct (第二十一条 责令改正, or any finding) not completed on time.
  { kind: 'failure-to-rectify', from: ids(21), to: ['SH2025-22-7'], prior: { handling: '责令整改', times: 1 }, condition: '对监督检查中发现或其他渠道反映的违规问题未按期完成整改的', at: '第二十二条（七）', explicit: true },
  { kind: 'failure-to-rectify', from: [], to: ['SH2025-21-7'], prior: { handling: '责令整改', times: 1 }, condition: '联网监控系统异常，经整改后仍不符合要求的', at: '第二十一条（七）', explicit: true },
  { kind: 'threshold', from: ['SH2025-21-9'], to: ['SH2025-22-4'], window: 'one-year', condition: '1年内累计出现成绩汇总、录入错误超过5次，或累计申请成绩更正超过50人次', at: '第二十二条（四）', explicit: false },
  { kind: 'threshold', from: ['SH2025-22-5'], to: ['SH2025-23-10'], condition: '1年（含）以上不开展评价的', at: '第二十三条（十）', explicit: false },
  { kind: 'severity', from: ['SH2025-21-14'], to: ['SH2025-22-11'], condition: '其他违反技能人才评价有关规定，造成较大不良影响的行为', at: '第二十二条（十一）', explicit: false },
  { kind: 'severity', from: ['SH2025-22-11'], to: ['SH2025-23-12'], condition: '违反技能人才评价有关规定，造成严重不良社会影响的', at: '第二十三条（十二）', explicit: false },

  // Candidates: the conduct in 第六条（一）–（三） is a violation only once a reminder is ignored.
  { kind: 'after-reminder', from: [], to: ['SH2025-6-1', 'SH2025-6-2', 'SH2025-6-3'], prior: { handling: '提醒', times: 1 }, condition: '经提醒拒不改正的', at: '第六条（一）至（三）', explicit: true },

  // Graded catch-alls and errors of examiners, supervisors and other staff: 未造成 → 造成不良影响 → 严重社会影响.
  { kind: 'severity', from: ['SH2025-11-4'], to: ['SH2025-12-4'], condition: '结果出现较大错误的', at: '第十二条（四）', explicit: false },
  { kind: 'severity', from: ['SH2025-11-4', 'SH2025-12-4'], to: ['SH2025-13-3'], condition: '结果出现重大错误的', at: '第十三条（三）', explicit: false },
  { kind: 'severity', from: ['SH2025-11-5'], to: ['SH2025-12-5'], condition: '其他违反考评人员管理规定，造成不良影响的', at: '第十二条（五）', explicit: false },
  { kind: 'severity', from: ['SH2025-12-5'], to: ['SH2025-13-7'], condition: '妨碍技能评价工作正常进行，造成严重社会影响或引发社会舆论的', at: '第十三条（七）', explicit: false },
  { kind: 'severity', from: ['SH2025-14-5'], to: ['SH2025-15-6'], condition: '其他违反质量督导人员管理规定，造成不良影响的', at: '第十五条（六）', explicit: false },
  { kind: 'severity', from: ['SH2025-15-6'], to: ['SH2025-16-5'], condition: '妨碍技能评价工作正常进行，造成严重社会影响或引发社会舆论的', at: '第十六条（五）', explicit: false },
  { kind: 'severity', from: ['SH2025-18-3'], to: ['SH2025-19-3'], condition: '造成严重差错，影响评价活动客观公正的行为的', at: '第十九条（三）', explicit: false },
  { kind: 'severity', from: ['SH2025-18-4'], to: ['SH2025-19-5'], condition: '其他违反评价管理规定，造成不良影响的', at: '第十九条（五）', explicit: false },
  { kind: 'severity', from: ['SH2025-19-5'], to: ['SH2025-20-8'], condition: '妨碍技能评价工作正常进行，造成严重社会影响或引发社会舆论的', at: '第二十条（八）', explicit: false },

  // A person's violation that harms the assessment also lands on the institution (第二十五条第二款).
  { kind: 'institution-liability', from: ids(12, 19), to: [], toTier: 'interview-and-correct', condition: '对评价工作造成不良影响的，评价机构监管部门对评价机构进行约谈', at: '第十二条、第十九条', explicit: true },
  { kind: 'institution-liability', from: ids(15), to: [], toTier: 'interview-and-correct', condition: '内部质量督导员对评价工作造成不良影响的，评价机构监管部门对评价机构进行约谈', at: '第十五条', explicit: true },
  { kind: 'institution-liability', from: ids(13, 17, 20), to: [], toTier: 'warning-and-suspension', condition: '对评价工作造成不良影响的，评价机构监管部门对评价机构予以警告，限期整改', at: '第十三条、第十七条、第二十条', explicit: true },
  { kind: 'institution-liability', from: ids(16), to: [], toTier: 'warning-and-suspension', condition: '内部质量督导员对评价工作造成不良影响的，评价机构监管部门对评价机构予以警告，限期整改', at: '第十六条', explicit: true },
  // An institution that leaves its staff's or candidates' violations unhandled.
  { kind: 'institution-liability', from: ids(6, 7, 8, 9, 11, 12, 13, 17, 18, 19, 20), to: ['SH2025-21-13'], condition: '对本机构工作人员、参评人员违纪违规行为应处理不处理，或处理不规范不到位的', at: '第二十一条（十三）', explicit: true },

  { kind: 'mitigation', from: [...ids(21, 22, 23), 'SH2025-24'], to: [], condition: '评价机构经自查发现存在工作差错或违纪违规行为，主动向评价机构监管部门上报的，可予以从轻处理', at: '第三十一条', explicit: true },
];

/** Where a finding under `id` can lead next (the console's “next step” hint). */
export function escalationsFrom(id: string): Escalation[] {
  return ESCALATIONS.filter((e) => e.from.includes(id));
}

/** What can lead to a finding under `id`. */
export function escalationsTo(id: string): Escalation[] {
  return ESCALATIONS.filter((e) => e.to.includes(id));
}
