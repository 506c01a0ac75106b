import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import * as z from 'zod';
import { shanghaiDate } from '../core/deadlines';
import { exportBodySchema, type ExportJob } from '../core/exports';
import { QueueCursorInvalid, queuePage, queueQuerySchema } from '../core/queue';
import { DomainError, STATUSES } from '../core/report';
import { authorityName, isAuthorityId } from '../core/ids';
import { dashboard, dueBefore, partitionOf } from '../core/stats';
import { authoritiesOf, requireAuthority, staffNames, type StaffDeps, type StaffEnv } from './staff';
import { jsonBody } from './errors';

// The queue, the statistics and the exports: all answered from indexes and counters, never by reading a queue whole.

export const statsQuerySchema = z.object({
  from: z.iso.date({ error: '开始日期应为 年-月-日' }).optional(),
  to: z.iso.date({ error: '结束日期应为 年-月-日' }).optional(),
  /** The municipal centre may look at one authority's figures (a district's, say). */
  authority: z.string().max(60).refine(isAuthorityId, { error: '单位不存在，请从列表中选择' }).optional(),
});

export function queueRoutes(deps: StaffDeps) {
  const now = () => (deps.now ?? (() => new Date()))();
  const app = new Hono<StaffEnv>();

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
    const names = await staffNames(deps);
    const items = page.items.map((row) => ({ ...row, authorityName: authorityName(row.authority, names), duplicate: row.duplicate ?? null }));
    return c.json({ ...page, items, counts, overdue: await dueBeforeOf(authority, today) });
  });

  app.get('/stats', async (c) => {
    const authority = requireAuthority(c.get('user'));
    const query = statsQuerySchema.parse(c.req.query());
    const { from, to } = query;
    if (from && to && from > to) throw new DomainError(400, 'invalid_input', '开始日期不能晚于结束日期', 'from');
    const view = query.authority ?? authority;
    if (view !== authority && authority !== 'municipal') throw new DomainError(403, 'forbidden', '只能查看本单位的统计', 'authority');
    const names = await staffNames(deps);
    const all = await authoritiesOf(deps.indexes, authority);
    const views = all.map((id) => ({ id, name: id === 'municipal' && authority === 'municipal' ? '全市（所有单位）' : authorityName(id, names) }));
    const figures = await dashboard(deps.indexes, {
      authority: view,
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      today: shanghaiDate(now()),
      names,
    });
    return c.json({ ...figures, views });
  });

  // Exports run as jobs: the answer is at once (202), the files follow; the page asks how it is going.
  app.post('/exports', async (c) => {
    const user = c.get('user');
    const authority = requireAuthority(user);
    const { contacts, ...filters } = exportBodySchema.parse((await jsonBody(c)) ?? {});
    if (contacts && !user.contactAccess) {
      throw new DomainError(403, 'forbidden', '您的账号没有导出举报人联系方式的权限；请不勾选“含联系方式”再导出，或请管理员授予权限', 'contacts');
    }
    const job: ExportJob = { id: randomUUID(), authority, requestedBy: user.name, requestedAt: now().toISOString(), status: 'queued', filters, ...(contacts ? { contacts: true } : {}) };
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
        ? Object.fromEntries(await Promise.all(Object.entries(job.files).map(async ([format, key]) => [format, await deps.exports.link(key!, `举报列表${job.contacts ? '-含联系方式' : ''}-${day}.${format}`)])))
        : undefined;
    return c.json({ id: job.id, status: job.status, rows: job.rows ?? null, contacts: Boolean(job.contacts), requestedAt: job.requestedAt, ...(links ? { links } : {}), ...(job.error ? { error: job.error } : {}) });
  });

  return app;
}
