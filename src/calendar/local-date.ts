/** Calendar dates (no time of day) in the configured time zone, as YYYY-MM-DD strings. */

/** The calendar date of an instant in `timeZone`, e.g. 2026-11-25. */
export function localDate(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/**
 * An instant as date and 24-hour time in `timeZone`, to the minute, the way every reply and the dashboard write it,
 * e.g. 2026-11-25 09:05 (toLocaleString wrote 2026/11/25 09:05:00, unlike every other date the bot gives).
 */
export function localDateTime(instant: Date, timeZone: string): string {
  const clock = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(instant);
  return `${localDate(instant, timeZone)} ${clock}`;
}

/** The time of day of an instant in `timeZone`, hours and minutes on a 24-hour clock, e.g. 09:05. */
export function localClock(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('zh-CN', { timeZone, hour: '2-digit', minute: '2-digit', hour12: false }).format(instant);
}

/** Whole days from date `a` to date `b` (both YYYY-MM-DD); negative when b is earlier. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** Midnight UTC of a YYYY-MM-DD date: how dates without time are stored. */
export function dateOnly(ymd: string): Date {
  return new Date(`${ymd}T00:00:00Z`);
}

/** The YYYY-MM-DD of a stored date-only value. */
export function ymd(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Whether `text` is a real calendar date written YYYY-MM-DD (so 2026-02-30 and 2026-2-3 are refused). */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = dateOnly(text);
  return !Number.isNaN(date.getTime()) && ymd(date) === text;
}
