import { Hono } from 'hono';
import * as z from 'zod';
import { mutate } from '../core/changes';
import { shanghaiDate } from '../core/deadlines';
import { words } from '../core/documents/schemas';
import { DOCUMENT_KIND_NAMES, issuerOf, type OfficeProfile } from '../core/documents/office';
import { FILE_CONTENT_TYPES, FILE_TYPES, CONTENT_TYPE_ALIASES, formatBytes, maxBytesFor, type FileContentType } from '../core/evidence-types';
import type { AuthorityId, AuthorityNames } from '../core/ids';
import {
  applyProcedureCommand,
  checkFileRefs,
  decisionServedOf,
  documentContent,
  procedureChange,
  procedureCommandSchema,
  procedureView,
  recordAt,
  startOnReport,
  targetOfSlug,
  targetSlug,
  withIssued,
  STAFF_EVIDENCE_CATEGORIES,
  type CaseProcedure,
  type CaseFileRecord,
  type ProcedureCommand,
  type ProcedureContext,
  type ProcedureSettings,
} from '../core/procedure';
import { recordServedDecision, servedDecisionOf, type ServedDecision } from '../core/records';
import { logger } from '../adapters/observability';
import type { DocumentFiles, DocumentNumbers } from '../core/procedure/ports';
import { completeUpload, renewUpload, requestUpload, verifyEvidence, type UploadDeps } from '../core/reporting';
import { DomainError, type ReportState } from '../core/report';
import { completeEvidenceSchema } from '../core/schemas/evidence';
import { canSee, type StaffUser } from '../core/staff';
import { jsonBody } from './errors';
import { requireAuthority, staffNames, type StaffDeps, type StaffEnv } from './staff';
import { recordsDepsOf } from './staff-records';

// The procedure of 细则第二十五至三十四条 in the console: start it on a report, apply its commands (each one
// conditional write of the report's state on the version the user saw), preview and download its documents,
// add the office's own files (询问笔录, photos, proofs of service) through the evidence upload flow, and fetch
// the case file once the case is closed.

export interface ProcedureDeps {
  /** The office of an authority: name, 文号 prefix, contact (deployment overrides applied). */
  /** `names`: the industry departments' names from the registry in force. */
  office: (authority: AuthorityId, names?: AuthorityNames) => OfficeProfile;
  settings: ProcedureSettings;
  numbers: DocumentNumbers;
  documents: DocumentFiles;
  /** Starts the case-file job (the archive of 第三十条) for a closed case; it records its progress on the report. */
  startCaseFile: (trackingCode: string) => Promise<void>;
}

const LINK_SECONDS = 300;
const NOT_FOUND = () => new DomainError(404, 'not_found', '找不到这份举报，或它不归本单位办理');
const version = z.number({ error: '缺少版本号，请刷新页面后重试' }).int().positive();

/** Staff files: what the office adds to a case (any type FILE_TYPES knows), with what it is. */
const staffFileSchema = z
  .object({
    fileName: words('文件名', 200),
    contentType: z.preprocess(
      (v) => (typeof v === 'string' ? (CONTENT_TYPE_ALIASES[v.toLowerCase()] ?? v.toLowerCase()) : v),
      z.enum(FILE_CONTENT_TYPES, { error: `不支持这种文件，请上传 ${Object.values(FILE_TYPES).map((t) => t.label).join('、')}` }),
    ),
    size: z.number({ error: '文件大小应为字节数' }).int({ error: '文件大小应为整数字节数' }).positive({ error: '文件是空的，请重新选择' }),
    category: z.enum([...STAFF_EVIDENCE_CATEGORIES, '送达凭证', '当事人材料'] as [string, ...string[]], {
      error: `请选择材料类别：${[...STAFF_EVIDENCE_CATEGORIES, '送达凭证', '当事人材料'].join('、')}`,
    }),
  })
  .superRefine((r, ctx) => {
    const max = maxBytesFor(r.contentType as FileContentType);
    if (r.size > max) ctx.addIssue({ code: 'custom', path: ['size'], message: `${FILE_TYPES[r.contentType].label}不能超过 ${formatBytes(max)}，这个文件有 ${formatBytes(r.size)}` });
  });

/** `approve` may leave the serial out: the office's next number is then taken. */
const commandRequestSchema = z.object({ version, command: z.record(z.string(), z.unknown(), { error: '请提交一个程序操作（command）' }) });

export function procedureRoutes(deps: StaffDeps) {
  const p = deps.procedure;
  const now = () => (deps.now ?? (() => new Date()))();
  const app = new Hono<StaffEnv>();
  const uploads: UploadDeps & { verifier: { verify: (code: string, id: string) => ReturnType<typeof verifyEvidence> } } = {
    store: deps.store,
    storage: deps.storage,
    deadlines: deps.deadlines,
    ...(deps.now ? { now: deps.now } : {}),
    verifier: { verify: (code, id) => verifyEvidence(uploads, code, id) },
  };

  const visible = async (user: StaffUser, code: string): Promise<ReportState> => {
    requireAuthority(user);
    const report = await deps.store.get(code);
    if (!report || !canSee(user, report.route.authority)) throw NOT_FOUND();
    return report;
  };
  /** Documents go out in the name of the office the report is routed to: only its own staff act; others may look. */
  const acting = async (user: StaffUser, code: string): Promise<ReportState> => {
    const report = await visible(user, code);
    if (user.authority !== report.route.authority) {
      throw new DomainError(403, 'not_handling_office', '本案由其他单位承办：只有承办单位的工作人员可以办理认定处理程序、上传案件材料，您可以查看');
    }
    return report;
  };
  const started = (report: ReportState): CaseProcedure => {
    if (!report.procedure) throw new DomainError(409, 'procedure_not_started', '本案还没有启动认定处理程序');
    return report.procedure;
  };

  const context = async (report: ReportState, user: StaffUser, at: string): Promise<ProcedureContext> => {
    const record = await deps.store.load(report.trackingCode);
    return {
      actor: { id: user.id, name: user.name },
      at,
      calendar: (await deps.deadlines()).calendar,
      office: p.office(report.route.authority, await staffNames(deps)),
      settings: p.settings,
      reportEvidenceIds: Object.values(record?.evidence ?? {})
        .filter((e) => e.addedBy === 'reporter' && e.status === 'accepted')
        .map((e) => e.evidenceId),
    };
  };

  const view = async (code: string) => {
    const report = (await deps.store.load(code))!;
    const today = shanghaiDate(now());
    const files = Object.values(report.evidence)
      .filter((e) => e.status !== 'pending')
      .map(({ evidenceId, fileName, category, contentType, kind, status, size, sha256, addedAt, addedBy, rejectedReason }) => ({
        evidenceId,
        fileName,
        contentType,
        kind,
        status,
        addedAt,
        addedBy,
        ...(category ? { category } : {}),
        ...(size !== undefined ? { size } : {}),
        ...(sha256 ? { sha256 } : {}),
        ...(rejectedReason ? { rejectedReason } : {}),
      }));
    const suggested = ((report.triage?.suggestions ?? []) as { ruleId: string }[]).slice(0, 3).map((x) => x.ruleId);
    const base = {
      trackingCode: report.trackingCode,
      version: report.version,
      status: report.status,
      authority: report.route.authority,
      // For the console's first forms: who the report names, and the rules decided or suggested.
      subjectType: report.subjectType,
      institutionName: report.institutionName ?? null,
      suggestedRuleIds: report.decision?.ruleIds ?? suggested,
      files,
    };
    if (!report.procedure) return { ...base, started: false as const };
    return { ...base, started: true as const, ...procedureView(report.procedure, (await deps.deadlines()).calendar, today) };
  };

  app.get('/reports/:code/procedure', async (c) => {
    await visible(c.get('user'), c.req.param('code'));
    return c.json(await view(c.req.param('code')));
  });

  app.post('/reports/:code/procedure', async (c) => {
    const user = c.get('user');
    const code = c.req.param('code');
    const { version: expected } = z.object({ version }).parse(await jsonBody(c));
    await acting(user, code);
    await mutate(
      deps,
      code,
      async (report) => {
        if (!canSee(user, report.route.authority)) throw NOT_FOUND();
        const at = now().toISOString();
        const ctx = await context(report, user, at);
        issuerOf(ctx.office); // an office without a contact could draft no document: say so now, not at the first draft
        return procedureChange(report, startOnReport(report, ctx), user, at);
      },
      { expectedVersion: expected },
    );
    return c.json(await view(code), 201);
  });

  app.post('/reports/:code/procedure/commands', async (c) => {
    const user = c.get('user');
    const code = c.req.param('code');
    const body = commandRequestSchema.parse(await jsonBody(c));
    const raw = body.command;
    // The office's register hands out the 文号 serial unless the approver gives one.
    const chosenSerial = raw.type === 'approve' && raw.serial !== undefined && raw.serial !== null && raw.serial !== '' ? raw.serial : undefined;
    const command: ProcedureCommand = procedureCommandSchema.parse(raw.type === 'approve' ? { ...raw, serial: chosenSerial ?? 1 } : raw);
    await acting(user, code);
    let closed = false;
    let served: ServedDecision[] = [];
    await mutate(
      deps,
      code,
      async (report) => {
        if (!canSee(user, report.route.authority)) throw NOT_FOUND();
        const procedure = started(report);
        const at = now().toISOString();
        const ctx = await context(report, user, at);
        await checkFileRefs(command, (id) => deps.store.evidence(report, id));
        // Every check runs before a 文号 is taken: a refused approval leaves no gap in the register.
        let step = applyProcedureCommand(procedure, command, ctx);
        if (command.type === 'approve') {
          const draft = recordAt(procedure, command.target)!;
          const year = Number(shanghaiDate(at).slice(0, 4));
          const serial = await p.numbers.take(report.route.authority, draft.draft.kind, year, { caseId: code, target: targetSlug(command.target), by: user.name, at }, chosenSerial as number | undefined);
          step = applyProcedureCommand(procedure, { ...command, serial }, ctx);
          const content = documentContent(step.state, command.target, shanghaiDate(at));
          const issued = await p.documents.issue(code, command.target, content);
          step = { ...step, state: withIssued(step.state, command.target, issued) };
          step.events = step.events.map((e) => (e.type === 'procedure.document-approved' ? { ...e, data: { ...e.data, pdfSha256: issued.pdf.sha256, docxSha256: issued.docx.sha256 } } : e));
        }
        if (command.type === 'close') {
          const caseFile: CaseFileRecord = { status: 'queued', requestedAt: at, requestedBy: user.name };
          step = { ...step, state: { ...step.state, caseFile } };
          closed = true;
        }
        served = step.events.flatMap((e) => {
          const decision = decisionServedOf(e, report);
          const entry = decision && servedDecisionOf(decision, { id: user.id, name: user.name });
          return entry ? [entry] : [];
        });
        return procedureChange(report, step, user, at);
      },
      { expectedVersion: body.version },
    );
    if (closed) await p.startCaseFile(code);
    // The institution's or person's record learns of a served decision. Recording is idempotent; should it fail
    // after the commit, staff record the decision by hand on the record page (the log says which).
    for (const decision of served) {
      await recordServedDecision(recordsDepsOf(deps), decision).catch((error: unknown) => logger.warn('served decision not recorded; record it by hand', { trackingCode: code, docNo: decision.docNo, error: error as Error }));
    }
    return c.json(await view(code));
  });

  // A document as it stands, rendered on the spot: a draft marked as such, or the text as approved.
  app.get('/reports/:code/procedure/documents/:doc/preview', async (c) => {
    const report = await visible(c.get('user'), c.req.param('code'));
    const format = z.enum(['pdf', 'docx'], { error: '格式应为 pdf 或 docx' }).parse(c.req.query('format') ?? 'pdf');
    const target = targetOfSlug(c.req.param('doc'));
    const content = documentContent(started(report), target, shanghaiDate(now()));
    const bytes = await p.documents.render(content, format);
    const record = recordAt(started(report), target)!;
    const name = `${record.approval ? content.docNo : '草稿-'}${DOCUMENT_KIND_NAMES[content.kind]}.${format}`;
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': format === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(name)}`,
    });
  });

  // The document as issued: the stored file, by a five-minute link.
  app.get('/reports/:code/procedure/documents/:doc/file', async (c) => {
    const report = await visible(c.get('user'), c.req.param('code'));
    const format = z.enum(['pdf', 'docx'], { error: '格式应为 pdf 或 docx' }).parse(c.req.query('format') ?? 'pdf');
    const record = recordAt(started(report), targetOfSlug(c.req.param('doc')));
    const file = record?.issued?.[format];
    if (!file) throw new DomainError(404, 'not_issued', '这份文书还没有签发：签发后才有存档的正式文本');
    return c.json({ url: await p.documents.link(file, LINK_SECONDS), fileName: file.fileName, sha256: file.sha256, size: file.size, expiresIn: LINK_SECONDS });
  });

  // 第三十条: the case file, once packed; a failed job can be started again.
  app.get('/reports/:code/procedure/case-file', async (c) => {
    const report = await visible(c.get('user'), c.req.param('code'));
    const caseFile = started(report).caseFile;
    if (!caseFile) throw new DomainError(404, 'case_file_missing', '案件尚未结案，还没有处理档案');
    const file = caseFile.file;
    return c.json({ ...caseFile, ...(caseFile.status === 'done' && file ? { url: await p.documents.link(file, LINK_SECONDS), expiresIn: LINK_SECONDS } : {}) });
  });

  app.post('/reports/:code/procedure/case-file', async (c) => {
    const user = c.get('user');
    const code = c.req.param('code');
    await acting(user, code);
    await mutate(deps, code, (report) => {
      const procedure = started(report);
      if (!procedure.closed) throw new DomainError(409, 'case_open', '案件尚未办结，不能立卷归档');
      if (procedure.caseFile && procedure.caseFile.status !== 'failed') {
        throw new DomainError(409, 'case_file_exists', procedure.caseFile.status === 'done' ? '本案的处理档案已经生成（每案一份）' : '处理档案正在生成，请稍候');
      }
      const at = now().toISOString();
      return {
        set: { procedure: { ...procedure, caseFile: { status: 'queued', requestedAt: at, requestedBy: user.name } } },
        events: [{ at, type: 'procedure.case-file', actor: user.id, public: false, text: '重新生成处理档案', data: { by: user.name, status: 'queued' } }],
      };
    });
    await p.startCaseFile(code);
    return c.json(started((await deps.store.get(code))!).caseFile, 202);
  });

  // The office's own files go up as the reporter's do (presigned, checked by magic bytes, SHA-256), added by staff.
  app.post('/reports/:code/files', async (c) => {
    const request = staffFileSchema.parse(await jsonBody(c));
    const report = await acting(c.get('user'), c.req.param('code'));
    return c.json(await requestUpload(uploads, report, { ...request, contentType: request.contentType as FileContentType }, 'staff'), 201);
  });

  app.post('/reports/:code/files/:id/upload', async (c) => {
    const report = await acting(c.get('user'), c.req.param('code'));
    return c.json(await renewUpload(uploads, report, c.req.param('id')));
  });

  app.post('/reports/:code/files/:id/complete', async (c) => {
    const { parts } = completeEvidenceSchema.parse(await jsonBody(c));
    const report = await acting(c.get('user'), c.req.param('code'));
    const file = await deps.store.evidence(report, c.req.param('id'));
    if (!file || file.addedBy !== 'staff') throw new DomainError(404, 'evidence_not_found', '找不到这个文件的上传记录，请重新添加文件', 'evidenceId');
    // The office's console waits for the check (its files are ≤ 2 GB like the reporter's, the staff function has 15 minutes).
    const outcome = await completeUpload({ ...uploads, checkBudgetMs: Infinity }, report, c.req.param('id'), parts);
    if (outcome.checking) throw new Error('unreachable: an unbounded check always settles');
    const checked = outcome.evidence;
    const { evidenceId, status, size, contentType, sha256, category, fileName } = checked;
    return c.json({ evidenceId, status, size, contentType, sha256, category, fileName });
  });

  return app;
}
