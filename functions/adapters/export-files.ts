import { PassThrough } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { csvCells, csvChunk, exportColumns, inShanghai, type ColumnType, type ExportColumn, type ExportFormat, type ExportJob, type ExportRow, type ExportWriter } from '../core/exports';
import type { Dashboard } from '../core/stats';
import { BUCKET_PREFIXES } from './table-schema';

// The export files, streamed into the bucket as they are written (multipart), so that no export needs the rows
// in memory or passes through an API response. Exports hold personal data for a day's work, not for the evidence
// retention: each object is locked for one day only, and a lifecycle rule removes the prefix after that.

const EXPORT_LOCK_DAYS = 1;

export const exportKey = (job: Pick<ExportJob, 'id' | 'authority'>, format: ExportFormat) => `${BUCKET_PREFIXES.exports}${job.authority}/${job.id}.${format}`;

function upload(s3: S3Client, bucket: string, key: string, contentType: string, body: PassThrough, now: Date) {
  return new Upload({
    client: s3,
    params: {
      Bucket: bucket,
      Key: key,
      Body: body,
      ContentType: contentType,
      ObjectLockMode: 'GOVERNANCE',
      ObjectLockRetainUntilDate: new Date(now.getTime() + EXPORT_LOCK_DAYS * 86_400_000),
    },
  }).done();
}

/** Writes into a stream, waiting when it is full (so a large export never piles up in memory). */
const send = (stream: PassThrough, chunk: string) => (stream.write(chunk) ? Promise.resolve() : new Promise<void>((r) => stream.once('drain', () => r())));

function csvWriter(s3: S3Client, bucket: string, key: string, now: Date, columns: readonly ExportColumn[]): ExportWriter {
  const body = new PassThrough();
  const done = upload(s3, bucket, key, 'text/csv; charset=utf-8', body, now);
  const headers = columns.map((c) => c.header);
  let header = true;
  return {
    async write(rows) {
      const chunk = csvChunk(rows.map((r) => csvCells(r, columns)), header, headers);
      header = false;
      await send(body, chunk);
    },
    async figures() {
      // A CSV is one table: the figures are in the XLSX's second sheet.
    },
    async close() {
      if (header) await send(body, csvChunk([], true, headers));
      body.end();
      await done;
    },
  };
}

const NUMBER_FORMATS: Partial<Record<ColumnType, string>> = { datetime: 'yyyy-mm-dd hh:mm', date: 'yyyy-mm-dd', number: '0' };
/** The header fill of personal-data columns (and the note that says why). */
const PERSONAL_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFE0B2' } } as const;

// Excel has no time zones: the Shanghai wall-clock time is written as the cell's date-time.
const wallClock = (d: Date) => new Date(`${inShanghai(d.toISOString()).replace(' ', 'T')}:00Z`);

/** A cell's typed value: dates as dates, counts as numbers, yes/no as 是/否, the rest as text (never a formula). */
function xlsxValue(row: ExportRow, column: ExportColumn): string | number | Date | null {
  const value = row[column.key];
  switch (column.type) {
    case 'datetime':
      return wallClock(value as Date);
    case 'date':
      return value ? new Date(`${String(value)}T00:00:00Z`) : null;
    case 'number':
      return Number(value);
    case 'yesno':
      return value ? '是' : '否';
    default:
      return String(value ?? '');
  }
}

/** Cells that could run as formulas are written as text by exceljs's row values (strings are never formulas). */
async function xlsxWriter(s3: S3Client, bucket: string, key: string, now: Date, columns: readonly ExportColumn[]): Promise<ExportWriter> {
  const { default: ExcelJS } = await import('exceljs');
  const body = new PassThrough();
  const done = upload(s3, bucket, key, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body, now);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: body, useStyles: true });
  const personal = columns.some((c) => c.personal);
  const cases = workbook.addWorksheet(personal ? '举报（含联系方式）' : '举报', { views: [{ state: 'frozen', ySplit: 1 }] });
  cases.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width, ...(NUMBER_FORMATS[c.type] ? { style: { numFmt: NUMBER_FORMATS[c.type] } } : {}) }));
  const head = cases.getRow(1);
  head.font = { bold: true };
  columns.forEach((c, i) => {
    if (c.personal) head.getCell(i + 1).fill = PERSONAL_FILL;
  });
  return {
    async write(rows: ExportRow[]) {
      for (const row of rows) cases.addRow(Object.fromEntries(columns.map((c) => [c.key, xlsxValue(row, c)]))).commit();
    },
    async figures(figures: Dashboard) {
      cases.commit(); // a streamed workbook writes one sheet after the other
      const sheet = workbook.addWorksheet('统计');
      sheet.columns = [
        { header: '项目', key: 'group', width: 18 },
        { header: '类别', key: 'name', width: 36 },
        { header: '数值', key: 'value', width: 12 },
      ];
      sheet.getRow(1).font = { bold: true };
      const add = (group: string, name: string, value: number | null, numFmt = '0') => {
        const row = sheet.addRow({ group, name, value });
        row.getCell(3).numFmt = numFmt;
        row.commit();
      };
      if (personal) {
        const note = sheet.addRow({ group: '注意', name: '本文件含举报人联系方式（个人信息），仅限办案使用，不得外传；用完请删除。' });
        note.getCell(2).fill = PERSONAL_FILL;
        note.commit();
      }
      add('期间', `${figures.from ?? '最早'} 至 ${figures.to ?? '今天'}（${figures.authorityName}）`, figures.total);
      add('期限', '已超期（今天）', figures.overdue);
      add('期限', '本周到期', figures.dueThisWeek);
      add('办理用时（中位数，天）', '受理', figures.medianDays.acknowledge);
      add('办理用时（中位数，天）', '首次答复', figures.medianDays.firstReply);
      add('办理用时（中位数，天）', '认定或转办', figures.medianDays.conclusion);
      add('办理用时（中位数，天）', '办结', figures.medianDays.closing);
      add('比例', '已认定（占已作结论的）', figures.confirmedShare, '0.0%');
      add('比例', '匿名举报', figures.anonymousShare, '0.0%');
      add('重复被举报的机构', '机构数（2 件及以上）', figures.repeatInstitutions.institutions);
      add('重复被举报的机构', '涉及举报件数', figures.repeatInstitutions.reports);
      const groups: [string, Dashboard['byStatus']][] = [
        ['状态', figures.byStatus],
        ['主要条款', figures.byRule],
        ['被举报对象', figures.bySubject],
        ['所在区', figures.byDistrict],
        ['办理单位', figures.byAuthority],
        ['来源', figures.byChannel],
        ['回访', figures.byFeedback],
        ['月份', figures.byMonth],
        ['周（周一）', figures.byWeek],
      ];
      for (const [group, entries] of groups) for (const e of entries) add(group, e.name, e.count);
      sheet.commit();
    },
    async close() {
      await workbook.commit();
      await done;
    },
  };
}

export async function s3ExportWriters(s3: S3Client, bucket: string, job: ExportJob, now = new Date()): Promise<Record<ExportFormat, ExportWriter>> {
  const columns = exportColumns(Boolean(job.contacts));
  return {
    csv: csvWriter(s3, bucket, exportKey(job, 'csv'), now, columns),
    xlsx: await xlsxWriter(s3, bucket, exportKey(job, 'xlsx'), now, columns),
  };
}
