import { describe, expect, it } from 'vitest';
import { authorityNamesFromCsv } from '../../functions/core/authority-names';
import { duplicateSignals, likelyDuplicate, type DuplicateSource } from '../../functions/core/duplicates';
import { csvCells, exportColumns, exportRow, PERSONAL_MARK } from '../../functions/core/exports';
import { authorityName, withAuthorityNames } from '../../functions/core/ids';
import { institutionCounterKey } from '../../functions/core/institution-key';
import { queueRowOf } from '../../functions/core/queue';
import { previewRegistryImport } from '../../functions/core/registry-import';
import { SAMPLE_REGISTRY_CSV } from '../../functions/core/registry-sample';
import { ALL, counterDeltas, counterKeys, dashboard, figures, institutionRanges, sumCounters, type Counters } from '../../functions/core/stats';
import { reportState } from '../support/report-fixture';

const registered = (name: string) => ({ registry: { name, status: 'active', flags: [] } });

describe('the institution key', () => {
  it('is the same for the forms reporters write one name in, and differs between institutions', () => {
    const key = (institutionName: string) => institutionCounterKey({ institutionName, triage: null });
    expect(key('上海明德职业技能评价有限公司')).toBe(key('明德职业技能评价'));
    expect(key('明德职业技能评价 有限公司')).toBe(key('明德職業技能評價'));
    expect(key('明德职业技能评价')).not.toBe(key('启航职业技能评价'));
    expect(key('明')).toBeUndefined();
    expect(key('明德职业技能评价')).toMatch(/^[A-Za-z0-9_-]{10}$/);
  });

  it('takes the registry name the stored triage matched over what the reporter typed', () => {
    const typed = institutionCounterKey({ institutionName: '明德评价', triage: registered('上海明德职业技能评价有限公司') });
    expect(typed).toBe(institutionCounterKey({ institutionName: '上海明德职业技能评价有限公司', triage: null }));
  });
});

describe('the dashboard counters', () => {
  const closed = reportState({
    status: 'closed',
    institutionName: '明德评价',
    milestones: { acknowledgedAt: '2025-11-02T02:00:00.000Z', concludedAt: '2025-11-05T02:00:00.000Z', confirmedAt: '2025-11-05T02:00:00.000Z', closedAt: '2025-11-11T02:00:00.000Z' },
  });

  it('count days to 办结, and the institution only in institution items (no month or all-time item grows with them)', () => {
    const keys = counterKeys(closed);
    expect(keys).toContain('t:close:10');
    const institution = keys.find((k) => k.startsWith('i:'))!;
    expect(institution).toBeDefined();
    const deltas = counterDeltas(undefined, closed);
    expect(new Set(deltas.map((d) => d.bucket.replace(/#[0-7]$/, '#shard')))).toEqual(new Set(['D#2025-11-01', 'M#2025-11', 'TOTAL', 'I#2025-11-01', 'IM#2025-11#shard']));
    for (const d of deltas) {
      if (d.bucket.startsWith('I')) expect(d.add).toEqual({ [institution]: 1 });
      else expect(Object.keys(d.add).some((k) => k.startsWith('i:')), d.bucket).toBe(false);
    }
  });

  /** The counter items of partition ALL that these reports make, by bucket. */
  const items = (...states: ReturnType<typeof reportState>[]) => {
    const out = new Map<string, Counters>();
    for (const s of states)
      for (const d of counterDeltas(undefined, s))
        if (d.partition === 'ALL') {
          const c = out.get(d.bucket) ?? {};
          for (const [k, v] of Object.entries(d.add)) c[k] = (c[k] ?? 0) + v;
          out.set(d.bucket, c);
        }
    return out;
  };

  it('count the institutions two or more reports name, and the median days to 办结', () => {
    const again = reportState({ trackingCode: 'ABCD-EFGH-JKM1', institutionName: '上海明德评价有限公司', receivedAt: '2025-11-03T02:00:00.000Z' });
    const other = reportState({ trackingCode: 'ABCD-EFGH-JKM2', institutionName: '启航评价' });
    const none = reportState({ trackingCode: 'ABCD-EFGH-JKM3', receivedAt: '2025-11-03T02:00:00.000Z' });
    const all = items(closed, other, again, none);
    const institutions = sumCounters([...all].filter(([b]) => b.startsWith('I#')).map(([, c]) => c));
    const daily = new Map([...all].filter(([b]) => b.startsWith('D#')).map(([b, c]) => [b.slice(2), c.n ?? 0]));
    const f = figures(all.get('M#2025-11')!, daily, '2025-11-01', '2025-11-30', undefined, institutions);
    expect(f.total).toBe(4);
    expect(f.repeatInstitutions).toEqual({ institutions: 1, reports: 2 });
    expect(f.medianDays.closing).toBe(10);
    expect(f.medianDays.acknowledge).toBe(1);
    expect(f.byWeek).toEqual([{ id: '2025-10-27', name: '2025-10-27', count: 2 }, { id: '2025-11-03', name: '2025-11-03', count: 2 }]);
    const firstDay = sumCounters([...items(closed, other)].filter(([b]) => b.startsWith('I#')).map(([, c]) => c));
    expect(figures(all.get('D#2025-11-01')!, daily, null, null, undefined, firstDay).repeatInstitutions).toEqual({ institutions: 0, reports: 0 });
  });

  it('read the range’s items, its institution items and the due items up to Sunday for one view', async () => {
    const asked: string[] = [];
    const source = {
      sumBuckets: async (partition: string, buckets: string[]) => (asked.push(`sum ${partition} ${buckets.join(',')}`), { n: 2 } as Counters),
      dailyTotals: async () => new Map([['2025-11-03', 2]]),
      institutionCounters: async (partition: string, ranges: [string, string][]) => (asked.push(`inst ${partition} ${ranges.map((r) => r.join('..')).join(',')}`), { 'i:x': 2 } as Counters),
      dueCounters: async (partition: string, through: string) => (
        asked.push(`due ${partition} ${through}`),
        new Map<string, Counters>([['2025-11-04', { n: 1 }], ['2025-11-07', { n: 2 }]])
      ),
    };
    // Wednesday 5 November: the week ends on Sunday the 9th.
    const d = await dashboard(source, { authority: 'district:minhang', from: '2025-11-01', to: '2025-11-05', today: '2025-11-05' });
    expect(d).toMatchObject({ authority: 'district:minhang', authorityName: '上海市闵行区人力资源和社会保障局', total: 2, overdue: 1, dueThisWeek: 2, repeatInstitutions: { institutions: 1, reports: 2 } });
    expect(asked.sort()).toEqual([
      'due district:minhang 2025-11-09',
      'inst district:minhang I#2025-11-01..I#2025-11-05',
      'sum district:minhang D#2025-11-01,D#2025-11-02,D#2025-11-03,D#2025-11-04,D#2025-11-05',
    ]);
    const city = await dashboard(source, { authority: 'municipal', today: '2025-11-05' });
    expect(city.authorityName).toBe('上海市职业技能鉴定中心');
    expect(asked).toContain('sum ALL TOTAL');
    expect(asked).toContain('inst ALL IM#..IM#~');
  });

  it('count repeat institutions from month shards for whole months and day items for the ragged ends', () => {
    expect(institutionRanges('2025-10-20', '2026-01-10', '2026-02-01')).toEqual([
      ['I#2025-10-20', 'I#2025-10-31'],
      ['IM#2025-11', 'IM#2025-12#~'],
      ['I#2026-01-01', 'I#2026-01-10'],
    ]);
    expect(institutionRanges('2025-11-01', '2025-11-30', '2026-02-01')).toEqual([['IM#2025-11', 'IM#2025-11#~']]);
    expect(institutionRanges('2025-11-03', '2025-11-05', '2026-02-01')).toEqual([['I#2025-11-03', 'I#2025-11-05']]);
    // A report counts in its day's item and in one shard of its month, both with its institution only.
    const report = reportState({ institutionName: '明德评价', receivedAt: '2025-11-10T02:00:00.000Z' });
    const items = counterDeltas(undefined, report).filter((d) => d.partition === ALL && d.bucket.startsWith('I'));
    expect(items.map((d) => d.bucket)).toEqual(['I#2025-11-10', expect.stringMatching(/^IM#2025-11#[0-7]$/)]);
    expect(items.map((d) => Object.keys(d.add))).toEqual([[expect.stringMatching(/^i:/)], [expect.stringMatching(/^i:/)]]);
  });
});

describe('industry departments by name', () => {
  const csv = `name,aliases,creditCode,district,authority,occupations,status,authorityName
甲评价站,,,minhang,industry:health,电工,active,上海市卫生健康委员会
乙评价站,,,minhang,industry:health,电工,active,
丙评价站,,,minhang,industry:transport,电工,active,
`;

  it('come from the optional authorityName column; a department without one is 行业主管部门, never its id', () => {
    const { names, issues, unnamed } = authorityNamesFromCsv(csv);
    expect(issues).toEqual([]);
    expect(authorityName('industry:health', names)).toBe('上海市卫生健康委员会');
    expect(authorityName('industry:transport', names)).toBe('行业主管部门');
    expect(unnamed).toEqual(['industry:transport']);
    expect(authorityName('district:pudong', names)).toBe('上海市浦东新区人力资源和社会保障局');
    // Code that keeps the text (a triage reason) writes the id, for the pages to name it when shown.
    expect(authorityName('industry:transport')).toBe('行业主管部门（transport）');
    expect(withAuthorityNames(authorityName('industry:health'), names)).toBe('上海市卫生健康委员会');
  });

  it('say what to fix: two names for one department, a name for an office whose name is fixed', () => {
    const bad = `${csv}丁评价站,,,minhang,industry:health,电工,active,市卫健委\n戊评价站,,,minhang,district:minhang,电工,active,闵行人社\n`;
    const { issues } = authorityNamesFromCsv(bad);
    expect(issues).toEqual([
      { line: 5, message: 'industry:health 的主管部门名称“市卫健委”与第2行的“上海市卫生健康委员会”不同，请统一' },
      { line: 6, message: expect.stringContaining('只用于行业主管部门') },
    ]);
    expect(previewRegistryImport(undefined, bad).errors.map((e) => e.line)).toEqual([5, 6]);
  });

  it('keep every registry file valid: one without the column has no errors and lists its departments as unnamed', () => {
    const plain = SAMPLE_REGISTRY_CSV.split('\n')
      .map((line) => line.replace(/,[^,]*$/, ''))
      .join('\n');
    const preview = previewRegistryImport(undefined, plain);
    expect(preview.errors).toEqual([]);
    expect(preview.unnamedAuthorities).toEqual(['industry:health', 'industry:metallurgy', 'industry:transport']);
    // The sample names its departments.
    expect(previewRegistryImport(undefined, SAMPLE_REGISTRY_CSV).unnamedAuthorities).toEqual([]);
  });

  it('replace an id in texts stored before the department had a name', () => {
    const names = new Map([['industry:health', '上海市卫生健康委员会']]);
    expect(withAuthorityNames('主管部门为行业主管部门（health），按登记册转交', names)).toBe('主管部门为上海市卫生健康委员会，按登记册转交');
    expect(withAuthorityNames('转交行业主管部门（transport）办理', names)).toBe('转交行业主管部门办理');
  });
});

describe('likely duplicates', () => {
  const row = (code: string, patch: Parameters<typeof reportState>[0] = {}) => queueRowOf(reportState({ trackingCode: code, ...patch }));
  const text = '考场里监考老师收了考生的手机以后又发回来，允许大家边看手机边答题，没有人制止。';

  it('flag the same institution within two weeks, and nearly the same words, naming the earlier report', () => {
    const a = row('AAAA-AAAA-AAA1', { institutionName: '明德评价', receivedAt: '2025-11-01T02:00:00.000Z' });
    const b = row('AAAA-AAAA-AAA2', { institutionName: '上海明德评价有限公司', receivedAt: '2025-11-10T02:00:00.000Z', description: '另一件事：证书可以花钱买。' });
    const c = row('AAAA-AAAA-AAA3', { description: text, receivedAt: '2025-11-02T02:00:00.000Z' });
    const d = row('AAAA-AAAA-AAA4', { description: text.replace('没有人', '也没有人'), receivedAt: '2025-11-03T02:00:00.000Z' });
    const e = row('AAAA-AAAA-AAA5', { description: '质量督导员整场考试都在玩手机，没有巡查考场。', receivedAt: '2025-11-03T02:00:00.000Z' });
    const signals = duplicateSignals([b, d, e], [a, c]);
    expect(signals.get(b.trackingCode)).toEqual({ of: a.trackingCode, why: 'institution' });
    expect(signals.get(d.trackingCode)).toEqual({ of: c.trackingCode, why: 'text' });
    expect(signals.has(e.trackingCode)).toBe(false);
  });

  it('leave alone reports about the same institution a month apart', () => {
    const a = row('AAAA-AAAA-AAA1', { institutionName: '明德评价', receivedAt: '2025-10-01T02:00:00.000Z' });
    const b = row('AAAA-AAAA-AAA2', { institutionName: '明德评价', receivedAt: '2025-11-10T02:00:00.000Z', description: '另一件事：证书可以花钱买。' });
    expect(duplicateSignals([b], [a]).size).toBe(0);
  });

  it('are looked for once, when a report is filed: its institution anywhere, its office two weeks back, earlier reports only', async () => {
    const asked: unknown[] = [];
    const earlier = row('AAAA-AAAA-AAA1', { institutionName: '明德评价', receivedAt: '2025-11-01T02:00:00.000Z', route: { authority: 'district:pudong', reason: 'x' } as never });
    const later = row('AAAA-AAAA-AAA3', { institutionName: '明德评价', receivedAt: '2025-11-12T02:00:00.000Z' });
    const source: DuplicateSource = {
      forInstitution: async (name, limit) => (asked.push(['institution', name, limit]), [later, earlier]),
      rows: async (authority, index, _after, limit) => (asked.push(['office', authority, index, limit]), { rows: [] }),
    };
    const filing = reportState({ trackingCode: 'AAAA-AAAA-AAA2', institutionName: '明德评价', receivedAt: '2025-11-10T02:00:00.000Z', description: '另一件事：证书可以花钱买。' });
    expect(await likelyDuplicate(source, filing)).toEqual({ of: earlier.trackingCode, why: 'institution' });
    expect(asked).toEqual([
      ['institution', '明德评价', 100],
      ['office', filing.route.authority, { index: 'byAuthority', newestFirst: true, from: '2025-10-27T02:00:00.000Z', to: '2025-11-10T02:00:00.000Z~' }, 100],
    ]);
    expect(await likelyDuplicate({ ...source, forInstitution: async () => [later] }, filing)).toBeUndefined();
  });

  it('read the registry flag off the stored triage', () => {
    expect(row('AAAA-AAAA-AAA1', { triage: { registry: { name: 'x', status: 'suspended', flags: [{ code: 'suspended', message: '' }] } } }).registryFlag).toBe('suspended');
    expect(row('AAAA-AAAA-AAA1', { triage: { registry: { name: 'x', status: 'terminated', flags: [] } } }).registryFlag).toBe('terminated');
    expect(row('AAAA-AAAA-AAA1', { triage: { registry: { name: 'x', status: 'active', flags: [{ code: 'occupation-not-filed', message: '' }] } } }).registryFlag).toBeUndefined();
  });
});

describe('exports and contact details', () => {
  const named = reportState({ anonymous: false, contact: { name: '张三', phone: '13800000001' }, receivedAt: '2026-12-01T20:30:00.000Z' });

  it('leave contact details out unless asked for, and never give an anonymous report’s', () => {
    expect(exportRow(named, '2026-12-02')).not.toHaveProperty('contactPhone');
    expect(exportRow(named, '2026-12-02', { contacts: true })).toMatchObject({ contactName: '张三', contactPhone: '13800000001', contactEmail: '' });
    expect(exportRow(reportState({ anonymous: true, contact: { name: '不该出现' } }), '2026-12-02', { contacts: true })).toMatchObject({ contactName: '' });
  });

  it('mark the contact columns as personal data, and write Shanghai times and typed values in the CSV', () => {
    const columns = exportColumns(true);
    expect(columns.filter((c) => c.personal).map((c) => c.header)).toEqual([`举报人姓名${PERSONAL_MARK}`, `举报人电话${PERSONAL_MARK}`, `举报人邮箱${PERSONAL_MARK}`]);
    expect(exportColumns(false).some((c) => c.personal)).toBe(false);
    const cells = csvCells(exportRow(named, '2026-12-02', { contacts: true }), columns);
    expect(cells[1]).toBe('2026-12-02 04:30');
    expect(cells[columns.findIndex((c) => c.key === 'evidence')]).toBe('0');
    expect(cells[columns.findIndex((c) => c.key === 'decided')]).toBe('否');
    expect(cells.at(-2)).toBe('13800000001');
  });
});
