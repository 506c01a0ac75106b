// The incident date a description states, for reports whose form gives none (“2024年3月在…拿的证”, “前年考的时候”):
// a careful official reads it there before choosing the rule set. A partial date stands for the last day of its
// period (“2024年3月” → 2024-03-31, “2025年初” → 2025-03-31: the act was no later), or the day received where a
// month or part of the year has not ended by then. A year not ended (“今年我想报三级”) is the reporter's present,
// not a date of the act. Of several, the latest that is not after the day the report was received: a report tells
// the background first and the act it reports last. A state the text says lasts until
// now (“从2024年11月到现在”, “至今”, “以来”) is judged as of the day received.

const MONTH = '(1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])';
const DAY = '(3[01]|[12]\\d|0?[1-9])';
const CHINESE_MONTHS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];

/** 2024-03-20, 2024/3/20, 2024.3.20 */
const ISO = new RegExp(`(20\\d\\d)[-/.]${MONTH}[-/.]${DAY}(?!\\d)`, 'g');
/** 2024年, 2024年3月, 2024年3月20日, 2024年上半年, 2024年初, 2024年春天; 今年/去年/前年 with the same tails. */
const WRITTEN = new RegExp(`(20\\d\\d|今年|去年|前年)(?:年)?(?:(上半年|初(?![级中审试次步稿赛])|开春|春天|春季)|${MONTH}月份?(?:${DAY}[日号])?)?`, 'g');
/** The months a part of the year runs over: 上半年 to June, 年初 the first quarter, spring March to May. */
const PARTS: Record<string, [number, number]> = { 上半年: [1, 6], 初: [1, 3], 开春: [3, 5], 春天: [3, 5], 春季: [3, 5] };

const UNTIL_NOW = new RegExp(
  [
    '(从|自从|自|最后一次)[^。!?;]{0,24}?(到现在|到今天|至今)',
    '至今',
    '以来',
    // “到现在快两年了”: how long the state has lasted until now.
    '(到现在|到今天)(已经|都|快|有)?[\\d一两二三四五六七八九十几半]+多?(年|个月)',
    // “自从2023年备案以后就没组织过”: never again since then.
    '(从|自从|自)[^。!?;]{0,16}?(开始|以后|之后|起)[^。!?;]{0,16}?(一直|都|就|再)(没|未|不)',
  ].join('|'),
);

const monthOf = (s: string) => (/^\d/.test(s) ? Number(s) : CHINESE_MONTHS.indexOf(s) + 1);
const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** The latest date the normalised text states that is not after `received` (YYYY-MM-DD), or undefined. */
export function dateInText(text: string, received: string): string | undefined {
  if (UNTIL_NOW.test(text)) return undefined;
  const receivedYear = Number(received.slice(0, 4));
  // Each date told as the [first, last] day of its period.
  const found: [string, string][] = [];
  for (const m of text.matchAll(ISO)) {
    const [y, mo, d] = [Number(m[1]), monthOf(m[2]!), Number(m[3])];
    if (d <= lastDay(y, mo)) found.push([iso(y, mo, d), iso(y, mo, d)]);
  }
  for (const m of text.matchAll(WRITTEN)) {
    const word = m[1]!;
    // A bare year needs 年 after it (2024 alone may be a price or a count).
    if (/^\d/.test(word) && !m[0].startsWith(`${word}年`)) continue;
    const y = /^\d/.test(word) ? Number(word) : receivedYear - ['今年', '去年', '前年'].indexOf(word);
    if (m[2]) {
      const [from, to] = PARTS[m[2]]!;
      found.push([iso(y, from, 1), iso(y, to, lastDay(y, to))]);
    } else if (m[3]) {
      const mo = monthOf(m[3]);
      const d = m[4] ? Math.min(Number(m[4]), lastDay(y, mo)) : undefined;
      found.push(d ? [iso(y, mo, d), iso(y, mo, d)] : [iso(y, mo, 1), iso(y, mo, lastDay(y, mo))]);
    } else if (`${y}-12-31` <= received) found.push([iso(y, 1, 1), iso(y, 12, 31)]);
  }
  // A month or part of the year that has not ended by the day received stands for that day; one not begun is dropped.
  return found
    .filter(([first]) => first <= received)
    .map(([, last]) => (last <= received ? last : received))
    .sort()
    .at(-1);
}
