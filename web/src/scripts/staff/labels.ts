// Chinese names for the ids the staff API answers with. Shared by the pages' frontmatter and their scripts,
// so it imports only small, pure modules.
import { DISTRICTS, REFERRAL_NAMES, SUBJECT_TYPE_NAMES, authorityName } from '../../../../functions/core/ids';
import { FEEDBACK_NAMES, STATUSES, STATUS_NAMES } from '../../../../functions/core/report';

export { FEEDBACK_NAMES };

export { REFERRAL_NAMES, STATUSES, STATUS_NAMES, SUBJECT_TYPE_NAMES, authorityName };

/** Short names for consequence tiers (the console's filter and the suggestion cards). */
export const TIER_NAMES: Record<string, string> = {
  'cancel-subject': '取消当次该科目成绩',
  'cancel-all-this-year': '取消全部成绩，当年不得参评',
  'ban-2-years': '取消全部成绩，2 年内不得参评',
  'ban-5-years': '取消全部成绩，5 年内不得参评',
  'talk-and-correct': '谈话提醒，责令改正',
  'public-criticism': '通报批评',
  'revoke-qualification': '通报批评，取消资格或吊销证卡',
  'interview-and-correct': '约谈负责人，责令改正',
  'warning-and-suspension': '警告，限期整改，暂停评价',
  termination: '终止备案',
  'certificate-data': '取消证书数据读取权限',
  general: '一般情形（闵行指引）',
  serious: '严重情形（闵行指引）',
  'especially-serious': '特别严重情形（闵行指引）',
};

/** Where a report may be transferred: the municipal centre, then the districts in the official order. */
export const AUTHORITIES: readonly { id: string; name: string }[] = [
  { id: 'municipal', name: authorityName('municipal') },
  ...DISTRICTS.map(([id, name]) => ({ id: `district:${id}`, name: `${name}人社局` })),
];

// Same words as the public form's (schemas/report.ts, not imported here because it pulls in zod).
export const CHANNEL_NAMES: Record<string, string> = {
  exam: '考场',
  advertising: '广告或网络宣传',
  certificate: '证书',
  other: '其他',
};

export const DISTRICT_NAMES: Record<string, string> = Object.fromEntries(DISTRICTS);

// As in core/registry.ts (not imported: it pulls in the CSV parser).
export const REGISTRY_STATUS_NAMES: Record<string, string> = { active: '正常', suspended: '评价活动暂停', terminated: '终止备案' };

export const EVENT_NAMES: Record<string, string> = {
  received: '收到举报',
  retriaged: '重新比对',
  'evidence-requested': '开始上传证据',
  'evidence-accepted': '证据通过检查',
  'evidence-rejected': '证据未通过检查',
  'reporter-message': '举报人留言',
  'rules-decided': '认定条款',
  status: '状态变更',
  assigned: '指派',
  note: '内部备注',
  'staff-message': '留言',
  transferred: '转办',
  referral: '移送',
  extended: '延期',
  closed: '办结',
  'ticket-returned': '退单',
  feedback: '回访',
  'procedure.started': '启动程序',
  'procedure.party-added': '列为当事人',
  'procedure.investigation-recorded': '调查核实',
  'procedure.notice-drafted': '起草告知书',
  'procedure.decision-drafted': '起草决定书',
  'procedure.review-drafted': '起草复核决定书',
  'procedure.referral-drafted': '起草移送函',
  'procedure.draft-edited': '修改草稿',
  'procedure.draft-discarded': '废弃草稿',
  'procedure.document-approved': '审核签发',
  'procedure.notice-served': '送达告知书',
  'procedure.decision-served': '送达处理决定书',
  'procedure.review-served': '送达复核决定书',
  'procedure.referral-served': '发出移送函',
  'procedure.statement-recorded': '陈述申辩',
  'procedure.statement-waived': '放弃陈述申辩',
  'procedure.statement-considered': '复核陈述申辩',
  'procedure.statement-period-lapsed': '陈述申辩期满',
  'procedure.objection-recorded': '异议',
  'procedure.rectification-plan': '整改方案',
  'procedure.rectification-completed': '整改完成',
  'procedure.left-to-institution': '交由机构处理',
  'procedure.report-back': '机构报告',
  'procedure.closed': '结案',
  'procedure.case-file': '处理档案',
  // What the reporter's look-up shows of the procedure.
  'procedure.investigation-public': '公开进展',
  'procedure.notice-served-public': '公开进展',
  'procedure.decision-served-public': '公开进展',
  'procedure.review-served-public': '公开进展',
  'procedure.objection-public': '公开进展',
  'procedure.left-to-institution-public': '公开进展',
  'procedure.report-back-public': '公开进展',
  'procedure.closed-public': '公开进展',
  'merged-into': '并入其他举报',
  'merged-public': '合并办理',
  merged: '合并举报',
  unmerged: '撤销合并',
};
