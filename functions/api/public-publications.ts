import { Hono } from 'hono';
import * as z from 'zod';
import { PublishedCursorInvalid } from '../adapters/dynamo-records-store';
import type { RecordsStore } from '../core/records';
import { jsonFeed } from '../core/records/publication';
import { DomainError } from '../core/report';

// GET /api/publications: what staff published (终止备案, 撤销的违规证书), newest first, as a JSON Feed 1.1 — the
// same list the public page /published/ shows. Nothing is in it that an approver did not publish, and a withdrawn
// entry leaves it at once: each page is one Query of at most PAGE items, never cached.

export type PublishedSource = Pick<RecordsStore, 'published'>;

const PAGE = 50;
export const publicationsQuerySchema = z.object({ cursor: z.string().max(400, { error: '翻页标记太长，请回到第一页' }).optional() });

export function publicationFeed(source: PublishedSource) {
  const app = new Hono();
  app.get('/publications', async (c) => {
    const { cursor } = publicationsQuerySchema.parse(c.req.query());
    let page;
    try {
      page = await source.published(cursor, PAGE);
    } catch (error) {
      if (error instanceof PublishedCursorInvalid) throw new DomainError(400, 'invalid_input', '翻页标记无效，请回到第一页', 'cursor');
      throw error;
    }
    const origin = new URL(c.req.url).origin;
    const feed = `${origin}/api/publications`;
    return c.json(jsonFeed(page.items, { home: `${origin}/published/`, feed, ...(page.cursor ? { next: `${feed}?cursor=${encodeURIComponent(page.cursor)}` } : {}) }), 200, {
      'Content-Type': 'application/feed+json; charset=utf-8',
    });
  });
  return app;
}
