// One case per party type carried through the procedure of 细则第二十五至三十四条 on the local stack, through the
// staff API, with the working-day deadlines checked at each step; steps out of order refused; the issued PDFs
// read as a reader would (pdftotext) and a page rendered (pdftoppm); the case file unpacked and its manifest
// checked. The apps run on a clock the test moves (2025: 国庆+中秋 10-01 … 10-08 off, 09-28 and 10-11 worked).
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { objectionRightsSentence, statementRightsSentence } from '../../functions/core/documents/content';
import { decisionServedOf, PUBLIC_STEP_TEXTS } from '../../functions/core/procedure';
import { ruleById } from '../../functions/core/rules';
import { api, freshStack } from '../support/local-stack';
import { signIn } from '../support/staff-client';

const root = path.resolve(__dirname, '../..');
const pictures = path.join(root, 'test-results/procedure');
const work = mkdtempSync(path.join(tmpdir(), 'procedure-'));

let clock = new Date('2025-09-26T02:00:00Z');
const on = (day: string) => {
  clock = new Date(`${day}T02:00:00Z`); // 10:00 in Shanghai
};
let stack: Awaited<ReturnType<typeof freshStack>>;
let minhang: Awaited<ReturnType<typeof signIn>>;
let minhang2: Awaited<ReturnType<typeof signIn>>;
let pudong: Awaited<ReturnType<typeof signIn>>;
let municipal: Awaited<ReturnType<typeof signIn>>;
type Client = typeof minhang;

beforeAll(async () => {
  stack = await freshStack({ now: () => clock });
  minhang = await signIn(stack.url, 'minhang');
  minhang2 = await signIn(stack.url, 'minhang2');
  pudong = await signIn(stack.url, 'pudong');
  municipal = await signIn(stack.url, 'municipal');
  await minhang.get('/me');
  await minhang2.get('/me');
}, 60_000);
afterAll(async () => {
  await stack?.dispose();
  rmSync(work, { recursive: true, force: true });
});

const PDF_BYTES = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const PHOTO = readFileSync(path.join(root, 'test/fixtures/ad-screenshot.jpg'));

async function file(report: Record<string, unknown>) {
  const res = await api(stack.url, '/api/reports', report, { 'Idempotency-Key': randomUUID() });
  expect(res.status).toBe(201);
  return res.body as { trackingCode: string; secret: string };
}

/** The procedure view; `version` is the report's version the next command is sent with. */
async function view(client: Client, code: string) {
  const res = await client.get(`/reports/${code}/procedure`);
  expect(res.status).toBe(200);
  return res.body;
}

async function step(client: Client, code: string, command: Record<string, unknown>, status = 200) {
  const { version } = await view(client, code);
  const res = await client.post(`/reports/${code}/procedure/commands`, { version, command });
  expect(res.status, `${command.type}: ${JSON.stringify(res.body)}`).toBe(status);
  return res.body;
}

async function refused(client: Client, code: string, command: Record<string, unknown>, errorCode: string) {
  const before = await stack.deps.store.get(code);
  const { version } = await view(client, code);
  const res = await client.post(`/reports/${code}/procedure/commands`, { version, command });
  expect(res.status, JSON.stringify(res.body)).toBeGreaterThanOrEqual(400);
  expect(res.body.error.code).toBe(errorCode);
  expect(res.body.error.message).toMatch(/[\u4e00-\u9fff]/);
  expect((await stack.deps.store.get(code))!.version).toBe(before!.version); // nothing written
  return res.body.error as { code: string; message: string };
}

/** Uploads a file as staff through the evidence flow (presigned PUT, then complete) and answers its id. */
async function staffFile(client: Client, code: string, fileName: string, bytes: Buffer, contentType: string, category: string) {
  const created = await client.post(`/reports/${code}/files`, { fileName, contentType, size: bytes.length, category });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const put = await fetch(created.body.upload.url, { method: 'PUT', headers: created.body.upload.headers, body: new Uint8Array(bytes) });
  expect(put.status).toBe(200);
  const done = await client.post(`/reports/${code}/files/${created.body.evidenceId}/complete`, {});
  expect(done.status, JSON.stringify(done.body)).toBe(200);
  expect(done.body).toMatchObject({ status: 'accepted', category, sha256: createHash('sha256').update(bytes).digest('hex') });
  // An image's display copy lands on the report after the answer (see the first step).
  await stack.textRead();
  return created.body.evidenceId as string;
}

const period = (v: { deadlines: { partyId: string; kind: string; due: string; status: string }[] }, kind: string, partyId = 'p1') =>
  v.deadlines.find((d) => d.partyId === partyId && d.kind === kind);

async function download(client: Client, code: string, doc: string, format: 'pdf' | 'docx') {
  const link = await client.get(`/reports/${code}/procedure/documents/${doc}/file?format=${format}`);
  expect(link.status, JSON.stringify(link.body)).toBe(200);
  const bytes = Buffer.from(await (await fetch(link.body.url)).arrayBuffer());
  expect(createHash('sha256').update(bytes).digest('hex')).toBe(link.body.sha256);
  return { bytes, fileName: link.body.fileName as string };
}

const flat = (text: string) => text.replace(/\s+/g, '').replace(/—\d+—/g, '');
function pdfText(bytes: Buffer, name: string): string {
  const file = path.join(work, `${name}.pdf`);
  writeFileSync(file, bytes);
  return flat(execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }));
}

const notice = (partyId = 'p1') => ({ partyId, document: 'notice' });
const decision = (partyId = 'p1') => ({ partyId, document: 'decision' });

describe('an institution: notice, statement, decision, objection and review, rectification, referral, case file', () => {
  let code: string;
  let secret: string;
  let adPhoto: string;
  let inquiry: string;
  let mailProof: string;

  it('starts on a report the office holds, moving it to 核查中; another district cannot', async () => {
    on('2025-09-26');
    ({ trackingCode: code, secret } = await file({
      subjectType: 'institution',
      institutionName: '上海某某职业技能培训有限公司',
      district: 'minhang',
      channel: 'advertising',
      description: '朋友圈广告：“高级电工证包过，考不过全额退款”，交钱就行不用去考场。',
      anonymous: true,
    }));
    const up = await api(stack.url, `/api/reports/${code}/evidence`, { fileName: 'ad.jpg', contentType: 'image/jpeg', size: PHOTO.length }, { 'X-Report-Secret': secret });
    await fetch(up.body.upload.url, { method: 'PUT', headers: up.body.upload.headers, body: new Uint8Array(PHOTO) });
    expect((await api(stack.url, `/api/reports/${code}/evidence/${up.body.evidenceId}/complete`, {}, { 'X-Report-Secret': secret })).status).toBe(200);
    adPhoto = up.body.evidenceId;
    // The photo's display copy and text reading land on the report after the answer: wait for them, so the version
    // read next is the one the procedure's steps are checked against.
    await stack.textRead();

    const report = (await minhang.get(`/reports/${code}`)).body;
    expect((await pudong.post(`/reports/${code}/procedure`, { version: report.version })).status).toBe(404);
    // The municipal centre sees every case but documents go out in the handling office's name.
    const notOurs = await municipal.post(`/reports/${code}/procedure`, { version: report.version });
    expect(notOurs.status).toBe(403);
    expect(notOurs.body.error.code).toBe('not_handling_office');
    const started = await minhang.post(`/reports/${code}/procedure`, { version: report.version });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ started: true, status: 'investigating' });
    expect((await minhang.post(`/reports/${code}/procedure`, { version: started.body.version })).body.error.code).toBe('procedure_started');
    // The old status and close actions are the procedure's now.
    const act = await minhang.act(code, started.body.version, { type: 'status', status: 'confirmed', reason: '已查实' });
    expect(act.body.error.code).toBe('procedure_started');
  });

  it('adds the office’s own files through the evidence flow, private to staff', async () => {
    inquiry = await staffFile(minhang, code, '负责人询问笔录.pdf', PDF_BYTES, 'application/pdf', '询问笔录');
    mailProof = await staffFile(minhang, code, '邮寄回执.jpg', PHOTO, 'image/jpeg', '送达凭证');
    // A file that is not what it says is refused and deleted.
    const bad = await minhang.post(`/reports/${code}/files`, { fileName: 'x.pdf', contentType: 'application/pdf', size: PHOTO.length, category: '书证' });
    await fetch(bad.body.upload.url, { method: 'PUT', headers: bad.body.upload.headers, body: new Uint8Array(PHOTO) });
    expect((await minhang.post(`/reports/${code}/files/${bad.body.evidenceId}/complete`, {})).status).toBe(422);
    expect((await minhang.post(`/reports/${code}/files`, { fileName: 'x.exe', contentType: 'application/x-msdownload', size: 10, category: '书证' })).body.error.message).toContain('不支持这种文件');
    const files = (await view(minhang, code)).files.filter((f: { addedBy: string }) => f.addedBy === 'staff');
    expect(files.map((f: { category: string; status: string }) => `${f.category}:${f.status}`).sort()).toEqual(['书证:rejected', '询问笔录:accepted', '送达凭证:accepted']);
    expect((await municipal.get(`/reports/${code}/procedure`)).status).toBe(200);
    expect((await municipal.post(`/reports/${code}/files`, { fileName: 'a.pdf', contentType: 'application/pdf', size: 10, category: '书证' })).status).toBe(403);
  });

  it('records the investigation on the report’s evidence and the staff file; an unknown file is refused', async () => {
    await step(minhang, code, { type: 'add-party', party: { kind: 'institution', name: '上海某某职业技能培训有限公司', idNumber: '91310112MA1GXXXX0X', address: '上海市闵行区某某路100号' } });
    const investigation = {
      type: 'record-investigation',
      partyId: 'p1',
      incidentDate: '2025-09-12',
      facts: ['当事人自2025年9月12日起在微信朋友圈发布“高级电工证包过，考不过全额退款”的招生广告。'],
      evidence: [
        { source: 'report', evidenceId: adPhoto, description: '举报人提交的广告截图' },
        { source: 'staff', fileRef: inquiry, category: '询问笔录', description: '当事人负责人询问笔录' },
      ],
      reasons: '当事人以“包过”为卖点招揽参评人员。',
      ruleIds: ['SH2025-22-9'],
    };
    await refused(minhang, code, { ...investigation, evidence: [{ source: 'staff', fileRef: 'not-a-file', category: '书证', description: '?' }] }, 'file_unknown');
    const v = await step(minhang, code, investigation);
    expect(v.procedure.parties[0].investigation.ruleIds).toEqual(['SH2025-22-9']);
    expect((await minhang.get(`/reports/${code}`)).body.decision.ruleIds).toEqual(['SH2025-22-9']);
  });

  it('drafts the notice; its author cannot approve it; a second person does and the register gives the 文号', async () => {
    on('2025-09-29');
    await step(minhang, code, { type: 'draft-notice', partyId: 'p1', intendedDecision: '予以警告，责令限期整改，整改期间暂停评价活动。' });
    const draft = await fetch(`${stack.url}/api/staff/reports/${code}/procedure/documents/p1.notice/preview?format=pdf`, { headers: { authorization: `Bearer ${minhang.token}` } });
    expect(draft.status).toBe(200);
    expect(draft.headers.get('content-type')).toBe('application/pdf');
    expect(pdfText(Buffer.from(await draft.arrayBuffer()), 'notice-draft')).toContain('（草稿，未签发）');
    expect((await minhang.get(`/reports/${code}/procedure/documents/p1.notice/file?format=pdf`)).body.error.code).toBe('not_issued');
    await refused(minhang, code, { type: 'approve', target: notice() }, 'approver_is_author');
    const v = await step(minhang2, code, { type: 'approve', target: notice() });
    const doc = v.documents.find((d: { id: string }) => d.id === 'p1.notice');
    expect(doc).toMatchObject({ status: 'approved', approval: { docNo: '闵人社告〔2025〕1号', date: '2025-09-29', by: { id: 'local-minhang2' } } });
    expect(doc.issued.pdf.sha256).toMatch(/^[0-9a-f]{64}$/);
    const { bytes } = await download(minhang, code, 'p1.notice', 'pdf');
    const text = pdfText(bytes, 'institution-notice');
    expect(text).toContain(flat(ruleById('SH2025-22-9')!.text));
    expect(text).toContain(flat('当事人自2025年9月12日起在微信朋友圈发布'));
    expect(text).toContain(flat(statementRightsSentence({ kind: 'institution', name: '上海某某职业技能培训有限公司' }, 5, { person: '', phone: '', address: '上海市闵行区某某路1号（本地演示地址）' })));
    expect(text).toContain('闵人社告〔2025〕1号');
    await download(minhang, code, 'p1.notice', 'docx');
  });

  it('serves the notice with proof; the statement period runs from service over the holiday to 10-14', async () => {
    on('2025-09-30');
    await refused(minhang, code, { type: 'serve', target: notice(), method: 'mail', servedOn: '2025-09-30', proofRefs: [] }, 'proof_missing');
    const v = await step(minhang, code, { type: 'serve', target: notice(), method: 'mail', servedOn: '2025-09-30', proofRefs: [mailProof] });
    expect(period(v, 'statement')).toMatchObject({ countedFrom: '2025-09-30', workingDays: 5, due: '2025-10-14', status: 'running', workingDaysLeft: 5 });
    // Once the reporter has had the first reply, the office's next date is the end of the statement period.
    expect((await stack.deps.store.get(code))!.due).toMatchObject({ next: '2025-10-10', label: '首次答复' });
    const reply = await minhang.act(code, v.version, { type: 'message', text: '您的举报已受理，我们正在依法处理。' });
    expect(reply.status).toBe(200);
    expect((await stack.deps.store.get(code))!.due).toMatchObject({ next: '2025-10-14', label: '当事人陈述、申辩（第二十八条第一款）' });
  });

  it('refuses a decision before the notice’s period ended; takes the statement, its consideration, then the decision', async () => {
    on('2025-10-09');
    expect((await refused(minhang, code, { type: 'draft-decision', partyId: 'p1', outcome: 'sanction', decision: '予以警告。' }, 'statement_period_running')).message).toContain('2025-10-14');
    on('2025-10-11');
    await step(minhang, code, { type: 'record-statement', partyId: 'p1', submittedOn: '2025-10-10', receivedOn: '2025-10-11', channel: 'written', summary: '广告系员工个人所为，机构不知情。' });
    on('2025-10-13');
    await refused(minhang, code, { type: 'draft-decision', partyId: 'p1', outcome: 'sanction', decision: '予以警告。' }, 'statement_not_considered');
    await step(minhang2, code, { type: 'consider-statements', partyId: 'p1', conclusion: '广告以当事人名义发布，陈述申辩理由不成立，不予采纳。' });
    await step(minhang, code, { type: 'draft-decision', partyId: 'p1', outcome: 'sanction', decision: '对当事人予以警告，责令限期整改，整改期间暂停评价活动。' });
    await step(minhang, code, { type: 'edit-draft', target: decision(), patch: { reasons: '当事人以“包过”为卖点招揽参评人员，情节较重。' } });
    await refused(minhang, code, { type: 'approve', target: decision() }, 'approver_is_author');
    const v = await step(minhang2, code, { type: 'approve', target: decision() });
    expect(v.documents.find((d: { id: string }) => d.id === 'p1.decision').approval.docNo).toBe('闵人社处〔2025〕1号');
  });

  it('serves the decision: 已认定; 15 working days to object (to 11-04) and 5 for the rectification plan (to 10-21)', async () => {
    on('2025-10-14');
    const v = await step(minhang, code, { type: 'serve', target: decision(), method: 'direct', servedOn: '2025-10-14', proofRefs: [mailProof] });
    expect(v.status).toBe('confirmed');
    expect(period(v, 'objection')).toMatchObject({ due: '2025-11-04', workingDays: 15, status: 'running', workingDaysLeft: 15 });
    expect(period(v, 'rectificationPlan')).toMatchObject({ due: '2025-10-21', workingDays: 5, status: 'running' });
    const { bytes } = await download(minhang, code, 'p1.decision', 'pdf');
    const text = pdfText(bytes, 'institution-decision');
    expect(text).toContain(flat(ruleById('SH2025-22-9')!.text));
    expect(text).toContain(flat(objectionRightsSentence({ kind: 'institution', name: 'x' })));
    expect(text).toContain('广告系员工个人所为');
    // What the records of institutions and people learn (issue 11).
    const record = (await stack.deps.store.load(code))!;
    const served = record.events.map((e) => decisionServedOf(e, record)).filter(Boolean);
    expect(served).toEqual([
      expect.objectContaining({
        caseId: code,
        authority: 'district:minhang',
        party: expect.objectContaining({ kind: 'institution', name: '上海某某职业技能培训有限公司' }),
        outcome: 'sanction',
        ruleIds: ['SH2025-22-9'],
        decidedOn: '2025-10-13',
        servedOn: '2025-10-14',
        docNo: '闵人社处〔2025〕1号',
      }),
    ]);
    // …and do: the institution's record holds the 警告 its clause provides, citing the 文号, for its next case.
    const onRecord = await minhang.get(`/institutions/record?name=${encodeURIComponent('上海某某职业技能培训有限公司')}`);
    expect(onRecord.body.decisions).toEqual([
      expect.objectContaining({ decision: '警告', docNo: '闵人社处〔2025〕1号', decidedOn: '2025-10-13', source: 'procedure', reportCodes: [code], ruleIds: ['SH2025-22-9'] }),
    ]);
    // The page rendered, to look at: Chinese, not boxes.
    mkdirSync(pictures, { recursive: true });
    writeFileSync(path.join(pictures, 'institution-decision.pdf'), bytes);
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', path.join(pictures, 'institution-decision.pdf'), path.join(pictures, 'institution-decision')]);
  });

  it('takes the objection and the plan; the review is due in 15 working days (11-11); a second objection is refused', async () => {
    on('2025-10-21');
    let v = await step(minhang, code, { type: 'record-objection', partyId: 'p1', submittedOn: '2025-10-20', receivedOn: '2025-10-21', summary: '认为处理过重。' });
    expect(period(v, 'review')).toMatchObject({ due: '2025-11-11', owner: 'office', status: 'running' });
    expect(period(v, 'objection')).toMatchObject({ status: 'ended' });
    await refused(minhang, code, { type: 'record-objection', partyId: 'p1', submittedOn: '2025-10-21', receivedOn: '2025-10-21', summary: '再议' }, 'objection_exists');
    v = await step(minhang, code, { type: 'record-rectification-plan', partyId: 'p1', receivedOn: '2025-10-21', refs: [inquiry] });
    expect(period(v, 'rectificationPlan')).toMatchObject({ status: 'met' });
  });

  it('reviews (upheld), refers to 市场监管 with a 移送函, and refuses to close while rectification is open', async () => {
    on('2025-10-28');
    await step(minhang, code, { type: 'draft-review', partyId: 'p1', outcome: 'upheld', reasons: '事实清楚，证据确凿，处理适当。' });
    let v = await step(minhang2, code, { type: 'approve', target: { partyId: 'p1', document: 'review' } });
    expect(period(v, 'review')).toMatchObject({ status: 'met' });
    await step(minhang, code, { type: 'serve', target: { partyId: 'p1', document: 'review' }, method: 'direct', servedOn: '2025-10-28', proofRefs: [mailProof] });
    await step(minhang, code, { type: 'draft-referral', partyId: 'p1', to: 'market-regulation', recipient: '上海市闵行区市场监督管理局' });
    v = await step(minhang2, code, { type: 'approve', target: { referralId: 'r1' } });
    expect(v.documents.find((d: { id: string }) => d.id === 'r1').approval.docNo).toBe('闵人社移〔2025〕1号');
    on('2025-10-29');
    await step(minhang, code, { type: 'serve', target: { referralId: 'r1' }, method: 'mail', servedOn: '2025-10-29', proofRefs: [mailProof] });
    on('2025-11-05');
    expect((await refused(minhang, code, { type: 'close', summary: '已作出处理。' }, 'case_not_finished')).message).toContain('整改');
  });

  it('closes after rectification: 办结, and the case file is packed with a SHA-256 manifest', async () => {
    on('2025-11-20');
    await step(minhang, code, { type: 'record-rectification-completed', partyId: 'p1', on: '2025-11-20', verification: '已删除广告并整改完毕，经核查属实。', refs: [inquiry] });
    const v = await step(minhang, code, { type: 'close', summary: '予以警告，限期整改，已整改完毕；线索已移送市场监管部门。' });
    expect(v.status).toBe('closed');
    // A whole case (four documents, a statement, an objection, rectification) is a small part of the bound.
    console.log(`the institution's procedure at its close: ${(v.bytes / 1024).toFixed(1)} KB of ${v.maxBytes / 1024} KB`);
    expect(v.bytes).toBeLessThan(40 * 1024);
    let caseFile: { status: string; url?: string; sha256?: string; file?: { sha256: string } } = { status: 'queued' };
    for (let i = 0; i < 100 && caseFile.status !== 'done' && caseFile.status !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      caseFile = (await minhang.get(`/reports/${code}/procedure/case-file`)).body;
    }
    expect(caseFile.status).toBe('done');
    expect((await pudong.get(`/reports/${code}/procedure/case-file`)).status).toBe(404);
    const zip = Buffer.from(await (await fetch(caseFile.url!)).arrayBuffer());
    expect(createHash('sha256').update(zip).digest('hex')).toBe(caseFile.file!.sha256);
    const entries = unzipSync(new Uint8Array(zip));
    const names = Object.keys(entries);
    expect(names).toEqual(
      expect.arrayContaining([
        '01-卷内目录.txt',
        '02-文书/01-闵人社告〔2025〕1号处理事先告知书.pdf',
        '02-文书/02-闵人社处〔2025〕1号处理决定书.docx',
        '02-文书/03-闵人社复〔2025〕1号复核决定书.pdf',
        '02-文书/04-闵人社移〔2025〕1号移送函.pdf',
        '03-调查记录/调查记录.txt',
        '05-审计记录/审计记录.json',
        'SHA256SUMS.txt',
        'manifest.json',
      ]),
    );
    // Every file's hash in the manifest is the hash of what the zip holds; the evidence originals are the ones checked.
    const sums = strFromU8(entries['SHA256SUMS.txt']!).trim().split('\n').map((l) => l.split('  ') as [string, string]);
    for (const [hash, name] of sums) expect(createHash('sha256').update(entries[name]!).digest('hex'), name).toBe(hash);
    const record = (await stack.deps.store.load(code))!;
    const photoEntry = sums.find(([, name]) => name.startsWith('04-证据材料/举报人提交/'))!;
    expect(photoEntry[0]).toBe(record.evidence[adPhoto]!.sha256);
    expect(strFromU8(entries['05-审计记录/审计记录.txt']!)).toContain('审核签发处理决定书（闵人社处〔2025〕1号）');
    expect(strFromU8(entries['01-卷内目录.txt']!)).not.toContain('举报人：');
    // One archive per case.
    expect((await minhang.post(`/reports/${code}/procedure/case-file`, {})).body.error.code).toBe('case_file_exists');
  });

  it('tells the reporter the steps in plain words, never the decision’s content or the office’s files', async () => {
    const looked = await api(stack.url, '/api/track', { trackingCode: code, secret });
    expect(looked.status).toBe(200);
    const timeline = looked.body.timeline.map((t: { event: string }) => t.event);
    for (const text of [PUBLIC_STEP_TEXTS.investigation, PUBLIC_STEP_TEXTS.noticeServed, PUBLIC_STEP_TEXTS.decisionServed, PUBLIC_STEP_TEXTS.objection, PUBLIC_STEP_TEXTS.reviewServed, PUBLIC_STEP_TEXTS.closed]) {
      expect(timeline).toContain(text);
    }
    const all = JSON.stringify(looked.body);
    expect(all).not.toContain('对当事人予以警告');
    expect(all).not.toContain('广告系员工个人所为');
    expect(all).not.toContain('闵人社');
    expect(all).not.toContain('询问笔录');
    expect(all).not.toContain('市场监督管理局');
    expect(looked.body.evidence).toHaveLength(1);
    expect(looked.body.status).toBe('closed');
    expect(looked.body.procedure.steps.map((s: { done: boolean }) => s.done)).toEqual([true, true, true, true]);
  });
});

describe('a staff member (考评员): waiver, decision at once, 公安 referral, closing after the objection period', () => {
  let code: string;
  let photo: string;
  let waiver: string;

  it('carries the case to a served decision without waiting once the party waived in writing', async () => {
    on('2025-11-03');
    ({ trackingCode: code } = await file({ subjectType: 'examiner', institutionName: '上海某某职业技能评价有限公司', district: 'minhang', channel: 'exam', description: '考评员在实操考试中收钱给考生打高分。', anonymous: true }));
    const { version } = (await minhang2.get(`/reports/${code}`)).body;
    expect((await minhang2.post(`/reports/${code}/procedure`, { version })).status).toBe(201);
    photo = await staffFile(minhang2, code, '现场照片.jpg', PHOTO, 'image/jpeg', '现场照片');
    waiver = await staffFile(minhang2, code, '放弃陈述申辩声明.pdf', PDF_BYTES, 'application/pdf', '当事人材料');
    await step(minhang2, code, { type: 'add-party', party: { kind: 'examiner', name: '赵某', idNumber: '310000199001010000', institutionName: '上海某某职业技能评价有限公司' } });
    await step(minhang2, code, {
      type: 'record-investigation',
      partyId: 'p1',
      incidentDate: '2025-10-25',
      facts: ['当事人在2025年10月25日电工四级实操考试中收受考生财物，为其评定高分。'],
      evidence: [{ source: 'staff', fileRef: photo, category: '现场照片', description: '考场现场照片' }],
      ruleIds: ['SH2025-13-5'],
    });
    await step(minhang2, code, { type: 'draft-notice', partyId: 'p1', intendedDecision: '取消考评员资格。' });
    await refused(minhang2, code, { type: 'approve', target: notice() }, 'approver_is_author');
    // A serial given by hand that the register already holds is refused; a free one is taken.
    await refused(minhang, code, { type: 'approve', target: notice(), serial: 1 }, 'serial_taken');
    let v = await step(minhang, code, { type: 'approve', target: notice(), serial: 7 });
    expect(v.documents[0].approval.docNo).toBe('闵人社告〔2025〕7号');
    on('2025-11-04');
    v = await step(minhang2, code, { type: 'serve', target: notice(), method: 'direct', servedOn: '2025-11-04', proofRefs: [waiver] });
    expect(period(v, 'statement')).toMatchObject({ due: '2025-11-11', status: 'running' });
    on('2025-11-05');
    await step(minhang2, code, { type: 'record-waiver', partyId: 'p1', on: '2025-11-05', proofRef: waiver });
    v = await step(minhang2, code, { type: 'draft-decision', partyId: 'p1', outcome: 'sanction', decision: '取消当事人考评员资格。' });
    expect(period(v, 'statement')).toMatchObject({ status: 'ended' });
    await step(minhang, code, { type: 'approve', target: decision() });
    on('2025-11-06');
    v = await step(minhang2, code, { type: 'serve', target: decision(), method: 'direct', servedOn: '2025-11-06', proofRefs: [waiver] });
    // 11-07 … 11-27: 15 working days.
    expect(period(v, 'objection')).toMatchObject({ due: '2025-11-27', status: 'running' });
    expect(period(v, 'rectificationPlan')).toBeUndefined();
    const text = pdfText((await download(minhang2, code, 'p1.decision', 'pdf')).bytes, 'examiner-decision');
    expect(text).toContain(flat(ruleById('SH2025-13-5')!.text));
    expect(text).toContain('你于2025年11月5日书面表示放弃陈述、申辩的权利');
  });

  it('sends a 移送函 to 公安; cannot close before the objection period ends (11-27), closes on 11-28', async () => {
    await step(minhang2, code, { type: 'draft-referral', partyId: 'p1', to: 'police', recipient: '上海市公安局闵行分局' });
    await step(minhang, code, { type: 'approve', target: { referralId: 'r1' } });
    await step(minhang2, code, { type: 'serve', target: { referralId: 'r1' }, method: 'direct', servedOn: '2025-11-06', proofRefs: [waiver] });
    on('2025-11-27');
    expect((await refused(minhang2, code, { type: 'close', summary: '取消考评员资格，线索移送公安。' }, 'case_not_finished')).message).toContain('2025-11-27');
    on('2025-11-28');
    expect((await step(minhang2, code, { type: 'close', summary: '取消考评员资格，线索移送公安。' })).status).toBe('closed');
  });
});

describe('a candidate: the period lapses, the decision follows, a late objection is refused', () => {
  let code: string;
  let proof: string;

  it('waits for the statement period (to 11-11) before the decision, then decides', async () => {
    on('2025-11-03');
    ({ trackingCode: code } = await file({ subjectType: 'candidate', institutionName: '上海某某职业技能评价有限公司', district: 'minhang', channel: 'exam', description: '考生在理论考试中用手机搜答案。', anonymous: true }));
    const { version } = (await minhang.get(`/reports/${code}`)).body;
    await minhang.post(`/reports/${code}/procedure`, { version });
    proof = await staffFile(minhang, code, '送达回证.pdf', PDF_BYTES, 'application/pdf', '送达凭证');
    const record = await staffFile(minhang, code, '监考询问笔录.pdf', PDF_BYTES, 'application/pdf', '询问笔录');
    await step(minhang, code, { type: 'add-party', party: { kind: 'candidate', name: '吴某', institutionName: '上海某某职业技能评价有限公司' } });
    await step(minhang, code, {
      type: 'record-investigation',
      partyId: 'p1',
      incidentDate: '2025-10-18',
      facts: ['当事人在2025年10月18日电工四级理论考试中使用手机搜索答案，被监考考评员当场发现。'],
      evidence: [{ source: 'staff', fileRef: record, category: '询问笔录', description: '监考考评员询问笔录' }],
      ruleIds: ['SH2025-7-1'],
    });
    await step(minhang, code, { type: 'draft-notice', partyId: 'p1', intendedDecision: '取消当次全部科目评价成绩，当年不得参加技能评价。' });
    await step(minhang2, code, { type: 'approve', target: notice() });
    on('2025-11-04');
    await step(minhang, code, { type: 'serve', target: notice(), method: 'mail', servedOn: '2025-11-04', proofRefs: [proof] });
    on('2025-11-11');
    await refused(minhang, code, { type: 'draft-decision', partyId: 'p1', outcome: 'sanction', decision: '取消成绩。' }, 'statement_period_running');
    on('2025-11-12');
    const v = await step(minhang, code, { type: 'draft-decision', partyId: 'p1', outcome: 'sanction', decision: '取消当事人当次全部科目评价成绩，当年不得参加技能评价。' });
    expect(period(v, 'statement')).toMatchObject({ due: '2025-11-11', status: 'ended' });
    await step(minhang2, code, { type: 'approve', target: decision() });
    const served = await step(minhang, code, { type: 'serve', target: decision(), method: 'mail', servedOn: '2025-11-12', proofRefs: [proof] });
    expect(period(served, 'objection')).toMatchObject({ due: '2025-12-03', status: 'running' });
    expect(pdfText((await download(minhang, code, 'p1.decision', 'pdf')).bytes, 'candidate-decision')).toContain('你在规定期限内未提出陈述、申辩');
  });

  it('refuses an objection submitted after 15 working days, and closes', async () => {
    on('2025-12-05');
    const error = await refused(minhang, code, { type: 'record-objection', partyId: 'p1', submittedOn: '2025-12-04', receivedOn: '2025-12-05', summary: '不服。' }, 'objection_period_over');
    expect(error.message).toContain('2025-12-03');
    const v = await step(minhang, code, { type: 'close', summary: '取消当次全部科目成绩，当年不得参评。' });
    expect(v).toMatchObject({ status: 'closed', pending: [] });
    expect(period(v, 'objection')).toMatchObject({ status: 'ended' });
    expect((await stack.deps.store.get(code))!.due.next).toBeNull();
  });
});
