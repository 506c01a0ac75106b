import * as z from 'zod';
import { CONTENT_TYPE_ALIASES, EVIDENCE_CONTENT_TYPES, EVIDENCE_TYPES, formatBytes, maxBytesFor, type EvidenceContentType } from '../evidence-types';
import { text } from './common';

const allowed = Object.values(EVIDENCE_TYPES).map((t) => t.label).join('、');

export const evidenceRequestSchema = z
  .object({
    fileName: text('文件名').trim().min(1, { error: '请填写文件名' }).max(200, { error: '文件名太长（最多 200 个字符），请改短后再上传' }),
    contentType: z.preprocess(
      (v) => (typeof v === 'string' ? (CONTENT_TYPE_ALIASES[v.toLowerCase()] ?? v.toLowerCase()) : v),
      z.enum(EVIDENCE_CONTENT_TYPES, { error: `不支持这种文件，请上传 ${allowed}` }),
    ),
    size: z
      .number({ error: '文件大小应为字节数' })
      .int({ error: '文件大小应为整数字节数' })
      .positive({ error: '文件是空的，请重新选择' }),
  })
  .superRefine((r, ctx) => {
    const max = maxBytesFor(r.contentType as EvidenceContentType);
    if (r.size > max) {
      const kind = EVIDENCE_TYPES[r.contentType].kind === 'photo' ? '照片' : '视频';
      ctx.addIssue({ code: 'custom', path: ['size'], message: `${kind}不能超过 ${formatBytes(max)}，这个文件有 ${formatBytes(r.size)}` });
    }
  });

export type EvidenceRequest = z.infer<typeof evidenceRequestSchema>;

export const completeEvidenceSchema = z.object({
  parts: z
    .array(
      z.object({
        partNumber: z.number({ error: '分片编号应为数字' }).int().min(1).max(10000),
        etag: text('分片 ETag').min(1, { error: '分片 ETag 不能为空' }).max(200),
      }),
      { error: '分片列表格式不对' },
    )
    .max(10000)
    .optional(),
});

export const trackSchema = z.object({
  trackingCode: text('查询码').trim().min(1, { error: '请填写查询码' }).max(40, { error: '查询码格式不对，请检查' }),
  secret: text('查询密码').trim().min(1, { error: '请填写查询密码' }).max(64, { error: '查询密码格式不对，请检查' }),
});

export const messageSchema = z.object({
  text: text('留言').trim().min(1, { error: '请填写留言内容' }).max(2000, { error: '留言最多 2000 个字' }),
});

/** Why a staff member opens an original rather than its display copy: on the audit trail. */
export const originalRequestSchema = z.object({
  reason: z
    .string({ error: '请写明查看原始文件的事由' })
    .trim()
    .min(4, { error: '请写明查看原始文件的事由（至少 4 个字），例如“核对拍摄时间和地点”' })
    .max(200, { error: '事由请写在 200 字以内' }),
});
