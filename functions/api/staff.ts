import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import * as z from 'zod';
import { originalRequestSchema } from '../core/schemas/evidence';
import type { TokenVerifier } from '../adapters/oidc-verifier';
import { InvalidToken } from '../adapters/oidc-verifier';
import { reportDeadlines, type DeadlineContext } from '../core/case-deadlines';
import { mutate } from '../core/changes';
import { DISTRICT_IDS, authorityName, withAuthorityNames, type AuthorityNames } from '../core/ids';
import type { CalendarSource } from '../core/calendar-status';
import type { CalendarStore, DeskStore, EvidenceStorage, ExportJobs, RegistryStore, ReportIndexes, ReportStore, StaffDirectory } from '../core/ports';
import type { RowSource } from '../core/queue';
import { DomainError, STATUS_NAMES, evidenceById, type EvidenceRecord, type ReportRecord } from '../core/report';
import type { ReportingDeps } from '../core/reporting';
import { ruleById } from '../core/rules';
import { ALL } from '../core/stats';
import { applyStaffAction, canSee, staffActionRequestSchema, TRANSITIONS, type StaffUser } from '../core/staff';
import type { ExportJob } from '../core/exports';
import { errorBody, jsonBody, onError } from './errors';
import { requestContext } from './request-context';
import { queueRoutes } from './staff-queues';
import { createCalendarApp } from './staff-calendar';
import { deskRoutes } from './staff-desks';
import { registryRoutes } from './staff-registry';
import { procedureRoutes, type ProcedureDeps } from './staff-procedure';
import { closeMergedReports, recordsRoutes, type RecordsApiDeps } from './staff-records';
import { institutionOfReport } from '../core/records';

// The staff API: every route checks the token, and every report route checks that the report is routed to
// the user's own authority (municipal staff see all). A report outside that answers 404, like one that
// does not exist.

export interface StaffDeps {
  store: ReportStore;
  indexes: ReportIndexes & RowSource;
  directory: StaffDirectory;
  registry: RegistryStore;
  storage: EvidenceStorage;
  exports: { jobs: ExportJobs; start(job: ExportJob): Promise<void>; link(key: string, fileName: string): Promise<string> };
  verifyToken: TokenVerifier;
  /** Triage and routing, with the current registry: to re-run the engine on a stored report. */
  assess: ReportingDeps['assess'];
  /** Tells the console how to sign in; a local issuer is named after the address the console was reached at. */
  signIn: { mode: 'local' | 'oidc'; issuer: string | ((origin: string) => string); clientId: string; signOutUrl?: string };
  /** The calendar and deadline settings in force. */
  deadlines: () => Promise<DeadlineContext>;
  /** Hotline desk accounts (administrators make and revoke their keys). */
  desks: DeskStore;
  /** The holiday arrangements administrators enter, and the cached calendar they feed. */
  calendar: { store: CalendarStore; source: CalendarSource; entered(year: number): Promise<void> };
  /** The procedure of 细则第二十五至三十四条: offices, 文号, documents, the case-file job. */
  procedure: ProcedureDeps;
  /** Called when a new registry version is in force, so that routing uses it at once. */
  registryChanged?: () => void;
  /** Industry departments' names from the registry in force (none: each is shown as 行业主管部门). */
  authorityNames?: () => Promise<AuthorityNames>;
  /** Decisions on record about institutions and people, and what is published. */
  records: RecordsApiDeps;
  now?: () => Date;
}

export type StaffEnv = { Variables: { user: StaffUser } };
/** The industry departments' names in force, or none. */
export const staffNames = async (deps: Pick<StaffDeps, 'authorityNames'>): Promise<AuthorityNames> => (deps.authorityNames ? deps.authorityNames() : new Map());
const NOT_FOUND = new DomainError(404, 'not_found', '找不到这份举报，或它不归本单位办理');

/** Opening an original: why, in the staff member's words (kept on the audit trail). */
/** 截图.jpg → 截图（展示副本）.webp */
const displayName = (fileName: string, contentType: string) => `${fileName.replace(/\.[^.]*$/, '')}（展示副本）.${contentType === 'image/webp' ? 'webp' : 'jpg'}`;
const EVIDENCE_URL_SECONDS = 300;

export const requireAuthority = (user: StaffUser) => {
  if (!user.authority) throw new DomainError(403, 'forbidden', '管理员账号不办理举报；请用所属单位的账号登录');
  return user.authority;
};

/**
 * The authorities whose reports a user sees: their own, or for the municipal centre every authority reports have
 * been routed to (from the counters, so an industry department named only by a transfer is there too).
 */
export async function authoritiesOf(indexes: ReportIndexes, authority: string): Promise<string[]> {
  if (authority !== 'municipal') return [authority];
  const routed = Object.entries(await indexes.totalCounters(ALL))
    .filter(([k, n]) => k.startsWith('u:') && n > 0)
    .map(([k]) => k.slice(2));
  return [...new Set(['municipal', ...DISTRICT_IDS.map((d) => `district:${d}`), ...routed])];
}

export function createStaffApp(deps: StaffDeps) {
  const now = () => (deps.now ?? (() => new Date()))();
  const app = new Hono<StaffEnv>().basePath('/api/staff');
  app.use('*', requestContext());
  // A registry of Shanghai's 20,000 institutions is a few MB of CSV; everything else is small. (API Gateway's own
  // limit for a Lambda request is 6 MB.)
  const limit = (mb: number) => bodyLimit({ maxSize: mb * 1024 * 1024, onError: (c) => c.json(errorBody('too_large', `提交的内容太大了（最多 ${mb} MB）`), 413) });
  app.use('/registry/*', limit(5.5));
  app.use('/registry', limit(5.5));
  app.use('*', async (c, next) => (c.req.path.startsWith('/api/staff/registry') ? next() : limit(2)(c, next)));
  app.use('*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });

  app.get('/config', (c) => {
    const { issuer, ...rest } = deps.signIn;
    return c.json({ ...rest, issuer: typeof issuer === 'function' ? issuer(new URL(c.req.url).origin) : issuer });
  });

  // The staff API's OpenAPI document (no sign-in needed: it names endpoints, never data).
  app.get('/openapi.json', async (c) => c.json((await import('./openapi')).staffSpec()));

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

  const visibleRecord = async (user: StaffUser, code: string): Promise<ReportRecord> => {
    requireAuthority(user);
    const report = await deps.store.load(code);
    if (!report || !canSee(user, report.route.authority)) throw NOT_FOUND;
    return report;
  };
  /** The report as staff see it, with the other reports about the same institution that this user may see. */
  const viewFor = async (user: StaffUser, report: ReportRecord) => {
    const institution = institutionOfReport(report);
    const related = institution
      ? (await deps.indexes.forInstitution(institution, 20))
          .filter((r) => r.trackingCode !== report.trackingCode && canSee(user, r.authority))
          .map((r) => ({ trackingCode: r.trackingCode, receivedAt: r.receivedAt, status: r.status, excerpt: r.excerpt.slice(0, 60) }))
      : [];
    const view = staffView(report, related, reportDeadlines(report, await deps.deadlines(), now()), await staffNames(deps));
    // A reporter's name and number, like an export's contact columns, only for the contact-access group.
    if (user.contactAccess || !view.contact) return view;
    const { contact: _withheld, ...withheld } = view;
    return { ...withheld, contactWithheld: true as const };
  };

  // The console asks for /me when it opens: that is where a user joins their authority's list of assignees,
  // rather than a write on every request.
  app.get('/me', async (c) => {
    const user = c.get('user');
    if (user.authority) await deps.directory.remember(user.authority, { id: user.id, name: user.name }, now().toISOString());
    const colleagues = user.authority ? await deps.directory.colleagues(user.authority) : [];
    return c.json({ ...user, authorityName: user.authority ? authorityName(user.authority, await staffNames(deps)) : null, colleagues });
  });

  app.route('/', queueRoutes(deps));
  app.route('/', registryRoutes(deps));
  app.route('/desks', deskRoutes(deps));
  app.route('/', procedureRoutes(deps));
  app.route('/', recordsRoutes(deps));
  app.route('/calendar', createCalendarApp({ store: deps.calendar.store, source: deps.calendar.source, entered: deps.calendar.entered, now }));

  app.get('/reports/:code', async (c) => {
    const user = c.get('user');
    return c.json(await viewFor(user, await visibleRecord(user, c.req.param('code'))));
  });

  app.get('/reports/:code/evidence/:evidenceId', async (c) => {
    const user = c.get('user');
    const report = await visibleRecord(user, c.req.param('code'));
    const evidence = evidenceById(report, c.req.param('evidenceId'));
    if (!evidence || evidence.status !== 'accepted') throw new DomainError(404, 'evidence_not_found', '找不到这个证据文件，或它未通过检查');
    // A photo is shown as its display copy (upright, without EXIF, GPS or device data); the original is opened
    // with a reason (below). Videos and documents have no copy: the original, exactly the version that was checked.
    if (evidence.display) {
      const name = displayName(evidence.servedName ?? evidence.fileName, evidence.display.contentType);
      const url = await deps.storage.presignGet(evidence.display.key, { fileName: name, contentType: evidence.display.contentType }, EVIDENCE_URL_SECONDS);
      return c.json({ url, expiresIn: EVIDENCE_URL_SECONDS, contentType: evidence.display.contentType, copy: 'display' as const });
    }
    return c.json({ ...(await originalLink(evidence)), copy: 'original' as const });
  });

  // The original of a photo (its EXIF, GPS position and device data with it): opened for a reason the staff member
  // gives, which goes on the report's audit trail with who opened it. The original's SHA-256 stays the evidence.
  app.post('/reports/:code/evidence/:evidenceId/original', async (c) => {
    const user = c.get('user');
    requireAuthority(user);
    const { reason } = originalRequestSchema.parse(await jsonBody(c));
    const code = c.req.param('code');
    const evidenceId = c.req.param('evidenceId');
    let opened: EvidenceRecord | undefined;
    await mutate(deps, code, async (report) => {
      if (!canSee(user, report.route.authority)) throw NOT_FOUND;
      const evidence = await deps.store.evidence(report, evidenceId);
      if (!evidence || evidence.status !== 'accepted') throw new DomainError(404, 'evidence_not_found', '找不到这个证据文件，或它未通过检查');
      opened = evidence;
      const at = now().toISOString();
      return {
        events: [
          {
            at,
            type: 'evidence-original-opened',
            actor: user.id,
            public: false,
            text: `${user.name}查看了原始文件：${evidence.fileName}（事由：${reason}）`,
            data: { evidenceId, sha256: evidence.sha256, reason, by: user.name },
          },
        ],
      };
    });
    return c.json({ ...(await originalLink(opened!)), copy: 'original' as const, sha256: opened!.sha256 });
  });

  /** Exactly the version that was checked, named after its verified type. */
  const originalLink = async (evidence: EvidenceRecord) => {
    const download = { fileName: evidence.servedName ?? evidence.fileName, contentType: evidence.contentType, versionId: evidence.versionId };
    const url = await deps.storage.presignGet(evidence.key, download, EVIDENCE_URL_SECONDS);
    return { url, expiresIn: EVIDENCE_URL_SECONDS, contentType: evidence.contentType };
  };

  app.post('/reports/:code/actions', async (c) => {
    const user = c.get('user');
    requireAuthority(user);
    const { version, action } = staffActionRequestSchema.parse(await jsonBody(c));
    const code = c.req.param('code');
    const updated = await mutate(
      deps,
      code,
      async (report) => {
        if (!canSee(user, report.route.authority)) throw NOT_FOUND;
        if (action.type === 'assign') {
          const colleagues = await deps.directory.colleagues(report.route.authority);
          if (!colleagues.some((p) => p.id === action.assignee.id)) throw new DomainError(400, 'invalid_input', '只能指派给本单位的工作人员', 'assignee');
        }
        return applyStaffAction(report, action, user, now().toISOString(), await staffNames(deps));
      },
      { expectedVersion: version },
    );
    if (action.type === 'close') await closeMergedReports(deps, updated, user);
    if (!canSee(user, updated.route.authority)) return c.json({ trackingCode: updated.trackingCode, version: updated.version, visible: false });
    return c.json(await viewFor(user, (await deps.store.load(code))!));
  });

  // Re-runs triage (a newer engine, or a newly imported registry). The earlier result stays in the event; the
  // route is the staff's to change, so a different suggested office is only reported.
  app.post('/reports/:code/triage', async (c) => {
    const user = c.get('user');
    requireAuthority(user);
    const { version } = z.object({ version: z.number({ error: '缺少版本号，请刷新页面后重试' }).int() }).parse(await jsonBody(c));
    const code = c.req.param('code');
    await mutate(
      deps,
      code,
      async (report) => {
        if (!canSee(user, report.route.authority)) throw NOT_FOUND;
        const { triage, route } = await deps.assess(report, new Date(report.receivedAt), { authority: report.route.authority });
        const before = report.triage as { engineVersion?: string; suggestions?: { ruleId: string }[] } | null;
        const at = now().toISOString();
        const top = (triage?.suggestions as { ruleId: string }[] | undefined)?.[0]?.ruleId ?? '无建议条款';
        return {
          set: { triage: { ...triage, ranAt: at } },
          events: [
            {
              at,
              type: 'retriaged',
              actor: user.id,
              public: false,
              text: `重新分析：${top}${route.authority !== report.route.authority ? `（建议改由${authorityName(route.authority, await staffNames(deps))}办理）` : ''}`,
              data: { by: user.name, previous: { engineVersion: before?.engineVersion, ruleIds: before?.suggestions?.map((x) => x.ruleId) } },
            },
          ],
        };
      },
      { expectedVersion: version },
    );
    return c.json(await viewFor(user, (await deps.store.load(code))!));
  });

  app.notFound((c) => c.json(errorBody('not_found', '没有这个接口，请检查地址'), 404));
  app.onError(onError);
  return app;
}

/** The report as staff see it: everything, with rule texts next to the suggestions. */
function staffView(report: ReportRecord, related: unknown[], deadlines: ReturnType<typeof reportDeadlines>, names: AuthorityNames) {
  const { secretHash: _secret, requestDigest: _digest, evidence, lastChange: _last, procedure, ...rest } = report;
  const suggestions = ((report.triage?.suggestions ?? []) as { ruleId: string }[]).map((s) => {
    const rule = ruleById(s.ruleId);
    return { ...s, text: rule?.text, lead: rule?.lead, consequence: rule?.consequence, article: rule?.article, clause: rule?.clause };
  });
  return {
    ...rest,
    statusName: STATUS_NAMES[report.status],
    // The procedure itself is read from /reports/:code/procedure.
    procedureStarted: procedure !== undefined,
    nextStatuses: TRANSITIONS[report.status],
    authorityName: authorityName(report.route.authority, names),
    // Texts written before a department had a name (a triage reason, events) name it now.
    route: { ...report.route, reason: withAuthorityNames(report.route.reason, names) },
    events: report.events.map((e) => ({ ...e, text: withAuthorityNames(e.text, names) })),
    suggestions,
    evidence: Object.values(evidence)
      // Checked files only: one still uploading is not evidence yet, one the reporter removed never was (the audit trail says so).
      .filter((e) => e.status === 'accepted' || e.status === 'rejected')
      // The display copy's key stays server-side; the view says only that there is one, and its size.
      .map(({ key: _key, uploadId: _upload, display, ...e }) => ({ ...e, ...(display ? { display: { contentType: display.contentType, width: display.width, height: display.height } } : {}) })),
    related,
    deadlines,
  };
}
