import * as z from 'zod';
import { authorityName, isAuthorityId, type AuthorityId, type AuthorityNames } from './ids';
import { DomainError, STATUS_NAMES, STATUSES, type ReportChange, type ReportEvent, type ReportState, type ReportStatus } from './report';
import { ruleById } from './rules';

// Staff case handling: who may see a report, which status may follow which, and every action as one change
// (state + the event that says who, when, what and why).

export interface StaffUser {
  id: string;
  name: string;
  /** The authority whose queue this user works; null for an admin without one. */
  authority: AuthorityId | null;
  admin: boolean;
  /** May export reporters' contact details (the `contact-access` group, exports.ts). */
  contactAccess?: boolean;
}

/** A group claim as an authority id; Cognito group names may use `-` where ids use `:`. */
export function authorityFromGroups(groups: readonly string[]): AuthorityId | null {
  for (const group of groups) {
    const id = group.replace(/^(district|industry)[-_]/, '$1:');
    if (isAuthorityId(id)) return id;
  }
  return null;
}

/** Municipal staff see every report; everyone else only the reports routed to their own authority. */
export function canSee(user: StaffUser, authority: string): boolean {
  return user.authority === 'municipal' || (user.authority !== null && authority === user.authority);
}

/** 新收 → 核查中 → 已认定 / 不予认定 / 已转办 → 办结, and no other jumps. */
export const TRANSITIONS: Record<ReportStatus, readonly ReportStatus[]> = {
  new: ['investigating'],
  investigating: ['confirmed', 'not-confirmed', 'transferred'],
  confirmed: ['closed'],
  'not-confirmed': ['closed'],
  transferred: ['closed'],
  closed: [],
};

const reason = (label: string) =>
  z.string({ error: `请填写${label}` }).trim().min(2, { error: `请填写${label}（至少 2 个字）` }).max(2000, { error: `${label}最多 2000 个字` });

export const staffActionSchema = z.discriminatedUnion(
  'type',
  [
    z.object({
      type: z.literal('decide-rules'),
      ruleIds: z
        .array(z.string(), { error: '请选择认定的违规条款' })
        .min(1, { error: '请至少选择一条违规条款' })
        .max(10)
        .refine((ids) => ids.every((id) => ruleById(id)), { error: '有条款编号不存在，请从条款列表中选择' }),
      reason: reason('认定理由').optional(),
    }),
    z.object({
      type: z.literal('status'),
      status: z.enum(STATUSES, { error: '请选择新的状态' }),
      reason: reason('变更理由'),
    }),
    z.object({ type: z.literal('assign'), assignee: z.object({ id: z.string().min(1), name: z.string().min(1).max(100) }, { error: '请选择承办人' }) }),
    z.object({ type: z.literal('note'), text: reason('内部备注') }),
    z.object({ type: z.literal('message'), text: reason('给举报人的留言') }),
    z.object({
      type: z.literal('transfer'),
      authority: z.string({ error: '请选择转办单位' }).refine(isAuthorityId, { error: '转办单位不存在，请从列表中选择' }),
      reason: reason('转办理由'),
    }),
    z.object({ type: z.literal('extend'), reason: reason('延期理由') }),
    z.object({ type: z.literal('close'), outcome: reason('处理结果（举报人可见）') }),
    z.object({ type: z.literal('return-ticket'), reason: reason('退单理由') }),
  ],
  { error: '不支持的操作' },
);
export type StaffAction = z.infer<typeof staffActionSchema>;

export const staffActionRequestSchema = z.object({
  version: z.number({ error: '缺少版本号，请刷新页面后重试' }).int().positive(),
  action: staffActionSchema,
});

/** An event a staff member's action records: who, when, what, for whom to read. */
export function staffEvent(user: StaffUser, at: string, type: string, text: string, isPublic: boolean, data?: Record<string, unknown>): ReportEvent {
  return { at, type, actor: user.id, public: isPublic, text, data: { by: user.name, ...data } };
}

/** The change one action makes, or a DomainError saying why it cannot be done now. */
export function applyStaffAction(report: ReportState, action: StaffAction, user: StaffUser, at: string, names?: AuthorityNames): ReportChange {
  const event = (type: string, text: string, isPublic: boolean, data?: Record<string, unknown>) => staffEvent(user, at, type, text, isPublic, data);
  const open = report.status !== 'closed';
  if (!open) throw new DomainError(409, 'report_closed', '这份举报已经办结，不能再操作');
  // Once the procedure has started, the status follows its steps and the case stays with the office that began it.
  // After the procedure is archived, a review the reporter's 回访 reopened is concluded with the ordinary actions.
  const procedureOpen = report.procedure !== undefined && report.procedure.closed === undefined;
  if ((procedureOpen && (action.type === 'status' || action.type === 'close')) || (report.procedure && action.type === 'transfer')) {
    throw new DomainError(409, 'procedure_started', '本案已启动认定处理程序：状态随程序推进，认定、结案请在“认定处理程序”中办理；已启动程序的案件不能转办');
  }

  switch (action.type) {
    case 'decide-rules':
      return {
        set: { decision: { ruleIds: action.ruleIds, by: user.name, at, ...(action.reason ? { reason: action.reason } : {}) } },
        events: [event('rules-decided', `认定违规条款：${action.ruleIds.join('、')}`, false, { ruleIds: action.ruleIds, reason: action.reason })],
      };
    case 'status': {
      if (action.status === 'closed') throw new DomainError(400, 'use_close', '办结请使用“办结”操作，并填写举报人可见的处理结果', 'status');
      if (!TRANSITIONS[report.status].includes(action.status)) {
        const allowed = TRANSITIONS[report.status].map((s) => STATUS_NAMES[s]).join('、') || '无';
        throw new DomainError(409, 'invalid_transition', `不能从“${STATUS_NAMES[report.status]}”直接改为“${STATUS_NAMES[action.status]}”；可改为：${allowed}`, 'status');
      }
      if (action.status === 'confirmed' && !report.decision) {
        throw new DomainError(409, 'decision_missing', '认定前请先确认违规条款', 'status');
      }
      return {
        set: { status: action.status },
        events: [
          event('status', `状态变更为“${STATUS_NAMES[action.status]}”`, true, { from: report.status, to: action.status, reason: action.reason }),
        ],
      };
    }
    case 'assign':
      return { set: { assignee: action.assignee }, events: [event('assigned', `指派给 ${action.assignee.name}`, false, { assignee: action.assignee })] };
    case 'note':
      return { events: [event('note', action.text, false)] };
    case 'message':
      return {
        messages: [{ at, from: 'staff', text: action.text, author: user.id }],
        events: [event('staff-message', '工作人员给举报人留言', true)],
      };
    case 'transfer': {
      if (!['new', 'investigating'].includes(report.status)) {
        throw new DomainError(409, 'invalid_transition', '只有“新收”或“核查中”的举报可以转办', 'authority');
      }
      if (action.authority === report.route.authority) throw new DomainError(400, 'same_authority', '不能转办给本单位', 'authority');
      const to = action.authority as AuthorityId;
      return {
        set: { route: { authority: to, reason: `由${authorityName(report.route.authority, names)}转办：${action.reason}` }, status: 'new', assignee: null },
        events: [event('transferred', `转交${authorityName(to, names)}办理`, true, { from: report.route.authority, to, reason: action.reason })],
      };
    }
    case 'extend':
      if (report.extension) throw new DomainError(409, 'already_extended', `办结期限已于 ${report.extension.at.slice(0, 10)} 延长过一次，不能再延长`);
      return { set: { extension: { reason: action.reason, by: user.name, at } }, events: [event('extended', '办理期限延长', true, { reason: action.reason })] };
    case 'return-ticket': {
      // 退单: a ticket a hotline desk dispatched to the wrong office goes back to the desk for another dispatch.
      if (!report.source) throw new DomainError(409, 'not_a_ticket', '只有热线派来的工单可以退单；转给其他单位请用“转办”');
      if (!['new', 'investigating'].includes(report.status)) throw new DomainError(409, 'invalid_transition', '只有“新收”或“核查中”的工单可以退单', 'reason');
      return {
        set: { status: 'closed', outcome: `已退回${report.source.deskName}重新派单：${action.reason}`, deskReturn: { reason: action.reason, by: user.name, at } },
        events: [event('ticket-returned', `退回${report.source.deskName}重新派单`, true, { reason: action.reason, ticket: report.source.ticket })],
      };
    }
    case 'close':
      if (!TRANSITIONS[report.status].includes('closed')) {
        throw new DomainError(409, 'invalid_transition', `“${STATUS_NAMES[report.status]}”的举报还不能办结：请先作出认定或转办`, 'outcome');
      }
      return {
        set: { status: 'closed', outcome: action.outcome },
        events: [event('closed', `办结：${action.outcome}`, true, { from: report.status })],
      };
  }
}
