import { authorityName } from '../ids';
import { DomainError, type ReportChange, type ReportState } from '../report';
import { staffEvent as event, type StaffUser } from '../staff';

// Reports handled as one case. A report merged into another (the case's primary) keeps everything it had and
// records the merge in its own trail, as the primary does in its; it moves to the primary's office (the
// municipal centre may merge across districts), leaves the due index (the primary's limits govern), and is
// closed with the primary, with the same outcome for its reporter. A merge can be undone, recorded on both.
// The two reports are changed one after the other, each with its own conditional write; each step can be
// repeated (it does nothing when already done), so a merge cut off between the two is finished by asking again.

/** Reports that can be merged into one primary. */
export const MAX_MERGED = 50;

const refuse = (message: string, field?: string) => new DomainError(409, 'cannot_merge', message, field);

/** Why `member` cannot be merged into `primary` now, or nothing. */
export function mergeRefusal(member: ReportState, primary: ReportState): DomainError | undefined {
  if (member.trackingCode === primary.trackingCode) return refuse('不能把举报并入它自己', 'into');
  if (member.status === 'closed' || primary.status === 'closed') return refuse('已办结的举报不能合并', 'into');
  if (primary.caseOf) return refuse(`举报 ${primary.trackingCode} 已并入 ${primary.caseOf}，请并入 ${primary.caseOf}`, 'into');
  if (member.caseOf && member.caseOf !== primary.trackingCode) return refuse(`这份举报已并入 ${member.caseOf}，请先撤销那次合并`, 'into');
  if (member.mergedReports?.length) return refuse(`已有 ${member.mergedReports.length} 件举报并入这份举报：请把 ${primary.trackingCode} 并入这份，而不是反过来`, 'into');
  if ((primary.mergedReports ?? []).length >= MAX_MERGED && !primary.mergedReports!.includes(member.trackingCode)) return refuse(`一件案子最多合并 ${MAX_MERGED} 份举报`, 'into');
  return undefined;
}

/** The member's side of a merge: it joins the primary's case (and office). Nothing when it already has. */
export function joinCase(member: ReportState, primary: ReportState, user: StaffUser, reason: string, at: string): ReportChange | undefined {
  const refused = mergeRefusal(member, primary);
  if (refused) throw refused;
  if (member.caseOf === primary.trackingCode) return undefined;
  const moves = member.route.authority !== primary.route.authority;
  return {
    set: {
      caseOf: primary.trackingCode,
      ...(moves ? { route: { authority: primary.route.authority, reason: `并入 ${primary.trackingCode} 一并办理：${reason}` }, assignee: null } : {}),
    },
    events: [
      event(user, at, 'merged-into', `并入举报 ${primary.trackingCode}，作为同一事项一并办理${moves ? `（由${authorityName(member.route.authority)}改由${authorityName(primary.route.authority)}办理）` : ''}`, false, {
        into: primary.trackingCode,
        reason,
        from: member.route.authority,
        to: primary.route.authority,
      }),
      event(user, at, 'merged-public', '与反映同一事项的其他举报合并办理', true, {}),
    ],
  };
}

/** The primary's side: the member is listed in its case. Nothing when it already is. */
export function admitToCase(primary: ReportState, member: ReportState, user: StaffUser, reason: string, at: string): ReportChange | undefined {
  if (primary.mergedReports?.includes(member.trackingCode)) return undefined;
  const refused = mergeRefusal(member, primary);
  if (refused && member.caseOf !== primary.trackingCode) throw refused;
  if (primary.caseOf) throw refuse(`举报 ${primary.trackingCode} 已并入 ${primary.caseOf}`, 'into');
  return {
    set: { mergedReports: [...(primary.mergedReports ?? []), member.trackingCode] },
    events: [event(user, at, 'merged', `举报 ${member.trackingCode} 并入本件一并办理`, false, { member: member.trackingCode, reason, from: member.route.authority })],
  };
}

/** Undoing a merge, on the member: it stays with the office it was moved to. */
export function leaveCase(member: ReportState, user: StaffUser, reason: string, at: string): ReportChange | undefined {
  if (!member.caseOf) return undefined;
  if (member.status === 'closed') throw refuse('已办结的举报不能撤销合并');
  return {
    set: { caseOf: undefined },
    events: [event(user, at, 'unmerged', `撤销合并：不再与举报 ${member.caseOf} 一并办理`, false, { from: member.caseOf, reason })],
  };
}

/** Undoing a merge, on the primary. */
export function releaseFromCase(primary: ReportState, memberCode: string, user: StaffUser, reason: string, at: string): ReportChange | undefined {
  if (!primary.mergedReports?.includes(memberCode)) return undefined;
  return {
    set: { mergedReports: primary.mergedReports.filter((c) => c !== memberCode) },
    events: [event(user, at, 'unmerged', `撤销合并：举报 ${memberCode} 不再并入本件`, false, { member: memberCode, reason })],
  };
}

/** A member closed with its primary: the same outcome for its reporter, whatever step it had reached. */
export function closeWithCase(member: ReportState, primary: Pick<ReportState, 'trackingCode' | 'outcome'>, user: StaffUser, at: string): ReportChange | undefined {
  if (member.caseOf !== primary.trackingCode || member.status === 'closed' || !primary.outcome) return undefined;
  return {
    set: { status: 'closed', outcome: primary.outcome },
    events: [event(user, at, 'closed', `随合并办理的举报一并办结：${primary.outcome}`, true, { from: member.status, case: primary.trackingCode })],
  };
}
