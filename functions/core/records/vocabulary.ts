import type { RegistryStatus } from '../registry';

// The words of the records — what can be decided about whom, what each decision does to the registry, how long a
// person's record is kept — without anything a browser cannot load: the console imports them too.

export const PERSON_ROLES = ['examiner', 'supervisor', 'expert', 'staff', 'candidate'] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];

/** What can be decided about an institution (第二十一至二十四条, 第三十二条) … */
export const INSTITUTION_DECISIONS = ['约谈', '警告', '暂停评价', '整改完成', '终止备案', '重新备案', '撤销证书'] as const;
/** … and about a person (第六至二十条); 撤销证书 is both (第十条 a candidate's, 第二十四条 an institution's). */
export const PERSON_DECISIONS = ['谈话提醒', '通报批评', '吊销证卡', '取消评价工作资格', '取消成绩', '禁考', '撤销证书'] as const;
export const DECISIONS = [...new Set([...INSTITUTION_DECISIONS, ...PERSON_DECISIONS])] as [string, ...string[]];
export type DecisionName = (typeof INSTITUTION_DECISIONS)[number] | (typeof PERSON_DECISIONS)[number];

export const DECISION_LABELS: Record<DecisionName, string> = {
  约谈: '约谈负责人，责令改正（第二十一条）',
  警告: '警告，限期整改，整改期间暂停评价活动（第二十二条）',
  暂停评价: '暂停评价活动',
  整改完成: '整改完成，恢复评价活动（第三十二条）',
  终止备案: '终止备案，向社会公布（第二十三条）',
  重新备案: '重新备案（终止备案后重新取得备案）',
  撤销证书: '撤销证书，向社会公布违规证书信息（第十条、第二十四条）',
  谈话提醒: '谈话提醒，责令改正',
  通报批评: '通报批评',
  吊销证卡: '吊销证卡',
  取消评价工作资格: '取消在本单位的评价工作资格',
  取消成绩: '取消评价成绩',
  禁考: '取消成绩并在一定期限内不得参加技能评价（第七至九条）',
};

/** Decisions that change nothing in the registry but lift an earlier decision's status: they rest on no clause. */
export const LIFTS: readonly DecisionName[] = ['整改完成', '重新备案'];
export const CANDIDATE_ONLY: readonly DecisionName[] = ['取消成绩', '禁考'];
export const STAFF_ONLY: readonly DecisionName[] = ['谈话提醒', '通报批评', '吊销证卡', '取消评价工作资格'];

/** The registry status a decision puts in force: 整改期间暂停评价活动 (第二十二条), 终止备案 (第二十三条), and the lifts. */
export const STATUS_AFTER: Partial<Record<DecisionName, RegistryStatus>> = {
  警告: 'suspended',
  暂停评价: 'suspended',
  终止备案: 'terminated',
  整改完成: 'active',
  重新备案: 'active',
};

/**
 * How long a person's record is kept: five years from the decision. The longest consequence the 细则 carries
 * forward from a decision about a person is the five-year 禁考 of 第九条, and the repeat tiers (第十二、十三、十五、
 * 十六、十九、二十条（一）) count decisions within one 备案周期 (three years unless the registry says otherwise). After
 * five years a record can count towards nothing, and 个人信息保护法第十九条 asks that personal information be kept
 * no longer than its purpose needs. Institutions' records are not personal information and are kept as 档案.
 */
export const PERSON_RECORD_RETENTION_YEARS = 5;

export type BanKind = 'this-year' | '2-years' | '5-years';
export const BAN_NAMES: Record<BanKind, string> = { 'this-year': '当年不得参加技能评价', '2-years': '2年内不得参加技能评价', '5-years': '5年内不得参加技能评价' };
