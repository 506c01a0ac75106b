// The n-gram codes and their table: the engine's scoring and its pattern index stand on them.
import { describe, expect, it } from 'vitest';
import { gramCode, gramText, GramLists, GramTable } from '../../functions/core/gram-table';

describe('n-gram codes', () => {
  it('give every one- and two-unit n-gram its own code, and give the n-gram back', () => {
    const grams = ['包', '包过', '过包', 'a', 'ab', '𠮷', '\uffff\uffff', '0'];
    const codes = grams.map((g) => gramCode(g, 0, g.length));
    expect(new Set(codes).size).toBe(grams.length);
    expect(codes.map(gramText)).toEqual(grams);
    // A two-unit code never falls among the one-unit ones, and fits a uint32.
    expect(Math.min(...codes.filter((_, i) => grams[i]!.length === 2))).toBeGreaterThanOrEqual(65536);
    expect(Math.max(...codes)).toBeLessThanOrEqual(0xffffffff);
  });
});

describe('GramTable', () => {
  it('keeps values by code, in first-set order, growing past its expected size', () => {
    const table = new GramTable(2);
    const codes = Array.from({ length: 5000 }, (_, i) => gramCode(String.fromCharCode(0x4e00 + (i % 97), 0x4e00 + Math.floor(i / 97)), 0, 2));
    codes.forEach((code, i) => table.or(code, (i % 30) + 1));
    table.or(codes[0]!, 1 << 31);
    expect(table.codes).toEqual(codes);
    expect(codes.map((c) => table.get(c))).toEqual(codes.map((_, i) => (i === 0 ? 1 | (1 << 31) : (i % 30) + 1)));
    // Absent codes read 0, including ones that collide with present codes' slots.
    expect(table.get(gramCode('包过', 0, 2))).toBe(0);
    expect(table.get(gramCode('包', 0, 1))).toBe(0);
  });
});

describe('GramLists', () => {
  it('keeps, per code, what was added under it, in order; nothing for a code never added', () => {
    const lists = new GramLists();
    const [a, b] = [gramCode('包过', 0, 2), gramCode('替考', 0, 2)];
    lists.add(a, 3);
    lists.add(b, 7);
    lists.add(a, 1);
    expect(lists.get(a)).toEqual([3, 1]);
    expect(lists.get(b)).toEqual([7]);
    expect(lists.get(gramCode('考', 0, 1))).toBeUndefined();
  });
});
