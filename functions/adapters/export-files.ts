import { PassThrough } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { csvCells, csvChunk, EXPORT_COLUMNS, inShanghai, type ExportFormat, type ExportJob, type ExportRow, type ExportWriter } from '../core/exports';
import type { Figures } from '../core/stats';
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

function csvWriter(s3: S3Client, bucket: string, key: string, now: Date): ExportWriter {
  const body = new PassThrough();
  const done = upload(s3, bucket, key, 'text/csv; charset=utf-8', body, now);
  let header = true;
  return {
    async write(rows) {
      const chunk = csvChunk(rows.map(csvCells), header);
      header = false;
      await send(body, chunk);
    },
    async figures() {
      // A CSV is one table: the figures are in the XLSX's second sheet.
    },
    async close() {
      if (header) await send(body, csvChunk([], true));
      body.end();
      await done;
    },
  };
}

/** Cells that could run as formulas are written as text by exceljs's row values (strings are never formulas). */
async function xlsxWriter(s3: S3Client, bucket: string, key: string, now: Date): Promise<ExportWriter> {
  const { default: ExcelJS } = await import('exceljs');
  const body = new PassThrough();
  const done = upload(s3, bucket, key, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body, now);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: body, useStyles: true });
  const cases = workbook.addWorksheet('举报', { views: [{ state: 'frozen', ySplit: 1 }] });
  cases.columns = [
    { header: EXPORT_COLUMNS[0], key: 'trackingCode', width: 16 },
    { header: EXPORT_COLUMNS[1], key: 'receivedAt', width: 18, style: { numFmt: 'yyyy-mm-dd hh:mm' } },
    { header: EXPORT_COLUMNS[2], key: 'status', width: 10 },
    { header: EXPORT_COLUMNS[3], key: 'authority', width: 28 },
    { header: EXPORT_COLUMNS[4], key: 'subject', width: 14 },
    { header: EXPORT_COLUMNS[5], key: 'institution', width: 30 },
    { header: EXPORT_COLUMNS[6], key: 'district', width: 10 },
    { header: EXPORT_COLUMNS[7], key: 'rules', width: 22 },
    { header: EXPORT_COLUMNS[8], key: 'decided', width: 10 },
    { header: EXPORT_COLUMNS[9], key: 'assignee', width: 12 },
    { header: EXPORT_COLUMNS[10], key: 'due', width: 12, style: { numFmt: 'yyyy-mm-dd' } },
    { header: EXPORT_COLUMNS[11], key: 'overdue', width: 10 },
    { header: EXPORT_COLUMNS[12], key: 'description', width: 60 },
  ];
  cases.getRow(1).font = { bold: true };
  // Excel has no time zones: the Shanghai wall-clock time is written as the cell's date-time.
  const wallClock = (d: Date) => new Date(`${inShanghai(d.toISOString()).replace(' ', 'T')}:00Z`);
  return {
    async write(rows: ExportRow[]) {
      for (const row of rows) {
        cases
          .addRow({
            ...row,
            receivedAt: wallClock(row.receivedAt),
            due: row.due ? new Date(`${row.due}T00:00:00Z`) : null,
            decided: row.decided ? '是' : '否',
            overdue: row.overdue ? '是' : '否',
          })
          .commit();
      }
    },
    async figures(figures: Figures) {
      cases.commit(); // a streamed workbook writes one sheet after the other
      const sheet = workbook.addWorksheet('统计');
      sheet.columns = [
        { header: '项目', key: 'group', width: 16 },
        { header: '类别', key: 'name', width: 32 },
        { header: '件数', key: 'count', width: 10 },
      ];
      sheet.getRow(1).font = { bold: true };
      sheet.addRow({ group: '期间', name: `${figures.from ?? '最早'} 至 ${figures.to ?? '今天'}`, count: figures.total }).commit();
      const groups: [string, Figures['byStatus']][] = [
        ['状态', figures.byStatus],
        ['主要条款', figures.byRule],
        ['被举报对象', figures.bySubject],
        ['所在区', figures.byDistrict],
        ['办理单位', figures.byAuthority],
        ['来源', figures.byChannel],
        ['月份', figures.byMonth],
      ];
      for (const [group, entries] of groups) for (const e of entries) sheet.addRow({ group, name: e.name, count: e.count }).commit();
      sheet.commit();
    },
    async close() {
      await workbook.commit();
      await done;
    },
  };
}

export async function s3ExportWriters(s3: S3Client, bucket: string, job: ExportJob, now = new Date()): Promise<Record<ExportFormat, ExportWriter>> {
  return {
    csv: csvWriter(s3, bucket, exportKey(job, 'csv'), now),
    xlsx: await xlsxWriter(s3, bucket, exportKey(job, 'xlsx'), now),
  };
}
