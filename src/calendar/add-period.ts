/** Calendar arithmetic on YYYY-MM-DD dates, without holidays (see deadline.ts for those). */
import { dateOnly, ymd } from './local-date.js';

/** Adds months the way the law counts them: same date of the last month, clamped to the month's end. */
export function addMonths(start: string, months: number): string {
  // cast: callers pass YYYY-MM-DD, which always splits into three parts
  const [y, m, d] = start.split('-').map(Number) as [number, number, number];
  const monthIndex = m - 1 + months;
  const year = y + Math.floor(monthIndex / 12);
  const month = ((monthIndex % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return ymd(new Date(Date.UTC(year, month, Math.min(d, lastDay))));
}

/** Adds days; the start day itself is not counted (so 15 days from the 1st end on the 16th). */
export function addDays(start: string, days: number): string {
  return ymd(new Date(dateOnly(start).getTime() + days * 86_400_000));
}
