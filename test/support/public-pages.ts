// The public form as a user fills it in: located by labels and roles, one step at a time.
import type { Page } from 'playwright-core';

export interface ReportAnswers {
  channel: RegExp;
  sourceUrl?: string;
  description: string;
  incidentDate?: string;
  subject: RegExp;
  institutionName?: string;
  district?: string;
  occupation?: string;
  level?: string;
  files?: string[];
  anonymous: boolean;
  contact?: { name: string; phone?: string; email?: string };
}

export const BAOGUO_AD: ReportAnswers = {
  channel: /^广告或网络宣传 /,
  sourceUrl: 'https://example.com/moments/8823',
  description: '朋友圈广告：“高级电工证包过，考不过全额退款”，交 3800 元不用去考场，机构说可以直接拿证。',
  incidentDate: '2025-10-12',
  subject: /^评价机构 /,
  institutionName: '上海某某职业技能评价有限公司',
  district: '闵行区',
  occupation: '电工',
  level: '四级（中级工）',
  anonymous: true,
};

/** Called after each step is shown (step number, page): screenshots and axe runs hook in here. */
export type StepHook = (step: number, page: Page) => Promise<void>;

const next = (page: Page) => page.getByRole('button', { name: '下一步' }).click();

export async function fillReport(page: Page, a: ReportAnswers, onStep: StepHook = async () => undefined): Promise<void> {
  await page.getByRole('heading', { level: 2, name: '您看到了什么？' }).waitFor();
  await onStep(1, page);
  await page.getByRole('radio', { name: a.channel }).check();
  if (a.sourceUrl) await page.getByLabel('广告在哪个网址？').fill(a.sourceUrl);
  await page.getByLabel('请说说事情经过').fill(a.description);
  if (a.incidentDate) await page.getByLabel('大概是哪一天？').fill(a.incidentDate);
  await next(page);

  await page.getByRole('heading', { level: 2, name: '在哪里？是谁？' }).waitFor();
  await onStep(2, page);
  await page.getByRole('radio', { name: a.subject }).check();
  if (a.institutionName) await page.getByLabel('机构或培训学校的名称').fill(a.institutionName);
  if (a.district) await page.getByLabel('在上海哪个区？').selectOption({ label: a.district });
  if (a.occupation) await page.getByLabel('职业（工种）').fill(a.occupation);
  if (a.level) await page.getByLabel('等级').selectOption({ label: a.level });
  await next(page);

  await page.getByRole('heading', { level: 2, name: '有照片、截图或视频吗？' }).waitFor();
  if (a.files?.length) {
    await page.getByLabel('选择照片或视频').setInputFiles(a.files);
    await page.getByRole('list', { name: '已选择的文件' }).getByRole('listitem').nth(a.files.length - 1).waitFor();
  }
  await onStep(3, page);
  await next(page);

  await page.getByRole('heading', { level: 2, name: '匿名还是实名？' }).waitFor();
  await page.getByRole('radio', { name: a.anonymous ? /^匿名举报 / : /^实名举报 / }).check();
  if (a.contact) {
    await page.getByLabel('您的姓名').fill(a.contact.name);
    if (a.contact.phone) await page.getByLabel('手机号', { exact: true }).fill(a.contact.phone);
    if (a.contact.email) await page.getByLabel('邮箱', { exact: true }).fill(a.contact.email);
  }
  await onStep(4, page);
}

export interface ShownReceipt {
  trackingCode: string;
  secret: string;
}

/** The code and secret as /receipt/ shows them. */
export async function readReceipt(page: Page): Promise<ShownReceipt> {
  await page.waitForURL('**/receipt/');
  await page.getByRole('heading', { level: 1, name: '举报已提交' }).waitFor();
  const trackingCode = (await page.locator('#tracking-code').textContent())?.trim() ?? '';
  const secret = (await page.locator('#secret').textContent())?.trim() ?? '';
  return { trackingCode, secret };
}

/** Look a report up on /track/ by typing the receipt in, as someone who saved it would. */
export async function lookUp(page: Page, base: string, receipt: ShownReceipt): Promise<void> {
  await page.goto(`${base}/track/`);
  await page.getByLabel('查询码').fill(receipt.trackingCode);
  await page.getByLabel('查询密码', { exact: true }).fill(receipt.secret);
  await page.getByRole('button', { name: '查询', exact: true }).click();
}
