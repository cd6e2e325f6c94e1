/** Legal deadlines counted the way the law counts them (domain.md §3), moved off holidays and rest days. */
import { addDays, addMonths } from './add-period.js';
import type { HolidayCalendar } from './holidays.js';
import { isCalendarDate } from './local-date.js';

/** A period of days or months, e.g. { count: 15, unit: 'day' }. */
export interface Period {
  count: number;
  unit: 'day' | 'month';
}

/** A computed deadline and how it was reached. */
export interface Deadline {
  /** The last day to act, YYYY-MM-DD: the natural end, or the next working day after it. */
  due: string;
  /** Where the period ends before any holiday move. */
  naturalEnd: string;
  /** e.g. "15 days from 2026-09-22 end on 2026-10-07, a National Day holiday; next working day". */
  explanation: string;
  /** The same in Chinese, for replies and audit records. */
  explanationZh: string;
  /** Years the calendar had no schedule for, so only weekends were treated as rest days. */
  uncoveredYears: number[];
  /** e.g. "no holiday calendar covers 2031; weekends only". */
  warnings: string[];
}

const CHINESE_DIGITS: Readonly<Record<string, number>> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
// Ten years is far beyond any period in the deadline table; anything longer is a typo.
const MAX_COUNT = { day: 3660, month: 120 } as const;
// Even the longest Spring Festival break plus a weekend is under two weeks; a longer run means bad overrides.
const MAX_MOVE_DAYS = 60;

/** Reads a Chinese number from 一 to 九十九, e.g. 两 → 2, 十五 → 15; undefined otherwise. */
function chineseNumber(text: string): number | undefined {
  const match = /^([一二两三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(text);
  if (!match || text === '') return undefined;
  const [, tens, ten, ones] = match;
  if (!ten) return tens && !ones ? CHINESE_DIGITS[tens] : undefined;
  return (tens ? (CHINESE_DIGITS[tens] ?? 0) : 1) * 10 + (ones ? (CHINESE_DIGITS[ones] ?? 0) : 0);
}

/**
 * Parses a period: days as 15d, 15天 or 15日; months as 2m, 2个月 or 两个月 (Chinese numbers up to 九十九).
 * Throws an Error saying what is accepted for anything else, e.g. "2月" (could be read as February) or "3w".
 */
export function parsePeriod(text: string): Period {
  const trimmed = text.trim();
  const match = /^(\d+|[一二两三四五六七八九十]+)(d|天|日|m|个月)$/i.exec(trimmed);
  const count = match?.[1] === undefined ? undefined : /^\d+$/.test(match[1]) ? Number(match[1]) : chineseNumber(match[1]);
  const unit = /^(m|个月)$/i.test(match?.[2] ?? '') ? 'month' : 'day';
  if (count === undefined || count < 1 || count > MAX_COUNT[unit]) {
    throw new Error(
      `period must be a whole number of days or months from 1 to ${MAX_COUNT.day} days or ${MAX_COUNT.month} months, ` +
        `written like 15d, 15天, 2m, 2个月 or 两个月 (got "${text}")`,
    );
  }
  return { count, unit };
}

/**
 * Computes a deadline: the start day is not counted, months end on the same date (clamped to the month's last
 * day), and an end on a statutory holiday or rest day moves to the next working day (调休上班 days count as
 * working days). In years the calendar does not cover only weekends are rest days, and a warning says so.
 * @example computeDeadline('2026-09-22', '15d', calendar).due // '2026-10-08' (10-07 is a National Day holiday)
 */
export function computeDeadline(start: string, period: string | Period, calendar: HolidayCalendar): Deadline {
  if (!isCalendarDate(start)) throw new Error(`start date must be a real date written YYYY-MM-DD (got "${start}")`);
  const { count, unit } = typeof period === 'string' ? parsePeriod(period) : period;
  const naturalEnd = unit === 'day' ? addDays(start, count) : addMonths(start, count);
  const clamped = unit === 'month' && naturalEnd.slice(8) !== start.slice(8);
  const due = workingDayOnOrAfter(naturalEnd, calendar);
  const uncoveredYears = yearsBetween(naturalEnd, due).filter((year) => !calendar.covers(year));
  const moved = due !== naturalEnd;

  const amountEn = `${count} ${unit}${count === 1 ? '' : 's'}`;
  const explanation =
    `${amountEn} from ${start} ${count === 1 ? 'ends' : 'end'} on ${naturalEnd}` +
    `${clamped ? " (the month's last day)" : ''}, ${calendar.describeEnglish(naturalEnd)}${moved ? '; next working day' : ''}`;
  const amountZh = unit === 'day' ? `${count}日` : `${count}个月`;
  const explanationZh =
    `自${start}起${amountZh}（起算日不计），至${naturalEnd}届满${clamped ? '（该月无对应日，取月末）' : ''}，` +
    `该日为${calendar.describe(naturalEnd)}${moved ? `，顺延至下一个工作日${due}` : ''}`;
  const warnings = uncoveredYears.map((year) => `no holiday calendar covers ${year}; weekends and fixed-date holidays only`);
  return { due, naturalEnd, explanation, explanationZh, uncoveredYears, warnings };
}

/** `ymd` itself when it is a working day, else the first working day after it. */
export function workingDayOnOrAfter(ymd: string, calendar: HolidayCalendar): string {
  return walkToWorkingDay(ymd, 1, calendar);
}

/** `ymd` itself when it is a working day, else the last working day before it. */
export function workingDayOnOrBefore(ymd: string, calendar: HolidayCalendar): string {
  return walkToWorkingDay(ymd, -1, calendar);
}

function walkToWorkingDay(ymd: string, step: 1 | -1, calendar: HolidayCalendar): string {
  let day = ymd;
  for (let moves = 0; !calendar.isWorkingDay(day); moves += 1) {
    if (moves >= MAX_MOVE_DAYS) throw new Error(`no working day within ${MAX_MOVE_DAYS} days ${step > 0 ? 'after' : 'before'} ${ymd}; check the calendar overrides`);
    day = addDays(day, step);
  }
  return day;
}

function yearsBetween(from: string, to: string): number[] {
  const years: number[] = [];
  for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year += 1) years.push(year);
  return years;
}
