import { describe, expect, it } from 'vitest';
import { applyChange } from '../../functions/core/report';
import { counterDeltas, counterKeys, dueBefore, figures, rangeBuckets } from '../../functions/core/stats';
import { reportState } from '../support/report-fixture';

const at = '2025-11-03T02:00:00.000Z';
const staffEvent = { at, type: 'note', actor: 'u1', public: false, text: '核实' };

describe('a change to a report', () => {
  it('writes its events, messages and evidence into the state as the latest change, and counts them', () => {
    const filed = reportState();
    const withMessage = applyChange(filed, { messages: [{ at, from: 'reporter', text: '补充' }], events: [{ at, type: 'reporter-message', actor: 'reporter', public: false, text: '举报人留言' }] }, at);
    expect(withMessage).toMatchObject({ version: 2, tally: { reporterMessages: 1, reporterInARow: 1 }, attention: { reporterReplied: at } });
    expect(withMessage.lastChange).toMatchObject({ version: 2, at, messages: [{ text: '补充' }] });
    const answered = applyChange(withMessage, { messages: [{ at, from: 'staff', text: '收到' }], events: [{ ...staffEvent, type: 'staff-message' }] }, at);
    expect(answered).toMatchObject({ tally: { reporterInARow: 0 }, milestones: { firstReplyAt: at }, attention: {} });
  });

  it('keeps the milestones the deadlines depend on', () => {
    let s = reportState();
    s = applyChange(s, { set: { status: 'investigating' }, events: [staffEvent] }, '2025-11-03T01:00:00.000Z');
    s = applyChange(s, { set: { status: 'confirmed' }, events: [staffEvent] }, '2025-11-10T01:00:00.000Z');
    expect(s.milestones).toEqual({ acknowledgedAt: '2025-11-03T01:00:00.000Z', concludedAt: '2025-11-10T01:00:00.000Z', confirmedAt: '2025-11-10T01:00:00.000Z' });
    const transferred = applyChange(reportState({ status: 'investigating', milestones: { acknowledgedAt: at } }), { set: { status: 'new', route: { authority: 'district:pudong', reason: 'x' } }, events: [staffEvent] }, at);
    expect(transferred.milestones).toEqual({});
  });

  it('counts files in use: a new one adds, a refused one frees its place', () => {
    const record = { evidenceId: 'e', fileName: 'a.jpg', contentType: 'image/jpeg' as const, kind: 'photo' as const, declaredSize: 1, key: 'k', status: 'pending' as const, addedAt: at, addedBy: 'reporter' as const };
    const added = applyChange(reportState(), { evidence: [{ record }], events: [] }, at);
    expect(added.tally).toMatchObject({ evidenceInUse: 1, evidenceFiles: 1 });
    const refused = applyChange(added, { evidence: [{ record: { ...record, status: 'rejected' }, was: 'pending' }], events: [] }, at);
    expect(refused.tally).toMatchObject({ evidenceInUse: 0, evidenceFiles: 1 });
  });

  it('frees the place of an upload the reporter removed, once, and never takes a removed file back in', () => {
    const record = { evidenceId: 'e', fileName: 'v.mp4', contentType: 'video/mp4' as const, kind: 'video' as const, declaredSize: 1, key: 'k', status: 'pending' as const, addedAt: at, addedBy: 'reporter' as const };
    const added = applyChange(reportState(), { evidence: [{ record }], events: [] }, at);
    const removed = applyChange(added, { evidence: [{ record: { ...record, status: 'removed' }, was: 'pending' }], events: [] }, at);
    expect(removed.tally).toMatchObject({ evidenceInUse: 0, evidenceFiles: 1 });
    // A removed record changed again (say, flagged) stays out of the count.
    const again = applyChange(removed, { evidence: [{ record: { ...record, status: 'removed' }, was: 'removed' }], events: [] }, at);
    expect(again.tally).toMatchObject({ evidenceInUse: 0, evidenceFiles: 1 });
    expect(removed.attention.newEvidence).toBeUndefined();
  });
});

describe('counters', () => {
  it('move a report’s keys from its old values to its new ones, in its authority and in ALL', () => {
    const before = reportState({ district: 'minhang', triage: { suggestions: [{ ruleId: 'SH2025-22-9' }] } });
    const after = { ...before, status: 'investigating' as const, milestones: { acknowledgedAt: '2025-11-03T02:00:00.000Z' } };
    const deltas = counterDeltas(before, after);
    const day = deltas.find((d) => d.partition === 'district:minhang' && d.bucket === 'D#2025-11-01')!;
    expect(day.add).toEqual({ 's:new': -1, 's:investigating': 1, 't:ack:2': 1 });
    expect(deltas.map((d) => `${d.partition}|${d.bucket}`).sort()).toEqual(['ALL|D#2025-11-01', 'ALL|M#2025-11', 'ALL|TOTAL', 'district:minhang|D#2025-11-01', 'district:minhang|M#2025-11', 'district:minhang|TOTAL']);
    expect(counterDeltas(before, before)).toEqual([]);
    // A transfer moves the report to the other authority's counters.
    const moved = counterDeltas(before, { ...before, route: { authority: 'district:pudong', reason: 'x' } });
    expect(moved.find((d) => d.partition === 'district:minhang' && d.bucket === 'TOTAL')!.add.n).toBe(-1);
    expect(moved.find((d) => d.partition === 'district:pudong' && d.bucket === 'TOTAL')!.add.n).toBe(1);
  });

  it('cover a range with whole months and the days of its ragged ends', () => {
    expect(rangeBuckets(undefined, undefined, '2026-12-01')).toEqual(['TOTAL']);
    expect(rangeBuckets('2025-10-30', '2025-12-02', '2026-12-01')).toEqual(['D#2025-10-30', 'D#2025-10-31', 'M#2025-11', 'D#2025-12-01', 'D#2025-12-02']);
    expect(rangeBuckets('2025-01-01', '2025-12-31', '2026-12-01')).toHaveLength(12);
    expect(rangeBuckets('2026-11-15', undefined, '2026-11-17')).toEqual(['D#2026-11-15', 'D#2026-11-16', 'D#2026-11-17']);
  });

  it('count an open report under its next due date, and move it when the date moves or the case closes', () => {
    const open = reportState({ due: { next: '2025-11-03', label: '受理' } });
    const later = counterDeltas(open, { ...open, due: { next: '2025-11-10', label: '首次答复' } });
    expect(later.filter((d) => d.bucket.startsWith('DUE#')).map((d) => [d.partition, d.bucket, d.add])).toEqual([
      ['district:minhang', 'DUE#2025-11-03', { n: -1 }],
      ['ALL', 'DUE#2025-11-03', { n: -1 }],
      ['district:minhang', 'DUE#2025-11-10', { n: 1 }],
      ['ALL', 'DUE#2025-11-10', { n: 1 }],
    ]);
    const closed = counterDeltas(open, { ...open, status: 'closed' });
    expect(closed.filter((d) => d.bucket.startsWith('DUE#')).every((d) => d.add.n === -1)).toBe(true);
    expect(dueBefore(new Map([['2025-11-03', { n: 2 }], ['2025-11-10', { n: 5 }]]), '2025-11-05')).toBe(2);
  });

  it('give figures for a range: totals, breakdowns, weeks and months, medians, the share decided 已认定', () => {
    const a = reportState({ district: 'minhang', anonymous: true, milestones: { acknowledgedAt: '2025-11-02T02:00:00.000Z', concludedAt: '2025-11-05T02:00:00.000Z', confirmedAt: '2025-11-05T02:00:00.000Z' }, status: 'confirmed' });
    const b = reportState({ receivedAt: '2025-11-10T02:00:00.000Z', anonymous: false, channel: 'exam', milestones: { acknowledgedAt: '2025-11-13T02:00:00.000Z', concludedAt: '2025-11-20T02:00:00.000Z' }, status: 'not-confirmed' });
    const range: Record<string, number> = {};
    for (const s of [a, b]) for (const k of counterKeys(s)) range[k] = (range[k] ?? 0) + 1;
    const f = figures(range, new Map([[a.receivedAt.slice(0, 10), 1], [b.receivedAt.slice(0, 10), 1]]), '2025-11-01', '2025-11-30');
    expect(f).toMatchObject({ total: 2, anonymousShare: 0.5, confirmedShare: 0.5, medianDays: { acknowledge: 1, conclusion: 4 } });
    expect(f.byChannel.map((c) => [c.id, c.count])).toEqual([
      ['advertising', 1],
      ['exam', 1],
    ]);
    expect(f.byMonth).toEqual([{ id: '2025-11', name: '2025-11', count: 2 }]);
    expect(f.byWeek.map((w) => w.id)).toEqual(['2025-10-27', '2025-11-10']);
  });
});
