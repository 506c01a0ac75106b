import type { S3Client } from '@aws-sdk/client-s3';
import type { StaffDeps } from '../api/staff';
import type { ProcedureDeps } from '../api/staff-procedure';
import { mutate } from '../core/changes';
import { shanghaiDate } from '../core/deadlines';
import { officeOverridesSchema, officeProfile, type OfficeOverride } from '../core/documents/office';
import type { ExportJob } from '../core/exports';
import type { AuthorityId, AuthorityNames } from '../core/ids';
import { procedureSettingsSchema } from '../core/procedure/periods';
import { S3DocumentFiles } from './case-files';
import { logger } from './observability';
import type { Adapters } from './wiring';

// The staff side's wiring (the staff API, the export and case-file jobs): kept apart from wiring.ts so that the
// public API's bundle never holds the procedure, the documents or the export code.

/** Runs one export job to its end, recording how it went on the job. */
export async function runExportJob(made: Adapters, s3: S3Client, bucket: string, job: ExportJob, now = () => new Date()): Promise<ExportJob> {
  await made.exportJobs.save({ ...job, status: 'running' });
  try {
    // Staff-only code, loaded where it runs: the public API's bundle does not hold it at import.
    const [{ runExport }, { dashboard }, { exportKey, s3ExportWriters }, { authoritiesOf }] = await Promise.all([
      import('../core/exports'),
      import('../core/stats'),
      import('./export-files'),
      import('../api/staff'),
    ]);
    const today = shanghaiDate(now());
    const names = await made.registry.names();
    const rows = await runExport(
      {
        rows: made.store,
        states: (codes) => made.store.states(codes),
        writers: (j) => s3ExportWriters(s3, bucket, j, now()),
        figures: async (j) =>
          dashboard(made.store, {
            authority: j.authority,
            ...(j.filters.from ? { from: j.filters.from } : {}),
            ...(j.filters.to ? { to: j.filters.to } : {}),
            today,
            names,
          }),
        authoritiesOf: (authority) => authoritiesOf(made.store, authority),
        today,
        names,
      },
      job,
    );
    const done: ExportJob = {
      ...job,
      status: 'done',
      rows,
      finishedAt: now().toISOString(),
      files: { csv: exportKey(job, 'csv'), xlsx: exportKey(job, 'xlsx') },
    };
    await made.exportJobs.save(done);
    return done;
  } catch (error) {
    logger.error('export failed', { job: job.id, error: error as Error });
    const failed: ExportJob = { ...job, status: 'failed', finishedAt: now().toISOString(), error: '导出没有完成，请稍后重试；如果一再失败，请联系管理员' };
    await made.exportJobs.save(failed);
    return failed;
  }
}

/** A short-lived link to an export file, named for the person downloading it. */
export function exportLink(s3: S3Client, bucket: string) {
  return async (key: string, fileName: string) => {
    const [{ GetObjectCommand }, { getSignedUrl }] = await Promise.all([import('@aws-sdk/client-s3'), import('@aws-sdk/s3-request-presigner')]);
    return getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: key, ResponseContentDisposition: `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}` }), { expiresIn: 300 });
  };
}

/** The staff API's dependencies over the adapters; the caller says how tokens are checked and exports started. */
export function staffDeps(
  made: Adapters,
  s3: S3Client,
  bucket: string,
  options: Pick<StaffDeps, 'verifyToken' | 'signIn'> & { startExport: (job: ExportJob) => Promise<void>; procedure: ProcedureOptions },
): StaffDeps {
  return {
    store: made.store,
    indexes: made.store,
    directory: made.access,
    registry: made.registryStore,
    registryChanged: made.registry.invalidate,
    records: { store: made.records, registry: made.registry.get },
    authorityNames: made.registry.names,
    storage: made.storage,
    exports: { jobs: made.exportJobs, start: options.startExport, link: exportLink(s3, bucket) },
    deadlines: made.deadlines,
    desks: made.desks,
    calendar: { store: made.calendarStore, source: made.calendar, entered: async () => void (await recountUnavailableDeadlines(made)) },
    assess: made.assess,
    verifyToken: options.verifyToken,
    signIn: options.signIn,
    procedure: procedureDeps(made, s3, bucket, options.procedure),
    ...(made.now ? { now: made.now } : {}),
  };
}

export interface ProcedureOptions {
  /** Per authority: the office's name, 机关代字, contact… (officeOverridesSchema; the OFFICES variable on AWS). */
  offices?: unknown;
  /** The statement period (the PROCEDURE variable on AWS). */
  settings?: unknown;
  startCaseFile: (trackingCode: string) => Promise<void>;
}

/** The procedure's dependencies: offices from the deployment's overrides, 文号 from the table, files in the bucket. */
export function procedureDeps(made: Adapters, s3: S3Client, bucket: string, options: ProcedureOptions): ProcedureDeps {
  const overrides = officeOverridesSchema.parse(options.offices ?? {}) as Record<string, OfficeOverride>;
  return {
    office: (authority: AuthorityId, names?: AuthorityNames) => officeProfile(authority, overrides[authority], names),
    settings: procedureSettingsSchema.parse(options.settings ?? {}),
    numbers: made.documentNumbers,
    documents: new S3DocumentFiles(s3, bucket),
    startCaseFile: options.startCaseFile,
  };
}

/**
 * After a year's arrangement was entered: every open report whose deadlines the calendar could not count is
 * counted again and its next due date stored (a system event says why). Bounded by the open backlog, once a year.
 */
export async function recountUnavailableDeadlines(made: Adapters): Promise<number> {
  const { authoritiesOf } = await import('../api/staff');
  const authorities = await authoritiesOf(made.store, 'municipal');
  let recounted = 0;
  for (const authority of authorities) {
    for (let after: string | undefined, done = false; !done; ) {
      const page = await made.store.rows(authority, { index: 'byDue' }, after, 100);
      for (const { row } of page.rows) {
        if (!row.due.unavailable) continue;
        await mutate(made, row.trackingCode, (state) =>
          state.due.unavailable
            ? { events: [{ at: (made.now ?? (() => new Date()))().toISOString(), type: 'deadlines-recounted', actor: 'system', public: false, text: '节假日安排已录入，重新计算期限' }] }
            : undefined,
        );
        recounted++;
      }
      after = page.rows.at(-1)?.position;
      done = page.done;
    }
  }
  return recounted;
}
