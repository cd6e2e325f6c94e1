/**
 * Working time: the hours of a working day (statutory holidays off, 调休 make-up working days on) when staff and
 * prosecutors are at their desks. Scheduled messages — digests, reminders, alerts raised by the nightly sweep,
 * escalations — go out only then, so that nobody is @mentioned at 2 a.m. or on a holiday.
 */
import { addDays } from './add-period.js';
import type { HolidayCalendar } from './holidays.js';
import { localDate } from './local-date.js';

/** Local hour the working day starts: the default digest hour, and when held messages go out. */
export const workdayStartHour = 8;

/**
 * The hour the working day ends (local time): a digest missed in the morning (the bot down, a late restart) goes out
 * later that day until then, not as an evening @mention of every staff member.
 */
export const workdayEndHour = 18;

/** The local hour (0-23) of `now` in `timeZone`. */
export function localHour(now: Date, timeZone: string): number {
  return Number(new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(now));
}

/**
 * Whether `now` is working time: a working day, from `startHour` until the working day ends (a start hour as late
 * as the end still gets the hour after it).
 */
export function isWorkingTime(now: Date, timeZone: string, calendar: HolidayCalendar, startHour = workdayStartHour): boolean {
  const hour = localHour(now, timeZone);
  return calendar.isWorkingDay(localDate(now, timeZone)) && hour >= startHour && hour < Math.max(workdayEndHour, startHour + 1);
}

/** The instant local midnight begins day `ymd` in `timeZone`. */
function startOfDay(ymd: string, timeZone: string): number {
  const guess = Date.parse(`${ymd}T00:00:00Z`);
  const offset = (at: number) => {
    const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(at));
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
    return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - at;
  };
  // Twice, so that a day starting on the other side of a DST change is still found.
  const first = guess - offset(guess);
  return guess - offset(first);
}

/**
 * The time from `from` to `to` that fell on working days (whole days: a day off stops the clock, a working evening
 * does not). E.g. from Friday 15:00 to Monday 15:00 is 24 hours.
 */
export function workingDaysTimeMs(from: Date, to: Date, timeZone: string, calendar: HolidayCalendar): number {
  const end = to.getTime();
  let total = 0;
  let day = localDate(from, timeZone);
  for (let start = startOfDay(day, timeZone); start < end; ) {
    const next = addDays(day, 1);
    const nextStart = startOfDay(next, timeZone);
    if (calendar.isWorkingDay(day)) total += Math.max(0, Math.min(end, nextStart) - Math.max(from.getTime(), start));
    day = next;
    start = nextStart;
  }
  return total;
}
