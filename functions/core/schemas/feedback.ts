import * as z from 'zod';
import { FEEDBACK_RATINGS } from '../report';

/** 回访: the reporter's answer after 办结 (the look-up page checks it before sending). */
export const feedbackSchema = z.object({
  rating: z.enum(FEEDBACK_RATINGS, { error: '请选择：满意、基本满意或不满意' }),
  reason: z.string({ error: '原因应为文字' }).trim().max(500, { error: '原因最多 500 个字' }).optional(),
});
