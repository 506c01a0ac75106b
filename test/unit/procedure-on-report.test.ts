// The procedure kept on its report: the queue status and the next due date it implies, the files its commands
// refer to, what the reporter and the institution records learn, and the documents renderer as bundled for Lambda.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { nextDue } from '../../functions/core/case-deadlines';
import { officeProfile } from '../../functions/core/documents/office';
import {
  applyProcedureCommand,
  decisionServedOf,
  defaultProcedureSettings,
  fileRefsOf,
  procedureChange,
  procedureCommandSchema,
  publicSteps,
  startProcedure,
  statusOf,
  type Actor,
  type CaseProcedure,
} from '../../functions/core/procedure';
import { applyChange, DomainError, type ReportEvent } from '../../functions/core/report';
import { applyStaffAction } from '../../functions/core/staff';
import { packageCalendar } from '../../functions/core/working-calendar';
import { reportState } from '../support/report-fixture';

const alice: Actor = { id: 'alice', name: '张敏' };
const bob: Actor = { id: 'bob', name: '李强' };
const office = officeProfile('district:minhang', { contact: { person: '张敏', phone: '021-64120000', address: '上海市闵行区沪闵路6258号' } });
const ctx = (actor: Actor, day: string) => ({ actor, at: `${day}T10:00:00+08:00`, calendar: packageCalendar, office, settings: defaultProcedureSettings, reportEvidenceIds: ['ev1'] });

function run(steps: [Actor, string, Record<string, unknown>][]): { state: CaseProcedure; events: ReportEvent[] } {
  let { state, events } = startProcedure({ caseId: 'ABCD-EFGH-JKMN', authority: 'district:minhang', advertising: true }, ctx(alice, '2025-09-26'));
  for (const [actor, day, command] of steps) {
    const step = applyProcedureCommand(state, procedureCommandSchema.parse(command), ctx(actor, day));
    state = step.state;
    events = [...events, ...step.events];
  }
  return { state, events };
}

const investigated: [Actor, string, Record<string, unknown>][] = [
  [alice, '2025-09-26', { type: 'add-party', party: { kind: 'institution', name: '上海某某职业技能培训有限公司' } }],
  [alice, '2025-09-26', { type: 'record-investigation', partyId: 'p1', incidentDate: '2025-09-12', facts: ['发布“包过”广告。'], evidence: [{ source: 'report', evidenceId: 'ev1', description: '广告截图' }], ruleIds: ['SH2025-22-9'] }],
];
const noticeServed: typeof investigated = [
  ...investigated,
  [alice, '2025-09-29', { type: 'draft-notice', partyId: 'p1', intendedDecision: '予以警告。' }],
  [bob, '2025-09-29', { type: 'approve', target: { partyId: 'p1', document: 'notice' }, serial: 1 }],
  [alice, '2025-09-30', { type: 'serve', target: { partyId: 'p1', document: 'notice' }, method: 'mail', servedOn: '2025-09-30', proofRefs: ['f-mail'] }],
];
const decisionServed: typeof investigated = [
  ...noticeServed,
  [alice, '2025-10-09', { type: 'record-waiver', partyId: 'p1', on: '2025-10-09', proofRef: 'f-waiver' }],
  [alice, '2025-10-09', { type: 'draft-decision', partyId: 'p1', outcome: 'sanction', decision: '予以警告，限期整改。' }],
  [bob, '2025-10-09', { type: 'approve', target: { partyId: 'p1', document: 'decision' }, serial: 1 }],
  [alice, '2025-10-10', { type: 'serve', target: { partyId: 'p1', document: 'decision' }, method: 'direct', servedOn: '2025-10-10', proofRefs: ['f-mail'] }],
];

describe('the queue status the procedure implies', () => {
  it('is 核查中 while investigating, 已认定 once a sanction is served, 不予认定 once it is revoked on review', () => {
    expect(statusOf(run(noticeServed).state)).toBe('investigating');
    expect(statusOf(run(decisionServed).state)).toBe('confirmed');
    const revoked = run([
      ...decisionServed,
      [alice, '2025-10-13', { type: 'record-objection', partyId: 'p1', submittedOn: '2025-10-13', receivedOn: '2025-10-13', summary: '不服' }],
      [alice, '2025-10-14', { type: 'draft-review', partyId: 'p1', outcome: 'revoked', reasons: '证据不足。' }],
      [bob, '2025-10-14', { type: 'approve', target: { partyId: 'p1', document: 'review' }, serial: 1 }],
      [alice, '2025-10-14', { type: 'serve', target: { partyId: 'p1', document: 'review' }, method: 'direct', servedOn: '2025-10-14', proofRefs: ['f-mail'] }],
    ]);
    expect(statusOf(revoked.state)).toBe('not-confirmed');
  });

  it('is 不予认定 for a decision not to proceed, 办结 once closed', () => {
    const noAction = run([
      ...investigated,
      [alice, '2025-09-29', { type: 'draft-decision', partyId: 'p1', outcome: 'no-action', reasons: '证据不足。' }],
      [bob, '2025-09-29', { type: 'approve', target: { partyId: 'p1', document: 'decision' }, serial: 1 }],
      [alice, '2025-09-30', { type: 'serve', target: { partyId: 'p1', document: 'decision' }, method: 'mail', servedOn: '2025-09-30', proofRefs: ['f-mail'] }],
    ]);
    expect(statusOf(noAction.state)).toBe('not-confirmed');
    const closed = applyProcedureCommand(noAction.state, procedureCommandSchema.parse({ type: 'close', summary: '不予处理。' }), ctx(alice, '2025-09-30'));
    expect(statusOf(closed.state)).toBe('closed');
    // The change sets the status, the outcome the reporter reads (no content), and a status event.
    const change = procedureChange(reportState({ status: 'not-confirmed' }), closed, alice, '2025-09-30T02:00:00Z');
    expect(change.set).toMatchObject({ status: 'closed', outcome: '经调查核实，已依法作出处理，处理程序已结束。' });
    expect(change.events.at(-1)).toMatchObject({ type: 'status', public: false, data: { from: 'not-confirmed', to: 'closed' } });
  });

  it('leaves a case the reporter’s 回访 reopened after the archive to the ordinary actions, never to a transfer', () => {
    const { state } = run(noticeServed);
    const user = { id: 'alice', name: '张敏', authority: 'district:minhang' as const, admin: false };
    const confirm = { type: 'status' as const, status: 'confirmed' as const, reason: '经复核，原认定维持。' };
    expect(() => applyStaffAction(reportState({ status: 'investigating', procedure: state }), confirm, user, '2025-10-01T02:00:00Z')).toThrow(/已启动认定处理程序/);
    const archived = { ...state, closed: { at: '2025-10-20T02:00:00Z', by: alice, summary: '结案。' } };
    const reopened = reportState({ status: 'investigating', procedure: archived, decision: { ruleIds: ['SH2025-22-9'], by: '张敏', at: '2025-10-10T02:00:00Z' } });
    expect(applyStaffAction(reopened, confirm, user, '2025-11-01T02:00:00Z').set).toMatchObject({ status: 'confirmed' });
    const transfer = { type: 'transfer' as const, authority: 'district:xuhui' as const, reason: '属地不符' };
    expect(() => applyStaffAction(reopened, transfer, user, '2025-11-01T02:00:00Z')).toThrow(/不能转办/);
  });

  it('sets the rules the investigation found as the report’s decided rules, and the conclusion once', () => {
    const { state, events } = run(decisionServed);
    const change = procedureChange(reportState({ status: 'investigating' }), { state, events }, alice, '2025-10-10T02:00:00Z');
    expect(change.set?.decision?.ruleIds).toEqual(['SH2025-22-9']);
    const next = applyChange(reportState({ status: 'investigating' }), change, '2025-10-10T02:00:00Z');
    expect(next.milestones).toMatchObject({ concludedAt: '2025-10-10T02:00:00Z', confirmedAt: '2025-10-10T02:00:00Z' });
    const later = applyChange(next, { set: { status: 'not-confirmed' }, events: [] }, '2025-10-20T02:00:00Z');
    expect(later.milestones.concludedAt).toBe('2025-10-10T02:00:00Z');
  });
});

describe('the next due date with the procedure', () => {
  it('is the end of the statement period, then the objection period, once the report’s own limits are met', () => {
    const base = reportState({ status: 'investigating', receivedAt: '2025-09-26T02:00:00Z', milestones: { acknowledgedAt: '2025-09-26T02:00:00Z', firstReplyAt: '2025-09-26T02:00:00Z' } });
    const at = (day: string, procedure: CaseProcedure) => ({ ...base, procedure, lastChange: { ...base.lastChange, at: `${day}T02:00:00Z` } });
    expect(nextDue(at('2025-09-30', run(noticeServed).state))).toEqual({ next: '2025-10-14', label: '当事人陈述、申辩（第二十八条第一款）' });
    // 10-10 served: 10-11 (调休), 10-13 … 10-30 is the 15th working day; the plan is due on the 5th (10-16).
    expect(nextDue(at('2025-10-10', run(decisionServed).state))).toEqual({ next: '2025-10-16', label: '评价机构提交限期整改方案（第三十二条）' });
  });
});

describe('files a command refers to', () => {
  it('names every reference with its field, and nothing for commands without files', () => {
    const refs = (c: Record<string, unknown>) => fileRefsOf(procedureCommandSchema.parse(c));
    expect(refs({ type: 'serve', target: { partyId: 'p1', document: 'notice' }, method: 'electronic', servedOn: '2025-09-30', proofRefs: ['a', 'b'], consentRef: 'c' })).toEqual([
      { ref: 'a', field: 'proofRefs.0' },
      { ref: 'b', field: 'proofRefs.1' },
      { ref: 'c', field: 'consentRef' },
    ]);
    expect(refs(investigated[1]![2]).length).toBe(0); // the report's own evidence is checked by the procedure
    expect(refs({ type: 'record-investigation', partyId: 'p1', incidentDate: '2025-09-12', facts: ['x'], evidence: [{ source: 'staff', fileRef: 'f1', category: '询问笔录', description: 'x' }], ruleIds: [] })).toEqual([{ ref: 'f1', field: 'evidence.0.fileRef' }]);
    expect(refs({ type: 'record-waiver', partyId: 'p1', on: '2025-10-09', proofRef: 'w' })).toEqual([{ ref: 'w', field: 'proofRef' }]);
    expect(refs({ type: 'record-rectification-plan', partyId: 'p1', receivedOn: '2025-10-09', refs: ['r'] })).toEqual([{ ref: 'r', field: 'refs.0' }]);
    expect(refs({ type: 'draft-notice', partyId: 'p1', intendedDecision: 'x' })).toEqual([]);
  });
});

describe('what others learn', () => {
  it('tells the reporter the stages, never what was decided', () => {
    expect(publicSteps(run(noticeServed).state).map((s) => s.done)).toEqual([true, true, false, false]);
    expect(JSON.stringify(publicSteps(run(decisionServed).state))).not.toContain('警告');
  });

  it('tells the institution records who was decided on, under which rules, by which 文号', () => {
    const { events } = run(decisionServed);
    const served = events.flatMap((e) => decisionServedOf(e, { trackingCode: 'ABCD-EFGH-JKMN', route: { authority: 'district:minhang', reason: '' } }) ?? []);
    expect(served).toEqual([
      {
        caseId: 'ABCD-EFGH-JKMN',
        authority: 'district:minhang',
        partyId: 'p1',
        party: { kind: 'institution', name: '上海某某职业技能培训有限公司' },
        outcome: 'sanction',
        decision: '予以警告，限期整改。',
        ruleIds: ['SH2025-22-9'],
        decidedOn: '2025-10-09',
        servedOn: '2025-10-10',
        docNo: '闵人社处〔2025〕1号',
        incidentDate: '2025-09-12',
      },
    ]);
  });

  it('refuses a procedure beyond its bound with a 413 that says what to do', () => {
    const { state } = run(investigated);
    const huge = { ...state, parties: state.parties.map((p) => ({ ...p, investigation: { ...p.investigation!, facts: ['查'.repeat(90_000)] } })) };
    const error = (() => {
      try {
        procedureChange(reportState(), { state: huge, events: [] }, alice, '2025-09-26T02:00:00Z');
      } catch (e) {
        return e as DomainError;
      }
    })();
    expect(error).toMatchObject({ status: 413, code: 'procedure_too_large', message: expect.stringContaining('请精简') });
  });
});

describe('the documents renderer as bundled for Lambda', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'bundle-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('renders a PDF with only the bundle and the two font files beside it (no node_modules)', () => {
    const root = path.resolve(__dirname, '../..');
    const entry = path.join(work, 'entry.ts');
    writeFileSync(
      entry,
      `import { S3DocumentFiles } from ${JSON.stringify(path.join(root, 'functions/adapters/case-files'))};
import { caseFileSchema, contentFromCaseFile } from ${JSON.stringify(path.join(root, 'functions/core/documents/case-file'))};
import { readFileSync, writeFileSync } from 'node:fs';
const content = contentFromCaseFile(caseFileSchema.parse(JSON.parse(readFileSync(process.argv[2], 'utf8'))), 'decision');
const files = new S3DocumentFiles({} as never, 'bucket');
writeFileSync(process.argv[3], await files.render(content, 'pdf'));
writeFileSync(process.argv[3] + '.docx', await files.render(content, 'docx'));
`,
    );
    const out = path.join(work, 'bundle');
    // The same options infra/constructs/function-defaults.ts gives NodejsFunction.
    buildSync({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node24',
      mainFields: ['module', 'main'],
      outfile: `${out}/index.mjs`,
      logLevel: 'error',
      banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    });
    mkdirSync(path.join(out, 'fonts'));
    for (const file of ['400Regular/NotoSerifSC_400Regular.ttf', '700Bold/NotoSerifSC_700Bold.ttf']) {
      copyFileSync(createRequire(import.meta.url).resolve(`@expo-google-fonts/noto-serif-sc/${file}`), path.join(out, 'fonts', path.basename(file)));
    }
    const pdf = path.join(work, 'decision.pdf');
    execFileSync(process.execPath, [path.join(out, 'index.mjs'), path.join(root, 'docs/examples/case-institution.json'), pdf], { cwd: out, env: { PATH: process.env.PATH, DOCUMENT_FONTS_DIR: path.join(out, 'fonts') } });
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(text).toContain('技能人才评价违纪违规行为处理决定书');
    expect(readFileSync(`${pdf}.docx`).subarray(0, 2).toString()).toBe('PK');
  }, 60_000);
});
