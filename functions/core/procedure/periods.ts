import * as z from 'zod';
import { CalendarYearUnavailable, endOfShanghaiDay, type Deadline, type ShanghaiDate } from '../deadlines';
import { DomainError } from '../report';
import type { WorkingCalendar } from '../working-calendar';
import type { CaseProcedure, PartyProcedure, ProcedureSettings } from './types';

// The procedure's periods, each counted in working days with the calendar a command is given, from the day
// after the day of service or receipt (deadlines.ts's convention), and what stands open at a given day.

/**
 * 第二十八条第一款 gives the party the right to state its case and defend but fixes no period. The default,
 * 5 working days from service, is the period the 细则 itself gives a party to answer the office (第三十二条's
 * 整改方案, 第三十条's report-back) and the 5 days 行政处罚法第六十四条 gives to ask for a hearing; an
 * authority may set 1 to 15 (no longer than the objection period of 第二十九条).
 */
export const DEFAULT_STATEMENT_WORKING_DAYS = 5;

export const procedureSettingsSchema = z.object({
  statementDays: z
    .int({ error: '陈述申辩期限应为整数个工作日' })
    .min(1, { error: '陈述申辩期限至少 1 个工作日' })
    .max(15, { error: '陈述申辩期限最多 15 个工作日（不长于第二十九条的异议期）' })
    .default(DEFAULT_STATEMENT_WORKING_DAYS),
});
/** 第三十条第二句: an institution reports its own result within 5 working days of concluding. */
export const REPORT_BACK_WORKING_DAYS = 5;

export const defaultProcedureSettings: ProcedureSettings = Object.freeze(procedureSettingsSchema.parse({}));

/** `workingDays` working days after `from`, by the calendar; a year it lacks is refused with its reason. */
export function periodAfter(calendar: WorkingCalendar, from: ShanghaiDate, workingDays: number): Deadline {
  try {
    const due = calendar.addWorkingDays(from, workingDays);
    return { due, dueAt: endOfShanghaiDay(due), countedFrom: from, workingDays };
  } catch (error) {
    if (error instanceof CalendarYearUnavailable) {
      throw new DomainError(503, 'calendar_unavailable', `${error.message}；期限算不出来，这一步暂时不能记录，请管理员先录入该年的节假日安排`);
    }
    throw error;
  }
}

/** A served review that revoked the decision ends the rectification it asked for. */
export function rectificationRequired(p: PartyProcedure): boolean {
  return p.rectification !== undefined && !(p.review?.service && p.review.draft.outcome === 'revoked');
}

export const PERIOD_KINDS = ['statement', 'objection', 'review', 'rectificationPlan', 'reportBack'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

const PERIOD_LABELS: Record<PeriodKind, { label: string; article: string; owner: 'party' | 'office' | 'institution' }> = {
  statement: { label: '当事人陈述、申辩', article: '第二十八条第一款', owner: 'party' },
  objection: { label: '当事人对处理决定提出异议', article: '第二十九条', owner: 'party' },
  review: { label: '作出复核决定', article: '第二十九条', owner: 'office' },
  rectificationPlan: { label: '评价机构提交限期整改方案', article: '第三十二条', owner: 'institution' },
  reportBack: { label: '评价机构报告认定处理结果', article: '第三十条', owner: 'institution' },
};

/**
 * `running`: still open. A party's own period (statement, objection) then `ended`, by time or because the party
 * used or waived it. Someone's duty (review, rectification plan, report-back) is `met`, `late` or `overdue`.
 */
export type PeriodStatus = 'running' | 'ended' | 'met' | 'late' | 'overdue';

export interface ProcedureDeadline extends Deadline {
  partyId: string;
  kind: PeriodKind;
  label: string;
  article: string;
  owner: 'party' | 'office' | 'institution';
  status: PeriodStatus;
}

function duty(deadline: Deadline, doneOn: ShanghaiDate | undefined, today: ShanghaiDate): PeriodStatus {
  if (doneOn !== undefined) return doneOn > deadline.due ? 'late' : 'met';
  return today > deadline.due ? 'overdue' : 'running';
}

function partyPeriods(p: PartyProcedure, today: ShanghaiDate): { kind: PeriodKind; deadline: Deadline; status: PeriodStatus }[] {
  const out: { kind: PeriodKind; deadline: Deadline; status: PeriodStatus }[] = [];
  const statement = p.notice?.statementPeriod;
  if (statement) {
    const closedEarly = p.waiver !== undefined || p.decision?.approval !== undefined;
    out.push({ kind: 'statement', deadline: statement, status: !closedEarly && today <= statement.due ? 'running' : 'ended' });
  }
  const objection = p.decision?.objectionPeriod;
  if (objection) out.push({ kind: 'objection', deadline: objection, status: !p.objection && today <= objection.due ? 'running' : 'ended' });
  if (p.objection) out.push({ kind: 'review', deadline: p.objection.reviewDue, status: duty(p.objection.reviewDue, p.review?.approval?.date, today) });
  if (p.rectification && rectificationRequired(p)) out.push({ kind: 'rectificationPlan', deadline: p.rectification.planDue, status: duty(p.rectification.planDue, p.rectification.plan?.receivedOn, today) });
  if (p.reportBack) out.push({ kind: 'reportBack', deadline: p.reportBack.due, status: p.reportBack.late ? 'late' : 'met' });
  return out;
}

/** Every period of the case with where it stands on `today`; `current` is what is still running or overdue. */
export function procedureDeadlines(state: CaseProcedure, today: ShanghaiDate): { all: ProcedureDeadline[]; current: ProcedureDeadline[] } {
  const all = state.parties.flatMap((p) =>
    partyPeriods(p, today).map(({ kind, deadline, status }) => ({ ...deadline, partyId: p.id, kind, ...PERIOD_LABELS[kind], status })),
  );
  return { all, current: all.filter((d) => d.status === 'running' || d.status === 'overdue') };
}
