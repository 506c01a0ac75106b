import * as z from 'zod';
import { SUBJECT_TYPES } from '../ids';

// Field schemas with Chinese messages, shared by CASE.json and the procedure's commands.

export const words = (label: string, max = 2000) =>
  z
    .string({ error: (i) => (i.input === undefined ? `请填写${label}` : `${label}应为文字`) })
    .trim()
    .min(1, { error: `请填写${label}` })
    .max(max, { error: `${label}最多 ${max} 个字` });

export const date = (label: string) =>
  z.iso.date({ error: (i) => (i.input === undefined ? `请填写${label}` : `${label}应为有效日期，格式 YYYY-MM-DD`) });

export const partySchema = z.strictObject({
  kind: z.enum(SUBJECT_TYPES.filter((t) => t !== 'unknown') as [Exclude<(typeof SUBJECT_TYPES)[number], 'unknown'>], {
    error: '当事人类型应为 institution、examiner、supervisor、expert、staff 或 candidate',
  }),
  name: words('当事人名称或姓名', 100),
  idNumber: words('统一社会信用代码或身份证件号码', 30).optional(),
  address: words('当事人地址', 200).optional(),
  institutionName: words('所在评价机构', 100).optional(),
});

export const otherAuthorityDecisionSchema = z.strictObject({
  authority: words('作出处理的机关', 100),
  docNo: words('处理文号', 50).optional(),
  decidedOn: date('处理日期'),
  summary: words('处理结论'),
});
