import calendarData from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { arrangementProblems, checkYearEntry, entriesInForce, yearEntrySchema, type YearEntryInput } from '../../functions/core/calendar-entry';
import { dayNumber, fromDayNumber } from '../../functions/core/deadlines';
import type { CalendarEntry, Festival } from '../../functions/core/holiday-arrangement';
import { parseHolidayNotice, type ParsedNotice } from '../../functions/core/holiday-notice';
import { FICTIONAL_2098, FICTIONAL_2099, LATE_2098 } from '../fixtures/fictional-calendar';

// Reading an arrangement as administrators type or paste it, and the checks that keep a wrong one out.

/** The 2025 and 2026 notices' items, in their wording; the dates are checked against the package data below. */
const NOTICE_2025 = `一、元旦：1月1日（周三）放假1天，不调休。
二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。1月26日（周日）、2月8日（周六）上班。
三、清明节：4月4日（周五）至6日（周日）放假，共3天。
四、劳动节：5月1日（周四）至5日（周一）放假调休，共5天。4月27日（周日）上班。
五、端午节：5月31日（周六）至6月2日（周一）放假，共3天。
六、国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。9月28日（周日）、10月11日（周六）上班。`;
const NOTICE_2026 = `一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
三、清明节：4月4日（周六）至6日（周一）放假，共3天。
四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
五、端午节：6月19日（周五）至21日（周日）放假，共3天。
六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。`;

const PACKAGE_NAMES: Record<string, Festival> = { 元旦: '元旦', 春节: '春节', 清明: '清明节', 劳动节: '劳动节', 端午: '端午节', 中秋: '中秋节', 国庆节: '国庆节' };
/** A package date's notice year: December dates named 元旦 belong to the next year's notice. */
const noticeYear = (date: string, value: string) => Number(date.slice(0, 4)) + (date.slice(5, 7) === '12' && value.includes('元旦') ? 1 : 0);

const isWeekend = (day: number) => [0, 6].includes(new Date(day * 86_400_000).getUTCDay());

/**
 * A year of the package data as the parser would give it: runs of days off, and the days worked. The package
 * leaves out some weekend days inside a run (2011's 端午 was 06-04 … 06-06, the data lacks the Sunday): a gap
 * of weekend days within one festival joins its run.
 */
function packageArrangement(year: number): ParsedNotice {
  const of = (dates: Record<string, string>) =>
    Object.entries(dates)
      .filter(([date, value]) => noticeYear(date, value) === year)
      .map(([date, value]) => ({ date, festival: PACKAGE_NAMES[value.split(',')[1]!] }))
      .sort((a, b) => a.date.localeCompare(b.date));
  const holidays: ParsedNotice['holidays'] = [];
  for (const { date, festival } of of(calendarData.holidays)) {
    const last = holidays[holidays.length - 1];
    const gap = last ? Array.from({ length: dayNumber(date) - dayNumber(last.to) - 1 }, (_, i) => dayNumber(last.to) + 1 + i) : [];
    if (last && (gap.length === 0 || (gap.length <= 2 && gap.every(isWeekend) && festival && last.festivals.includes(festival)))) {
      last.to = date;
      if (festival && !last.festivals.includes(festival)) last.festivals.push(festival);
    } else holidays.push({ festivals: festival ? [festival] : [], from: date, to: date, line: holidays.length + 1 });
  }
  const workdays = of(calendarData.workdays).map(({ date, festival }, i) => ({ date, festivals: festival ? [festival] : [], line: 100 + i }));
  return { holidays, workdays, problems: [] };
}

const daysOff = (p: Pick<ParsedNotice, 'holidays'>) =>
  p.holidays.flatMap((h) => Array.from({ length: dayNumber(h.to) - dayNumber(h.from) + 1 }, (_, i) => fromDayNumber(dayNumber(h.from) + i))).sort();
const daysWorked = (p: Pick<ParsedNotice, 'workdays'>) => p.workdays.map((w) => w.date).sort();

describe('reading an arrangement', () => {
  it.each([
    [2025, NOTICE_2025],
    [2026, NOTICE_2026],
  ])('reads the %i notice’s own wording into exactly the package’s days', (year, text) => {
    const parsed = parseHolidayNotice(text, year);
    expect(parsed.problems).toEqual([]);
    expect(daysOff(parsed)).toEqual(daysOff(packageArrangement(year)));
    expect(daysWorked(parsed)).toEqual(daysWorked(packageArrangement(year)));
    expect(parsed.holidays.map((h) => h.festivals.join('、'))).toEqual(
      year === 2025 ? ['元旦', '春节', '清明节', '劳动节', '端午节', '国庆节、中秋节'] : ['元旦', '春节', '清明节', '劳动节', '端午节', '中秋节', '国庆节'],
    );
    expect(parsed.workdays.find((w) => w.date === `${year}-10-11` || w.date === `${year}-10-10`)?.festivals).toContain('国庆节');
  });

  it('reads ISO lines, with the festival after the dates and 调休上班 lines of their own', () => {
    const parsed = parseHolidayNotice(FICTIONAL_2098.text, 2098);
    expect(parsed.problems).toEqual([]);
    expect(parsed.holidays[1]).toEqual({ festivals: ['春节'], from: '2098-01-31', to: '2098-02-07', line: 2 });
    expect(parsed.workdays.slice(0, 2)).toEqual([
      { date: '2098-01-26', festivals: ['春节'], line: 3 },
      { date: '2098-02-08', festivals: ['春节'], line: 3 },
    ]);
  });

  it('takes full-width digits and other separators, and the previous year written out', () => {
    const parsed = parseHolidayNotice('元旦：２０９８年１２月３１日～2099/1/1\n春节 2099.1.20 到 2099.1.26\n调休上班：1月3日，1月31日', 2099);
    expect(parsed.holidays.map((h) => [h.from, h.to])).toEqual([
      ['2098-12-31', '2099-01-01'],
      ['2099-01-20', '2099-01-26'],
    ]);
    expect(daysWorked(parsed)).toEqual(['2099-01-03', '2099-01-31']);
  });

  it('says which line has an impossible date or days off without a festival', () => {
    expect(parseHolidayNotice('春节：2099-02-30 至 2099-03-02', 2099).problems).toEqual([{ line: 1, message: '第 1 行：2099 年 2 月 30 日不是有效日期，请核对' }]);
    expect(parseHolidayNotice('元旦：2099-01-01\n2099-03-02 至 2099-03-04', 2099).problems).toEqual([]);
    expect(parseHolidayNotice('放假 2099-03-02 至 2099-03-04', 2099).problems[0]?.message).toBe(
      '第 1 行：没有写是哪个节日的放假（如“春节”“国庆节”），请在日期前后写上节日名称',
    );
  });
});

describe('the plausibility checks', () => {
  it('pass every year of the package data from 2008 (the year 清明, 端午 and 中秋 became holidays), save two one-offs', () => {
    // 2015 had a one-off holiday for the 70th anniversary of the victory; in 2020 中秋 fell on 10-01, and the
    // package names that run 国庆 alone (besides, a later notice lengthened 春节).
    for (let year = 2008; year <= 2026; year++) {
      const problems = arrangementProblems(packageArrangement(year), year);
      if (year === 2015) expect(problems).toEqual([expect.stringMatching(/相抵后是 12 天，而法定节假日共 11 天/)]);
      else if (year === 2020) expect(problems).toEqual([expect.stringMatching(/^缺少中秋节的放假日期/)]);
      else expect(problems, String(year)).toEqual([]);
    }
  });

  const refusals = (text: string, year = 2099) => arrangementProblems(parseHolidayNotice(text, year), year);
  const replace = (from: string, to: string) => FICTIONAL_2099.text.replace(from, to);

  it('accept the made-up years', () => {
    expect(refusals(FICTIONAL_2098.text, 2098)).toEqual([]);
    expect(refusals(FICTIONAL_2099.text)).toEqual([]);
  });

  it('refuse a missing festival, naming it', () => {
    expect(refusals(replace('五、端午节：6月23日（周二）放假1天，不调休。', ''))).toContain(
      '缺少端午节的放假日期：每年的通知都安排元旦、春节、清明节、劳动节、端午节、中秋节、国庆节，请补上',
    );
  });

  it('refuse a festival away from its day, too short, too long, or given twice', () => {
    expect(refusals(replace('1月20日（农历除夕、周二）至26日', '1月12日（周一）至18日'))).toContain(
      '第 3 行：春节的放假日期（2099-01-12 至 2099-01-18）应包含农历正月初一（2099-01-21），请核对',
    );
    expect(refusals(replace('5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。', '5月1日放假1天。'))).toContain(
      '第 5 行：劳动节只放假 1 天，少于法定的 2 天（《全国年节及纪念日放假办法》），请核对',
    );
    expect(refusals(replace('至26日（农历正月初六、周一）', '至2月6日'))).toContain('第 3 行：春节放假 18 天（2099-01-20 至 2099-02-06），超过了 10 天，请核对日期');
    expect(refusals(`${FICTIONAL_2099.text}\n2099-06-24 端午节`)).toContain('端午节的放假日期写了 2 次（第 6、8 行），每个节日只写一段连续的放假日期');
  });

  it('refuse overlapping festivals, and a date outside the year', () => {
    expect(refusals(replace('五、端午节：6月23日（周二）', '五、端午节：5月5日（周二）至7日（周四）'))).toEqual(
      expect.arrayContaining([
        '劳动节（2099-05-01 至 2099-05-05，第 5 行）与端午节（2099-05-05 至 2099-05-07，第 6 行）的放假日期重叠；同时放假的节日请写在同一行，如“国庆节、中秋节”',
      ]),
    );
    expect(refusals(replace('2098年12月31日（周三）至2099年1月1日', '2099年1月1日'), 2100)).toEqual(
      expect.arrayContaining(['第 2 行：元旦的日期 2099-01-01 不在 2100 年；只有元旦的放假可以从上一年 12 月 25 日以后开始']),
    );
    expect(refusals(`${FICTIONAL_2099.text}\n调休上班：2100-01-02`)).toContain('第 8 行：调休上班日期 2100-01-02 不在 2099 年');
  });

  it('refuse 调休 on a weekday or on a day off, and a workday given twice', () => {
    expect(refusals(replace('1月31日（周六）上班', '2月2日（周一）上班'))).toContain('第 3 行：调休上班日期 2099-02-02 是周一；调休上班只会安排在周六或周日，请核对');
    expect(refusals(replace('1月31日（周六）上班', '1月25日（周日）上班'))).toContain(
      '第 3 行：2099-01-25 既是调休上班日，又在春节的放假日期（2099-01-20 至 2099-01-26）之内，请核对',
    );
    expect(refusals(`${FICTIONAL_2099.text}\n调休上班：2099-01-31`)).toContain('第 8 行：调休上班日期 2099-01-31 写了两次');
  });

  it('refuse an arrangement whose weekdays off, less the 调休 days, are not the 13 statutory days', () => {
    expect(refusals(replace('1月31日（周六）上班。', ''))).toEqual([
      '放假的工作日共 18 天，调休上班 4 天，相抵后是 14 天，而法定节假日共 13 天：请核对是否漏写或多写了放假日期或调休上班日期',
    ]);
  });
});

describe('an entry', () => {
  const input = (patch: Partial<YearEntryInput> = {}) => yearEntrySchema.parse({ ...FICTIONAL_2099, ...patch });
  const stored = (fixture: typeof FICTIONAL_2098, enteredAt: string, patch: Partial<CalendarEntry> = {}): CalendarEntry => {
    const check = checkYearEntry(yearEntrySchema.parse(fixture), [], LATE_2098);
    return { ...check.arrangement, notice: check.notice, text: fixture.text, enteredAt, enteredBy: '管理员甲', enteredById: 'admin', ...patch };
  };

  it('gives the arrangement, the working days of the year and the 文号 with its proper brackets', () => {
    const check = checkYearEntry(input({ notice: '虚构测试[2098]2号' }), [], LATE_2098);
    expect(check.problems).toEqual([]);
    expect(check.notice).toBe('虚构测试〔2098〕2号');
    expect(check.summary.workingDays).toBe(249);
    expect(check.summary.holidays.at(-1)).toEqual({ festivals: ['国庆节', '中秋节'], from: '2099-09-29', to: '2099-10-06', days: 8, weekdays: 6 });
    expect(check.summary.workdays[0]).toEqual({ date: '2099-01-03', weekday: '周六', festivals: ['元旦'] });
  });

  it('is refused for a year the package has, a year not yet due, or a 文号 of the wrong form or year', () => {
    const problems = (patch: Partial<YearEntryInput>, now = LATE_2098) => checkYearEntry(input(patch), [], now).problems;
    expect(problems({ year: 2026 })).toContainEqual({ field: 'year', message: '2026 年及以前的节假日安排已在日历数据（chinese-days）中，不需要录入；请录入 2027 年或以后的安排' });
    expect(problems({}, new Date('2097-12-01T00:00:00Z'))).toContainEqual({
      field: 'year',
      message: '现在还不能录入 2099 年：国务院办公厅一般在上一年年底公布下一年的安排，现在最多录入到 2098 年',
    });
    expect(problems({ notice: '2098年第2号' })).toContainEqual({ field: 'notice', message: '通知文号应像“国办发明电〔2098〕7号”这样写：发文机关代字、〔发文年份〕、序号和“号”' });
    expect(problems({ notice: '虚构测试〔2090〕2号' })).toContainEqual({
      field: 'notice',
      message: '文号中的发文年份是 2090，而 2099 年的安排应在 2098 年（或 2099 年）发文，请核对年份或文号',
    });
    expect(problems({ text: FICTIONAL_2099.text.replace('1月31日（周六）上班。', '') })[0]).toEqual({
      field: 'text',
      message: expect.stringMatching(/^节假日安排：放假的工作日共 18 天/),
    });
  });

  it('that corrects an entered year needs a reason and a difference', () => {
    const first = stored(FICTIONAL_2099, '2098-12-01T02:00:00.000Z');
    expect(checkYearEntry(input(), [first], LATE_2098).problems).toEqual([
      { field: 'reason', message: '2099 年的安排已由管理员甲于 2098-12-01 10:00 录入（虚构测试〔2098〕2号）；更正时请填写更正理由' },
      { field: 'text', message: '与 2099 年现行的安排完全相同，不需要更正' },
    ]);
    const correction = checkYearEntry(input({ notice: '虚构测试〔2098〕3号', reason: '文号录错了' }), [first], LATE_2098);
    expect(correction.problems).toEqual([]);
    expect(correction.replaces).toBe(first);
  });

  it('has its schema refuse what is not an entry, naming the field', () => {
    const issue = (body: unknown) => {
      try {
        yearEntrySchema.parse(body);
      } catch (e) {
        return { path: (e as ZodError).issues[0]!.path.join('.'), message: (e as ZodError).issues[0]!.message };
      }
    };
    expect(issue({ ...FICTIONAL_2099, year: '2099' })).toEqual({ path: 'year', message: '年份应为 4 位数字，如 2030' });
    expect(issue({ ...FICTIONAL_2099, notice: ' ' })).toEqual({ path: 'notice', message: '请填写国务院办公厅通知的文号，如“国办发明电〔2029〕7号”' });
    expect(issue({ year: 2099, notice: 'x〔2098〕1号' })).toEqual({ path: 'text', message: '请填写节假日安排' });
  });

  it('in force is the latest of its year', () => {
    const a = stored(FICTIONAL_2099, '2098-12-01T02:00:00.000Z');
    const b = stored(FICTIONAL_2099, '2098-12-02T02:00:00.000Z', { notice: '虚构测试〔2098〕3号' });
    const c = stored(FICTIONAL_2098, '2098-11-01T02:00:00.000Z');
    expect(entriesInForce([b, c, a])).toEqual([c, b]);
  });
});
