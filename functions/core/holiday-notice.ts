import { dayNumber, fromDayNumber } from './deadlines';
import { FESTIVALS, type Festival, type HolidayRange, type MakeUpWorkday } from './holiday-arrangement';

// Reads a year's arrangement as an administrator types or pastes it: either the notice's own sentences
//
//   二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
//
// or one line per festival and per list of make-up workdays, in ISO dates
//
//   2030-02-02 至 2030-02-08 春节
//   调休上班：2030-01-27、2030-02-09
//
// A sentence that says 上班 lists make-up workdays; any other sentence with dates gives days off, for the
// festival it names or, failing that, the festival of the item or line above (“二、春节：”). Dates without a
// year are in the arrangement's year; “至23日” takes the month before it.

export interface NoticeLine {
  /** 1-based line of the text the item was read from, for messages. */
  line: number;
}

export interface ParsedNotice {
  holidays: (HolidayRange & NoticeLine)[];
  workdays: (MakeUpWorkday & NoticeLine)[];
  problems: (NoticeLine & { message: string })[];
}

const ALIASES: Record<Festival, RegExp> = {
  元旦: /元旦/,
  春节: /春节/,
  清明节: /清明/,
  劳动节: /劳动节|五一/,
  端午节: /端午/,
  中秋节: /中秋/,
  国庆节: /国庆/,
};

/** The festivals a piece of text names, in the order it names them. */
function festivalsIn(text: string): Festival[] {
  return FESTIVALS.map((f) => ({ f, at: text.search(ALIASES[f]) }))
    .filter((x) => x.at >= 0)
    .sort((a, b) => a.at - b.at)
    .map((x) => x.f);
}

// 2030-01-01, 2030/1/1, 2030.1.1, 2030年1月1日, 1月1日, 01-01 — or a bare day (“至23日”) in the month before it.
const DATE_TOKEN = /(?:(\d{4})\s*[-/.年]\s*)?(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?|(\d{1,2})\s*日/g;
const RANGE_JOINER = /^\s*(?:至|到|~|-|—|–)\s*$/;
// “一、元旦：” “（二）春节：” “3. 清明节：”: the festival the rest of the item is about.
const ITEM_HEADING = /^\s*(?:[一二三四五六七八九十]+\s*[、.]|\d+\s*[、.]|\(\s*[一二三四五六七八九十\d]+\s*\))?\s*([^:\d]{1,20}):/;

interface DateToken {
  date: string;
  start: number;
  end: number;
}

export function parseHolidayNotice(text: string, year: number): ParsedNotice {
  const out: ParsedNotice = { holidays: [], workdays: [], problems: [] };
  let festivals: Festival[] = [];
  // NFKC turns full-width digits and punctuation (１、：（）～) into ASCII; the notes in brackets (weekdays,
  // lunar dates) carry no dates of their own and are dropped.
  const lines = text.normalize('NFKC').split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    const sentences = raw.replace(/\([^)]*\)|\[[^\]]*\]/g, '').split(/[。;]/);
    for (let sentence of sentences) {
      const heading = ITEM_HEADING.exec(sentence);
      if (heading && festivalsIn(heading[1]!).length) {
        festivals = festivalsIn(heading[1]!);
        sentence = sentence.slice(heading[0].length);
      }
      const named = festivalsIn(sentence);
      if (named.length) festivals = named;
      const tokens = dateTokens(sentence, year, line, out.problems);
      if (!tokens.length) continue;
      const spans = joinRanges(sentence, tokens);
      if (sentence.includes('上班')) {
        for (const { from, to } of spans) {
          if (from > to) out.problems.push({ line, message: `第 ${line} 行：调休上班的结束日期 ${to} 早于开始日期 ${from}` });
          for (let day = dayNumber(from); day <= dayNumber(to); day++) out.workdays.push({ date: fromDayNumber(day), festivals, line });
        }
      } else if (!festivals.length) {
        out.problems.push({ line, message: `第 ${line} 行：没有写是哪个节日的放假（如“春节”“国庆节”），请在日期前后写上节日名称` });
      } else {
        for (const { from, to } of spans) out.holidays.push({ festivals, from, to, line });
      }
    }
  });
  return out;
}

function dateTokens(sentence: string, year: number, line: number, problems: ParsedNotice['problems']): DateToken[] {
  const tokens: DateToken[] = [];
  let previous: { year: number; month: number } | undefined;
  for (const m of sentence.matchAll(DATE_TOKEN)) {
    const bareDay = m[4] !== undefined;
    if (bareDay && !previous) continue; // “共3日” and the like: a day without a month is no date
    const y = bareDay ? previous!.year : m[1] ? Number(m[1]) : year;
    const month = bareDay ? previous!.month : Number(m[2]);
    const day = Number(bareDay ? m[4] : m[3]);
    const date = `${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    try {
      dayNumber(date);
    } catch {
      problems.push({ line, message: `第 ${line} 行：${y} 年 ${month} 月 ${day} 日不是有效日期，请核对` });
      continue;
    }
    previous = { year: y, month };
    tokens.push({ date, start: m.index, end: m.index + m[0].length });
  }
  return tokens;
}

/** Two dates joined by 至 (or ~, -, 到) are a run of days; any other date is a day on its own. */
function joinRanges(sentence: string, tokens: DateToken[]): { from: string; to: string }[] {
  const spans: { from: string; to: string }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const next = tokens[i + 1];
    if (next && RANGE_JOINER.test(sentence.slice(tokens[i]!.end, next.start))) {
      spans.push({ from: tokens[i]!.date, to: next.date });
      i++;
    } else {
      spans.push({ from: tokens[i]!.date, to: tokens[i]!.date });
    }
  }
  return spans;
}
