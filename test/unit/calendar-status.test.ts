import { describe, expect, it } from 'vitest';
import { checkYearEntry, yearEntrySchema } from '../../functions/core/calendar-entry';
import { calendarSource, calendarStatus } from '../../functions/core/calendar-status';
import type { CalendarEntry } from '../../functions/core/holiday-arrangement';
import type { CalendarStore } from '../../functions/core/ports';
import { PACKAGE_YEARS } from '../../functions/core/working-calendar';
import { FICTIONAL_2098, FICTIONAL_2099, LATE_2098 } from '../fixtures/fictional-calendar';

// What the console says about the calendar, and how a Lambda instance keeps it.

function entry(fixture: typeof FICTIONAL_2098, enteredAt: string, enteredBy = '管理员甲'): CalendarEntry {
  const check = checkYearEntry(yearEntrySchema.parse(fixture), [], LATE_2098);
  return { ...check.arrangement, notice: check.notice, text: fixture.text, enteredAt, enteredBy, enteredById: 'admin' };
}
const e2098 = entry(FICTIONAL_2098, '2098-10-20T01:00:00.000Z');

describe('the calendar status', () => {
  it('warns from 1 November in Shanghai when next year is missing, and not before', () => {
    // 2098-10-31T16:00Z is 11-01 00:00 in Shanghai.
    expect(calendarStatus([e2098], new Date('2098-10-31T15:59:59Z'))).toMatchObject({ today: '2098-10-31', missing: [], warning: null });
    const november = calendarStatus([e2098], new Date('2098-10-31T16:00:00Z'));
    expect(november).toMatchObject({ today: '2098-11-01', missing: [2099] });
    expect(november.warning).toBe('2099 年的节假日安排还没有录入，落在其中的期限无法计算。国务院办公厅的通知发布后，请在“工作日历”页录入。');
    expect(calendarStatus([e2098, entry(FICTIONAL_2099, '2098-11-20T01:00:00.000Z')], new Date('2098-11-21T00:00:00Z')).warning).toBeNull();
  });

  it('warns at any time of year when this year is missing', () => {
    expect(calendarStatus([], new Date('2098-03-01T00:00:00Z'))).toMatchObject({ missing: [2098], warning: expect.stringMatching(/^2098 年的节假日安排还没有录入/) });
    expect(calendarStatus([], new Date('2098-11-02T00:00:00Z')).warning).toMatch(/^2098 年、2099 年的节假日安排还没有录入/);
    // Today, with the package's data only: 2026 is covered and, from November, 2027 is asked for.
    expect(calendarStatus([], new Date('2026-06-01T00:00:00Z')).missing).toEqual([]);
    expect(calendarStatus([], new Date('2026-12-01T00:00:00Z')).missing).toEqual([2027]);
  });

  it('lists each year with where it comes from, and every entry with the one in force', () => {
    const first = entry(FICTIONAL_2099, '2098-11-20T01:00:00.000Z');
    const correction = { ...entry(FICTIONAL_2099, '2098-11-21T01:00:00.000Z', '管理员乙'), notice: '虚构测试〔2098〕3号', reason: '文号录错了' };
    const status = calendarStatus([first, e2098, correction], LATE_2098);
    expect(status.years.slice(0, PACKAGE_YEARS.length)).toEqual(PACKAGE_YEARS.map((year) => ({ year, source: 'package' })));
    expect(status.years.slice(PACKAGE_YEARS.length)).toEqual([
      { year: 2098, source: 'entered', notice: '虚构测试〔2097〕1号', enteredAt: e2098.enteredAt, enteredBy: '管理员甲', entries: 1 },
      { year: 2099, source: 'entered', notice: '虚构测试〔2098〕3号', enteredAt: correction.enteredAt, enteredBy: '管理员乙', entries: 2 },
    ]);
    expect(status.history.map((h) => [h.year, h.enteredBy, h.inForce, h.reason])).toEqual([
      [2099, '管理员乙', true, '文号录错了'],
      [2099, '管理员甲', false, undefined],
      [2098, '管理员甲', true, undefined],
    ]);
    expect(status.enterable).toEqual({ from: 2027, to: 2099 });
  });
});

describe('the cached calendar', () => {
  function countingStore(entries: CalendarEntry[]): CalendarStore & { reads: number } {
    const store = {
      reads: 0,
      async entries() {
        store.reads++;
        return [...entries];
      },
      async add(e: CalendarEntry) {
        entries.push(e);
      },
    };
    return store;
  }

  it('reads the entries at most once a minute, and rebuilds the table only when they changed', async () => {
    const store = countingStore([e2098]);
    let now = 0;
    const source = calendarSource(store, () => now);
    const first = await source.current();
    expect(first.isWorkingDay('2098-01-26')).toBe(true);
    now = 59_999;
    expect(await source.current()).toBe(first);
    expect(store.reads).toBe(1);
    now = 60_000;
    expect(await source.current()).toBe(first); // read again, nothing changed: the same table
    expect(store.reads).toBe(2);
    await store.add(entry(FICTIONAL_2099, '2098-11-20T01:00:00.000Z'));
    now = 61_000;
    expect((await source.current()).years).not.toContain(2099); // within the minute: the copy it has
    expect(store.reads).toBe(2);
    source.forget();
    const updated = await source.current();
    expect(updated).not.toBe(first);
    expect(updated.years).toContain(2099);
    expect(updated.isWorkingDay('2098-12-31')).toBe(false);
  });
});
