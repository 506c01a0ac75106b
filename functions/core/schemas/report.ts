import * as z from 'zod';
import { DISTRICT_IDS, SUBJECT_TYPES } from '../ids';
import { shanghaiDate } from '../deadlines';
import { optionalText, text } from './common';

export const CHANNELS = ['exam', 'advertising', 'certificate', 'other'] as const;
/** How a hotline desk took the report: only desks (with their key) may file with these. */
export const DESK_CHANNELS = ['phone', 'hotline'] as const;
export type Channel = (typeof CHANNELS)[number] | (typeof DESK_CHANNELS)[number];
export const CHANNEL_NAMES: Record<Channel, string> = {
  exam: '考场',
  advertising: '广告或网络宣传',
  certificate: '证书',
  other: '其他',
  phone: '电话',
  hotline: '12345热线',
};

export const DESCRIPTION_MIN = 10;
export const DESCRIPTION_MAX = 5000;

/** Mainland mobile: 11 digits starting 1[3-9]; spaces, dashes and a +86 prefix are accepted. */
export function normalisePhone(raw: string): string | undefined {
  const digits = raw.replace(/[\s\-()（）]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, '');
  return /^1[3-9]\d{9}$/.test(digits) ? digits : undefined;
}

const phone = z
  .string()
  .trim()
  .transform((raw, ctx) => {
    const normalised = normalisePhone(raw);
    if (!normalised) {
      ctx.addIssue({ code: 'custom', message: '手机号应为 11 位数字，以 13–19 开头（可带 +86）' });
      return z.NEVER;
    }
    return normalised;
  });

const email = z.string().trim().toLowerCase().pipe(z.email({ error: '邮箱格式不对，例如 name@example.com' }));

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

export const contactSchema = z
  .object({
    name: text('您的姓名').trim().min(1, { error: '请填写您的姓名' }).max(50, { error: '姓名最多 50 个字' }),
    phone: z.preprocess(blankToUndefined, phone.optional()),
    email: z.preprocess(blankToUndefined, email.optional()),
  })
  .refine((c) => c.phone || c.email, { error: '请留下手机号或邮箱中的至少一项，方便工作人员联系您', path: ['phone'] });

const isoDate = /^\d{4}-\d{2}-\d{2}$/;
function isRealDate(value: string): boolean {
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** The hotline's own reference for a report it filed (工单号), kept with the report and read back by it. */
const hotlineTicket = z
  .string({ error: '工单号应为文字' })
  .trim()
  .regex(/^[A-Za-z0-9-]{4,40}$/, { error: '工单号应为 4–40 位字母、数字或连字符' });

/**
 * The report a member of the public files (API.md “File a report”). `today` is Shanghai's date. A hotline desk
 * (`desk: true`) may also say it took the report by phone or on 12345, with its 工单号.
 */
export function reportInputSchema(today: string = shanghaiDate(new Date()), options: { desk?: boolean } = {}) {
  const channels = options.desk ? ([...CHANNELS, ...DESK_CHANNELS] as const) : CHANNELS;
  return z
    .object({
      subjectType: z.enum(SUBJECT_TYPES, { error: '请选择被举报的是谁（评价机构、考评人员、考生等，不清楚也可以选“不清楚”）' }),
      institutionName: optionalText('机构名称', 100),
      district: z.preprocess(
        (v) => (v === '' || v === 'unknown' ? undefined : v),
        z.enum(DISTRICT_IDS, { error: '请从列表中选择所在的区，不清楚可以不选' }).optional(),
      ),
      occupation: optionalText('职业（工种）', 50),
      level: optionalText('等级', 20),
      incidentDate: z.preprocess(
        blankToUndefined,
        z
          .string({ error: '发生日期应为 年-月-日 格式，例如 2025-10-12' })
          .regex(isoDate, { error: '发生日期应为 年-月-日 格式，例如 2025-10-12' })
          .refine(isRealDate, { error: '发生日期不是一个有效的日期，请检查月份和日子' })
          .refine((d) => d <= today, { error: '发生日期不能晚于今天' })
          .optional(),
      ),
      channel: z.enum(channels, { error: options.desk ? '来源应为 exam、advertising、certificate、other、phone 或 hotline' : '请选择您是在哪里看到的：考场、广告或网络宣传、证书或其他' }),
      hotlineTicket: options.desk ? hotlineTicket.optional() : z.undefined({ error: '只有热线坐席可以填写工单号' }).optional(),
      sourceUrl: z.preprocess(
        blankToUndefined,
        z
          .string({ error: '网址应为文字' })
          .trim()
          .max(2000, { error: '网址太长了（最多 2000 个字符）' })
          .refine((u) => /^https?:\/\/\S+$/i.test(u) && URL.canParse(u), { error: '网址应以 http:// 或 https:// 开头，可以直接从浏览器地址栏复制' })
          .optional(),
      ),
      description: text('事情经过')
        .trim()
        .min(DESCRIPTION_MIN, { error: `请把事情经过写得具体一些（至少 ${DESCRIPTION_MIN} 个字）` })
        .max(DESCRIPTION_MAX, { error: `事情经过最多 ${DESCRIPTION_MAX} 个字，可以把更多内容放在证据材料里` }),
      anonymous: z.boolean({ error: '请选择匿名举报还是实名举报' }),
      contact: contactSchema.optional(),
    })
    .superRefine((r, ctx) => {
      if (!r.anonymous && !r.contact) {
        ctx.addIssue({ code: 'custom', path: ['contact', 'name'], message: '实名举报请填写您的姓名，以及手机号或邮箱' });
      }
    })
    // An anonymous report keeps no contact details, even if the form sent some.
    .transform(({ contact, ...r }) => (r.anonymous ? r : { ...r, contact }));
}

export type ReportInput = z.infer<ReturnType<typeof reportInputSchema>>;
