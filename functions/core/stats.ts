import { stringify } from 'csv-stringify/sync';
import { DISTRICT_NAMES, SUBJECT_TYPE_NAMES, authorityName, type District } from './ids';
import { CHANNEL_NAMES } from './schemas/report';
import { ruleIdsOf } from './queue';
import { STATUS_NAMES, type ReportRecord } from './report';

// Figures for the console's statistics page and the CSV export: counts, never personal data.

const countBy = <T>(items: T[], key: (item: T) => string | undefined) => {
  const counts: Record<string, number> = {};
  for (const item of items) {
    const k = key(item);
    if (k) counts[k] = (counts[k] ?? 0) + 1;
  }
  return Object.entries(counts).sort((a, b) => b[1] - a[1]).map(([name, count]) => ({ name, count }));
};

export function statistics(reports: ReportRecord[], isOverdue: (r: ReportRecord) => boolean) {
  return {
    total: reports.length,
    overdue: reports.filter(isOverdue).length,
    anonymousShare: reports.length ? reports.filter((r) => r.anonymous).length / reports.length : 0,
    byStatus: countBy(reports, (r) => STATUS_NAMES[r.status]),
    byMonth: countBy(reports, (r) => r.receivedAt.slice(0, 7)).sort((a, b) => a.name.localeCompare(b.name)),
    byRule: countBy(reports, (r) => ruleIdsOf(r)[0]).slice(0, 20),
    byDistrict: countBy(reports, (r) => (r.district ? DISTRICT_NAMES[r.district as District] : '未填写')),
    byAuthority: countBy(reports, (r) => authorityName(r.route.authority)),
    byChannel: countBy(reports, (r) => CHANNEL_NAMES[r.channel]),
  };
}

export const EXPORT_COLUMNS = ['查询码', '收到时间', '状态', '办理单位', '被举报对象', '机构名称', '所在区', '主要条款', '是否已认定', '承办人', '下一期限', '是否超期', '事情经过'];

/** One row per report for the CSV export: no contact details, no secrets. */
export function exportRow(report: ReportRecord, due: { due: string | null; overdue: boolean }): string[] {
  const rules = ruleIdsOf(report);
  return [
    report.trackingCode,
    report.receivedAt,
    STATUS_NAMES[report.status],
    authorityName(report.route.authority),
    SUBJECT_TYPE_NAMES[report.subjectType],
    report.institutionName ?? '',
    report.district ? DISTRICT_NAMES[report.district as District] : '',
    rules.join(' '),
    report.decision ? '是' : '否',
    report.assignee?.name ?? '',
    due.due ?? '',
    due.overdue ? '是' : '否',
    report.description,
  ];
}

/**
 * The export as CSV: UTF-8 with a BOM so that Excel reads the Chinese. Every cell is text someone typed, so a cell
 * starting with = + - @ or a tab/return is prefixed with ' and can never run as a spreadsheet formula.
 */
export function exportCsv(rows: string[][]): string {
  return `\ufeff${stringify([EXPORT_COLUMNS, ...rows], { escape_formulas: true })}`;
}
