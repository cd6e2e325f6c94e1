import type { HolidayCalendar } from '../calendar/holidays.js';
import { ymd } from '../calendar/local-date.js';
import type { Change } from '../models/change.js';

/** One change of the holiday calendar being followed through (recompute-due-dates.ts followCalendar). */
export interface CalendarChange {
  calendar: HolidayCalendar;
  /** Who changed it: the API caller, or 'calendar' for the hourly run that found the file changed. */
  by: string;
  now: Date;
  timeZone: string;
  /**
   * When the calendar was last followed through. A move of this calendar recorded after it was made by a run that
   * stopped before it was done (a crash, a PUT cut off): it counts as moved, so that its notices are still sent.
   */
  since: Date;
}

/**
 * This change's move of a record, already made by a run that stopped half-way: the last entry of `actions` in its
 * history, when it is this calendar's (`sourceId`) and made since the calendar was last followed through.
 */
export function earlierMove(history: readonly Change[], actions: readonly string[], sourceId: string, since: Date): Change | undefined {
  const last = history.findLast((change) => actions.includes(change.action));
  return last?.sourceId === sourceId && last.at > since ? last : undefined;
}

/** A date kept in a history entry's detail (a Date, or its ISO text), as YYYY-MM-DD. */
export function dayIn(value: unknown): string {
  return value instanceof Date ? ymd(value) : String(value ?? '').slice(0, 10);
}
