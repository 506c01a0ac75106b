import * as z from 'zod';
import { yearEntrySchema } from '../core/calendar-entry';
import { deskAccountSchema } from '../core/desk';
import { exportBodySchema } from '../core/exports';
import { queueQuerySchema } from '../core/queue';
import { feedbackSchema } from '../core/reporting';
import { completeEvidenceSchema, evidenceRequestSchema, messageSchema, originalRequestSchema, trackSchema } from '../core/schemas/evidence';
import { reportInputSchema } from '../core/schemas/report';
import {
  deskAccountView,
  deskCreatedResponse,
  deskTicketView,
  errorResponse,
  evidenceCheckingResponse,
  evidenceCompleteResponse,
  evidenceRemovedResponse,
  evidenceStatusResponse,
  evidenceUploadResponse,
  feedbackResponse,
  messageResponse,
  publicationFeedResponse,
  queueResponse,
  receiptResponse,
  staffReportResponse,
  trackResponse,
} from '../core/schemas/responses';
import { decisionInputSchema } from '../core/records/decisions';
import { approvePublicationSchema, draftPublicationSchema, editPublicationSchema, withdrawPublicationSchema } from '../core/records/publication';
import { staffActionRequestSchema } from '../core/staff';
import { challengeQuerySchema } from './public';
import { publicationsQuerySchema } from './public-publications';
import { statsQuerySchema } from './staff-queues';
import { mergeSchema, unmergeSchema } from './staff-records';

// The OpenAPI 3.1 documents of the public and the staff API, made from the zod schemas that validate the requests
// (and, for the answers, from schemas/responses.ts, which the tests parse real answers with). zod 4 converts them
// itself (z.toJSONSchema); this module is imported only by the docs routes (`await import()`), so that neither the
// conversion nor the documents weigh on a cold start. test/api/openapi.test.ts holds the documents to the routes the
// apps register and to docs/API.md.

type Schema = z.ZodType;
interface Operation {
  summary: string;
  description?: string;
  tags: string[];
  /** The JSON body, described by the schema that validates it. */
  body?: Schema;
  query?: z.ZodObject;
  headers?: { name: string; required: boolean; description: string }[];
  responses: Record<number, { description: string; schema?: Schema; contentType?: string }>;
  security?: 'desk' | 'staff';
}
export type Operations = Record<string, Operation>;

const secret = { name: 'X-Report-Secret', required: true, description: '回执里的查询密码' };
const proof = { name: 'X-Proof-Of-Work', required: false, description: '工作量证明（GET /api/challenge 取题）；查询失败过的回执需要' };
const invalid = { description: '输入有误（error.message 用中文说明怎样改正）', schema: errorResponse };
const notFound = { description: '查询码不存在或查询密码不对（两者回答相同）', schema: errorResponse };
const conflict = { description: '与当前状态冲突', schema: errorResponse };

export const publicOperations: Operations = {
  'GET /api/challenge': {
    summary: '取一道工作量证明题',
    tags: ['举报人'],
    query: challengeQuerySchema,
    responses: { 200: { description: 'ALTCHA 题目' }, 400: invalid },
  },
  'POST /api/reports': {
    summary: '提交举报',
    description: '只有 subjectType、channel、description、anonymous 必填；secret 只在这一次回答里出现。热线坐席用 Authorization: Bearer desk_… 提交，可以填 hotlineTicket 与 channel phone/hotline。',
    tags: ['举报人'],
    headers: [
      { name: 'Idempotency-Key', required: false, description: '客户端生成的 UUID：同一个键重试得到同一份举报' },
      { name: 'X-Proof-Of-Work', required: false, description: '工作量证明（坐席密钥免）' },
    ],
    body: reportInputSchema(undefined, { desk: true }),
    responses: { 201: { description: '回执', schema: receiptResponse }, 400: invalid, 401: { description: '坐席密钥无效或已停用', schema: errorResponse }, 413: invalid },
  },
  'POST /api/reports/{trackingCode}/evidence': {
    summary: '添加证据：取上传地址',
    tags: ['举报人'],
    headers: [secret, proof],
    body: evidenceRequestSchema,
    responses: { 201: { description: '单次 PUT 或分片上传的地址', schema: evidenceUploadResponse }, 400: invalid, 404: notFound, 409: conflict },
  },
  'POST /api/reports/{trackingCode}/evidence/{evidenceId}/upload': {
    summary: '续传：新的上传地址与已存的分片',
    tags: ['举报人'],
    headers: [secret, proof],
    responses: { 200: { description: '上传地址（分片上传只给存储里还没有的分片）', schema: evidenceUploadResponse }, 404: notFound, 409: conflict },
  },
  'POST /api/reports/{trackingCode}/evidence/{evidenceId}/complete': {
    summary: '上传完成：检查文件',
    tags: ['举报人'],
    headers: [secret, proof],
    body: completeEvidenceSchema,
    responses: {
      200: { description: '已接收', schema: evidenceCompleteResponse },
      202: { description: '检查未在 10 秒内完成，仍在进行：轮询上传状态', schema: evidenceCheckingResponse },
      404: notFound,
      409: conflict,
      422: { description: '存储的文件与申报不符（按文件头判断类型，或超过大小上限），文件已删除', schema: errorResponse },
    },
  },
  'GET /api/reports/{trackingCode}/evidence/{evidenceId}': {
    summary: '上传状态：上传中、检查中、已接收、未通过或已移除',
    tags: ['举报人'],
    headers: [secret, proof],
    responses: { 200: { description: '状态', schema: evidenceStatusResponse }, 404: notFound },
  },
  'DELETE /api/reports/{trackingCode}/evidence/{evidenceId}': {
    summary: '移除未传完的文件（不再计入 10 个文件）',
    tags: ['举报人'],
    headers: [secret, proof],
    responses: { 200: { description: '已移除', schema: evidenceRemovedResponse }, 404: notFound, 409: conflict },
  },
  'POST /api/track': {
    summary: '查询举报进展',
    tags: ['举报人'],
    headers: [proof],
    body: trackSchema,
    responses: { 200: { description: '进展', schema: trackResponse }, 400: invalid, 404: notFound },
  },
  'POST /api/reports/{trackingCode}/messages': {
    summary: '回复工作人员',
    tags: ['举报人'],
    headers: [secret, proof],
    body: messageSchema,
    responses: { 201: { description: '已发送', schema: messageResponse }, 400: invalid, 404: notFound, 409: conflict },
  },
  'POST /api/reports/{trackingCode}/feedback': {
    summary: '回访：办结后评价处理结果（一次）',
    tags: ['举报人'],
    headers: [secret, proof],
    body: feedbackSchema,
    responses: { 201: { description: '已记录', schema: feedbackResponse }, 400: invalid, 404: notFound, 409: { description: '尚未办结，或已经评价过', schema: errorResponse } },
  },
  'GET /api/publications': {
    summary: '处理决定公示（JSON Feed 1.1）',
    tags: ['公示'],
    query: publicationsQuerySchema,
    responses: { 200: { description: 'JSON Feed，最新在前，每页 50 条', schema: publicationFeedResponse, contentType: 'application/feed+json' }, 400: invalid },
  },
  'GET /api/desk/reports/{trackingCode}': {
    summary: '坐席：查看本坐席提交的一份举报',
    tags: ['热线坐席'],
    security: 'desk',
    responses: { 200: { description: '工单去向与进展', schema: deskTicketView }, 401: { description: '需要坐席密钥', schema: errorResponse }, 404: notFound },
  },
  'GET /api/desk/tickets/{ticket}': {
    summary: '坐席：一个工单号对应的举报（派单与退单后的再派）',
    tags: ['热线坐席'],
    security: 'desk',
    responses: { 200: { description: '工单号与举报', schema: z.object({ ticket: z.string(), reports: z.array(deskTicketView) }) }, 401: { description: '需要坐席密钥', schema: errorResponse } },
  },
};

const staffBase = { tags: ['工作人员'], security: 'staff' as const };
const forbidden = { description: '无权操作', schema: errorResponse };
const staffNotFound = { description: '找不到这份举报，或它不归本单位办理', schema: errorResponse };
const done = (description: string, schema?: Schema) => ({ description, ...(schema ? { schema } : {}) });
const staffOp = (summary: string, responses: Operation['responses'], extra: Partial<Operation> = {}): Operation => ({ summary, ...staffBase, ...extra, responses: { ...responses, 401: { description: '未登录或登录已过期', schema: errorResponse } } });

export const staffOperations: Operations = {
  'GET /api/staff/config': { summary: '登录配置（无需登录）', tags: ['工作人员'], responses: { 200: done('签发方与客户端') } },
  'GET /api/staff/me': staffOp('当前用户', { 200: done('姓名、单位、角色') }),
  'GET /api/staff/reports': staffOp('本单位的举报队列', { 200: done('一页举报', queueResponse), 400: invalid }, { query: queueQuerySchema }),
  'GET /api/staff/stats': staffOp('统计（含回访满意度）', { 200: done('统计'), 400: invalid, 403: forbidden }, { query: statsQuerySchema }),
  'POST /api/staff/exports': staffOp('导出队列', { 202: done('导出任务'), 400: invalid, 403: forbidden }, { body: exportBodySchema }),
  'GET /api/staff/exports/{id}': staffOp('导出任务的状态', { 200: done('状态与下载地址'), 404: staffNotFound }),
  'GET /api/staff/reports/{trackingCode}': staffOp('一份举报的全部信息', { 200: done('举报', staffReportResponse), 404: staffNotFound }),
  'GET /api/staff/reports/{trackingCode}/evidence/{evidenceId}': staffOp('证据的短时下载地址：照片为去除元数据的显示副本（copy: display）', { 200: done('地址'), 404: staffNotFound }),
  'POST /api/staff/reports/{trackingCode}/evidence/{evidenceId}/original': staffOp(
    '查看原始文件：写明事由，记入处理经过',
    { 200: done('原始文件（核验过的版本）的短时下载地址'), 400: invalid, 404: staffNotFound },
    { body: originalRequestSchema },
  ),
  'POST /api/staff/reports/{trackingCode}/actions': staffOp(
    '办理操作（状态、指派、备注、转办、延期、退单……）',
    { 200: done('更新后的举报', staffReportResponse), 400: invalid, 404: staffNotFound, 409: conflict },
    { body: staffActionRequestSchema, description: '退单（type: return-ticket）只用于热线派来的工单，新收或核查中。' },
  ),
  'POST /api/staff/reports/{trackingCode}/triage': staffOp('重新研判', { 200: done('更新后的举报', staffReportResponse), 404: staffNotFound, 409: conflict }),
  'GET /api/staff/desks': staffOp('热线坐席（管理员）', { 200: done('坐席', z.array(deskAccountView)), 403: forbidden }),
  'POST /api/staff/desks': staffOp('新建坐席：密钥只显示这一次（管理员）', { 201: done('坐席与密钥', deskCreatedResponse), 400: invalid, 403: forbidden }, { body: deskAccountSchema }),
  'POST /api/staff/desks/{id}/revoke': staffOp('停用坐席（管理员）', { 200: done('已停用', z.object({ id: z.string(), revoked: z.literal(true) })), 403: forbidden, 404: staffNotFound }),
};

/**
 * Staff routes registered by the sub-apps (registry, calendar, procedure, records): listed with a summary and, where
 * one zod schema validates it, the request body (the procedure's commands are checked by their own, per command).
 */
export const staffOtherRoutes: Record<string, string | [string, Schema]> = {
  'GET /api/staff/registry': '备案名录的版本',
  'POST /api/staff/registry/preview': '预览名录导入',
  'POST /api/staff/registry': '导入名录',
  'GET /api/staff/calendar': '工作日历',
  'POST /api/staff/calendar/preview': ['预览节假日安排', yearEntrySchema],
  'POST /api/staff/calendar': ['录入节假日安排', yearEntrySchema],
  'GET /api/staff/reports/{trackingCode}/procedure': '处理程序',
  'POST /api/staff/reports/{trackingCode}/procedure': '启动处理程序',
  'POST /api/staff/reports/{trackingCode}/procedure/commands': '处理程序的操作',
  'GET /api/staff/reports/{trackingCode}/procedure/documents/{doc}/preview': '文书预览',
  'GET /api/staff/reports/{trackingCode}/procedure/documents/{doc}/file': '文书文件',
  'GET /api/staff/reports/{trackingCode}/procedure/case-file': '处理档案',
  'POST /api/staff/reports/{trackingCode}/procedure/case-file': '生成处理档案',
  'POST /api/staff/reports/{trackingCode}/files': '添加办案材料',
  'POST /api/staff/reports/{trackingCode}/files/{id}/upload': '办案材料续传',
  'POST /api/staff/reports/{trackingCode}/files/{id}/complete': '办案材料上传完成',
  'GET /api/staff/institutions': '机构',
  'GET /api/staff/institutions/record': '机构的处理记录',
  'POST /api/staff/decisions': ['记录处理决定', decisionInputSchema],
  'GET /api/staff/people': '人员的处理记录',
  'GET /api/staff/reports/{trackingCode}/record': '这份举报涉及的处理记录',
  'GET /api/staff/reports/{trackingCode}/same-case': '同一案件的举报',
  'POST /api/staff/reports/{trackingCode}/merge': ['合并举报', mergeSchema],
  'POST /api/staff/reports/{trackingCode}/unmerge': ['撤销合并', unmergeSchema],
  'GET /api/staff/publications': '公示条目',
  'POST /api/staff/publications': ['起草公示', draftPublicationSchema],
  'POST /api/staff/publications/{id}/edit': ['修改公示草稿', editPublicationSchema],
  'POST /api/staff/publications/{id}/approve': ['批准公示（第二人）', approvePublicationSchema],
  'POST /api/staff/publications/{id}/withdraw': ['撤回公示', withdrawPublicationSchema],
};

type JsonObject = Record<string, unknown>;

function document(title: string, description: string, operations: Operations, security: Record<string, JsonObject>) {
  const schemas: Record<string, unknown> = {};
  /** A schema as JSON Schema (draft 2020-12, which OpenAPI 3.1 uses); schemas with a `.meta({ id })` become components. */
  const convert = (schema: Schema, io: 'input' | 'output'): unknown => {
    const raw = JSON.stringify(z.toJSONSchema(schema, { io, unrepresentable: 'any', reused: 'inline' })).replaceAll('"#/$defs/', '"#/components/schemas/');
    const { $defs, $schema: _s, ...rest } = JSON.parse(raw) as JsonObject & { $defs?: Record<string, JsonObject> };
    for (const [id, def] of Object.entries($defs ?? {})) {
      const { id: _id, ...body } = def;
      schemas[id] = body;
    }
    return rest;
  };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [key, op] of Object.entries(operations)) {
    const [method, path] = key.split(' ') as [string, string];
    const params = [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
    const query = op.query
      ? Object.entries((convert(op.query, 'input') as { properties?: Record<string, unknown>; required?: string[] }).properties ?? {}).map(([name, schema]) => ({
          name,
          in: 'query',
          required: false,
          schema,
        }))
      : [];
    const headers = (op.headers ?? []).map((h) => ({ name: h.name, in: 'header', required: h.required, description: h.description, schema: { type: 'string' } }));
    (paths[path] ??= {})[method.toLowerCase()] = {
      operationId: operationId(method, path),
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      tags: op.tags,
      ...(params.length + query.length + headers.length ? { parameters: [...params, ...query, ...headers] } : {}),
      ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: convert(op.body, 'input') } } } } : {}),
      responses: Object.fromEntries(
        Object.entries(op.responses).map(([status, r]) => [
          status,
          { description: r.description, ...(r.schema ? { content: { [r.contentType ?? 'application/json']: { schema: convert(r.schema, 'output') } } } : {}) },
        ]),
      ),
      ...(op.security ? { security: [{ [op.security]: [] }] } : {}),
    };
  }
  return { openapi: '3.1.0', info: { title, version: '1', description }, servers: [{ url: '/' }], paths, components: { schemas, securitySchemes: security } };
}

const operationId = (method: string, path: string) =>
  method.toLowerCase() +
  path
    .replace(/^\/api/, '')
    .split('/')
    .filter(Boolean)
    .map((s) => (s.startsWith('{') ? `By${s[1]!.toUpperCase()}${s.slice(2, -1)}` : s.split('-').map((w) => w[0]!.toUpperCase() + w.slice(1)).join('')))
    .join('');

export function publicSpec() {
  return document(
    '技能评价违规举报平台 公开接口',
    '举报、证据、查询、回复、回访与公示。错误统一为 {"error": {"code", "message", "field"}}，message 用中文说明怎样改正。固定接口见 docs/API.md。',
    publicOperations,
    { desk: { type: 'http', scheme: 'bearer', description: '热线坐席密钥 desk_…（由管理员在后台“热线坐席”页发放）' } },
  );
}

export function staffSpec() {
  const others: Operations = Object.fromEntries(
    Object.entries(staffOtherRoutes).map(([key, entry]) => {
      const [summary, body] = typeof entry === 'string' ? [entry, undefined] : entry;
      const responses: Operation['responses'] = body ? { 200: done('见控制台'), 400: invalid } : { 200: done('见控制台') };
      return [key, staffOp(summary, responses, body ? { body } : {})];
    }),
  );
  return document('技能评价违规举报平台 工作人员接口', '需要登录（OIDC 访问令牌，Authorization: Bearer …）；每份举报只对所属单位可见（市职鉴中心可见全部）。', { ...staffOperations, ...others }, {
    staff: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
  });
}
