import { Hono } from 'hono';
import * as z from 'zod';
import { mutate } from '../core/changes';
import { shanghaiDate } from '../core/deadlines';
import { VersionConflict } from '../core/ports';
import {
  admitToCase,
  approvePublication,
  approvePublicationSchema,
  closeWithCase,
  cycleFor,
  draftPublication,
  draftPublicationSchema,
  editPublication,
  editPublicationSchema,
  filingCycleOf,
  institutionInRegistry,
  institutionKey,
  institutionOfReport,
  joinCase,
  leaveCase,
  personKey,
  publishedItem,
  recordDecision,
  recordsForReport,
  releaseFromCase,
  retained,
  sameCaseCandidates,
  standing,
  withdrawPublication,
  withdrawPublicationSchema,
  type DecisionRecord,
  type PublicationEntry,
  type RecordsDeps,
  type RecordsStore,
} from '../core/records';
import type { Registry } from '../core/registry';
import { DomainError, type ReportState } from '../core/report';
import { normaliseTrackingCode } from '../core/receipt';
import { judgedOn } from '../core/rules';
import { canSee, type StaffUser } from '../core/staff';
import { normalizeShort } from '../core/text';
import { jsonBody } from './errors';
import { authoritiesOf, requireAuthority, staffNames, type StaffDeps, type StaffEnv } from './staff';
import { authorityName } from '../core/ids';

// Institutions and people on record, reports handled as one case, and what is published:
//   GET  /institutions?q=               registry institutions by name (the registry in force, with decisions' statuses)
//   GET  /institutions/record?name=     an institution's record: its decisions (and the 备案周期 of each), its reports, the people this office holds records about there
//   POST /decisions                     record a decision taken outside the portal (e.g. a 约谈 on paper, with its 文号)
//   GET  /people?cardNo= | ?institution=&name=   one person's record, held by this office
//   GET  /reports/:code/record          the record beside a report's suggestions, and the history its triage was given
//   GET  /reports/:code/same-case       reports that may be one case with it
//   POST /reports/:code/merge | /unmerge
//   GET  /publications; POST /publications, /publications/:id/edit | /approve | /withdraw

export interface RecordsApiDeps {
  store: RecordsStore;
  /** The registry in force (imported version with the decisions' statuses). */
  registry: () => Promise<Registry>;
}

const NOT_FOUND = () => new DomainError(404, 'not_found', '找不到这份举报，或它不归本单位办理');
const version = z.number({ error: '缺少版本号，请刷新页面后重试' }).int().positive();
const reason = (label: string) => z.string({ error: `请填写${label}` }).trim().min(2, { error: `请填写${label}（至少 2 个字）` }).max(500, { error: `${label}最多 500 个字` });
/** `version`: the member's, when its page asked (another report merged into the one on screen names none). */
export const mergeSchema = z.object({ version: version.optional(), into: z.string({ error: '请填写要并入的举报编号' }).trim().min(1, { error: '请填写要并入的举报编号' }).max(20), reason: reason('合并理由') });
export const unmergeSchema = z.object({ version, reason: reason('撤销合并的理由') });
const nameQuery = z.object({ name: z.string({ error: '请给出机构名称' }).trim().min(2, { error: '机构名称至少 2 个字' }).max(100) });
const searchQuery = z.object({ q: z.string().trim().max(50, { error: '搜索词最多 50 个字' }).default('') });
const peopleQuery = z
  .object({ cardNo: z.string().trim().max(40).optional(), institution: z.string().trim().max(100).optional(), name: z.string().trim().max(50).optional() })
  .refine((q) => q.cardNo || (q.institution && q.name), { error: '请给出证卡号，或所在机构和姓名', path: ['cardNo'] });

/** A person's decisions as their holder reads them: past retention, nothing. */
const kept = (decisions: DecisionRecord[], today: string) => decisions.filter((d) => retained(d, today));

/** What recording a decision needs, from the staff API's dependencies (staff-procedure.ts records served decisions too). */
export const recordsDepsOf = (deps: StaffDeps): RecordsDeps => ({
  records: deps.records.store,
  registry: deps.records.registry,
  ...(deps.registryChanged ? { registryChanged: deps.registryChanged } : {}),
  ...(deps.now ? { now: deps.now } : {}),
});

export function recordsRoutes(deps: StaffDeps) {
  const now = () => (deps.now ?? (() => new Date()))();
  const records = deps.records;
  const app = new Hono<StaffEnv>();
  const recordsDeps = recordsDepsOf(deps);

  const visibleState = async (user: StaffUser, code: string): Promise<ReportState> => {
    const state = await deps.store.get(code);
    if (!state || !canSee(user, state.route.authority)) throw NOT_FOUND();
    return state;
  };

  app.get('/institutions', async (c) => {
    requireAuthority(c.get('user'));
    const { q } = searchQuery.parse(c.req.query());
    const wanted = normalizeShort(q);
    const registry = await records.registry();
    const hits = registry.institutions.filter((i) => !wanted || [i.name, ...i.aliases, i.creditCode].some((n) => normalizeShort(n).includes(wanted))).slice(0, 20);
    return c.json({ institutions: hits.map(({ name, aliases, district, authority, status }) => ({ name, aliases, district, authority, status })) });
  });

  app.get('/institutions/record', async (c) => {
    const user = c.get('user');
    const authority = requireAuthority(user);
    const { name } = nameQuery.parse(c.req.query());
    const registry = await records.registry();
    const today = shanghaiDate(now());
    const institution = institutionInRegistry(registry, name);
    const shown = institution?.name ?? name;
    const key = institutionKey(shown);
    const [decisions, overlays, rows, roster, publications] = await Promise.all([
      records.store.institutionDecisions(key, 100),
      records.store.overlays(),
      deps.indexes.forInstitution(shown, 50),
      records.store.roster(authority, key),
      records.store.publications(authority, 100),
    ]);
    const current = filingCycleOf(institution, today);
    const people = await Promise.all(
      roster
        .filter((p) => today < p.retainUntil)
        .slice(0, 20)
        .map(async (p) => ({ ...p, decisions: kept(await records.store.personDecisions(authority, p.personKey, 20), today) })),
    );
    const names = await staffNames(deps);
    return c.json({
      name: shown,
      inRegistry: Boolean(institution),
      registry: institution ? { ...institution, authorityName: authorityName(institution.authority, names) } : null,
      statusOverlay: overlays.find((o) => o.institutionKey === key) ?? null,
      cycle: current,
      decisions: decisions.map((d) => ({ ...d, authorityName: authorityName(d.authority, names), cycleNow: cycleFor(d, registry, d.decidedOn), inCurrentCycle: d.decidedOn >= current.from && d.decidedOn < current.to })),
      reports: rows.filter((r) => canSee(user, r.authority)).map((r) => ({ ...r, authorityName: authorityName(r.authority, names) })),
      people: people.filter((p) => p.decisions.length),
      publications: publications.filter((p) => p.decisionOf.institutionKey === key),
    });
  });

  app.post('/decisions', async (c) => {
    const user = c.get('user');
    const authority = requireAuthority(user);
    const body = (await jsonBody(c)) as { reportCodes?: unknown } | null;
    // Linked reports must be ones this office may see.
    for (const code of Array.isArray(body?.reportCodes) ? body.reportCodes.slice(0, 20) : []) {
      if (typeof code !== 'string') continue;
      const normalised = normaliseTrackingCode(code);
      const state = normalised ? await deps.store.get(normalised) : undefined;
      if (!state || !canSee(user, state.route.authority)) throw new DomainError(400, 'invalid_input', `举报 ${code} 不存在或不归本单位办理`, 'reportCodes');
    }
    const { created, record } = await recordDecision(recordsDeps, body, { actor: { id: user.id, name: user.name }, authority, source: 'staff' });
    return c.json({ created, record }, created ? 201 : 200);
  });

  app.get('/people', async (c) => {
    const authority = requireAuthority(c.get('user'));
    const q = peopleQuery.parse(c.req.query());
    const registry = await records.registry();
    const institutionName = q.institution ? (institutionInRegistry(registry, q.institution)?.name ?? q.institution) : undefined;
    const key = personKey({ name: q.name ?? '', ...(q.cardNo ? { cardNo: q.cardNo } : {}), ...(institutionName ? { institutionName } : {}) });
    const today = shanghaiDate(now());
    return c.json({ personKey: key, decisions: kept(await records.store.personDecisions(authority, key, 100), today) });
  });

  app.get('/reports/:code/record', async (c) => {
    const user = c.get('user');
    requireAuthority(user);
    const state = await visibleState(user, c.req.param('code'));
    const registry = await records.registry();
    const today = shanghaiDate(now());
    const institutionName = institutionOfReport(state);
    const found = await recordsForReport(records.store, { ...(institutionName ? { institutionName } : {}), authority: state.route.authority, description: state.description }, today);
    const judged = judgedOn(state.incidentDate, state.receivedAt);
    const passed = ((state.triage?.history ?? []) as { decision: string; docNo: string }[]).map((h) => `${h.decision}|${h.docNo}`);
    const annotate = (d: DecisionRecord) => ({ ...d, standing: standing(d, registry, judged, today), passed: passed.includes(`${d.decision}|${d.docNo}`) });
    const decisions = found.institution.map(annotate);
    // People's records are read only by the office holding them: the one the report is routed to.
    const holder = user.authority === state.route.authority;
    const people = holder ? found.people.map((p) => ({ person: p.person, decisions: p.decisions.map(annotate) })) : [];
    const counting = [...decisions, ...people.flatMap((p) => p.decisions)].filter((d) => d.standing.counts);
    return c.json({
      institution: institutionName ? { name: institutionName, inRegistry: Boolean(institutionInRegistry(registry, institutionName)), cycle: filingCycleOf(institutionInRegistry(registry, institutionName), judged) } : null,
      judgedOn: judged,
      decisions,
      people,
      peopleHiddenFrom: holder ? null : state.route.authority,
      peopleHiddenFromName: holder ? null : authorityName(state.route.authority, await staffNames(deps)),
      passedToTriage: state.triage?.history ?? [],
      /** Counting decisions the last triage run was not given (recorded since): 重新分析 passes them. */
      notYetPassed: counting.filter((d) => !d.passed).length,
    });
  });

  app.get('/reports/:code/same-case', async (c) => {
    const user = c.get('user');
    const authority = requireAuthority(user);
    const state = await visibleState(user, c.req.param('code'));
    const result = await sameCaseCandidates(deps.indexes, state, await authoritiesOf(deps.indexes, authority), (row) => canSee(user, row.authority));
    const names = await staffNames(deps);
    const candidates = result.candidates.map((c) => ({ ...c, authorityName: authorityName(c.authority, names) }));
    return c.json({ caseOf: state.caseOf ?? null, mergedReports: state.mergedReports ?? [], ...result, candidates });
  });

  app.post('/reports/:code/merge', async (c) => {
    const user = c.get('user');
    requireAuthority(user);
    const body = mergeSchema.parse(await jsonBody(c));
    const code = c.req.param('code');
    const into = body.into.toUpperCase();
    const primary = await visibleState(user, into).catch(() => {
      throw new DomainError(404, 'not_found', `找不到举报 ${into}，或它不归本单位办理`, 'into');
    });
    const at = now().toISOString();
    const member = await mutate(
      deps,
      code,
      (state) => {
        if (!canSee(user, state.route.authority)) throw NOT_FOUND();
        return joinCase(state, primary, user, body.reason, at);
      },
      body.version === undefined ? {} : { expectedVersion: body.version },
    );
    const merged = await mutate(deps, into, (state) => admitToCase(state, member, user, body.reason, at));
    return c.json({ member: { trackingCode: member.trackingCode, version: member.version, caseOf: member.caseOf, authority: member.route.authority }, primary: { trackingCode: merged.trackingCode, mergedReports: merged.mergedReports ?? [] } });
  });

  app.post('/reports/:code/unmerge', async (c) => {
    const user = c.get('user');
    requireAuthority(user);
    const body = unmergeSchema.parse(await jsonBody(c));
    const code = c.req.param('code');
    const at = now().toISOString();
    let from: string | undefined;
    const member = await mutate(
      deps,
      code,
      (state) => {
        if (!canSee(user, state.route.authority)) throw NOT_FOUND();
        if (!state.caseOf) throw new DomainError(409, 'not_merged', '这份举报没有并入其他举报');
        from = state.caseOf;
        return leaveCase(state, user, body.reason, at);
      },
      { expectedVersion: body.version },
    );
    if (from) await mutate(deps, from, (state) => releaseFromCase(state, code, user, body.reason, at));
    return c.json({ member: { trackingCode: member.trackingCode, version: member.version }, from: from ?? null });
  });

  // ── Publication ─────────────────────────────────────────────────────────────────────────────────────

  const entryOf = async (authority: string, id: string) => {
    const entry = await records.store.publication(authority, id);
    if (!entry) throw new DomainError(404, 'not_found', '找不到这条公布信息，或它不属于本单位');
    return entry;
  };
  const save = async (entry: PublicationEntry, expected: number | null) => {
    try {
      await records.store.savePublication(entry, expected);
    } catch (error) {
      if (error instanceof VersionConflict) throw new DomainError(409, 'conflict', '这条公布信息刚被其他人修改过，请刷新后再操作');
      throw error;
    }
    return entry;
  };
  const stale = (entry: PublicationEntry, expected: number) => {
    if (entry.version !== expected) throw new DomainError(409, 'conflict', '这条公布信息刚被其他人修改过，请刷新后再操作');
  };

  app.get('/publications', async (c) => {
    const authority = requireAuthority(c.get('user'));
    return c.json({ publications: await records.store.publications(authority, 100) });
  });

  app.post('/publications', async (c) => {
    const user = c.get('user');
    const authority = requireAuthority(user);
    const { decisionId, summary } = draftPublicationSchema.parse(await jsonBody(c));
    const decision = await records.store.decisionById(decisionId);
    // A person's record is not even named to another office.
    if (!decision || (decision.personKey && decision.authority !== authority)) throw new DomainError(404, 'not_found', '找不到这项处理决定', 'decisionId');
    return c.json(await save(draftPublication(decision, user, now().toISOString(), summary), null), 201);
  });

  app.post('/publications/:id/edit', async (c) => {
    const user = c.get('user');
    const entry = await entryOf(requireAuthority(user), c.req.param('id'));
    const body = editPublicationSchema.parse(await jsonBody(c));
    stale(entry, body.version);
    return c.json(await save(editPublication(entry, user, now().toISOString(), body.summary), entry.version));
  });

  app.post('/publications/:id/approve', async (c) => {
    const user = c.get('user');
    const entry = await entryOf(requireAuthority(user), c.req.param('id'));
    const body = approvePublicationSchema.parse(await jsonBody(c));
    // Approved before, its public copy perhaps not written: write it (again).
    if (entry.status === 'published' && body.version === entry.version) {
      await records.store.putPublished(publishedItem(entry));
      return c.json(entry);
    }
    stale(entry, body.version);
    const approved = await save(approvePublication(entry, user, now().toISOString()), entry.version);
    await records.store.putPublished(publishedItem(approved));
    return c.json(approved);
  });

  app.post('/publications/:id/withdraw', async (c) => {
    const user = c.get('user');
    const entry = await entryOf(requireAuthority(user), c.req.param('id'));
    const body = withdrawPublicationSchema.parse(await jsonBody(c));
    if (entry.status === 'withdrawn' && body.version === entry.version) {
      await records.store.withdrawPublished(publishedItem(entry), entry.withdrawn!.at);
      return c.json(entry);
    }
    stale(entry, body.version);
    const withdrawn = await save(withdrawPublication(entry, user, now().toISOString(), body.reason), entry.version);
    await records.store.withdrawPublished(publishedItem(withdrawn), withdrawn.withdrawn!.at);
    return c.json(withdrawn);
  });

  return app;
}

/** After a case's primary is closed: each report merged into it is closed with the same outcome. */
export async function closeMergedReports(deps: Pick<StaffDeps, 'store' | 'deadlines' | 'now'>, primary: ReportState, user: StaffUser): Promise<void> {
  const at = (deps.now ?? (() => new Date()))().toISOString();
  for (const code of primary.mergedReports ?? []) {
    await mutate(deps, code, (member) => closeWithCase(member, primary, user, at));
  }
}
