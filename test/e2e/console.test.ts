// The office's view: the statistics dashboard with seeded reports (its numbers checked against a count made here
// from the stored reports), the queue's signals, the review of suggested clauses, industry departments by name,
// the Excel export opened with a reader, and every console page on a 390×844 phone (overflow, axe, screenshots)
// and a 1280×800 laptop.
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DISTRICT_NAMES, SUBJECT_TYPE_NAMES, type District } from '../../functions/core/ids';
import { STATUS_NAMES, type ReportState } from '../../functions/core/report';
import { SAMPLE_REGISTRY_CSV } from '../../functions/core/registry-sample';
import { CHANNEL_NAMES } from '../../functions/core/schemas/report';
import { LOCAL_TABLE } from '../../functions/local/aws-local';
import { AxeLog, describeFindings, newContext, poll, snap, startE2E, watchConsole, type AxeFinding, type Viewport } from '../support/browser';
import { api, fileReport } from '../support/local-stack';
import { signIn } from '../support/staff-client';
import { fillIssuerLogin, openAction, staffSignIn } from '../support/staff-pages';

let env: Awaited<ReturnType<typeof startE2E>>;
let base: string;
const axe = new AxeLog('console');
const serious: AxeFinding[] = [];
const problems: string[] = [];
const filed: Record<string, { trackingCode: string; secret: string }> = {};

// A registry of the sample's institutions and three of the test's own: a suspended one and an industry
// department named only here (the authorityName column).
const REGISTRY = `${SAMPLE_REGISTRY_CSV.trimEnd()}
上海闵西测试职业技能评价有限公司,闵西测试评价,91310112TEST000011,minhang,district:minhang,电工|育婴员,suspended,
上海杏林测试护理职业技能评价站,杏林测试,52310112TEST000022,minhang,industry:elderly-care,养老护理员,active,上海市民政局
`;

const NEAR_A = '考场里监考老师收了考生的手机以后又把手机发回来，允许大家边看手机边答题，整个考场没有人制止。';
const NEAR_B = '考场里监考老师收了考生的手机以后又把手机发回来，允许大家边看手机边答题，整个考场都没有人制止。';

const REPORTS: Record<string, Record<string, unknown>> = {
  suspendedAd: { subjectType: 'institution', channel: 'advertising', institutionName: '闵西测试评价', district: 'minhang', description: '朋友圈广告说电工证包过，交钱就能拿证，不用去考场考试。', anonymous: true },
  suspendedExam: { subjectType: 'institution', channel: 'exam', institutionName: '上海闵西测试职业技能评价有限公司', district: 'minhang', description: '这家机构在暂停期间仍然组织育婴员考试，考场里有二十多个人。', anonymous: false, contact: { name: '张三', phone: '13800000001' } },
  nearA: { subjectType: 'candidate', channel: 'exam', district: 'minhang', description: NEAR_A, anonymous: true },
  nearB: { subjectType: 'candidate', channel: 'exam', district: 'minhang', description: NEAR_B, anonymous: false, contact: { name: '李四', email: 'lisi@example.com' } },
  pudong: { subjectType: 'examiner', channel: 'certificate', district: 'pudong', description: '考评员私下收钱帮人改分数，证书上的成绩和实际考试不一样。', anonymous: true },
  industry: { subjectType: 'institution', channel: 'other', institutionName: '杏林测试', description: '养老护理员考试的实操环节没有考评员在场，全部由培训老师代为打分。', anonymous: true },
  staffOther: { subjectType: 'staff', channel: 'other', district: 'minhang', description: '评价机构的工作人员把理论考试的题目和答案提前发到了微信群里。', anonymous: true },
  supervisor: { subjectType: 'supervisor', channel: 'exam', district: 'minhang', description: '质量督导员整场考试都在玩手机，没有巡查考场，也没有记录。', anonymous: true },
};

async function storedStates(): Promise<ReportState[]> {
  const states: ReportState[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await env.stack.clients.dynamo.send(
      new ScanCommand({ TableName: LOCAL_TABLE, FilterExpression: 'sk = :s', ExpressionAttributeValues: { ':s': { S: 'STATE' } }, ExclusiveStartKey: start as never }),
    );
    states.push(...(page.Items ?? []).map((i) => unmarshall(i) as ReportState));
    start = page.LastEvaluatedKey;
  } while (start);
  return states;
}

/** What the dashboard should say about these reports, counted here from their stored states (not from counters). */
function expectedFigures(states: ReportState[], today: string) {
  const tally = (name: (s: ReportState) => string) => {
    const out: Record<string, number> = {};
    for (const s of states) out[name(s)] = (out[name(s)] ?? 0) + 1;
    return out;
  };
  const confirmed = states.filter((s) => s.milestones.confirmedAt).length;
  const notConfirmed = states.filter((s) => !s.milestones.confirmedAt && (s.status === 'not-confirmed' || (s.status === 'closed' && s.milestones.concludedAt))).length;
  const institution = (s: ReportState) => ((s.triage?.registry as { name?: string } | undefined)?.name ?? s.institutionName ?? '').replace(/^上海市?|有限公司$/g, '');
  const perInstitution = tally(institution);
  delete perInstitution[''];
  const repeats = Object.values(perInstitution).filter((n) => n >= 2);
  const sunday = new Date(`${today}T00:00:00Z`);
  sunday.setUTCDate(sunday.getUTCDate() + ((7 - sunday.getUTCDay()) % 7));
  const weekEnd = sunday.toISOString().slice(0, 10);
  const open = states.filter((s) => s.status !== 'closed' && s.due.next);
  return {
    total: states.length,
    byStatus: tally((s) => STATUS_NAMES[s.status]),
    bySubject: tally((s) => SUBJECT_TYPE_NAMES[s.subjectType]),
    byDistrict: tally((s) => (s.district ? DISTRICT_NAMES[s.district as District] : '未填写')),
    byChannel: tally((s) => CHANNEL_NAMES[s.channel]),
    confirmedShare: confirmed + notConfirmed ? `${((confirmed / (confirmed + notConfirmed)) * 100).toFixed(1)}%` : '—',
    repeat: `${repeats.length} 家`,
    repeatReports: repeats.reduce((a, b) => a + b, 0),
    overdue: open.filter((s) => s.due.next! < today).length,
    dueThisWeek: open.filter((s) => s.due.next! >= today && s.due.next! <= weekEnd).length,
  };
}

/** A distribution table of the dashboard as {name: count}. */
async function tableCounts(page: Page, id: string): Promise<Record<string, number>> {
  const rows = page.locator(`#t-${id} tbody tr`);
  const out: Record<string, number> = {};
  for (const row of await rows.all()) out[(await row.locator('th').textContent())!.trim()] = Number(await row.locator('td').first().textContent());
  return out;
}

const figureText = async (page: Page, id: string) => (await page.locator(`#k-${id} .value`).textContent())!.trim();

async function look(page: Page, name: string, viewport: Viewport) {
  await snap(page, name, viewport); // on the phone this also fails on anything wider than the screen
  serious.push(...(await axe.check(page, `${name} (${viewport})`)));
}

const todayShanghai = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date());

beforeAll(async () => {
  env = await startE2E();
  base = env.stack.url;
  const admin = await signIn(base, 'admin');
  const imported = await admin.post('/registry', { csv: REGISTRY });
  expect(imported.status, JSON.stringify(imported.body)).toBe(200);
  expect(imported.body.unnamedAuthorities).toEqual([]);
  for (const [key, report] of Object.entries(REPORTS)) {
    const res = await fileReport(base, report);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    filed[key] = res.body;
  }
  // Minhang works some of its reports: one confirmed and closed, one not confirmed, one answered (and replied to).
  const minhang = await signIn(base, 'minhang');
  const act = async (key: string, action: unknown) => {
    const code = filed[key]!.trackingCode;
    const { body } = await minhang.get(`/reports/${code}`);
    const res = await minhang.act(code, body.version, action);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  };
  await act('nearA', { type: 'status', status: 'investigating', reason: '开始核查考场情况' });
  await act('nearA', { type: 'decide-rules', ruleIds: ['SH2025-22-9'] });
  await act('nearA', { type: 'status', status: 'confirmed', reason: '核查属实' });
  await act('nearA', { type: 'close', outcome: '已核实，已对有关人员作出处理。' });
  await act('staffOther', { type: 'status', status: 'investigating', reason: '核查题目外泄' });
  await act('staffOther', { type: 'status', status: 'not-confirmed', reason: '没有证据表明题目外泄' });
  await act('supervisor', { type: 'message', text: '请补充督导员的姓名或工号，以及考试的日期。' });
  const reply = await api(base, `/api/reports/${filed.supervisor!.trackingCode}/messages`, { text: '督导员工号是 D-1024，考试在上周六上午。' }, { 'X-Report-Secret': filed.supervisor!.secret });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
});

afterAll(async () => {
  await axe.write();
  await env?.dispose();
});

describe('the office’s view', () => {
  for (const viewport of ['desktop', 'phone'] as const) {
    it(`shows Minhang's dashboard on the ${viewport}, its numbers equal to a count of the stored reports, filterable by date`, async () => {
      const context = await newContext(env.browser, viewport);
      try {
        const page = await context.newPage();
        problems.push(...watchConsole(page));
        await staffSignIn(page, base, 'minhang', '/staff/stats/');
        await page.getByRole('heading', { level: 1, name: /^统计/ }).waitFor();
        await page.locator('#t-status').waitFor();
        // The charts are drawn: a canvas with pixels for each distribution.
        await poll(() => page.locator('.chart canvas').count()).toBeGreaterThanOrEqual(6);

        const states = (await storedStates()).filter((s) => s.route.authority === 'district:minhang');
        const want = expectedFigures(states, todayShanghai());
        expect(want.total).toBe(6);
        expect(await figureText(page, 'total')).toBe(`${want.total} 件`);
        expect(await tableCounts(page, 'status')).toEqual(want.byStatus);
        expect(await tableCounts(page, 'subject')).toEqual(want.bySubject);
        expect(await tableCounts(page, 'district')).toEqual(want.byDistrict);
        expect(await tableCounts(page, 'channel')).toEqual(want.byChannel);
        expect(await figureText(page, 'confirmed')).toBe(want.confirmedShare);
        expect(want.confirmedShare).toBe('50.0%');
        expect(await figureText(page, 'repeat')).toBe(want.repeat);
        expect(await page.locator('#k-repeat .sub').textContent()).toContain(`共 ${want.repeatReports} 件`);
        expect(await figureText(page, 'overdue')).toBe(`${want.overdue} 件`);
        expect(await figureText(page, 'due-week')).toBe(`${want.dueThisWeek} 件`);
        const weeks = await tableCounts(page, 'week');
        expect(Object.values(weeks).reduce((a, b) => a + b, 0)).toBe(want.total);
        // Minhang sees only its own office: no municipal choice of office.
        expect(await page.locator('#s-authority-field').isHidden()).toBe(true);
        await look(page, 'staff-stats', viewport);

        // A range with nothing in it, then today.
        await page.getByLabel('收到日期 从').fill('2001-01-01');
        await page.getByLabel('到', { exact: true }).fill('2001-12-31');
        await page.getByRole('button', { name: '查看' }).click();
        await poll(() => figureText(page, 'total')).toBe('0 件');
        expect(page.url()).toContain('from=2001-01-01');
        expect(await page.locator('#charts').getByText('这段时间没有数据。').count()).toBeGreaterThan(0);
        await page.getByRole('button', { name: '近 30 天' }).click();
        await poll(() => figureText(page, 'total')).toBe(`${want.total} 件`);
        expect(new URL(page.url()).searchParams.get('to')).toBe(todayShanghai());
        // Printable: the print stylesheet hides the console around the figures and shows what was printed.
        await page.emulateMedia({ media: 'print' });
        expect(await page.locator('#stats-filters').isHidden()).toBe(true);
        expect(await page.locator('#stats-printed').textContent()).toContain('闵行区');
        await page.screenshot({ path: `test-results/screenshots/staff-stats-print-${viewport}.png`, fullPage: true });
        await page.emulateMedia({ media: 'screen' });
      } finally {
        await context.close();
      }
      expect(serious, describeFindings(serious)).toEqual([]);
    });
  }

  it('gives the municipal centre the whole city and each office, industry departments by their registry names', async () => {
    const context = await newContext(env.browser, 'desktop');
    try {
      const page = await context.newPage();
      problems.push(...watchConsole(page));
      await staffSignIn(page, base, 'municipal', '/staff/stats/');
      await page.locator('#t-authority').waitFor();
      const states = await storedStates();
      const want = expectedFigures(states, todayShanghai());
      expect(await figureText(page, 'total')).toBe(`${want.total} 件`);
      expect(await tableCounts(page, 'status')).toEqual(want.byStatus);
      const byAuthority = await tableCounts(page, 'authority');
      expect(byAuthority).toEqual({ 上海市闵行区人力资源和社会保障局: 6, 上海市浦东新区人力资源和社会保障局: 1, 上海市民政局: 1 });
      expect(await page.locator('main').textContent()).not.toMatch(/industry:|行业主管部门（/);
      await look(page, 'staff-stats-municipal', 'desktop');
      // One office: Pudong's figures.
      await page.getByLabel('单位', { exact: true }).selectOption({ label: '上海市浦东新区人力资源和社会保障局' });
      await page.getByRole('button', { name: '查看' }).click();
      await poll(() => figureText(page, 'total')).toBe('1 件');
      expect(await tableCounts(page, 'subject')).toEqual({ 考评人员: 1 });
      expect(await page.locator('#stats-authority').textContent()).toBe('上海市浦东新区人力资源和社会保障局');

      // The industry department's report: its name on the staff report page and on the reporter's look-up.
      await page.goto(`${base}/staff/report/?code=${encodeURIComponent(filed.industry!.trackingCode)}`);
      await poll(() => page.locator('#r-authority').textContent()).toBe('上海市民政局');
      expect(await page.locator('#report').textContent()).not.toMatch(/industry:|行业主管部门（/);
      const tracked = await api(base, '/api/track', filed.industry);
      expect(tracked.body.authorityName).toBe('上海市民政局');
      expect(JSON.stringify(tracked.body.timeline)).toContain('上海市民政局');
      expect(JSON.stringify(tracked.body)).not.toMatch(/行业主管部门（/);
    } finally {
      await context.close();
    }
    expect(serious, describeFindings(serious)).toEqual([]);
  });

  it('signals replies, registry flags and likely duplicates in the queue, as cards on the phone', async () => {
    const context = await newContext(env.browser, 'phone');
    try {
      const page = await context.newPage();
      problems.push(...watchConsole(page));
      await staffSignIn(page, base, 'minhang');
      await page.locator('#queue-status').filter({ hasText: /共 \d+ 件/ }).waitFor();
      const card = (key: string) => page.locator('#queue-rows tr').filter({ has: page.locator(`td.code > a:text-is("${filed[key]!.trackingCode}")`) });
      expect(await card('suspendedAd').locator('.signals').textContent()).toContain('名录：机构评价活动暂停');
      // The signal is the later report's, worked out when it was filed.
      expect(await card('suspendedAd').locator('.signals').textContent()).not.toContain('可能重复');
      expect(await card('suspendedExam').locator('.signals').textContent()).toContain(`可能重复：同一机构，见 ${filed.suspendedAd!.trackingCode}`);
      expect(await card('nearB').locator('.signals').textContent()).toContain(`可能重复：内容几乎相同，见 ${filed.nearA!.trackingCode}`);
      expect(await card('supervisor').locator('.signals').textContent()).toContain('举报人已回复');
      expect(await card('staffOther').locator('.signals').count()).toBe(0);
      // A card, not a table row: the header row is not shown and each value says what it is.
      expect(await page.locator('.queue-table thead').boundingBox().then((b) => (b?.height ?? 0) <= 1)).toBe(true);
      const box = await card('supervisor').boundingBox();
      expect(box!.width).toBeLessThanOrEqual(390);
      expect(box!.height).toBeLessThan(330);
      // The filters are folded away on the phone, and open on a tap.
      const panel = page.locator('#filter-panel');
      expect(await panel.evaluate((d: HTMLDetailsElement) => d.open)).toBe(false);
      await look(page, 'staff-queue', 'phone');
      await page.getByText('更多筛选条件').click();
      await page.getByLabel('机构名称').waitFor();
      await look(page, 'staff-queue-filters', 'phone');
    } finally {
      await context.close();
    }
    expect(serious, describeFindings(serious)).toEqual([]);
  });

  it('asks staff to tick the clauses they confirm, with the matched words beside each, saying where a match came from', async () => {
    for (const viewport of ['desktop', 'phone'] as const) {
      const context = await newContext(env.browser, viewport);
      try {
        const page = await context.newPage();
        problems.push(...watchConsole(page));
        await staffSignIn(page, base, 'minhang', `/staff/report/?code=${encodeURIComponent(filed.suspendedAd!.trackingCode)}`);
        await page.getByRole('heading', { level: 1, name: `举报 ${filed.suspendedAd!.trackingCode}` }).waitFor();
        await openAction(page, '确认违规条款');
        const boxes = page.locator('#rule-choices input[type="checkbox"]');
        await poll(() => boxes.count()).toBeGreaterThan(0);
        for (const box of await boxes.all()) expect(await box.isChecked()).toBe(false);
        const first = page.locator('#rule-choices .rule-choice').first();
        expect(await first.locator('.matched').textContent()).toMatch(/^匹配词语：“.+”/);
        expect(await first.locator('.matched').textContent()).toContain('包过');
        // The words the engine took from the institution-name field say so, beside the clause that quotes them (which
        // clause that is depends on the model) and in the legend.
        const fromNameField = page.locator('#rule-choices .rule-choice .matched').filter({ hasText: '取自机构名称栏' });
        expect(await fromNameField.first().textContent()).toContain('“闵西测试评价”（取自机构名称栏，不是举报内容）');
        expect(await page.locator('#r-legend').textContent()).toContain('“闵西测试评价” 取自机构名称栏');
        // The registry match came from the institution-name field, and the page says so.
        expect(await page.locator('#r-flags').textContent()).toContain('按举报人填写的机构名称栏匹配');
        // Nothing ticked, nothing confirmed: the officer is told to choose.
        await page.getByRole('button', { name: '确认条款' }).click();
        await page.locator('#act-rules .form-result').filter({ hasText: '请至少选择一条违规条款' }).waitFor();
        if (viewport === 'phone') {
          // One readable column, the actions a thumb's reach away at the bottom of the screen.
          const bar = page.getByRole('navigation', { name: '办理操作快捷入口' });
          const barBox = await bar.boundingBox();
          expect(barBox!.y + barBox!.height).toBeGreaterThan(844 - 2);
          await page.locator('#act-rules summary').click(); // fold it again
          await bar.getByRole('link', { name: '留言' }).click();
          await poll(() => page.locator('#act-message').evaluate((d: HTMLDetailsElement) => d.open)).toBe(true);
          const main = await page.locator('.report-main').boundingBox();
          const side = await page.locator('.report-side').boundingBox();
          expect(Math.abs(main!.x - side!.x)).toBeLessThan(2); // one column
        }
        await look(page, 'staff-report-review', viewport);
      } finally {
        await context.close();
      }
    }
    expect(serious, describeFindings(serious)).toEqual([]);
  });

  it('exports Excel with typed cells and Shanghai times; contact details only for the contact-access role, marked', async () => {
    const context = await newContext(env.browser, 'desktop', { acceptDownloads: true });
    try {
      const page = await context.newPage();
      problems.push(...watchConsole(page));
      // Without the role: no choice of contact details, and the API refuses them.
      await staffSignIn(page, base, 'minhang');
      await page.locator('#queue-status').filter({ hasText: /共 \d+ 件/ }).waitFor();
      expect(await page.locator('#f-contacts-label').isHidden()).toBe(true);
      const plain = await signIn(base, 'minhang');
      const refused = await plain.post('/exports', { contacts: true });
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toContain('联系方式');

      await staffSignIn(page, base, 'minhang-lead');
      await page.locator('#queue-status').filter({ hasText: /共 \d+ 件/ }).waitFor();
      await page.getByLabel(/含举报人联系方式/).check();
      await page.getByRole('button', { name: '导出（Excel / CSV）' }).click();
      const xlsxLink = page.getByRole('link', { name: 'Excel 文件（.xlsx）' });
      await xlsxLink.waitFor({ timeout: 30_000 });
      expect(await page.locator('#export-status').textContent()).toContain('含举报人联系方式');
      const xlsx = Buffer.from(await (await fetch((await xlsxLink.getAttribute('href'))!)).arrayBuffer());
      const csv = await (await fetch((await page.getByRole('link', { name: 'CSV 文件' }).getAttribute('href'))!)).text();

      const book = new ExcelJS.Workbook();
      await book.xlsx.load(xlsx as unknown as ArrayBuffer);
      expect(book.worksheets.map((w) => w.name)).toEqual(['举报（含联系方式）', '统计']);
      const sheet = book.worksheets[0]!;
      const header = (sheet.getRow(1).values as unknown[]).slice(1);
      expect(header).toEqual([
        '查询码', '收到时间（上海）', '状态', '办理单位', '被举报对象', '机构名称', '所在区', '主要条款', '是否已认定', '承办人', '下一期限', '是否超期', '证据文件数', '事情经过',
        '举报人姓名（个人信息）', '举报人电话（个人信息）', '举报人邮箱（个人信息）',
      ]);
      const col = (name: string) => header.indexOf(name) + 1;
      expect(sheet.getRow(1).getCell(col('举报人电话（个人信息）')).fill).toMatchObject({ type: 'pattern', pattern: 'solid' });
      const states = (await storedStates()).filter((s) => s.route.authority === 'district:minhang');
      expect(sheet.rowCount - 1).toBe(states.length);
      for (let r = 2; r <= sheet.rowCount; r++) {
        const row = sheet.getRow(r);
        const state = states.find((s) => s.trackingCode === row.getCell(1).value)!;
        expect(state, `row ${r}`).toBeDefined();
        // The receipt time as the Shanghai wall clock, typed as a date.
        const received = row.getCell(col('收到时间（上海）')).value as Date;
        expect(received).toBeInstanceOf(Date);
        const shanghai = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' }).format(new Date(state.receivedAt));
        expect(received.toISOString().slice(0, 16).replace('T', ' ')).toBe(shanghai);
        expect(row.getCell(col('收到时间（上海）')).numFmt).toBe('yyyy-mm-dd hh:mm');
        expect(row.getCell(col('证据文件数')).value).toBe(0);
        expect(row.getCell(col('是否已认定')).value).toBe(state.decision ? '是' : '否');
        if (state.due.next) expect((row.getCell(col('下一期限')).value as Date).toISOString().slice(0, 10)).toBe(state.due.next);
        expect(row.getCell(col('举报人电话（个人信息）')).value ?? '').toBe(state.anonymous ? '' : (state.contact?.phone ?? ''));
        expect(row.getCell(col('举报人姓名（个人信息）')).value ?? '').toBe(state.anonymous ? '' : state.contact!.name);
      }
      const figures = book.worksheets[1]!;
      const cells = figures.getSheetValues().slice(2).map((v) => (v as unknown[]).slice(1));
      expect(cells[0]![0]).toBe('注意');
      expect(String(cells[0]![1])).toContain('举报人联系方式');
      const line = (group: string, name: string) => cells.find((c) => c[0] === group && String(c[1]).startsWith(name))?.[2];
      expect(line('期间', '最早 至 今天')).toBe(states.length);
      expect(line('比例', '已认定')).toBe(0.5);
      expect(line('重复被举报的机构', '机构数')).toBe(1);
      expect(line('状态', '办结')).toBe(states.filter((s) => s.status === 'closed').length);

      // The CSV: the same rows, Shanghai times as text.
      const lines = csv.replace(/^\ufeff/, '').trim().split('\n');
      expect(lines[0]).toContain('举报人电话（个人信息）');
      expect(lines).toHaveLength(states.length + 1);
      const one = states[0]!;
      const shanghai = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' }).format(new Date(one.receivedAt));
      expect(lines.find((l) => l.startsWith(one.trackingCode))).toContain(`,${shanghai},`);
    } finally {
      await context.close();
    }
  });

  it('shows every console page on a 390×844 phone within its width, axe clean', async () => {
    const context = await newContext(env.browser, 'phone');
    try {
      const page = await context.newPage();
      problems.push(...watchConsole(page));
      await page.goto(`${base}/staff/`);
      await page.getByRole('button', { name: '登录', exact: true }).waitFor();
      await look(page, 'staff-signin', 'phone');
      await page.getByRole('button', { name: '登录', exact: true }).click();
      await page.getByLabel('用户名').waitFor();
      await look(page, 'staff-issuer-login', 'phone');
      await page.getByLabel('用户名').fill('minhang');
      await page.getByLabel('密码').fill('wrong-password');
      await page.getByRole('button', { name: '登录', exact: true }).click();
      await page.getByRole('alert').filter({ hasText: '用户名或密码不正确' }).waitFor();
      await look(page, 'staff-issuer-login-error', 'phone');
      await fillIssuerLogin(page, 'municipal');
      await page.locator('#user-box').waitFor({ state: 'visible' });
      await page.locator('#queue-status').filter({ hasText: /共 \d+ 件/ }).waitFor();
      await look(page, 'staff-queue-municipal', 'phone');
      await page.goto(`${base}/staff/report/?code=${encodeURIComponent(filed.suspendedExam!.trackingCode)}`);
      await page.getByRole('heading', { level: 1, name: `举报 ${filed.suspendedExam!.trackingCode}` }).waitFor();
      await look(page, 'staff-report', 'phone');
      await page.goto(`${base}/staff/stats/`);
      await page.locator('#t-authority').waitFor();
      await poll(() => page.locator('.chart canvas').count()).toBeGreaterThanOrEqual(7);
      await look(page, 'staff-stats-municipal', 'phone');
      await page.goto(`${base}/staff/callback/?error=access_denied`);
      await page.getByRole('heading', { level: 1, name: '登录没有完成' }).waitFor();
      await look(page, 'staff-callback-error', 'phone');

      await staffSignIn(page, base, 'admin', '/staff/registry/');
      await page.getByLabel('名录内容（CSV）').waitFor();
      await look(page, 'staff-registry', 'phone');
      await page.goto(`${base}/staff/calendar/`);
      await page.getByRole('heading', { level: 1, name: '工作日历' }).waitFor();
      await page.locator('#cal-app').waitFor();
      await look(page, 'staff-calendar', 'phone');
      await page.goto(`${base}/staff/desks/`);
      await page.getByRole('heading', { level: 1, name: '热线坐席' }).waitFor();
      await page.locator('#desk-app').waitFor();
      await look(page, 'staff-desks', 'phone');
    } finally {
      await context.close();
    }
    expect(serious, describeFindings(serious)).toEqual([]);
  });

  it('no script errors or CSP violations on the way', () => {
    expect(problems).toEqual([]);
  });
});
