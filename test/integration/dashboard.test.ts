import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileReport, freshStack } from '../support/local-stack';
import { signIn } from '../support/staff-client';

// The dashboard's API (one office, or for the municipal centre any office), the queue's signals, and exports
// with contact details only for the contact-access group, over HTTP against the local stack.

let stack: Awaited<ReturnType<typeof freshStack>>;
const codes: Record<string, string> = {};

beforeAll(async () => {
  stack = await freshStack();
  const reports = {
    first: { subjectType: 'institution', channel: 'advertising', institutionName: '上海浦江数智职业技能评价有限公司', description: '朋友圈广告说电子商务师证书包过，交钱就能拿证。', anonymous: false, contact: { name: '王五', phone: '13900000009' } },
    again: { subjectType: 'institution', channel: 'exam', institutionName: '浦江数智评价', description: '浦江数智在考场上让培训老师代替考评员打分，考生都看见了。', anonymous: true },
    health: { subjectType: 'institution', channel: 'exam', institutionName: '申城康护', description: '养老护理员考试的实操环节没有考评员在场，培训老师代打分。', anonymous: true },
    minhang: { subjectType: 'candidate', channel: 'exam', district: 'minhang', description: '考场里有人替考，监考老师没有核对身份证件就让他进去了。', anonymous: true },
  };
  for (const [key, report] of Object.entries(reports)) {
    const res = await fileReport(stack.url, report);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    codes[key] = res.body.trackingCode;
  }
});
afterAll(async () => stack?.dispose());

describe('the dashboard API', () => {
  it('answers an office its own figures, and refuses it another office’s', async () => {
    const minhang = await signIn(stack.url, 'minhang');
    const own = await minhang.get('/stats');
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ authority: 'district:minhang', total: 1, overdue: 0, views: [{ id: 'district:minhang', name: '上海市闵行区人力资源和社会保障局' }] });
    const other = await minhang.get('/stats?authority=district:pudong');
    expect(other.status).toBe(403);
    expect(other.body.error.message).toBe('只能查看本单位的统计');
    const bad = await minhang.get('/stats?authority=nowhere');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('单位不存在');
  });

  it('gives the municipal centre the city and each office, industry departments by their registry names', async () => {
    const municipal = await signIn(stack.url, 'municipal');
    const city = await municipal.get('/stats');
    expect(city.body.total).toBe(4);
    expect(city.body.repeatInstitutions).toEqual({ institutions: 1, reports: 2 });
    expect(city.body.byAuthority).toEqual(
      expect.arrayContaining([
        { id: 'industry:health', name: '上海市卫生健康委员会', count: 1 },
        { id: 'municipal', name: '上海市职业技能鉴定中心', count: 2 },
      ]),
    );
    expect(city.body.views.map((v: { id: string }) => v.id)).toContain('industry:health');
    const health = await municipal.get('/stats?authority=industry:health');
    expect(health.body).toMatchObject({ authority: 'industry:health', authorityName: '上海市卫生健康委员会', total: 1 });
    const none = await municipal.get('/stats?from=2001-01-01&to=2001-01-31');
    expect(none.body.total).toBe(0);
    expect((await municipal.get('/stats?from=2025-02-01&to=2025-01-01')).status).toBe(400);
  });

  it('flags likely duplicates in the queue and names each row’s office', async () => {
    const municipal = await signIn(stack.url, 'municipal');
    const queue = await municipal.get('/reports?pageSize=20');
    const row = (code: string) => queue.body.items.find((r: { trackingCode: string }) => r.trackingCode === code);
    expect(row(codes.again!).duplicate).toEqual({ of: codes.first, why: 'institution' });
    // Worked out when a report is filed: the earlier report carries none.
    expect(row(codes.first!).duplicate).toBeNull();
    expect(row(codes.minhang!).duplicate).toBeNull();
    expect(row(codes.health!).authorityName).toBe('上海市卫生健康委员会');
  });
});

describe('exports with contact details', () => {
  it('are refused without the contact-access group, and given with it, marked', async () => {
    const municipal = await signIn(stack.url, 'municipal');
    const refused = await municipal.post('/exports', { contacts: true });
    expect(refused.status).toBe(403);
    expect(refused.body.error.field).toBe('contacts');
    expect((await municipal.post('/exports', { contacts: 'yes' })).status).toBe(400);

    const lead = await signIn(stack.url, 'minhang-lead');
    expect((await lead.get('/me')).body.contactAccess).toBe(true);
    // Minhang has no named report; the lead's export still carries the marked columns.
    const started = await lead.post('/exports', { contacts: true });
    expect(started.status).toBe(202);
    let job = started.body;
    await expect.poll(async () => (job = (await lead.get(`/exports/${started.body.id}`)).body).status, { timeout: 20_000 }).toBe('done');
    expect(job.contacts).toBe(true);
    const csvFile = await fetch(job.links.csv);
    expect(decodeURIComponent(csvFile.headers.get('content-disposition') ?? '')).toContain('举报列表-含联系方式-');
    const csv = (await csvFile.text()).replace(/^\ufeff/, '');
    expect(csv.split('\n')[0]).toMatch(/举报人姓名（个人信息）,举报人电话（个人信息）,举报人邮箱（个人信息）$/);
  });
});

describe("a reporter's contact details on the report page", () => {
  it('are shown to the contact-access group only; others are told they were given', async () => {
    const filed = await fileReport(stack.url, { subjectType: 'candidate', channel: 'exam', district: 'minhang', description: '考场里有人用手机搜答案，监考老师看见了也不管。', anonymous: false, contact: { name: '赵六', phone: '13900000010' } });
    expect(filed.status).toBe(201);
    const code = filed.body.trackingCode;
    const plain = (await (await signIn(stack.url, 'minhang')).get(`/reports/${code}`)).body;
    expect(plain).not.toHaveProperty('contact');
    expect(plain.contactWithheld).toBe(true);
    expect(JSON.stringify(plain)).not.toContain('13900000010');
    const lead = (await (await signIn(stack.url, 'minhang-lead')).get(`/reports/${code}`)).body;
    expect(lead.contact).toEqual({ name: '赵六', phone: '13900000010' });
    expect(lead).not.toHaveProperty('contactWithheld');
  });
});
