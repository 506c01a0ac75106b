import { describe, expect, it } from 'vitest';
import { queueQuerySchema, runQueue } from '../../functions/core/queue';
import type { ReportRecord } from '../../functions/core/report';

function report(code: string, patch: Partial<ReportRecord>): ReportRecord {
  return {
    trackingCode: code,
    version: 1,
    receivedAt: '2025-11-01T02:00:00.000Z',
    status: 'new',
    route: { authority: 'district:minhang', reason: 'x' },
    secretHash: 'x',
    requestDigest: 'x',
    subjectType: 'institution',
    channel: 'advertising',
    description: '广告说证书包过',
    anonymous: true,
    triage: { suggestions: [{ ruleId: 'SH2025-22-9' }] },
    evidence: {},
    events: [],
    messages: [],
    ...patch,
  };
}

const reports = [
  report('AAAA-AAAA-AAAA', { institutionName: '上海明德职业技能评价有限公司', receivedAt: '2025-11-03T02:00:00.000Z' }),
  report('BBBB-BBBB-BBBB', { status: 'investigating', description: '考场有人替考', triage: { suggestions: [{ ruleId: 'SH2025-9-1' }] }, subjectType: 'candidate' }),
  report('CCCC-CCCC-CCCC', { decision: { ruleIds: ['SH2025-23-11'], by: 'x', at: 'x' }, receivedAt: '2025-10-01T02:00:00.000Z' }),
];
const due = (r: ReportRecord) => ({ due: r.trackingCode === 'CCCC-CCCC-CCCC' ? '2025-10-10' : '2025-11-20', overdue: r.trackingCode === 'CCCC-CCCC-CCCC' });
const run = (q: Record<string, string>) => runQueue(reports, queueQuerySchema.parse(q), due);
const codes = (q: Record<string, string>) => run(q).items.map((i) => i.trackingCode);

describe('the staff queue', () => {
  it('counts per status and overdue over the whole queue, whatever the filter', () => {
    const result = run({ status: 'investigating' });
    expect(result.counts).toMatchObject({ new: 2, investigating: 1 });
    expect(result.overdue).toBe(1);
    expect(result.total).toBe(1);
  });

  it('filters by rule (the decision over the suggestion), tier, subject, overdue and dates', () => {
    expect(codes({ rule: 'SH2025-22-9' })).toEqual(['AAAA-AAAA-AAAA']);
    expect(codes({ rule: 'SH2025-23-11' })).toEqual(['CCCC-CCCC-CCCC']);
    expect(codes({ tier: 'termination' })).toEqual(['CCCC-CCCC-CCCC']);
    expect(codes({ subjectType: 'candidate' })).toEqual(['BBBB-BBBB-BBBB']);
    expect(codes({ overdue: 'true' })).toEqual(['CCCC-CCCC-CCCC']);
    expect(codes({ from: '2025-11-02' })).toEqual(['AAAA-AAAA-AAAA']);
  });

  it('finds institutions and text typed in traditional characters or full width', () => {
    expect(codes({ institution: '明德' })).toEqual(['AAAA-AAAA-AAAA']);
    expect(codes({ institution: '明德評價' })).toEqual([]);
    expect(codes({ q: '替考' })).toEqual(['BBBB-BBBB-BBBB']);
    expect(codes({ q: '證書' })).toEqual(['AAAA-AAAA-AAAA', 'CCCC-CCCC-CCCC']);
    expect(codes({ q: 'ＢＢＢＢ' })).toEqual(['BBBB-BBBB-BBBB']);
  });

  it('sorts newest, oldest or by due date, and pages', () => {
    expect(codes({})).toEqual(['AAAA-AAAA-AAAA', 'BBBB-BBBB-BBBB', 'CCCC-CCCC-CCCC']);
    expect(codes({ sort: 'oldest' })[0]).toBe('CCCC-CCCC-CCCC');
    expect(codes({ sort: 'due' })[0]).toBe('CCCC-CCCC-CCCC');
    expect(run({ pageSize: '2', page: '2' }).items.map((i) => i.trackingCode)).toEqual(['CCCC-CCCC-CCCC']);
  });
});
