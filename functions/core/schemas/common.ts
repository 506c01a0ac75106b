import * as z from 'zod';

/** A required string with a Chinese message for “missing” and for “not text”. */
export function text(label: string) {
  return z.string({ error: (issue) => (issue.input === undefined ? `请填写${label}` : `${label}应为文字`) });
}

/** Optional text: an empty or blank string counts as not given. */
export function optionalText(label: string, max: number) {
  return z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    text(label).trim().max(max, { error: `${label}最多 ${max} 个字` }).optional(),
  );
}

export interface FieldError {
  code: 'invalid_input';
  message: string;
  field: string;
}

/** The first problem of a failed parse, as the API's error body carries it. */
export function firstError(error: z.ZodError): FieldError {
  const issue = error.issues[0];
  return {
    code: 'invalid_input',
    message: issue?.message ?? '提交的内容有误，请检查后重试',
    field: issue?.path.map(String).join('.') ?? '',
  };
}
