import { stringify } from 'csv-stringify/sync';
import * as z from 'zod';
import { DISTRICT_NAMES, SUBJECT_TYPE_NAMES, authorityName, type District } from './ids';
import { isOverdue, queuePage, queueQuerySchema, ruleIdsOf, type QueueQuery, type RowSource } from './queue';
import { STATUS_NAMES, type ReportState } from './report';
import type { Figures } from './stats';

// Exports as jobs: a request is stored, then the job walks the queue's index page by page (never a whole queue in
// memory), reads each page's reports, and streams rows into a CSV and an XLSX file in the evidence bucket's export
// prefix; staff download them through short-lived links. Every time is Shanghai time; nothing typed can run as a
// spreadsheet formula; no contact details, no secrets.

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The queue's filters (no paging): what the export contains. */
export const exportRequestSchema = queueQuerySchema.omit({ cursor: true, pageSize: true });
export type ExportRequest = z.infer<typeof exportRequestSchema>;

export interface ExportJob {
  id: string;
  authority: string;
  requestedBy: string;
  requestedAt: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  filters: ExportRequest;
  rows?: number;
  finishedAt?: string;
  /** Object keys of the files written. */
  files?: Partial<Record<ExportFormat, string>>;
  error?: string;
}

export const EXPORT_COLUMNS = ['查询码', '收到时间（上海）', '状态', '办理单位', '被举报对象', '机构名称', '所在区', '主要条款', '是否已认定', '承办人', '下一期限', '是否超期', '事情经过'] as const;

const shanghaiTime = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
/** 2026-12-01T20:30:00Z → 2026-12-02 04:30 (Shanghai). */
export const inShanghai = (iso: string) => shanghaiTime.format(new Date(iso));

/** A typed export row: the CSV writes each cell as text, the XLSX keeps dates and booleans typed. */
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
  description: string;
}

export function exportRow(state: ReportState, today: string): ExportRow {
  return {
    trackingCode: state.trackingCode,
    receivedAt: new Date(state.receivedAt),
    status: STATUS_NAMES[state.status],
    authority: authorityName(state.route.authority),
    subject: SUBJECT_TYPE_NAMES[state.subjectType],
    institution: state.institutionName ?? '',
    district: state.district ? DISTRICT_NAMES[state.district as District] : '',
    rules: ruleIdsOf(state).join(' '),
    decided: Boolean(state.decision),
    assignee: state.assignee?.name ?? '',
    due: state.due.next ?? '',
    overdue: isOverdue({ due: state.due, status: state.status }, today),
    description: state.description,
  };
}

export function csvCells(row: ExportRow): string[] {
  return [
    row.trackingCode,
    inShanghai(row.receivedAt.toISOString()),
    row.status,
    row.authority,
    row.subject,
    row.institution,
    row.district,
    row.rules,
    row.decided ? '是' : '否',
    row.assignee,
    row.due,
    row.overdue ? '是' : '否',
    row.description,
  ];
}

/**
 * CSV lines: UTF-8 with a BOM (the header chunk) so that Excel reads the Chinese. Every cell is text someone
 * typed, so a cell starting with = + - @ or a tab/return is prefixed with ' and can never run as a formula.
 */
export function csvChunk(rows: string[][], withHeader: boolean): string {
  return `${withHeader ? '\ufeff' : ''}${stringify(withHeader ? [[...EXPORT_COLUMNS], ...rows] : rows, { escape_formulas: true })}`;
}

/** Where an export's rows go: one writer per format, fed page by page, closed once. */
export interface ExportWriter {
  write(rows: ExportRow[]): Promise<void>;
  /** The figures sheet (XLSX) — ignored by formats that have none. */
  figures(figures: Figures): Promise<void>;
  close(): Promise<void>;
}

export interface ExportDeps {
  rows: RowSource;
  states: (codes: string[]) => Promise<ReportState[]>;
  writers: (job: ExportJob) => Promise<Record<ExportFormat, ExportWriter>>;
  figures: (job: ExportJob) => Promise<Figures>;
  authoritiesOf: (authority: string) => Promise<string[]>;
  today: string;
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
    const batch = states.map((s) => exportRow(s, deps.today));
    await Promise.all(Object.values(writers).map((w) => w.write(batch)));
    rows += batch.length;
    cursor = page.cursor;
  }
  const figures = await deps.figures(job);
  await Promise.all(Object.values(writers).map((w) => w.figures(figures)));
  await Promise.all(Object.values(writers).map((w) => w.close()));
  return rows;
}
