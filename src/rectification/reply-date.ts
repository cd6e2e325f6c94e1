import { isCalendarDate } from '../calendar/local-date.js';

/** A date in the text of a written reply: 已于11月28日书面回复, 2026年11月28日函复, 于2026-11-28报送. */
const DATE = /(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]|(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})/g;
/** Words saying the date is the reply's own: it was sent, answered or delivered then. */
const REPLIED = /书面回复|回复|函复|复函|报送|送达|回函|发函|发文/;

const pad = (n: string) => n.padStart(2, '0');

/**
 * The date the written reply says it was made, when it says one (已于11月28日书面回复检察院): that date, not the
 * message's, is when the reply came — two days apart decide whether it was late. A date without a year is in the
 * year before `today` when it would otherwise lie ahead. Undefined when the text names no such date.
 */
export function replyDateInText(text: string, today: string): string | undefined {
  for (const match of text.matchAll(DATE)) {
    const clause = text.slice(match.index, match.index + match[0].length + 12);
    if (!REPLIED.test(clause)) continue;
    const [year, month, day] = match[4] ? [match[4], match[5]!, match[6]!] : [match[1], match[2]!, match[3]!];
    let ymd = `${year ?? today.slice(0, 4)}-${pad(month)}-${pad(day)}`;
    if (!year && ymd > today) ymd = `${Number(today.slice(0, 4)) - 1}${ymd.slice(4)}`;
    if (isCalendarDate(ymd)) return ymd;
  }
  return undefined;
}

/** The instant stored for a reply dated `ymd`: noon UTC, the same calendar day in every time zone within ±12 h. */
export function replyInstant(ymd: string): Date {
  return new Date(`${ymd}T12:00:00Z`);
}

