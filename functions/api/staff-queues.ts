import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import * as z from 'zod';
import { shanghaiDate } from '../core/deadlines';
import { exportRequestSchema, type ExportJob } from '../core/exports';
import { QueueCursorInvalid, queuePage, queueQuerySchema } from '../core/queue';
import { DomainError, STATUSES } from '../core/report';
import { ALL, dueBefore, figures, rangeBuckets } from '../core/stats';
import { authoritiesOf, requireAuthority, type StaffDeps, type StaffEnv } from './staff';
import { jsonBody } from './errors';

// The queue, the statistics and the exports: all answered from indexes and counters, never by reading a queue whole.

const statsQuerySchema = z.object({
  from: z.iso.date({ error: '开始日期应为 年-月-日' }).optional(),
  to: z.iso.date({ error: '结束日期应为 年-月-日' }).optional(),
});

/** The Sunday that ends this week (Monday-first weeks), as a Shanghai date. */
function endOfWeek(today: string): string {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + ((7 - d.getUTCDay()) % 7));
  return d.toISOString().slice(0, 10);
}
const dayAfter = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

export function queueRoutes(deps: StaffDeps) {
  const now = () => (deps.now ?? (() => new Date()))();
  const app = new Hono<StaffEnv>();
  const partitionOf = (authority: string) => (authority === 'municipal' ? ALL : authority);

  /** Open reports due before a date, from the due-date counters of the user's partition (a few hundred items at most). */
  const dueBeforeOf = async (authority: string, date: string) => dueBefore(await deps.indexes.dueCounters(partitionOf(authority), date), date);

  app.get('/reports', async (c) => {
    const authority = requireAuthority(c.get('user'));
    const query = queueQuerySchema.parse(c.req.query());
    const today = shanghaiDate(now());
    const authorities = await authoritiesOf(deps.indexes, authority);
    let page;
    try {
      page = await queuePage(deps.indexes, authorities, query, today);
    } catch (error) {
      if (error instanceof QueueCursorInvalid) throw new DomainError(400, 'invalid_input', '翻页标记无效，请回到第一页', 'cursor');
      throw error;
    }
    const totals = await deps.indexes.totalCounters(partitionOf(authority));
    const counts = Object.fromEntries(STATUSES.map((s) => [s, totals[`s:${s}`] ?? 0]));
    return c.json({ ...page, counts, overdue: await dueBeforeOf(authority, today) });
  });

  app.get('/stats', async (c) => {
    const authority = requireAuthority(c.get('user'));
    const { from, to } = statsQuerySchema.parse(c.req.query());
    if (from && to && from > to) throw new DomainError(400, 'invalid_input', '开始日期不能晚于结束日期', 'from');
    const today = shanghaiDate(now());
    const partition = partitionOf(authority);
    const [range, daily, due] = await Promise.all([
      deps.indexes.sumBuckets(partition, rangeBuckets(from, to, today)),
      deps.indexes.dailyTotals(partition, from, to),
      deps.indexes.dueCounters(partition, endOfWeek(today)),
    ]);
    const [overdue, dueThisWeek] = [dueBefore(due, today), dueBefore(due, dayAfter(endOfWeek(today)))];
    return c.json({ ...figures(range, daily, from ?? null, to ?? null), overdue, dueThisWeek: dueThisWeek - overdue });
  });

  // Exports run as jobs: the answer is at once (202), the files follow; the page asks how it is going.
  app.post('/exports', async (c) => {
    const user = c.get('user');
    const authority = requireAuthority(user);
    const filters = exportRequestSchema.parse((await jsonBody(c)) ?? {});
    const job: ExportJob = { id: randomUUID(), authority, requestedBy: user.name, requestedAt: now().toISOString(), status: 'queued', filters };
    await deps.exports.jobs.save(job);
    await deps.exports.start(job);
    return c.json({ id: job.id, status: job.status }, 202);
  });

  app.get('/exports/:id', async (c) => {
    const authority = requireAuthority(c.get('user'));
    const job = await deps.exports.jobs.get(authority, c.req.param('id'));
    if (!job) throw new DomainError(404, 'not_found', '找不到这个导出任务（导出文件保留两天）');
    const day = job.requestedAt.slice(0, 10);
    const links =
      job.status === 'done' && job.files
        ? Object.fromEntries(await Promise.all(Object.entries(job.files).map(async ([format, key]) => [format, await deps.exports.link(key!, `举报列表-${day}.${format}`)])))
        : undefined;
    return c.json({ id: job.id, status: job.status, rows: job.rows ?? null, requestedAt: job.requestedAt, ...(links ? { links } : {}), ...(job.error ? { error: job.error } : {}) });
  });

  return app;
}
