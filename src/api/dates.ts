import { z } from 'zod';
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
