import { z } from 'zod';
import { SUBJECT_TYPES } from './ids';
import { STATUSES, type ReportRecord, type ReportStatus } from './report';
import { ruleById } from './rules';
import { normalizeShort } from './text';

// A staff queue: filters, sort, paging and counts per status over the reports an authority may see.

export const queueQuerySchema = z.object({
  status: z.enum(STATUSES, { error: '状态不存在' }).optional(),
  rule: z.string().max(20).optional(),
  tier: z.string().max(40).optional(),
  subjectType: z.enum(SUBJECT_TYPES, { error: '对象类型不存在' }).optional(),
  institution: z.string().max(100).optional(),
  from: z.iso.date({ error: '开始日期应为 年-月-日' }).optional(),
  to: z.iso.date({ error: '结束日期应为 年-月-日' }).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  q: z.string().max(100).optional(),
  sort: z.enum(['newest', 'oldest', 'due']).default('newest'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type QueueQuery = z.infer<typeof queueQuerySchema>;

/** The rule ids a report stands under: the staff's decision, else the engine's suggestions. */
export function ruleIdsOf(report: ReportRecord): string[] {
  if (report.decision) return report.decision.ruleIds;
  const suggestions = (report.triage?.suggestions ?? []) as { ruleId: string }[];
  return suggestions.map((s) => s.ruleId);
}

/** When the report's next limit falls due (YYYY-MM-DD), and whether it has passed. */
export interface DueState {
  due: string | null;
  overdue: boolean;
}

export interface QueueItem {
  trackingCode: string;
  receivedAt: string;
  status: ReportStatus;
  subjectType: ReportRecord['subjectType'];
  institutionName?: string;
  district?: string;
  authority: string;
  topRule?: string;
  ruleIds: string[];
  decided: boolean;
  assignee?: string;
  excerpt: string;
  due: DueState;
}

export function runQueue(reports: ReportRecord[], query: QueueQuery, dueOf: (r: ReportRecord) => DueState) {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<ReportStatus, number>;
  let overdueCount = 0;
  const rows = reports.map((report) => ({ report, due: dueOf(report), ruleIds: ruleIdsOf(report) }));
  for (const { report, due } of rows) {
    counts[report.status]++;
    if (due.overdue) overdueCount++;
  }
  // Traditional characters, full-width forms and stray spaces match as the triage engine reads them.
  const needle = query.institution?.trim() ? normalizeShort(query.institution) : undefined;
  const text = query.q?.trim() ? normalizeShort(query.q) : undefined;
  const matches = rows.filter(({ report, due, ruleIds }) => {
    if (query.status && report.status !== query.status) return false;
    if (query.rule && !ruleIds.includes(query.rule)) return false;
    if (query.tier && !ruleIds.some((id) => ruleById(id)?.consequence.tier === query.tier)) return false;
    if (query.subjectType && report.subjectType !== query.subjectType) return false;
    if (needle && !normalizeShort(report.institutionName ?? '').includes(needle)) return false;
    const day = report.receivedAt.slice(0, 10);
    if (query.from && day < query.from) return false;
    if (query.to && day > query.to) return false;
    if (query.overdue && due.overdue !== (query.overdue === 'true')) return false;
    if (text && !normalizeShort(`${report.trackingCode} ${report.description} ${report.institutionName ?? ''}`).includes(text)) return false;
    return true;
  });
  const byDue = (a: (typeof rows)[number]) => a.due.due ?? '9999-12-31';
  matches.sort((a, b) =>
    query.sort === 'oldest'
      ? a.report.receivedAt.localeCompare(b.report.receivedAt)
      : query.sort === 'due'
        ? byDue(a).localeCompare(byDue(b)) || a.report.receivedAt.localeCompare(b.report.receivedAt)
        : b.report.receivedAt.localeCompare(a.report.receivedAt),
  );
  const start = (query.page - 1) * query.pageSize;
  const items: QueueItem[] = matches.slice(start, start + query.pageSize).map(({ report, due, ruleIds }) => ({
    trackingCode: report.trackingCode,
    receivedAt: report.receivedAt,
    status: report.status,
    subjectType: report.subjectType,
    institutionName: report.institutionName,
    district: report.district,
    authority: report.route.authority,
    topRule: ruleIds[0],
    ruleIds,
    decided: Boolean(report.decision),
    assignee: report.assignee?.name,
    excerpt: report.description.slice(0, 80),
    due,
  }));
  return { total: matches.length, page: query.page, pageSize: query.pageSize, counts, overdue: overdueCount, items };
}
