// Calendar facts used below, and their sources:
// - 2025: 国务院办公厅关于2025年部分节假日安排的通知 (国办发明电〔2024〕12号).
//   春节 01-28 … 02-04 off, 01-26 (Sun) and 02-08 (Sat) worked; 国庆+中秋 10-01 … 10-08 off,
//   09-28 (Sun) and 10-11 (Sat) worked.
// - 2026: 国务院办公厅关于2026年部分节假日安排的通知, 2025-11-04 (新华社; e.g.
//   https://politics.gmw.cn/2025-11/04/content_38391083.htm): 春节 02-15 (Sun) … 02-23 (Mon) off,
//   02-14 (Sat) and 02-28 (Sat) worked; 中秋 09-25 … 09-27 off; 国庆 10-01 … 10-07 off, 09-20 (Sun) and
//   10-10 (Sat) worked. chinese-days 1.5.7's data says the same (checked by the first tests).
import * as chineseDays from 'chinese-days';
import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import {
  CalendarYearUnavailable,
  caseDeadlines,
  deadlineConfigSchema,
  deadlineState,
  DeadlineExtensionRefused,
  defaultDeadlineConfig,
  endOfShanghaiDay,
  extendConclusion,
  objectionDeadline,
  rectificationPlanDeadline,
  reviewDecisionDeadline,
  shanghaiDate,
} from '../../functions/core/deadlines';
import { packageCalendar } from '../../functions/core/working-calendar';

const { addWorkingDays, isWorkingDay, workingDaysBetween, years } = packageCalendar;
const calendarCoverage = { firstYear: years[0]!, lastYear: years[years.length - 1]!, years };

const offDays = (from: string, to: string) => {
  const out: string[] = [];
  for (let t = Date.parse(from); t <= Date.parse(to); t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
};

describe('calendar coverage', () => {
  it('is read from the package data: 2004 to at least 2026, with no gaps', () => {
    expect(calendarCoverage.firstYear).toBe(2004);
    expect(calendarCoverage.lastYear).toBeGreaterThanOrEqual(2026);
    expect(calendarCoverage.years).toEqual(
      Array.from({ length: calendarCoverage.lastYear - 2004 + 1 }, (_, i) => 2004 + i),
    );
  });

  it('agrees with chinese-days’ own isWorkday for every day of 2025 and 2026', () => {
    // The package's runtime tables shift by a day west of UTC; compare only where they are right.
    if (new Date(2025, 0, 1).getTimezoneOffset() > 0) return;
    for (const d of offDays('2025-01-01', '2026-12-28')) expect(isWorkingDay(d), d).toBe(chineseDays.isWorkday(d));
  });
});

describe('isWorkingDay', () => {
  it('2025 春节: 01-28 … 02-04 off; 01-26 (Sunday) and 02-08 (Saturday) are make-up workdays', () => {
    for (const d of offDays('2025-01-28', '2025-02-04')) expect(isWorkingDay(d), d).toBe(false);
    expect(isWorkingDay('2025-01-26')).toBe(true);
    expect(isWorkingDay('2025-02-08')).toBe(true);
    expect(isWorkingDay('2025-01-25')).toBe(false); // an ordinary Saturday
    expect(isWorkingDay('2025-02-05')).toBe(true);
  });

  it('2025 国庆+中秋: 10-01 … 10-08 off; 09-28 (Sunday) and 10-11 (Saturday) are make-up workdays', () => {
    for (const d of offDays('2025-10-01', '2025-10-08')) expect(isWorkingDay(d), d).toBe(false);
    expect(isWorkingDay('2025-09-28')).toBe(true);
    expect(isWorkingDay('2025-10-11')).toBe(true);
    expect(isWorkingDay('2025-10-12')).toBe(false);
    expect(isWorkingDay('2025-10-09')).toBe(true);
  });

  it('2026 春节: 02-15 … 02-23 off; 02-14 and 02-28 (Saturdays) are make-up workdays', () => {
    for (const d of offDays('2026-02-15', '2026-02-23')) expect(isWorkingDay(d), d).toBe(false);
    expect(isWorkingDay('2026-02-14')).toBe(true);
    expect(isWorkingDay('2026-02-28')).toBe(true);
    expect(isWorkingDay('2026-02-24')).toBe(true);
  });

  it('2026 中秋 and 国庆: 09-25 … 09-27 and 10-01 … 10-07 off; 09-20 (Sunday) and 10-10 (Saturday) worked', () => {
    for (const d of [...offDays('2026-09-25', '2026-09-27'), ...offDays('2026-10-01', '2026-10-07')]) {
      expect(isWorkingDay(d), d).toBe(false);
    }
    expect(isWorkingDay('2026-09-20')).toBe(true);
    expect(isWorkingDay('2026-10-10')).toBe(true);
    expect(isWorkingDay('2026-10-08')).toBe(true);
  });

  it('refuses malformed or impossible dates', () => {
    expect(() => isWorkingDay('2025-02-29')).toThrow(/YYYY-MM-DD/);
    expect(() => isWorkingDay('2025/10/09')).toThrow(RangeError);
    expect(() => isWorkingDay('2025-13-01')).toThrow(/YYYY-MM-DD/);
    expect(() => isWorkingDay('2024-02-30')).toThrow(/YYYY-MM-DD/);
    expect(isWorkingDay('2024-02-29')).toBe(true);
    expect(() => endOfShanghaiDay('0025-10-09')).toThrow(RangeError); // not read as 1925
    expect(() => isWorkingDay(20251009 as unknown as string)).toThrow(RangeError);
  });
});

describe('addWorkingDays', () => {
  it('does not count the start day, and counts 调休 weekend workdays across 2025 春节', () => {
    // Friday 01-24 → Sunday 01-26 (worked) → Monday 01-27 → after the holiday, 02-05.
    expect(addWorkingDays('2025-01-24', 1)).toBe('2025-01-26');
    expect(addWorkingDays('2025-01-24', 2)).toBe('2025-01-27');
    expect(addWorkingDays('2025-01-24', 3)).toBe('2025-02-05');
    expect(addWorkingDays('2025-01-24', 6)).toBe('2025-02-08'); // the make-up Saturday
    expect(addWorkingDays('2025-01-24', 7)).toBe('2025-02-10');
  });

  it('across 2025 国庆+中秋', () => {
    expect(addWorkingDays('2025-09-30', 1)).toBe('2025-10-09');
    expect(addWorkingDays('2025-09-30', 3)).toBe('2025-10-11'); // the make-up Saturday
    expect(addWorkingDays('2025-09-30', 4)).toBe('2025-10-13');
    expect(addWorkingDays('2025-09-27', 1)).toBe('2025-09-28'); // Saturday → the make-up Sunday
  });

  it('across 2026 春节 and 国庆', () => {
    expect(addWorkingDays('2026-02-13', 1)).toBe('2026-02-14');
    expect(addWorkingDays('2026-02-13', 2)).toBe('2026-02-24');
    expect(addWorkingDays('2026-02-14', 5)).toBe('2026-02-28');
    expect(addWorkingDays('2026-02-14', 6)).toBe('2026-03-02');
    expect(addWorkingDays('2026-09-19', 1)).toBe('2026-09-20');
    expect(addWorkingDays('2026-09-24', 1)).toBe('2026-09-28'); // 中秋 Friday, then the weekend
    expect(addWorkingDays('2026-09-30', 1)).toBe('2026-10-08');
    expect(addWorkingDays('2026-09-30', 3)).toBe('2026-10-10');
    expect(addWorkingDays('2026-09-30', 4)).toBe('2026-10-12');
  });

  it('received on a weekend or holiday: counting starts with the next working day', () => {
    expect(addWorkingDays('2025-03-08', 1)).toBe('2025-03-10'); // Saturday → by the end of Monday
    expect(addWorkingDays('2025-03-07', 1)).toBe('2025-03-10'); // the same as for the Friday before
    expect(addWorkingDays('2025-10-03', 1)).toBe('2025-10-09'); // mid-holiday
    expect(addWorkingDays('2025-10-03', 0)).toBe('2025-10-09');
    expect(addWorkingDays('2025-10-09', 0)).toBe('2025-10-09');
  });

  it('refuses a negative or fractional count', () => {
    expect(() => addWorkingDays('2025-10-09', -1)).toThrow(RangeError);
    expect(() => addWorkingDays('2025-10-09', 1.5)).toThrow(RangeError);
  });
});

describe('workingDaysBetween', () => {
  it('counts working days in (from, to], negative backwards, and inverts addWorkingDays', () => {
    expect(workingDaysBetween('2025-01-24', '2025-02-10')).toBe(7);
    expect(workingDaysBetween('2025-02-10', '2025-01-24')).toBe(-7);
    expect(workingDaysBetween('2025-09-30', '2025-10-08')).toBe(0);
    expect(workingDaysBetween('2025-10-09', '2025-10-09')).toBe(0);
    expect(workingDaysBetween('2026-02-13', '2026-03-02')).toBe(7);
    for (const start of offDays('2025-09-20', '2025-10-12')) {
      for (const n of [1, 5, 15]) expect(workingDaysBetween(start, addWorkingDays(start, n)), `${start}+${n}`).toBe(n);
    }
  });
});

describe('years without data', () => {
  const after = calendarCoverage.lastYear + 1; // 2027 with chinese-days 1.5.7
  const before = calendarCoverage.firstYear - 1; // 2003

  it(`refuses ${after} with a Chinese message naming the years`, () => {
    const err = (() => {
      try {
        isWorkingDay(`${after}-03-01`);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(CalendarYearUnavailable);
    expect((err as CalendarYearUnavailable).year).toBe(after);
    expect((err as Error).message).toBe(
      `节假日安排只到 ${after - 1} 年，无法计算 ${after} 年的工作日期限，请管理员在后台“工作日历”页录入 ${after} 年的节假日安排（国务院办公厅通知）`,
    );
  });

  it(`refuses ${before}`, () => {
    expect(() => isWorkingDay(`${before}-06-02`)).toThrow(CalendarYearUnavailable);
    expect(() => isWorkingDay(`${before}-06-02`)).toThrow(`节假日安排数据从 2004 年开始，无法计算 ${before} 年的工作日期限`);
    expect(() => addWorkingDays(`${before}-12-31`, 1)).toThrow(CalendarYearUnavailable);
  });

  it('refuses a count that runs into a year without data, rather than guessing', () => {
    const last = calendarCoverage.lastYear;
    expect(() => addWorkingDays(`${last}-12-10`, 15)).toThrow(CalendarYearUnavailable);
    expect(() => workingDaysBetween(`${last}-12-01`, `${after}-01-10`)).toThrow(CalendarYearUnavailable);
    expect(() => caseDeadlines(packageCalendar, `${last}-12-20T10:00:00+08:00`)).toThrow(/无法计算 \d{4} 年的工作日期限|元旦/);
  });

  it('refuses the last days of December too, which next year’s 元旦 arrangement may move', () => {
    // 2019's notice made 2018-12-29 (Saturday) a workday and 2018-12-30/31 holidays.
    expect(isWorkingDay('2018-12-29')).toBe(true);
    expect(isWorkingDay('2018-12-31')).toBe(false);
    const last = calendarCoverage.lastYear;
    expect(() => isWorkingDay(`${last}-12-28`)).not.toThrow();
    expect(() => isWorkingDay(`${last}-12-29`)).toThrow(CalendarYearUnavailable);
    expect(() => isWorkingDay(`${last}-12-29`)).toThrow(`可能受 ${after} 年元旦放假调休安排影响`);
  });
});

describe('Shanghai dates', () => {
  it('reads an instant in UTC+8', () => {
    expect(shanghaiDate('2025-09-30T18:00:00Z')).toBe('2025-10-01');
    expect(shanghaiDate('2025-09-30T15:59:59.999Z')).toBe('2025-09-30');
    expect(shanghaiDate('2025-10-01T00:30:00+08:00')).toBe('2025-10-01');
    expect(shanghaiDate(new Date('2025-09-30T16:00:00Z'))).toBe('2025-10-01');
    expect(endOfShanghaiDay('2025-10-09')).toBe('2025-10-09T15:59:59.999Z');
  });

  it('refuses a timestamp without an offset (it would be read in the server’s zone)', () => {
    expect(() => shanghaiDate('2025-09-30T18:00:00')).toThrow(/带时区/);
    expect(() => shanghaiDate('not a date')).toThrow(RangeError);
  });

  it('one second before or after Shanghai midnight changes the deadline', () => {
    // 2025-09-28 is a make-up Sunday: received that day, 1 working day is Monday 09-29; received on
    // Monday, it is Tuesday 09-30.
    expect(caseDeadlines(packageCalendar, '2025-09-28T15:59:59Z').acknowledge.due).toBe('2025-09-29');
    expect(caseDeadlines(packageCalendar, '2025-09-28T16:00:00Z').acknowledge.due).toBe('2025-09-30');
    // 18:00Z on 09-30 is already 10-01 (a holiday) in Shanghai.
    expect(caseDeadlines(packageCalendar, '2025-09-30T18:00:00Z').acknowledge.countedFrom).toBe('2025-10-01');
  });
});

describe('case deadlines', () => {
  it('defaults: 1, 5 and 15 working days, extension 15', () => {
    expect(defaultDeadlineConfig).toEqual({ acknowledgeDays: 1, firstReplyDays: 5, conclusionDays: 15, extensionDays: 15 });
  });

  it('counts from the Shanghai day of receipt, across 2025 国庆', () => {
    const d = caseDeadlines(packageCalendar, '2025-09-30T02:00:00Z');
    expect(d.acknowledge).toEqual({ due: '2025-10-09', dueAt: '2025-10-09T15:59:59.999Z', countedFrom: '2025-09-30', workingDays: 1 });
    expect(d.firstReply.due).toBe('2025-10-14');
    expect(d.conclusion.due).toBe('2025-10-28');
    expect(d.conclusion.extension).toBeUndefined();
  });

  it('received on a Saturday: acknowledge by the end of Monday', () => {
    const d = caseDeadlines(packageCalendar, '2025-03-08T10:00:00+08:00');
    expect(d.acknowledge.due).toBe('2025-03-10');
    expect(d.firstReply.due).toBe('2025-03-14');
  });

  it('received during 2025 春节: counting starts on 02-05 and takes in the make-up Saturday', () => {
    const d = caseDeadlines(packageCalendar, '2025-01-30T09:00:00+08:00');
    expect(d.acknowledge.due).toBe('2025-02-05');
    expect(d.firstReply.due).toBe('2025-02-10'); // 02-05, 06, 07, 08 (Sat), 10
  });

  it('takes configured periods, and refuses bad ones in Chinese', () => {
    const d = caseDeadlines(packageCalendar, '2025-09-30T02:00:00Z', { acknowledgeDays: 2, conclusionDays: 20 });
    expect(d.acknowledge.due).toBe('2025-10-10');
    expect(d.firstReply.due).toBe('2025-10-14');
    expect(d.conclusion.due).toBe('2025-11-04');
    expect(() => caseDeadlines(packageCalendar, '2025-09-30T02:00:00Z', { firstReplyDays: 0 })).toThrow('首次答复期限至少为 1 个工作日');
    expect(() => caseDeadlines(packageCalendar, '2025-09-30T02:00:00Z', { acknowledgeDays: 6 })).toThrow('受理确认期限不能长于首次答复期限');
    expect(() => deadlineConfigSchema.parse({ conclusionDays: 2.5 })).toThrow('办结期限应为整数个工作日');
  });

  it('extends the conclusion once, by 15 working days after the original due date', () => {
    const d = caseDeadlines(packageCalendar, '2025-09-30T02:00:00Z', undefined, { reason: '需向市职鉴中心调取考试录像', grantedAt: '2025-10-20T09:00:00+08:00' });
    expect(d.conclusion).toEqual({
      due: '2025-11-18',
      dueAt: '2025-11-18T15:59:59.999Z',
      countedFrom: '2025-09-30',
      workingDays: 30,
      extension: { reason: '需向市职鉴中心调取考试录像', grantedAt: '2025-10-20T09:00:00+08:00', workingDays: 15, originalDue: '2025-10-28' },
    });
    expect(d.acknowledge.due).toBe('2025-10-09');
    const byTen = caseDeadlines(packageCalendar, '2025-09-30T02:00:00Z', { extensionDays: 10 }, [{ reason: '案情复杂' }]);
    expect(byTen.conclusion.due).toBe('2025-11-11');
  });

  it('refuses a second extension, one without a reason, and one after the deadline passed', () => {
    const at = '2025-09-30T02:00:00Z';
    expect(() => caseDeadlines(packageCalendar, at, undefined, [{ reason: '案情复杂' }, { reason: '再延一次' }])).toThrow(DeadlineExtensionRefused);
    const once = caseDeadlines(packageCalendar, at, undefined, { reason: '案情复杂' });
    expect(() => extendConclusion(packageCalendar, once, { reason: '再延一次' })).toThrow(
      '办结期限只能延长一次：本案已延期至 2025-11-18（理由：案情复杂），不能再次延期',
    );
    expect(() => caseDeadlines(packageCalendar, at, undefined, { reason: '  ' })).toThrow(ZodError);
    expect(() => caseDeadlines(packageCalendar, at, undefined, { reason: '  ' })).toThrow('请填写延期理由');
    expect(() => caseDeadlines(packageCalendar, at, undefined, { reason: '案情复杂', grantedAt: '2025-10-28T16:00:00Z' })).toThrow(
      '原办结期限 2025-10-28 已过，不能再延期',
    );
    expect(caseDeadlines(packageCalendar, at, undefined, { reason: '案情复杂', grantedAt: '2025-10-28T15:59:59Z' }).conclusion.due).toBe('2025-11-18');
  });
});

describe('deadlineState', () => {
  it('counts working days left, 0 on the due day, negative once overdue', () => {
    expect(deadlineState(packageCalendar, '2025-10-09', '2025-09-30T10:00:00+08:00')).toEqual({ overdue: false, workingDaysLeft: 1 });
    expect(deadlineState(packageCalendar, '2025-10-09', '2025-10-05T10:00:00+08:00')).toEqual({ overdue: false, workingDaysLeft: 1 });
    expect(deadlineState(packageCalendar, '2025-10-09', '2025-10-09T23:59:59+08:00')).toEqual({ overdue: false, workingDaysLeft: 0 });
    expect(deadlineState(packageCalendar, '2025-10-09', '2025-10-09T16:00:00Z')).toEqual({ overdue: true, workingDaysLeft: -1 });
    expect(deadlineState(packageCalendar, '2025-10-10', '2025-10-12T10:00:00+08:00')).toEqual({ overdue: true, workingDaysLeft: -1 }); // 10-11 was worked
    expect(deadlineState(packageCalendar, '2025-10-17', '2025-10-19T10:00:00+08:00')).toEqual({ overdue: true, workingDaysLeft: 0 }); // only a weekend passed
    expect(deadlineState(packageCalendar, '2025-10-28', new Date('2025-09-30T02:00:00Z'))).toEqual({ overdue: false, workingDaysLeft: 15 });
  });
});

describe('the 细则’s periods', () => {
  it('第二十九条: 15 working days to object after a decision is delivered', () => {
    // Friday 09-26: 09-28 (make-up Sunday), 29, 30, then 10-09, 10, 11 (Sat), 13 … 17, 20 … 23.
    expect(objectionDeadline(packageCalendar, '2025-09-26T09:00:00+08:00')).toEqual({
      due: '2025-10-23',
      dueAt: '2025-10-23T15:59:59.999Z',
      countedFrom: '2025-09-26',
      workingDays: 15,
    });
    // Over 2026 春节: 02-14 (Sat), 02-24 … 02-28 (Sat), 03-02 … 03-06, 03-09 … 03-12.
    expect(objectionDeadline(packageCalendar, '2026-02-13T09:00:00+08:00').due).toBe('2026-03-12');
    expect(reviewDecisionDeadline(packageCalendar, '2025-10-23T17:00:00+08:00').due).toBe('2025-11-13');
  });

  it('第三十二条: 5 working days for a rectification plan after a warning', () => {
    expect(rectificationPlanDeadline(packageCalendar, '2025-09-26T09:00:00+08:00').due).toBe('2025-10-10');
    expect(rectificationPlanDeadline(packageCalendar, '2026-09-30T20:00:00+08:00').due).toBe('2026-10-13'); // 10-08, 09, 10 (Sat), 12, 13
    expect(rectificationPlanDeadline(packageCalendar, '2025-09-30T18:00:00Z').countedFrom).toBe('2025-10-01');
  });
});
