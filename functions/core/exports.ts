import { stringify } from 'csv-stringify/sync';
import * as z from 'zod';
import { DISTRICT_NAMES, SUBJECT_TYPE_NAMES, authorityName, type AuthorityNames, type District } from './ids';
import { isOverdue, queuePage, queueQuerySchema, ruleIdsOf, type QueueQuery, type RowSource } from './queue';
import { STATUS_NAMES, type ReportState } from './report';
import type { Dashboard } from './stats';

// Exports as jobs: a request is stored, then the job walks the queue's index page by page (never a whole queue in
// memory), reads each page's reports, and streams rows into a CSV and an XLSX file in the evidence bucket's export
// prefix; staff download them through short-lived links. Every time is Shanghai time; nothing typed can run as a
// spreadsheet formula; no secrets, and no contact details unless the requester's role allows them (marked).

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The queue's filters (no paging): what the export contains. */
export const exportRequestSchema = queueQuerySchema.omit({ cursor: true, pageSize: true });
export type ExportRequest = z.infer<typeof exportRequestSchema>;
/** What the console sends: the filters, and whether to include the reporters' contact details (a role allows it). */
export const exportBodySchema = exportRequestSchema.extend({ contacts: z.boolean({ error: '是否导出联系方式应为 true 或 false' }).optional() });

/**
 * The group (a claim of the staff member's token, like the authority groups) that lets its members export the
 * contact details of reporters who gave their name. Without it an export has none; with it, and only when asked
 * for, the contact columns are added, marked 个人信息 in their headers, highlighted, and the file is named so.
 */
export const CONTACT_ACCESS_GROUP = 'contact-access';

export interface ExportJob {
  id: string;
  authority: string;
  requestedBy: string;
  requestedAt: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  filters: ExportRequest;
  /** The reporters' contact details are included (the requester's role allows it, and they asked). */
  contacts?: boolean;
  rows?: number;
  finishedAt?: string;
  /** Object keys of the files written. */
  files?: Partial<Record<ExportFormat, string>>;
  error?: string;
}

const shanghaiTime = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
/** 2026-12-01T20:30:00Z → 2026-12-02 04:30 (Shanghai). */
export const inShanghai = (iso: string) => shanghaiTime.format(new Date(iso));

/** A typed export row: the CSV writes each cell as text, the XLSX keeps dates, numbers and yes/no typed. */
export interface ExportRow {
  trackingCode: string;
  receivedAt: Date;
  status: string;
  authority: string;
  subject: string;
  institution: string;
  district: string;
  rules: string;
  decided: boolean;
  assignee: string;
  due: string;
  overdue: boolean;
  evidence: number;
  description: string;
  contactName?: string;
  contactPhone?: string;
  contactEmail?: string;
}

export type ColumnType = 'text' | 'datetime' | 'date' | 'number' | 'yesno';
export interface ExportColumn {
  key: keyof ExportRow;
  header: string;
  type: ColumnType;
  width: number;
  /** A reporter's personal data: marked in the header and highlighted. */
  personal?: boolean;
}

/** Every export's columns, in order; the contact columns follow only in an export with contacts. */
export const CASE_COLUMNS: readonly ExportColumn[] = [
  { key: 'trackingCode', header: '查询码', type: 'text', width: 16 },
  { key: 'receivedAt', header: '收到时间（上海）', type: 'datetime', width: 18 },
  { key: 'status', header: '状态', type: 'text', width: 10 },
  { key: 'authority', header: '办理单位', type: 'text', width: 28 },
  { key: 'subject', header: '被举报对象', type: 'text', width: 14 },
  { key: 'institution', header: '机构名称', type: 'text', width: 30 },
  { key: 'district', header: '所在区', type: 'text', width: 10 },
  { key: 'rules', header: '主要条款', type: 'text', width: 22 },
  { key: 'decided', header: '是否已认定', type: 'yesno', width: 10 },
  { key: 'assignee', header: '承办人', type: 'text', width: 12 },
  { key: 'due', header: '下一期限', type: 'date', width: 12 },
  { key: 'overdue', header: '是否超期', type: 'yesno', width: 10 },
  { key: 'evidence', header: '证据文件数', type: 'number', width: 10 },
  { key: 'description', header: '事情经过', type: 'text', width: 60 },
];
export const PERSONAL_MARK = '（个人信息）';
export const CONTACT_COLUMNS: readonly ExportColumn[] = [
  { key: 'contactName', header: `举报人姓名${PERSONAL_MARK}`, type: 'text', width: 14, personal: true },
  { key: 'contactPhone', header: `举报人电话${PERSONAL_MARK}`, type: 'text', width: 16, personal: true },
  { key: 'contactEmail', header: `举报人邮箱${PERSONAL_MARK}`, type: 'text', width: 24, personal: true },
];
export const exportColumns = (contacts: boolean): readonly ExportColumn[] => (contacts ? [...CASE_COLUMNS, ...CONTACT_COLUMNS] : CASE_COLUMNS);
/** The headers of an export without contacts. */
export const EXPORT_COLUMNS = CASE_COLUMNS.map((c) => c.header);

/** The row of a report; contact details only when asked for (and never of an anonymous report). */
export function exportRow(state: ReportState, today: string, options: { names?: AuthorityNames; contacts?: boolean } = {}): ExportRow {
  const contact = options.contacts && !state.anonymous ? state.contact : undefined;
  return {
    trackingCode: state.trackingCode,
    receivedAt: new Date(state.receivedAt),
    status: STATUS_NAMES[state.status],
    authority: authorityName(state.route.authority, options.names),
    subject: SUBJECT_TYPE_NAMES[state.subjectType],
    institution: state.institutionName ?? '',
    district: state.district ? DISTRICT_NAMES[state.district as District] : '',
    rules: ruleIdsOf(state).join(' '),
    decided: Boolean(state.decision),
    assignee: state.assignee?.name ?? '',
    due: state.due.next ?? '',
    overdue: isOverdue({ due: state.due, status: state.status }, today),
    evidence: state.tally.evidenceInUse,
    description: state.description,
    ...(options.contacts ? { contactName: contact?.name ?? '', contactPhone: contact?.phone ?? '', contactEmail: contact?.email ?? '' } : {}),
  };
}

/** A row's cells as the CSV writes them: Shanghai time, 是/否, numbers as digits. */
export function csvCells(row: ExportRow, columns: readonly ExportColumn[] = CASE_COLUMNS): string[] {
  return columns.map(({ key, type }) => {
    const value = row[key];
    if (type === 'datetime') return inShanghai((value as Date).toISOString());
    if (type === 'yesno') return value ? '是' : '否';
    return String(value ?? '');
  });
}

/**
 * CSV lines: UTF-8 with a BOM (the header chunk) so that Excel reads the Chinese. Every cell is text someone
 * typed, so a cell starting with = + - @ or a tab/return is prefixed with ' and can never run as a formula.
 */
export function csvChunk(rows: string[][], withHeader: boolean, header: readonly string[] = EXPORT_COLUMNS): string {
  return `${withHeader ? '\ufeff' : ''}${stringify(withHeader ? [[...header], ...rows] : rows, { escape_formulas: true })}`;
}

/** Where an export's rows go: one writer per format, fed page by page, closed once. */
export interface ExportWriter {
  write(rows: ExportRow[]): Promise<void>;
  /** The figures sheet (XLSX) — ignored by formats that have none. */
  figures(figures: Dashboard): Promise<void>;
  close(): Promise<void>;
}

export interface ExportDeps {
  rows: RowSource;
  states: (codes: string[]) => Promise<ReportState[]>;
  writers: (job: ExportJob) => Promise<Record<ExportFormat, ExportWriter>>;
  figures: (job: ExportJob) => Promise<Dashboard>;
  authoritiesOf: (authority: string) => Promise<string[]>;
  today: string;
  names?: AuthorityNames;
}

/** Runs an export job to the end: every matching row, in the queue's order, into every format. */
export async function runExport(deps: ExportDeps, job: ExportJob): Promise<number> {
  const writers = await deps.writers(job);
  const authorities = await deps.authoritiesOf(job.authority);
  const query: QueueQuery = { ...job.filters, pageSize: 100 };
  let rows = 0;
  for (let cursor: string | undefined, first = true; first || cursor; first = false) {
    const page = await queuePage(deps.rows, authorities, { ...query, ...(cursor ? { cursor } : {}) }, deps.today);
    const states = await deps.states(page.items.map((r) => r.trackingCode));
    const batch = states.map((s) => exportRow(s, deps.today, { ...(deps.names ? { names: deps.names } : {}), contacts: Boolean(job.contacts) }));
    await Promise.all(Object.values(writers).map((w) => w.write(batch)));
    rows += batch.length;
    cursor = page.cursor;
  }
  const figures = await deps.figures(job);
  await Promise.all(Object.values(writers).map((w) => w.figures(figures)));
  await Promise.all(Object.values(writers).map((w) => w.close()));
  return rows;
}
