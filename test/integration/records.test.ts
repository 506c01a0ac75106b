import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoRecordsStore, ttlOf } from '../../functions/adapters/dynamo-records-store';
import { recordServedDecision } from '../../functions/core/records';
import { registryFromCsv } from '../../functions/core/registry';
import { SAMPLE_REGISTRY_CSV } from '../../functions/core/registry-sample';
import { LOCAL_TABLE } from '../../functions/local/aws-local';
import { fileReport, freshStack } from '../support/local-stack';
import { signIn } from '../support/staff-client';

// Institutions and people on record, on the local stack: decisions recorded by staff, the history the next
// report's triage is given, who may read a person's record and for how long, the registry status decisions put
// in force, one case from several reports (across districts for the municipal centre), and publication.
// The apps' clock stands at 2025-11-20 (Shanghai); the sample registry is in force.

let stack: Awaited<ReturnType<typeof freshStack>>;
let minhang: Awaited<ReturnType<typeof signIn>>;
let minhang2: Awaited<ReturnType<typeof signIn>>;
let pudong: Awaited<ReturnType<typeof signIn>>;
let municipal: Awaited<ReturnType<typeof signIn>>;

const MINHU = '上海闵湖美业职业技能评价有限公司'; // district:minhang in the sample registry
const QIHANG = '上海徐汇启航职业技能评价中心'; // district:xuhui

beforeAll(async () => {
  stack = await freshStack({ now: () => new Date('2025-11-20T02:00:00.000Z') });
  minhang = await signIn(stack.url, 'minhang');
  minhang2 = await signIn(stack.url, 'minhang2');
  pudong = await signIn(stack.url, 'pudong');
  municipal = await signIn(stack.url, 'municipal');
});
afterAll(async () => stack?.dispose());

async function file(body: Record<string, unknown>) {
  const res = await fileReport(stack.url, { channel: 'exam', anonymous: true, ...body });
  expect(res.status).toBe(201);
  return res.body.trackingCode as string;
}
const decide = (user: typeof minhang, body: Record<string, unknown>) => user.post('/decisions', body);

describe('an institution on record', () => {
  it('passes a 约谈 of the current 备案周期 to the triage of its next report, and records it once', async () => {
    const first = await decide(minhang, { party: { institutionName: '闵湖美业' }, decision: '约谈', ruleIds: ['SH2025-21-6'], decidedOn: '2025-03-10', docNo: '闵人社处〔2025〕3号' });
    expect(first.status).toBe(201);
    expect(first.body.record).toMatchObject({ party: { institutionName: MINHU }, cycle: { from: '2025-01-01', to: '2026-01-01' } });
    // The procedure's event delivered twice, or a second click: one record.
    const again = await decide(minhang, { party: { institutionName: MINHU }, decision: '约谈', ruleIds: ['SH2025-21-6'], decidedOn: '2025-03-10', docNo: '闵人社处〔2025〕3号' });
    expect(again.status).toBe(200);
    expect(again.body.record.id).toBe(first.body.record.id);

    const code = await file({ subjectType: 'institution', institutionName: '闵湖美业', incidentDate: '2025-11-10', description: '闵湖美业的考场组织很乱，监考老师不在，考生随意走动、交头接耳。' });
    const report = (await minhang.get(`/reports/${code}`)).body;
    expect(report.triage.history).toEqual([
      { party: { institutionName: MINHU, creditCode: '91310112SMPL000088' }, decision: '约谈', ruleId: 'SH2025-21-6', decidedOn: '2025-03-10', docNo: '闵人社处〔2025〕3号' },
    ]);
    // Beside the suggestions: the record, what counts and what triage was given.
    const record = (await minhang.get(`/reports/${code}/record`)).body;
    expect(record.institution).toMatchObject({ name: MINHU, inRegistry: true, cycle: { from: '2025-01-01' } });
    expect(record.decisions).toEqual([expect.objectContaining({ docNo: '闵人社处〔2025〕3号', standing: { counts: true }, passed: true })]);
    expect(record.notYetPassed).toBe(0);
    // The institution's page lists the decision in its cycle and the report.
    const page = (await minhang.get(`/institutions/record?name=${encodeURIComponent('闵湖美业')}`)).body;
    expect(page).toMatchObject({ name: MINHU, inRegistry: true, cycle: { from: '2025-01-01' } });
    expect(page.decisions).toEqual([expect.objectContaining({ decision: '约谈', inCurrentCycle: true })]);
    expect(page.reports.map((r: { trackingCode: string }) => r.trackingCode)).toContain(code);
  });

  it('does not pass a 约谈 of the previous 备案周期; a report without any record gets no history', async () => {
    await decide(minhang, { party: { institutionName: '启航评价中心' }, decision: '约谈', ruleIds: ['SH2025-21-6'], decidedOn: '2024-12-01', docNo: '徐人社处〔2024〕9号' });
    const code = await file({ subjectType: 'institution', institutionName: '启航评价中心', incidentDate: '2025-11-10', description: '启航评价中心考场组织很乱，监考老师不在，考生随意走动。' });
    const report = (await municipal.get(`/reports/${code}`)).body;
    expect(report.triage.registry.name).toBe(QIHANG);
    expect(report.triage).not.toHaveProperty('history');
    const record = (await municipal.get(`/reports/${code}/record`)).body;
    expect(record.decisions).toEqual([expect.objectContaining({ standing: { counts: false, why: '不在本次行为所在的备案周期（2025-01-01 起）内' }, passed: false })]);

    const none = await file({ subjectType: 'institution', institutionName: '织锦培训', incidentDate: '2025-11-10', description: '织锦培训的考场组织很乱，监考老师不在，考生随意走动。' });
    expect((await municipal.get(`/reports/${none}`)).body.triage).not.toHaveProperty('history');
  });

  it('puts a 警告 in force as 评价活动暂停 without a new registry version, and lifts it on 整改完成', async () => {
    const warned = await decide(minhang, { party: { institutionName: MINHU }, decision: '警告', ruleIds: ['SH2025-22-9'], decidedOn: '2025-11-12', docNo: '闵人社处〔2025〕15号', rectifyBy: '2025-12-12' });
    expect(warned.body.record.status).toBe('suspended');
    const found = (await minhang.get(`/institutions?q=${encodeURIComponent('闵湖')}`)).body.institutions;
    expect(found).toEqual([expect.objectContaining({ name: MINHU, status: 'suspended' })]);
    // Routing and triage see it on the next report.
    const code = await file({ subjectType: 'institution', institutionName: '闵湖美业', description: '闵湖美业还在照常组织考试，说包过。' });
    expect((await minhang.get(`/reports/${code}`)).body.triage.registry).toMatchObject({ status: 'suspended', flags: [expect.objectContaining({ code: 'suspended' })] });
    // A decision links only reports its office may see.
    const linked = await decide(pudong, { party: { institutionName: MINHU }, decision: '约谈', ruleIds: ['SH2025-21-6'], decidedOn: '2025-11-13', docNo: '浦人社处〔2025〕1号', reportCodes: [code.replaceAll('-', '').toLowerCase()] });
    expect(linked).toMatchObject({ status: 400, body: { error: { field: 'reportCodes' } } });
    // The registry's history keeps only imports (none here: the sample is in force); the page says why the status differs.
    const admin = await signIn(stack.url, 'admin');
    expect((await admin.get('/registry')).body).toMatchObject({ sample: true, history: [] });
    const page = (await minhang.get(`/institutions/record?name=${encodeURIComponent(MINHU)}`)).body;
    expect(page.registry.status).toBe('suspended');
    expect(page.statusOverlay).toMatchObject({ status: 'suspended', decision: '警告', docNo: '闵人社处〔2025〕15号' });

    await decide(minhang, { party: { institutionName: MINHU }, decision: '整改完成', decidedOn: '2025-11-19', docNo: '闵人社处〔2025〕18号' });
    expect((await minhang.get(`/institutions?q=${encodeURIComponent('闵湖')}`)).body.institutions[0].status).toBe('active');
  });
});

describe("the procedure's served decision", () => {
  it('is recorded once however often the event comes, and never with an 身份证件号码', async () => {
    const deps = { records: new DynamoRecordsStore(stack.clients.dynamo, LOCAL_TABLE), registry: async () => registryFromCsv(SAMPLE_REGISTRY_CSV), now: () => new Date('2025-11-20T02:00:00.000Z') };
    const served = {
      party: { kind: 'examiner' as const, name: '孙八', idNumber: '310101199001011234', institutionName: '闵湖美业' },
      decision: '通报批评' as const,
      ruleIds: ['SH2025-12-2'],
      decidedOn: '2025-11-15',
      docNo: '闵人社处〔2025〕17号',
      authority: 'district:minhang' as const,
      actor: { id: 'li', name: '闵行区人社局 李强' },
      reportCode: 'ABCD-EFGH-JKMN',
    };
    const first = await recordServedDecision(deps, served);
    const again = await recordServedDecision(deps, served);
    expect([first.created, again.created]).toEqual([true, false]);
    expect(again.record).toEqual(first.record);
    expect(first.record).toMatchObject({ source: 'procedure', party: { person: { name: '孙八', role: 'examiner', institutionName: MINHU } }, reportCodes: ['ABCD-EFGH-JKMN'] });
    expect(JSON.stringify(first.record)).not.toContain('310101199001011234');
    expect((await minhang.get(`/people?institution=${encodeURIComponent(MINHU)}&name=${encodeURIComponent('孙八')}`)).body.decisions).toHaveLength(1);
  });
});

describe('a person on record', () => {
  it('passes two 谈话提醒 of an examiner the report names; only the holding office reads the record', async () => {
    for (const [decidedOn, docNo] of [['2025-02-10', '闵湖〔2025〕1号'], ['2025-05-20', '闵湖〔2025〕2号']]) {
      const res = await decide(minhang, { party: { person: { name: '王建国', role: 'examiner', institutionName: '闵湖美业' } }, decision: '谈话提醒', ruleIds: ['SH2025-11-1'], decidedOn, docNo });
      expect(res.status).toBe(201);
    }
    const code = await file({ subjectType: 'examiner', institutionName: '闵湖美业', incidentDate: '2025-11-10', description: '闵湖美业的考评员王建国又迟到了半个小时，考生都在门口等。' });
    const report = (await minhang.get(`/reports/${code}`)).body;
    // The institution's 约谈 goes too (the engine decides which escalation a history bears on); the person's two:
    const aboutPeople = report.triage.history.filter((h: { party: { person?: unknown } }) => h.party.person);
    expect(aboutPeople.map((h: { decision: string; docNo: string }) => `${h.decision} ${h.docNo}`)).toEqual(['谈话提醒 闵湖〔2025〕1号', '谈话提醒 闵湖〔2025〕2号']);
    expect(aboutPeople[0].party).toEqual({ person: { name: '王建国', role: 'examiner', institutionName: MINHU } });

    const person = `/people?institution=${encodeURIComponent('闵湖美业')}&name=${encodeURIComponent('王建国')}`;
    expect((await minhang.get(person)).body.decisions).toHaveLength(2);
    expect((await pudong.get(person)).body.decisions).toEqual([]);
    // Municipal staff see the report, not Minhang's people's records beside it.
    const seenByMunicipal = (await municipal.get(`/reports/${code}/record`)).body;
    expect(seenByMunicipal).toMatchObject({ people: [], peopleHiddenFrom: 'district:minhang' });
    expect((await minhang.get(`/reports/${code}/record`)).body.people).toEqual([expect.objectContaining({ person: expect.objectContaining({ name: '王建国' }) })]);
  });

  it('is kept five years: TTL on every item, and a record past it is neither shown nor passed', async () => {
    const old = await decide(minhang, { party: { person: { name: '钱七', cardNo: 'KP-2020-0007', role: 'examiner', institutionName: MINHU } }, decision: '通报批评', ruleIds: ['SH2025-12-1'], decidedOn: '2020-06-01', docNo: '闵人社〔2020〕7号' });
    expect(old.body.record.retainUntil).toBe('2025-06-01');
    const { Item } = await stack.clients.dynamo.send(
      new GetItemCommand({ TableName: LOCAL_TABLE, Key: { pk: { S: `RECORD#PERSON#district:minhang#card:KP20200007` }, sk: { S: `D#2020-06-01#${old.body.record.id}` } } }),
    );
    expect(unmarshall(Item!).expiresAt).toBe(ttlOf('2025-06-01'));
    // DynamoDB removes it within days; until then no read returns it.
    expect((await minhang.get('/people?cardNo=KP-2020-0007')).body.decisions).toEqual([]);
    const code = await file({ subjectType: 'examiner', district: 'minhang', incidentDate: '2025-11-10', description: '考评员（证卡号 KP-2020-0007）考试时帮考生答题。' });
    expect((await stack.deps.store.get(code))!.route.authority).toBe('district:minhang');
    expect((await minhang.get(`/reports/${code}`)).body.triage).not.toHaveProperty('history');
  });

  it("records a candidate's 禁考 with its end date", async () => {
    const res = await decide(minhang, { party: { person: { name: '李四', role: 'candidate', institutionName: MINHU } }, decision: '禁考', ruleIds: ['SH2025-8-1'], decidedOn: '2025-06-15', docNo: '闵湖〔2025〕8号' });
    expect(res.body.record.ban).toEqual({ kind: '2-years', from: '2025-06-15', until: '2027-06-14' });
    expect((await decide(minhang, { party: { person: { name: '李四', role: 'candidate', institutionName: MINHU } }, decision: '禁考', ruleIds: ['SH2025-6-1'], decidedOn: '2025-06-15', docNo: 'x〔2025〕1号' })).body.error).toMatchObject({ field: 'ruleIds' });
  });
});

describe('one case from several reports', () => {
  const AD = '朋友圈看到广告：“高级电工证包过，考不过全额退款”，交3800元不用去考场，机构说可以直接拿证。';

  it('finds the same advertisement reported in two districts; the municipal centre merges them, records both, closes both', async () => {
    const inMinhang = await file({ channel: 'advertising', subjectType: 'institution', district: 'minhang', description: AD });
    const inPudong = await file({ channel: 'advertising', subjectType: 'institution', district: 'pudong', description: `我也看到了这条，${AD}` });
    // Minhang cannot see Pudong's report: it is not offered.
    expect((await minhang.get(`/reports/${inMinhang}/same-case`)).body.candidates.map((c: { trackingCode: string }) => c.trackingCode)).not.toContain(inPudong);
    const offered = (await municipal.get(`/reports/${inMinhang}/same-case`)).body;
    expect(offered.candidates[0]).toMatchObject({ trackingCode: inPudong, authority: 'district:pudong' });
    expect(offered.candidates[0].resemblance).toBeGreaterThanOrEqual(0.6);

    expect((await pudong.get(`/reports/${inMinhang}/same-case`)).status).toBe(404);
    expect((await pudong.get(`/reports/${inMinhang}/record`)).status).toBe(404);
    // Pudong itself cannot merge into a report it cannot see.
    const pudongVersion = (await stack.deps.store.get(inPudong))!.version;
    expect((await pudong.post(`/reports/${inPudong}/merge`, { version: pudongVersion, into: inMinhang, reason: '同一条广告' })).status).toBe(404);
    const merged = await municipal.post(`/reports/${inPudong}/merge`, { version: pudongVersion, into: inMinhang, reason: '同一条广告' });
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({ member: { caseOf: inMinhang, authority: 'district:minhang' }, primary: { mergedReports: [inPudong] } });
    expect((await pudong.get(`/reports/${inPudong}`)).status).toBe(404);
    const member = (await minhang.get(`/reports/${inPudong}`)).body;
    expect(member.events.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['merged-into', 'merged-public']));
    expect((await minhang.get(`/reports/${inMinhang}`)).body.events.at(-1)).toMatchObject({ type: 'merged', data: { member: inPudong, reason: '同一条广告' } });
    // Out of the due index: its deadlines are the primary's.
    expect((await minhang.get('/reports?sort=due')).body.items.map((i: { trackingCode: string }) => i.trackingCode)).not.toContain(inPudong);

    // Closing the primary closes the member, with the same outcome for its reporter.
    let version = (await stack.deps.store.get(inMinhang))!.version;
    for (const action of [
      { type: 'status', status: 'investigating', reason: '开始核查' },
      { type: 'status', status: 'not-confirmed', reason: '广告已删除，无法核实发布者' },
      { type: 'close', outcome: '经核查，广告已删除，无法核实发布机构，已提醒平台留意。' },
    ]) version = (await minhang.act(inMinhang, version, action)).body.version;
    expect(await stack.deps.store.get(inPudong)).toMatchObject({ status: 'closed', outcome: '经核查，广告已删除，无法核实发布机构，已提醒平台留意。' });
  });

  it('undoes a merge on both reports', async () => {
    const a = await file({ channel: 'advertising', subjectType: 'institution', district: 'minhang', description: AD });
    const b = await file({ channel: 'advertising', subjectType: 'institution', district: 'minhang', description: AD });
    const vb = (await stack.deps.store.get(b))!.version;
    expect((await minhang.post(`/reports/${b}/merge`, { version: vb, into: a, reason: '同一条广告' })).status).toBe(200);
    const again = (await stack.deps.store.get(b))!.version;
    expect((await minhang.post(`/reports/${b}/unmerge`, { version: again, reason: '发布者不同' })).body).toMatchObject({ from: a });
    expect((await stack.deps.store.get(b))!.caseOf).toBeUndefined();
    expect((await stack.deps.store.get(a))!.mergedReports).toEqual([]);
    expect((await minhang.get(`/reports/${a}`)).body.events.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['merged', 'unmerged']));
  });
});

describe('publication', () => {
  it('appears only after a second person approves it, and leaves the feed when withdrawn', async () => {
    const terminated = (await decide(minhang, { party: { institutionName: MINHU }, decision: '终止备案', ruleIds: ['SH2025-23-6'], decidedOn: '2025-11-18', docNo: '闵人社处〔2025〕21号' })).body.record;
    const feed = async () => (await fetch(`${stack.url}/api/publications`)).json() as Promise<{ items: { id: string; title: string; _publication: { docNo: string } }[] }>;
    expect((await pudong.post('/publications', { decisionId: terminated.id })).status).toBe(403);
    const draft = await minhang.post('/publications', { decisionId: terminated.id, summary: '考场秩序混乱，有组织舞弊。' });
    expect(draft.status).toBe(201);
    expect((await feed()).items).toEqual([]);
    expect((await minhang.post(`/publications/${draft.body.id}/approve`, { version: 1 })).body.error.code).toBe('approver_is_author');
    const approved = await minhang2.post(`/publications/${draft.body.id}/approve`, { version: 1 });
    expect(approved.body).toMatchObject({ status: 'published', approvedBy: { name: '闵行区人社局 李强' } });

    const res = await fetch(`${stack.url}/api/publications`);
    expect(res.headers.get('content-type')).toContain('application/feed+json');
    const published = (await res.json()) as Awaited<ReturnType<typeof feed>>;
    expect(published.items.map((i) => [i.title, i._publication.docNo])).toEqual([[`${MINHU} 终止备案`, '闵人社处〔2025〕21号']]);

    const withdrawn = await minhang.post(`/publications/${draft.body.id}/withdraw`, { version: approved.body.version, reason: '复核决定撤销了终止备案' });
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', withdrawn: { reason: '复核决定撤销了终止备案' } });
    expect((await feed()).items).toEqual([]);
    const entries = (await minhang.get('/publications')).body.publications;
    expect(entries[0].events.map((e: { type: string }) => e.type)).toEqual(['drafted', 'approved', 'withdrawn']);
    expect((await fetch(`${stack.url}/api/publications?cursor=bm9wZQ`)).status).toBe(400);
  });
});
