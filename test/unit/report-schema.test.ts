import { describe, expect, it } from 'vitest';
import { firstError } from '../../functions/core/schemas/common';
import { evidenceRequestSchema, trackSchema } from '../../functions/core/schemas/evidence';
import { normalisePhone, reportInputSchema } from '../../functions/core/schemas/report';

const schema = reportInputSchema('2025-11-20');
const valid = {
  subjectType: 'institution',
  institutionName: '上海某某职业技能评价有限公司',
  district: 'minhang',
  occupation: '电工',
  level: '四级',
  incidentDate: '2025-10-12',
  channel: 'advertising',
  sourceUrl: 'https://example.com/ad/123',
  description: '朋友圈广告说高级电工证包过，考不过全额退款。',
  anonymous: true,
};

function errorOf(input: unknown) {
  const result = schema.safeParse(input);
  expect(result.success).toBe(false);
  return firstError(result.error!);
}

describe('report input schema', () => {
  it('accepts a full anonymous report and a minimal one', () => {
    expect(schema.parse(valid)).toMatchObject({ subjectType: 'institution', district: 'minhang', anonymous: true });
    const minimal = schema.parse({ subjectType: 'unknown', channel: 'other', description: '  考场上有人用耳机接收答案。  ', anonymous: true });
    expect(minimal.description).toBe('考场上有人用耳机接收答案。');
    expect(minimal.district).toBeUndefined();
  });

  it('drops contact details from an anonymous report', () => {
    const parsed = schema.parse({ ...valid, contact: { name: '张三', phone: '13800138000' } });
    expect(parsed).not.toHaveProperty('contact');
  });

  it('treats blank optional fields and 不清楚 as not given', () => {
    const parsed = schema.parse({ ...valid, institutionName: '  ', district: '', incidentDate: '', sourceUrl: '' });
    expect(parsed.institutionName).toBeUndefined();
    expect(parsed.district).toBeUndefined();
    expect(parsed.incidentDate).toBeUndefined();
  });

  it('requires name and phone or e-mail for a named report, and normalises the phone', () => {
    expect(errorOf({ ...valid, anonymous: false })).toMatchObject({ field: 'contact.name', message: expect.stringContaining('实名举报') });
    expect(errorOf({ ...valid, anonymous: false, contact: { name: '张三' } })).toMatchObject({ field: 'contact.phone', message: expect.stringContaining('手机号或邮箱') });
    const named = schema.parse({ ...valid, anonymous: false, contact: { name: ' 张三 ', phone: '+86 138 0013 8000' } });
    expect(named).toMatchObject({ contact: { name: '张三', phone: '13800138000' } });
    const byMail = schema.parse({ ...valid, anonymous: false, contact: { name: '李四', email: ' Li@Example.COM ' } });
    expect(byMail).toMatchObject({ contact: { email: 'li@example.com' } });
  });

  it.each([
    [{ description: '太短了' }, 'description', '至少 10 个字'],
    [{ description: '字'.repeat(5001) }, 'description', '最多 5000 个字'],
    [{ subjectType: 'teacher' }, 'subjectType', '请选择被举报的是谁'],
    [{ channel: 'tv' }, 'channel', '哪里看到'],
    [{ district: 'shanghai' }, 'district', '请从列表中选择'],
    [{ incidentDate: '2025-11-21' }, 'incidentDate', '不能晚于今天'],
    [{ incidentDate: '2025-02-30' }, 'incidentDate', '不是一个有效的日期'],
    [{ incidentDate: '12/10/2025' }, 'incidentDate', '年-月-日'],
    [{ sourceUrl: 'javascript:alert(1)' }, 'sourceUrl', 'http://'],
    [{ anonymous: 'yes' }, 'anonymous', '匿名举报还是实名举报'],
    [{ anonymous: false, contact: { name: '王五', phone: '12345678901' } }, 'contact.phone', '11 位数字'],
    [{ anonymous: false, contact: { name: '王五', email: 'not-an-email' } }, 'contact.email', '邮箱格式不对'],
  ])('refuses %j with a Chinese message on %s', (patch, field, words) => {
    const error = errorOf({ ...valid, ...patch });
    expect(error.field).toBe(field);
    expect(error.message).toContain(words);
  });

  it('names a missing required field', () => {
    const { description: _omit, ...rest } = valid;
    expect(errorOf(rest)).toMatchObject({ field: 'description', message: '请填写事情经过' });
  });
});

describe('phone numbers', () => {
  it.each([
    ['13800138000', '13800138000'],
    ['+86 139-1234-5678', '13912345678'],
    ['86 19912345678', '19912345678'],
    ['12800138000', undefined],
    ['1380013800', undefined],
    ['021-12345678', undefined],
  ])('%s → %s', (raw, expected) => expect(normalisePhone(raw)).toBe(expected));
});

describe('evidence request schema', () => {
  it('accepts photos up to 20 MB and videos up to 2 GB, mapping browser aliases', () => {
    expect(evidenceRequestSchema.parse({ fileName: 'ad.jpg', contentType: 'image/jpg', size: 20 * 1024 * 1024 }).contentType).toBe('image/jpeg');
    expect(evidenceRequestSchema.parse({ fileName: 'a.mov', contentType: 'video/quicktime', size: 2 * 1024 ** 3 }).contentType).toBe('video/quicktime');
  });

  it.each([
    [{ fileName: 'big.jpg', contentType: 'image/jpeg', size: 20 * 1024 * 1024 + 1 }, 'size', '照片不能超过 20 MB'],
    [{ fileName: 'huge.mp4', contentType: 'video/mp4', size: 2 * 1024 ** 3 + 1 }, 'size', '视频不能超过 2 GB'],
    [{ fileName: 'virus.exe', contentType: 'application/x-msdownload', size: 100 }, 'contentType', '不支持这种文件'],
    [{ fileName: 'empty.jpg', contentType: 'image/jpeg', size: 0 }, 'size', '文件是空的'],
    [{ fileName: '', contentType: 'image/jpeg', size: 10 }, 'fileName', '请填写文件名'],
  ])('refuses %j', (input, field, words) => {
    const result = evidenceRequestSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(firstError(result.error!)).toMatchObject({ field, message: expect.stringContaining(words) });
  });
});

describe('track schema', () => {
  it('requires both parts of the receipt', () => {
    const result = trackSchema.safeParse({ trackingCode: 'ABCD-EFGH-JKMN' });
    expect(firstError(result.error!)).toMatchObject({ field: 'secret', message: '请填写查询密码' });
  });
});
