// The incident date a description states, for reports whose form gives none (“2024年3月在…拿的证”, “前年考的时候”):
// a careful official reads it there before choosing the rule set. A partial date stands for the last day of its
// period (“2024年3月” → 2024-03-31: the act was no later). Of several, the latest that is not after the day the
// report was received: a report tells the background first and the act it reports last. A state the text says
// lasts until now (“从2024年11月到现在”, “至今”, “以来”) is judged as of the day received.

const MONTH = '(1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])';
const DAY = '(3[01]|[12]\\d|0?[1-9])';
const CHINESE_MONTHS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];

/** 2024-03-20, 2024/3/20, 2024.3.20 */
const ISO = new RegExp(`(20\\d\\d)[-/.]${MONTH}[-/.]${DAY}(?!\\d)`, 'g');
/** 2024年, 2024年3月, 2024年3月20日, 2024年上半年; 今年/去年/前年 with the same tails. */
const WRITTEN = new RegExp(`(20\\d\\d|今年|去年|前年)(?:年)?(?:(上半年)|${MONTH}月份?(?:${DAY}[日号])?)?`, 'g');

const UNTIL_NOW = /(从|自从|自|最后一次)[^。!?;]{0,24}?(到现在|到今天|至今)|至今|以来/;

const monthOf = (s: string) => (/^\d/.test(s) ? Number(s) : CHINESE_MONTHS.indexOf(s) + 1);
const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** The latest date the normalised text states that is not after `received` (YYYY-MM-DD), or undefined. */
export function dateInText(text: string, received: string): string | undefined {
  if (UNTIL_NOW.test(text)) return undefined;
  const receivedYear = Number(received.slice(0, 4));
  const found: string[] = [];
  for (const m of text.matchAll(ISO)) {
    const [y, mo, d] = [Number(m[1]), monthOf(m[2]!), Number(m[3])];
    if (d <= lastDay(y, mo)) found.push(iso(y, mo, d));
  }
  for (const m of text.matchAll(WRITTEN)) {
    const word = m[1]!;
    // A bare year needs 年 after it (2024 alone may be a price or a count).
    if (/^\d/.test(word) && !m[0].startsWith(`${word}年`)) continue;
    const y = /^\d/.test(word) ? Number(word) : receivedYear - ['今年', '去年', '前年'].indexOf(word);
    if (m[2]) found.push(iso(y, 6, 30));
    else if (m[3]) {
      const mo = monthOf(m[3]);
      const d = m[4] ? Math.min(Number(m[4]), lastDay(y, mo)) : lastDay(y, mo);
      found.push(iso(y, mo, d));
    } else found.push(iso(y, 12, 31));
  }
  return found.filter((d) => d <= received).sort().at(-1);
}
