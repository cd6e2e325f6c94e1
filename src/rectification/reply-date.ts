import { dateOnly, isCalendarDate, ymd } from '../calendar/local-date.js';
import { parseNumber } from '../commands/chinese-numerals.js';

const MONTH = '(?:\\d{1,2}|十[一二]?|[一二三四五六七八九])';
const DAY = '(?:\\d{1,2}|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])';

/**
 * A date in the text of a written reply: 已于11月28日书面回复, 2026年11月28日函复, 于2026-11-28报送, 十一月二十八号,
 * 11.28已经书面回复, 已于昨天寄出.
 */
const DATE = new RegExp(
  [
    `(?:(?<year>\\d{4}|[零〇一二三四五六七八九]{4})\\s*年\\s*)?(?<month>${MONTH})\\s*月\\s*(?<day>${DAY})\\s*[日号]`,
    '(?<isoYear>\\d{4})[-/.](?<isoMonth>\\d{1,2})[-/.](?<isoDay>\\d{1,2})',
    // 11.28 with no unit after it: a 11.28万元 is money.
    '(?<![\\d.])(?<dotMonth>\\d{1,2})\\.(?<dotDay>\\d{1,2})(?![\\d.%万千百亿元亩吨方米])',
    '(?<relative>大前天|前天|昨天|昨日|今天|今日)',
  ].join('|'),
  'g',
);

/** Days before today each relative word names. */
const DAYS_AGO: Readonly<Record<string, number>> = { 大前天: 3, 前天: 2, 昨天: 1, 昨日: 1, 今天: 0, 今日: 0 };

/** Words saying the date is the reply's own: it was sent, answered or delivered then. */
const REPLIED = /书面回复|回复|答复|函复|复函|报送|送达|回函|发函|发文|寄出|寄送|发出|送出|递交|提交|送交/;

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The date the written reply says it was made, when it says one (已于11月28日书面回复检察院): that date, not the
 * message's, is when the reply came — two days apart decide whether it was late. A date without a year is in the
 * year before `today` when it would otherwise lie ahead; 昨天 and 前天 count back from `today`. Undefined when the
 * text names no such date.
 */
export function replyDateInText(text: string, today: string): string | undefined {
  for (const match of text.matchAll(DATE)) {
    const clause = text.slice(match.index, match.index + match[0].length + 12);
    if (!REPLIED.test(clause)) continue;
    const date = dateOf(match.groups ?? {}, today);
    if (date && isCalendarDate(date)) return date;
  }
  return undefined;
}

/** The YYYY-MM-DD one match of {@link DATE} names, from whichever alternative matched. */
function dateOf(groups: Record<string, string | undefined>, today: string): string | undefined {
  if (groups.relative !== undefined) return ymd(new Date(dateOnly(today).getTime() - DAYS_AGO[groups.relative]! * 86_400_000));
  if (groups.isoYear !== undefined) return `${groups.isoYear}-${pad(Number(groups.isoMonth))}-${pad(Number(groups.isoDay))}`;
  const [yearText, monthText, dayText] = groups.dotMonth !== undefined ? [undefined, groups.dotMonth, groups.dotDay] : [groups.year, groups.month, groups.day];
  const [year, month, day] = [yearText === undefined ? null : parseNumber(yearText), parseNumber(monthText ?? ''), parseNumber(dayText ?? '')];
  if (month === null || day === null) return undefined;
  const date = `${year ?? today.slice(0, 4)}-${pad(month)}-${pad(day)}`;
  return year === null && date > today ? `${Number(today.slice(0, 4)) - 1}${date.slice(4)}` : date;
}

/** The instant stored for a reply dated `ymd`: noon UTC, the same calendar day in every time zone within ±12 h. */
export function replyInstant(ymd: string): Date {
  return new Date(`${ymd}T12:00:00Z`);
}
