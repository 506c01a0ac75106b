import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { SignJWT, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, freshStack } from '../support/local-stack';
import { signIn, staffClient } from '../support/staff-client';

// Staff case handling on the local stack, with tokens from the local OIDC issuer verified as Cognito's are.

let stack: Awaited<ReturnType<typeof freshStack>>;
let minhang: Awaited<ReturnType<typeof signIn>>;
let minhang2: Awaited<ReturnType<typeof signIn>>;
let pudong: Awaited<ReturnType<typeof signIn>>;
let municipal: Awaited<ReturnType<typeof signIn>>;
let admin: Awaited<ReturnType<typeof signIn>>;
let receipt: { trackingCode: string; secret: string; authority: string };

const adReport = {
  subjectType: 'institution',
  institutionName: '上海某某职业技能培训学校',
  district: 'minhang',
  channel: 'advertising',
  description: '朋友圈看到一家机构发广告：“高级电工证包过，考不过全额退款”，交钱就行不用去考场。',
  anonymous: true,
};

async function fileReport(body: object) {
  const res = await api(stack.url, '/api/reports', body, { 'Idempotency-Key': randomUUID() });
  expect(res.status).toBe(201);
  return res.body as typeof receipt;
}

beforeAll(async () => {
  stack = await freshStack();
  minhang = await signIn(stack.url, 'minhang');
  minhang2 = await signIn(stack.url, 'minhang2');
  pudong = await signIn(stack.url, 'pudong');
  municipal = await signIn(stack.url, 'municipal');
  admin = await signIn(stack.url, 'admin');
  receipt = await fileReport(adReport);
});
afterAll(async () => stack?.dispose());

describe('the authorisation matrix', () => {
  it('refuses calls without a valid token with 401, and a bad password at the issuer', async () => {
    const anonymous = staffClient(stack.url, undefined);
    expect((await anonymous.get('/reports')).status).toBe(401);
    const tampered = staffClient(stack.url, `${minhang.token!.slice(0, -4)}AAAA`);
    expect((await tampered.get('/reports')).status).toBe(401);
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT({ 'cognito:groups': ['municipal'] })
      .setProtectedHeader({ alg: 'ES256', kid: 'forged' })
      .setIssuer(`${stack.url}/local-oidc`)
      .setAudience('local-staff-console')
      .setSubject('mallory')
      .setExpirationTime('1h')
      .sign(privateKey);
    expect((await staffClient(stack.url, forged).get('/reports')).status).toBe(401);
    await expect(signIn(stack.url, 'minhang', 'wrong')).rejects.toThrow('401');
  });

  it('walks every staff endpoint with every role', async () => {
    const code = receipt.trackingCode;
    const stored = await stack.deps.store.get(code);
    const photo = await readFile(new URL('../fixtures/ad-screenshot.jpg', import.meta.url));
    const up = await api(stack.url, `/api/reports/${code}/evidence`, { fileName: 'ad.jpg', contentType: 'image/jpeg', size: photo.length }, { 'X-Report-Secret': receipt.secret });
    await fetch(up.body.upload.url, { method: 'PUT', headers: up.body.upload.headers, body: new Uint8Array(photo) });
    expect((await api(stack.url, `/api/reports/${code}/evidence/${up.body.evidenceId}/complete`, {}, { 'X-Report-Secret': receipt.secret })).status).toBe(200);
    // The image's text is read after the answer and changes the report: wait for it before acting on versions.
    await stack.textRead();
    const evidenceId = up.body.evidenceId as string;
    const csv = 'name,aliases,creditCode,district,authority,occupations,status\n上海测试评价有限公司,测试评价,91310000MA1TEST001,minhang,district:minhang,电工,active\n';

    const expected: Record<string, Record<string, number>> = {
      //                                  minhang pudong municipal admin
      'GET /me': { minhang: 200, pudong: 200, municipal: 200, admin: 200 },
      'GET /reports': { minhang: 200, pudong: 200, municipal: 200, admin: 200 },
      'GET /reports/:code': { minhang: 200, pudong: 404, municipal: 200, admin: 200 },
      'GET /reports/:code/evidence/:id': { minhang: 200, pudong: 404, municipal: 200, admin: 200 },
      'POST /reports/:code/actions': { minhang: 200, pudong: 404, municipal: 200, admin: 200 },
      'POST /reports/:code/triage': { minhang: 200, pudong: 404, municipal: 200, admin: 200 },
      'GET /registry': { minhang: 403, pudong: 403, municipal: 403, admin: 200 },
      'POST /registry/preview': { minhang: 403, pudong: 403, municipal: 403, admin: 200 },
      'POST /registry': { minhang: 403, pudong: 403, municipal: 403, admin: 200 },
    };
    const users = { minhang, pudong, municipal, admin };
    const actual: typeof expected = {};
    for (const endpoint of Object.keys(expected)) {
      actual[endpoint] = {};
      for (const [name, user] of Object.entries(users)) {
        const version = (await stack.deps.store.get(code))!.version;
        const res = await {
          'GET /me': () => user.get('/me'),
          'GET /reports': () => user.get('/reports'),
          'GET /reports/:code': () => user.get(`/reports/${code}`),
          'GET /reports/:code/evidence/:id': () => user.get(`/reports/${code}/evidence/${evidenceId}`),
          'POST /reports/:code/actions': () => user.act(code, version, { type: 'note', text: `${name} 的备注` }),
          'POST /reports/:code/triage': () => user.post(`/reports/${code}/triage`, { version }),
          'GET /registry': () => user.get('/registry'),
          'POST /registry/preview': () => user.post('/registry/preview', { csv }),
          'POST /registry': () => user.post('/registry', { csv }),
        }[endpoint]!();
        actual[endpoint]![name] = res.status;
        if (res.status === 404) expect(res.body.error.message).toBe('找不到这份举报，或它不归本单位办理');
      }
    }
    expect(actual).toEqual(expected);
    // Re-running triage keeps what it replaced on record.
    const rerun = (await minhang.get(`/reports/${code}`)).body.events.filter((e: { type: string }) => e.type === 'retriaged');
    expect(rerun.length).toBe(3);
    expect(rerun[0].data.previous.ruleIds).toContain('SH2025-22-9');
    expect(stored).toBeDefined();
    // Pudong's queue does not list Minhang's report; municipal's does.
    const codes = async (user: typeof minhang) => (await user.get('/reports')).body.items.map((i: { trackingCode: string }) => i.trackingCode);
    expect(await codes(pudong)).not.toContain(code);
    expect(await codes(municipal)).toContain(code);
    expect(await codes(minhang)).toContain(code);
  });

  it('opens evidence through a short-lived presigned GET', async () => {
    const report = (await minhang.get(`/reports/${receipt.trackingCode}`)).body;
    const photo = report.evidence.find((e: { fileName: string }) => e.fileName === 'ad.jpg');
    expect(photo).toMatchObject({ status: 'accepted', capturedAt: '2025-10-12T14:30:05', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(photo).not.toHaveProperty('key');
    // By default the display copy (no metadata); the original is opened with a reason (evidence-content.test.ts).
    const { body } = await minhang.get(`/reports/${receipt.trackingCode}/evidence/${photo.evidenceId}`);
    expect(body).toMatchObject({ copy: 'display', contentType: 'image/webp' });
    expect(new URL(body.url).searchParams.get('X-Amz-Expires')).toBe('300');
    const original = await minhang.post(`/reports/${receipt.trackingCode}/evidence/${photo.evidenceId}/original`, { reason: '核对拍摄时间' });
    expect(new URL(original.body.url).searchParams.get('X-Amz-Expires')).toBe('300');
    const file = await fetch(original.body.url);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer())).toEqual(await readFile(new URL('../fixtures/ad-screenshot.jpg', import.meta.url)));
  });
});

describe('statistics and export', () => {
  it('counts the authority’s own reports from its counters', async () => {
    const stats = (await minhang.get('/stats')).body;
    expect(stats.total).toBeGreaterThanOrEqual(1);
    expect(stats.byStatus).toEqual(expect.arrayContaining([expect.objectContaining({ name: '新收' })]));
    expect(stats.byRule[0]).toMatchObject({ name: 'SH2025-22-9' });
    expect((await pudong.get('/stats')).body.total).toBe(0);
  });

  it('exports the filtered queue as a job: CSV and XLSX files behind short-lived links, no contact details', async () => {
    const named = await fileReport({ ...adReport, anonymous: false, contact: { name: '张三丰', phone: '13800138000' } });
    const started = await minhang.post('/exports', { status: 'new' });
    expect(started.status).toBe(202);
    let job = started.body;
    await expect.poll(async () => (job = (await minhang.get(`/exports/${started.body.id}`)).body).status, { timeout: 20_000 }).toBe('done');
    expect(job.rows).toBeGreaterThanOrEqual(1);
    const csvFile = await fetch(job.links.csv);
    expect(csvFile.status).toBe(200);
    expect(csvFile.headers.get('content-disposition')).toContain('attachment');
    const bytes = Buffer.from(await csvFile.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // BOM: Excel then reads UTF-8
    const csv = bytes.subarray(3).toString('utf8');
    expect(csv.startsWith('查询码,收到时间（上海）,状态')).toBe(true);
    expect(csv).toContain(receipt.trackingCode);
    expect(csv).toContain(named.trackingCode);
    expect(csv).not.toContain('张三丰');
    expect(csv).not.toContain('13800138000');
    const xlsx = await fetch(job.links.xlsx);
    expect([...Buffer.from(await xlsx.arrayBuffer()).subarray(0, 2)]).toEqual([0x50, 0x4b]); // a zip: an Office Open XML file
    // Another authority cannot see the job.
    expect((await pudong.get(`/exports/${started.body.id}`)).status).toBe(404);
  });
});

describe('assigning', () => {
  it('assigns to a colleague of the same authority who has opened the console, and to no one else', async () => {
    const me = (await minhang2.get('/me')).body;
    expect((await minhang.get('/me')).body.colleagues).toEqual(expect.arrayContaining([{ id: me.id, name: me.name }]));
    const { version } = (await minhang.get(`/reports/${receipt.trackingCode}`)).body;
    const pudongUser = (await pudong.get('/me')).body;
    const refused = await minhang.act(receipt.trackingCode, version, { type: 'assign', assignee: { id: pudongUser.id, name: pudongUser.name } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('本单位');
    const done = await minhang.act(receipt.trackingCode, version, { type: 'assign', assignee: { id: me.id, name: me.name } });
    expect(done.status).toBe(200);
    expect(done.body.assignee).toEqual({ id: me.id, name: me.name });
  });
});

describe('concurrent edits', () => {
  it('lets one of two edits on the same version through and answers the other 409', async () => {
    const { version } = (await minhang.get(`/reports/${receipt.trackingCode}`)).body;
    const [a, b] = await Promise.all([
      minhang.act(receipt.trackingCode, version, { type: 'note', text: '甲的备注' }),
      minhang2.act(receipt.trackingCode, version, { type: 'note', text: '乙的备注' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.body.error.message).toContain('刷新');
    const events = (await minhang.get(`/reports/${receipt.trackingCode}`)).body.events.filter((e: { type: string }) => e.type === 'note');
    expect(events.filter((e: { text: string }) => e.text === '甲的备注' || e.text === '乙的备注')).toHaveLength(1);
  });
});

describe('from arrival to transfer (the issue’s “done when”)', () => {
  it('Minhang confirms the suggested rule, messages the reporter and transfers to Pudong; the reporter replies and adds a photo', async () => {
    const filed = await fileReport(adReport);
    const code = filed.trackingCode;
    const queue = (await minhang.get('/reports?status=new')).body;
    const row = queue.items.find((i: { trackingCode: string }) => i.trackingCode === code);
    expect(row).toMatchObject({ status: 'new', due: { next: expect.any(String) } });
    expect(row.ruleIds[0]).toBe('SH2025-22-9');

    let report = (await minhang.get(`/reports/${code}`)).body;
    expect(report.suggestions[0]).toMatchObject({ ruleId: 'SH2025-22-9', text: expect.stringContaining('包过'), matched: expect.arrayContaining([expect.stringContaining('包过')]) });
    const act = async (action: object) => {
      const res = await minhang.act(code, report.version, action);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      report = res.body;
    };
    await act({ type: 'status', status: 'investigating', reason: '受理，开始核查' });
    await act({ type: 'decide-rules', ruleIds: ['SH2025-22-9'] });
    await act({ type: 'message', text: '您好，请补充广告的截图，最好能看到发布账号和日期。' });
    const transfer = await minhang.act(code, report.version, { type: 'transfer', authority: 'district:pudong', reason: '该机构实际在浦东新区' });
    expect(transfer.body).toEqual({ trackingCode: code, version: report.version + 1, visible: false });

    expect((await minhang.get(`/reports/${code}`)).status).toBe(404);
    expect((await minhang.get('/reports')).body.items.map((i: { trackingCode: string }) => i.trackingCode)).not.toContain(code);
    const pudongView = (await pudong.get(`/reports/${code}`)).body;
    expect(pudongView).toMatchObject({ status: 'new', route: { authority: 'district:pudong' }, decision: { ruleIds: ['SH2025-22-9'] } });

    const full = { trackingCode: code, secret: filed.secret };
    const seen = (await api(stack.url, '/api/track', full)).body;
    expect(seen).toMatchObject({ authority: 'district:pudong', authorityName: '上海市浦东新区人力资源和社会保障局' });
    expect(seen.messages).toEqual([expect.objectContaining({ from: 'staff', text: '您好，请补充广告的截图，最好能看到发布账号和日期。' })]);
    expect(seen.timeline.map((t: { event: string }) => t.event)).toContain('转交上海市浦东新区人力资源和社会保障局办理');

    expect((await api(stack.url, `/api/reports/${code}/messages`, { text: '截图已补充。' }, { 'X-Report-Secret': full.secret })).status).toBe(201);
    const photo = await readFile(new URL('../fixtures/ad-screenshot.jpg', import.meta.url));
    const up = await api(stack.url, `/api/reports/${code}/evidence`, { fileName: '补充截图.jpg', contentType: 'image/jpeg', size: photo.length }, { 'X-Report-Secret': full.secret });
    await fetch(up.body.upload.url, { method: 'PUT', headers: up.body.upload.headers, body: new Uint8Array(photo) });
    expect((await api(stack.url, `/api/reports/${code}/evidence/${up.body.evidenceId}/complete`, {}, { 'X-Report-Secret': full.secret })).status).toBe(200);

    const after = (await pudong.get(`/reports/${code}`)).body;
    expect(after.messages.map((m: { from: string; text: string }) => `${m.from}:${m.text}`)).toEqual(['staff:您好，请补充广告的截图，最好能看到发布账号和日期。', 'reporter:截图已补充。']);
    expect(after.evidence.map((e: { fileName: string; status: string }) => `${e.fileName}:${e.status}`)).toEqual(['补充截图.jpg:accepted']);
  });

  it('routes by an imported registry from then on', async () => {
    const csv = 'name,aliases,creditCode,district,authority,occupations,status\n上海青松职业技能评价有限公司,青松评价,91310000MA1TEST009,qingpu,municipal,电工,suspended\n';
    const preview = (await admin.post('/registry/preview', { csv })).body;
    expect(preview).toMatchObject({ added: ['上海青松职业技能评价有限公司'], errors: [] });
    expect((await admin.post('/registry', { csv })).status).toBe(200);
    // Each API instance re-reads the registry at most once a minute; a restarted stack reads it at once.
    await stack.close();
    const restarted = await freshStack({ dataDir: stack.dataDir });
    stack = restarted;
    const res = await api(stack.url, '/api/reports', { ...adReport, institutionName: '青鬆評價', district: 'minhang' }, { 'Idempotency-Key': randomUUID() });
    expect(res.body).toMatchObject({ authority: 'municipal' });
    const stored = await stack.deps.store.get(res.body.trackingCode);
    expect(stored!.triage).toMatchObject({ registry: { name: '上海青松职业技能评价有限公司', status: 'suspended', flags: [expect.objectContaining({ code: 'suspended' })] } });
  });
});
