import { z } from 'zod';
import { addDays } from '../calendar/add-period.js';
import { isCalendarDate, localDate } from '../calendar/local-date.js';
import type { ApiDeps } from './deps.js';

/**
 * The one date type of the API: YYYY-MM-DD naming a day that exists. Parsing it with Date would roll 2026-02-30
 * over to 2026-03-02 and store a day nobody wrote, so it must round-trip to the same calendar day.
 * `label` is the field's Chinese name, put in the message beside the field's key.
 *
 * @example dateField('收到日期').parse('2026-02-28')
 */
export function dateField(label: string) {
  return z.string().refine(isCalendarDate, { error: (issue) => `${label}「${String(issue.input)}」不是有效的日期，应为 YYYY-MM-DD 格式的真实日期，如 2026-02-28`, abort: true });
}

/** Today's date (YYYY-MM-DD) in the configured time zone, by the app's clock. */
export function todayOf(deps: Pick<ApiDeps, 'now' | 'config'>): string {
  return localDate(new Date(deps.now()), deps.config.TZ);
}

/**
 * A date of something that has already happened (发出, 收到, 立案, 决定): a real date, not later than today in the
 * configured time zone (Asia/Shanghai by default) by the app's clock, so a typo like 2062 is caught.
 */
export function pastDateField(label: string, deps: Pick<ApiDeps, 'now' | 'config'>) {
  return dateField(label).refine((date) => date <= todayOf(deps), { error: (issue) => `${label}「${String(issue.input)}」晚于今天（${todayOf(deps)}），不能填写将来的日期` });
}

/**
 * A refinement for an object's two dates that must come in order (收到 not before 发出, 决定 not before 立案);
 * it names the later field. Runs only once every field is valid, so the two are real dates when compared.
 */
export function datesInOrder<T extends Record<string, unknown>>(earlier: keyof T & string, later: keyof T & string, problem: string) {
  return (value: T, ctx: z.RefinementCtx) => {
    const first = value[earlier];
    const second = value[later];
    if (typeof first === 'string' && typeof second === 'string' && second < first) {
      ctx.addIssue({ code: 'custom', path: [later], message: `${problem}（${earlier} ${first}，${later} ${second}）` });
    }
  };
}

/**
 * The first instant of a local date in `timeZone`: 2026-11-30 in Asia/Shanghai starts at 2026-11-29T16:00:00Z.
 * Found by bisection on `localDate` itself rather than from an offset, so a day that starts at 01:00 (a daylight
 * saving change at midnight) is the same day the statistics' `localDate` reads.
 */
export function startOfLocalDay(date: string, timeZone: string): Date {
  const midnightUtc = Date.parse(`${date}T00:00:00Z`);
  // Offsets lie within -12 h and +14 h, so the day starts within a day either side of its UTC midnight.
  let before = midnightUtc - 86_400_000;
  let atOrAfter = midnightUtc + 86_400_000;
  while (atOrAfter - before > 1) {
    const middle = Math.floor((before + atOrAfter) / 2);
    if (localDate(new Date(middle), timeZone) < date) before = middle;
    else atOrAfter = middle;
  }
  return new Date(atOrAfter);
}

/**
 * The period query of the statistics and the lists behind them: records created from `from` to `to`, local dates
 * in the configured time zone, both included. A range may reach into the future (this month to date, the whole
 * year), so only the dates' form and order are checked.
 */
export const createdRangeFields = { from: dateField('起始日期').optional(), to: dateField('截止日期').optional() };

/** The refinement that goes with createdRangeFields: `to` not before `from`. */
export const createdRangeInOrder = datesInOrder('from', 'to', '截止日期不能早于起始日期');

/**
 * A filter on `createdAt` for the records created from `from` to `to` (local dates, both included): exactly the
 * records the statistics count for that period, which compare each record's local date in `timeZone`. A record at
 * 23:59 local time on the day before `from` is out, one at 00:00 on `from` is in.
 */
export function createdBetween(range: { from?: string; to?: string }, timeZone: string): Record<string, unknown> {
  const createdAt: Record<string, Date> = {};
  if (range.from) createdAt.$gte = startOfLocalDay(range.from, timeZone);
  if (range.to) createdAt.$lt = startOfLocalDay(addDays(range.to, 1), timeZone);
  return Object.keys(createdAt).length ? { createdAt } : {};
}
