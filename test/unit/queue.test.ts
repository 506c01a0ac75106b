import { describe, expect, it } from 'vitest';
import { indexFor, queuePage, queueQuerySchema, queueRowOf, SCAN_LIMIT, type QueueIndex, type QueueRow, type RowSource } from '../../functions/core/queue';
import type { ReportState } from '../../functions/core/report';
import { reportState } from '../support/report-fixture';

// The queue's paging, merging and filters over an in-memory index that orders rows as DynamoDB's do.

function memoryIndex(states: ReportState[]): RowSource & { reads: number } {
  const source = {
    reads: 0,
    async rows(authority: string, index: QueueIndex, after: string | undefined, limit: number) {
      const mine = states.filter((s) => s.route.authority === authority).map(queueRowOf);
      const position = (r: QueueRow) => (index.index === 'byDue' ? `${r.due.next ?? '9999-12-31'}#${r.receivedAt}#${r.trackingCode}` : `${r.receivedAt}#${r.trackingCode}`);
      const selected = mine
        .filter((r) => (index.index === 'byStatus' ? r.status === index.status : index.index === 'byDue' ? r.status !== 'closed' : true))
        .map((r) => ({ row: r, position: position(r) }))
        .filter(({ position: p }) => (index.index === 'byDue' ? !index.before || p < index.before : (!index.from || p >= index.from) && (!index.to || p <= index.to)))
        .sort((a, b) => a.position.localeCompare(b.position));
      if (index.index !== 'byDue' && index.newestFirst) selected.reverse();
      const start = after ? selected.findIndex((r) => r.position === after) + 1 : 0;
      const page = selected.slice(start, start + limit);
      source.reads += page.length;
      return { rows: page, done: start + limit >= selected.length };
    },
  };
  return source;
}

const state = (code: string, patch: Partial<ReportState>) => reportState({ trackingCode: code, triage: { suggestions: [{ ruleId: 'SH2025-22-9' }] }, ...patch });
const states = [
  state('AAAA-AAAA-AAAA', { institutionName: '上海明德职业技能评价有限公司', receivedAt: '2025-11-03T02:00:00.000Z', due: { next: '2025-11-20' } }),
  state('BBBB-BBBB-BBBB', { status: 'investigating', description: '考场有人替考', triage: { suggestions: [{ ruleId: 'SH2025-9-1' }] }, subjectType: 'candidate', due: { next: '2025-11-20' } }),
  state('CCCC-CCCC-CCCC', { decision: { ruleIds: ['SH2025-23-11'], by: 'x', at: 'x' }, receivedAt: '2025-10-01T02:00:00.000Z', due: { next: '2025-10-10' } }),
  state('DDDD-DDDD-DDDD', { route: { authority: 'district:pudong', reason: 'x' }, receivedAt: '2025-11-02T02:00:00.000Z', due: { next: '2025-11-25' } }),
];
const TODAY = '2025-11-05';
const page = (q: Record<string, string>, authorities = ['district:minhang'], source = memoryIndex(states)) => queuePage(source, authorities, queueQuerySchema.parse(q), TODAY);
const codes = async (q: Record<string, string>, authorities?: string[]) => (await page(q, authorities)).items.map((i) => i.trackingCode);

describe('which index answers a view', () => {
  it('uses the status index for a status, the due index for due order and overdue, else the authority index', () => {
    expect(indexFor(queueQuerySchema.parse({ status: 'new' }), TODAY)).toMatchObject({ index: 'byStatus', status: 'new', newestFirst: true });
    expect(indexFor(queueQuerySchema.parse({ sort: 'due' }), TODAY)).toEqual({ index: 'byDue' });
    expect(indexFor(queueQuerySchema.parse({ overdue: 'true' }), TODAY)).toEqual({ index: 'byDue', before: TODAY });
    // Dates are Shanghai days: 11-02 starts at 16:00 UTC the day before.
    expect(indexFor(queueQuerySchema.parse({ from: '2025-11-02', to: '2025-11-02' }), TODAY)).toMatchObject({ index: 'byAuthority', from: '2025-11-01T16:00:00.000Z', to: '2025-11-02T15:59:59.999Z~' });
  });
});

describe('the staff queue', () => {
  it('lists newest first, oldest first, or by due date', async () => {
    expect(await codes({})).toEqual(['AAAA-AAAA-AAAA', 'BBBB-BBBB-BBBB', 'CCCC-CCCC-CCCC']);
    expect((await codes({ sort: 'oldest' }))[0]).toBe('CCCC-CCCC-CCCC');
    expect(await codes({ sort: 'due' })).toEqual(['CCCC-CCCC-CCCC', 'BBBB-BBBB-BBBB', 'AAAA-AAAA-AAAA']);
    expect(await codes({ overdue: 'true' })).toEqual(['CCCC-CCCC-CCCC']);
  });

  it('filters by rule (the decision over the suggestion), tier, subject and dates', async () => {
    expect(await codes({ rule: 'SH2025-22-9' })).toEqual(['AAAA-AAAA-AAAA']);
    expect(await codes({ rule: 'SH2025-23-11' })).toEqual(['CCCC-CCCC-CCCC']);
    expect(await codes({ tier: 'termination' })).toEqual(['CCCC-CCCC-CCCC']);
    expect(await codes({ subjectType: 'candidate' })).toEqual(['BBBB-BBBB-BBBB']);
    expect(await codes({ from: '2025-11-02' })).toEqual(['AAAA-AAAA-AAAA']);
    expect(await codes({ status: 'investigating' })).toEqual(['BBBB-BBBB-BBBB']);
  });

  it('finds institutions and text typed in traditional characters or full width', async () => {
    expect(await codes({ institution: '明德' })).toEqual(['AAAA-AAAA-AAAA']);
    expect(await codes({ institution: '明德評價' })).toEqual([]);
    expect(await codes({ q: '替考' })).toEqual(['BBBB-BBBB-BBBB']);
    expect(await codes({ q: '證書' })).toEqual(['AAAA-AAAA-AAAA', 'CCCC-CCCC-CCCC']);
    expect(await codes({ q: 'ＢＢＢＢ' })).toEqual(['BBBB-BBBB-BBBB']);
  });

  it('pages with an opaque cursor that resumes exactly where the page ended', async () => {
    const first = await page({ pageSize: '2' });
    expect(first.items.map((i) => i.trackingCode)).toEqual(['AAAA-AAAA-AAAA', 'BBBB-BBBB-BBBB']);
    expect(first.cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    const second = await page({ pageSize: '2', cursor: first.cursor! });
    expect(second.items.map((i) => i.trackingCode)).toEqual(['CCCC-CCCC-CCCC']);
    expect(second.cursor).toBeUndefined();
    await expect(page({ cursor: 'not-a-cursor' })).rejects.toThrow();
  });

  it('merges several authorities by cursor for the municipal centre, without reading them whole', async () => {
    const many = Array.from({ length: 300 }, (_, i) =>
      state(`M${String(i).padStart(3, '0')}A-AAAA-AAAA`, { route: { authority: i % 3 ? 'district:pudong' : 'district:minhang', reason: 'x' }, receivedAt: new Date(Date.UTC(2025, 0, 1) + i * 3_600_000).toISOString() }),
    );
    const source = memoryIndex(many);
    const authorities = ['district:minhang', 'district:pudong', 'district:xuhui'];
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 3; i++) {
      const p = await queuePage(source, authorities, queueQuerySchema.parse({ pageSize: '20', ...(cursor ? { cursor } : {}) }), TODAY);
      seen.push(...p.items.map((r) => r.receivedAt));
      cursor = p.cursor;
    }
    const expected = many.map((s) => s.receivedAt).sort().reverse().slice(0, 60);
    expect(seen).toEqual(expected);
    expect(source.reads).toBeLessThan(3 * 3 * 21 + 3 * 21); // a few batches per authority, not 300 rows
  });

  it('says how far it looked when filters cannot fill a page within the scan limit', async () => {
    const many = Array.from({ length: SCAN_LIMIT + 200 }, (_, i) => state(`S${String(i).padStart(4, '0')}-AAAA-AAAA`, { receivedAt: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString() }));
    const source = memoryIndex(many);
    const result = await queuePage(source, ['district:minhang'], queueQuerySchema.parse({ q: '没有这个词' }), TODAY);
    expect(result.items).toEqual([]);
    expect(result.bounded).toBe(true);
    expect(result.scanned).toBeGreaterThanOrEqual(SCAN_LIMIT);
    expect(result.scanned).toBeLessThanOrEqual(SCAN_LIMIT + 21);
    expect(result.cursor).toBeDefined();
  });
});
