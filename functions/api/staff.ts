import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import type { TokenVerifier } from '../adapters/oidc-verifier';
import { InvalidToken } from '../adapters/oidc-verifier';
import { reportDeadlines } from '../core/case-deadlines';
import { calendarSource } from '../core/calendar-status';
import type { DeadlineConfig } from '../core/deadlines';
import { DISTRICT_IDS, authorityName } from '../core/ids';
import { parseRegistryCsv } from '../core/registry';
import { SAMPLE_REGISTRY_CSV } from '../core/registry-sample';
import type { CalendarStore, EvidenceStorage, RegistryStore, ReportQueries, ReportStore, StaffDirectory } from '../core/ports';
import { runQueue, queueQuerySchema } from '../core/queue';
import { exportCsv, exportRow, statistics } from '../core/stats';
import { previewRegistryImport } from '../core/registry-import';
import { DomainError, STATUS_NAMES, evidenceById, type ReportRecord } from '../core/report';
import type { ReportingDeps } from '../core/reporting';
import { ruleById } from '../core/rules';
import { applyStaffAction, canSee, staffActionRequestSchema, TRANSITIONS, type StaffUser } from '../core/staff';
import { errorBody, jsonBody, onError } from './errors';
import { createCalendarApp } from './staff-calendar';

// The staff API: every route checks the token, and every report route checks that the report is routed to
// the user's own authority (municipal staff see all). A report outside that answers 404, like one that
// does not exist.

export interface StaffDeps {
  store: ReportStore;
  queries: ReportQueries;
  directory: StaffDirectory;
  registry: RegistryStore;
  /** The holiday arrangements administrators entered; with the package data, the calendar every deadline uses. */
  calendars: CalendarStore;
  storage: EvidenceStorage;
  verifyToken: TokenVerifier;
  /** Triage and routing, with the current registry: to re-run the engine on a stored report. */
  assess: ReportingDeps['assess'];
  /** Tells the console how to sign in; a local issuer is named after the address the console was reached at. */
  signIn: { mode: 'local' | 'oidc'; issuer: string | ((origin: string) => string); clientId: string };
  deadlines?: DeadlineConfig;
  now?: () => Date;
}

export type Env = { Variables: { user: StaffUser } };
const NOT_FOUND = new DomainError(404, 'not_found', '找不到这份举报，或它不归本单位办理');
const EVIDENCE_URL_SECONDS = 300;

export function createStaffApp(deps: StaffDeps) {
  const now = () => (deps.now ?? (() => new Date()))();
  const calendar = calendarSource(deps.calendars);
  const app = new Hono<Env>().basePath('/api/staff');
  app.use('*', bodyLimit({ maxSize: 2 * 1024 * 1024, onError: (c) => c.json(errorBody('too_large', '提交的内容太大了（最多 2 MB）'), 413) }));
  app.use('*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });

  app.get('/config', (c) => {
    const { issuer, ...rest } = deps.signIn;
    return c.json({ ...rest, issuer: typeof issuer === 'function' ? issuer(new URL(c.req.url).origin) : issuer });
  });

  app.use('*', async (c, next) => {
    const header = c.req.header('Authorization') ?? '';
    const token = /^Bearer (.+)$/i.exec(header)?.[1];
    if (!token) return c.json(errorBody('unauthenticated', '请先登录'), 401);
    let user: StaffUser;
    try {
      user = await deps.verifyToken(token);
    } catch (error) {
      if (error instanceof InvalidToken) return c.json(errorBody('unauthenticated', '登录已失效，请重新登录'), 401);
      throw error;
    }
    if (!user.authority && !user.admin) return c.json(errorBody('forbidden', '您的账号还没有分配到任何单位，请联系管理员'), 403);
    c.set('user', user);
    await next();
  });

  const visibleReport = async (user: StaffUser, code: string): Promise<ReportRecord> => {
    const report = await deps.store.get(code);
    if (!report || !canSee(user, report)) throw NOT_FOUND;
    return report;
  };
  /** The report as staff see it, with the other reports about the same institution that this user may see. */
  const viewFor = async (user: StaffUser, report: ReportRecord) => {
    const related = report.institutionName
      ? (await deps.queries.listForInstitution(report.institutionName))
          .filter((r) => r.trackingCode !== report.trackingCode && canSee(user, r))
          .map((r) => ({ trackingCode: r.trackingCode, receivedAt: r.receivedAt, status: r.status, excerpt: r.description.slice(0, 60) }))
      : [];
    return staffView(report, related, reportDeadlines(await calendar.current(), report, deps.deadlines, now()));
  };

  const requireAuthority = (user: StaffUser) => {
    if (!user.authority) throw new DomainError(403, 'forbidden', '管理员账号不办理举报；请用所属单位的账号登录');
    return user.authority;
  };

  // The console asks for /me when it opens: that is where a user joins their authority's list of assignees,
  // rather than a write on every request.
  app.get('/me', async (c) => {
    const user = c.get('user');
    if (user.authority) await deps.directory.remember(user.authority, { id: user.id, name: user.name }, now().toISOString());
    const colleagues = user.authority ? await deps.directory.colleagues(user.authority) : [];
    return c.json({ ...user, authorityName: user.authority ? authorityName(user.authority) : null, colleagues });
  });

  /** Every report the user's authority may see (municipal: all). */
  const queueOf = async (user: StaffUser) => {
    const authority = requireAuthority(user);
    return authority === 'municipal'
      ? deps.queries.listForAuthorities(await everyAuthority(deps.registry))
      : deps.queries.listForAuthority(authority);
  };

  app.get('/reports', async (c) => {
    const query = queueQuerySchema.parse(c.req.query());
    const reports = await queueOf(c.get('user'));
    const [at, cal] = [now(), await calendar.current()];
    return c.json(runQueue(reports, query, (r) => reportDeadlines(cal, r, deps.deadlines, at).next));
  });

  app.get('/stats', async (c) => {
    const reports = await queueOf(c.get('user'));
    const [at, cal] = [now(), await calendar.current()];
    return c.json(statistics(reports, (r) => reportDeadlines(cal, r, deps.deadlines, at).next.overdue));
  });

  // The queue as CSV (UTF-8 with BOM so that Excel reads the Chinese), with the queue's filters and no paging.
  app.get('/reports.csv', async (c) => {
    const query = queueQuerySchema.parse({ ...c.req.query(), page: 1, pageSize: 100 });
    const reports = await queueOf(c.get('user'));
    const [at, cal] = [now(), await calendar.current()];
    const { items } = runQueue(reports, { ...query, pageSize: Math.max(reports.length, 1) }, (r) => reportDeadlines(cal, r, deps.deadlines, at).next);
    const byCode = new Map(reports.map((r) => [r.trackingCode, r]));
    const rows = items.map((item) => exportRow(byCode.get(item.trackingCode)!, item.due));
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="reports-${at.toISOString().slice(0, 10)}.csv"`);
    return c.body(exportCsv(rows));
  });

  app.get('/reports/:code', async (c) => {
    const user = c.get('user');
    requireAuthority(user);
    const report = await visibleReport(user, c.req.param('code'));
    return c.json(await viewFor(user, report));
  });

  app.get('/reports/:code/evidence/:evidenceId', async (c) => {
    const user = c.get('user');
    requireAuthority(user);
    const report = await visibleReport(user, c.req.param('code'));
    const evidence = evidenceById(report, c.req.param('evidenceId'));
    if (!evidence || evidence.status !== 'accepted') throw new DomainError(404, 'evidence_not_found', '找不到这个证据文件，或它未通过检查');
    // Exactly the version that was checked, named after its verified type.
    const download = { fileName: evidence.servedName ?? evidence.fileName, contentType: evidence.contentType, versionId: evidence.versionId };
    const url = await deps.storage.presignGet(evidence.key, download, EVIDENCE_URL_SECONDS);
    return c.json({ url, expiresIn: EVIDENCE_URL_SECONDS, contentType: evidence.contentType });
  });

  app.post('/reports/:code/actions', async (c) => {
    const user = c.get('user');
    requireAuthority(user);
    const { version, action } = staffActionRequestSchema.parse(await jsonBody(c));
    const report = await visibleReport(user, c.req.param('code'));
    if (report.version !== version) throw new DomainError(409, 'conflict', '这份举报刚被其他人修改过，请刷新后再操作');
    if (action.type === 'assign') {
      const colleagues = await deps.directory.colleagues(report.route.authority);
      if (!colleagues.some((p) => p.id === action.assignee.id)) {
        throw new DomainError(400, 'invalid_input', '只能指派给本单位的工作人员', 'assignee');
      }
    }
    const change = applyStaffAction(report, action, user, now().toISOString());
    const updated = await deps.store.update(report.trackingCode, version, change);
    if (!canSee(user, updated)) return c.json({ trackingCode: updated.trackingCode, version: updated.version, visible: false });
    return c.json(await viewFor(user, updated));
  });

  // Re-runs triage (a newer engine, or a newly imported registry). The earlier result stays in the event; the
  // route is the staff's to change, so a different suggested office is only reported.
  app.post('/reports/:code/triage', async (c) => {
    const user = c.get('user');
    requireAuthority(user);
    const { version } = z.object({ version: z.number({ error: '缺少版本号，请刷新页面后重试' }).int() }).parse(await jsonBody(c));
    const report = await visibleReport(user, c.req.param('code'));
    const { triage, route } = await deps.assess(report, new Date(report.receivedAt));
    const before = report.triage as { engineVersion?: string; suggestions?: { ruleId: string }[] } | null;
    const at = now().toISOString();
    const updated = await deps.store.update(report.trackingCode, version, {
      set: { triage: { ...triage, ranAt: at } },
      events: [
        {
          at,
          type: 'retriaged',
          actor: user.id,
          public: false,
          text: `重新分析：${(triage?.suggestions as { ruleId: string }[] | undefined)?.[0]?.ruleId ?? '无建议条款'}${route.authority !== report.route.authority ? `（建议改由${authorityName(route.authority)}办理）` : ''}`,
          data: { by: user.name, previous: { engineVersion: before?.engineVersion, ruleIds: before?.suggestions?.map((x) => x.ruleId) } },
        },
      ],
    });
    return c.json(await viewFor(user, updated));
  });

  const requireAdmin = (user: StaffUser) => {
    if (!user.admin) throw new DomainError(403, 'forbidden', '只有管理员可以导入机构名录');
  };
  const csvBody = z.object({ csv: z.string({ error: '请上传 CSV 文件的内容' }).min(1, { error: 'CSV 文件是空的' }) });

  // Until the first import, routing uses the sample registry: show it, and compare an import with it.
  const registryInUse = async () => (await deps.registry.current()) ?? { csv: SAMPLE_REGISTRY_CSV, sample: true };

  app.get('/registry', async (c) => {
    requireAdmin(c.get('user'));
    return c.json(await registryInUse());
  });

  app.post('/registry/preview', async (c) => {
    requireAdmin(c.get('user'));
    const { csv } = csvBody.parse(await jsonBody(c));
    return c.json(previewRegistryImport((await registryInUse()).csv, csv));
  });

  app.post('/registry', async (c) => {
    const user = c.get('user');
    requireAdmin(user);
    const { csv } = csvBody.parse(await jsonBody(c));
    const preview = previewRegistryImport((await registryInUse()).csv, csv);
    if (preview.errors.length) throw new DomainError(422, 'invalid_registry', `名录有 ${preview.errors.length} 处错误，请改正后再导入：${preview.errors[0]!.message}`);
    await deps.registry.save({ csv, importedAt: now().toISOString(), importedBy: user.name });
    return c.json({ ...preview, imported: true });
  });

  app.route('/calendar', createCalendarApp({ store: deps.calendars, source: calendar, now }));

  app.notFound((c) => c.json(errorBody('not_found', '没有这个接口，请检查地址'), 404));
  app.onError(onError);
  return app;
}

/** Every authority a report can be routed to: the centre, the districts and the registry's industry departments. */
async function everyAuthority(registry: RegistryStore): Promise<string[]> {
  const csv = (await registry.current())?.csv ?? SAMPLE_REGISTRY_CSV;
  const industry = parseRegistryCsv(csv).institutions.map((i) => i.authority).filter((a) => a.startsWith('industry:'));
  return [...new Set(['municipal', ...DISTRICT_IDS.map((d) => `district:${d}`), ...industry])];
}

/** The report as staff see it: everything, with rule texts next to the suggestions. */
function staffView(report: ReportRecord, related: unknown[], deadlines: ReturnType<typeof reportDeadlines>) {
  const { secretHash: _secret, requestDigest: _digest, evidence, ...rest } = report;
  const suggestions = ((report.triage?.suggestions ?? []) as { ruleId: string }[]).map((s) => {
    const rule = ruleById(s.ruleId);
    return { ...s, text: rule?.text, lead: rule?.lead, consequence: rule?.consequence, article: rule?.article, clause: rule?.clause };
  });
  return {
    ...rest,
    statusName: STATUS_NAMES[report.status],
    nextStatuses: TRANSITIONS[report.status],
    authorityName: authorityName(report.route.authority),
    suggestions,
    evidence: Object.values(evidence)
      .filter((e) => e.status !== 'pending')
      .map(({ key: _key, uploadId: _upload, ...e }) => e),
    related,
    deadlines,
  };
}
