import { statSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../embedded/project-root.js';
import { createHolidayCalendar, type HolidayCalendar } from './holidays.js';
import { loadOverrides } from './overrides-file.js';

/** Where operators keep holiday overrides (State Council schedules the package does not carry yet); CALENDAR_OVERRIDES_FILE moves it. */
export const overridesFile = (): string => process.env.CALENDAR_OVERRIDES_FILE || join(projectRoot(), 'calendar', 'overrides.json');

let cached: { calendar: HolidayCalendar; mtimeMs: number } | undefined;

function mtime(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * The calendar in force: chinese-days plus the operator overrides in calendar/overrides.json, re-read when
 * the file changes (an edit, or the API's PUT /api/calendar/overrides), so no restart is needed.
 */
export function defaultCalendar(): HolidayCalendar {
  const file = overridesFile();
  const changed = mtime(file);
  if (!cached || cached.mtimeMs !== changed) cached = { calendar: createHolidayCalendar({ overrides: loadOverrides(file) }), mtimeMs: changed };
  return cached.calendar;
}

/** This year and the next, where no holiday schedule is known: their deadlines would skip weekends only. */
export function uncoveredYears(now: Date, calendar = defaultCalendar()): number[] {
  const year = now.getUTCFullYear();
  return [year, year + 1].filter((y) => !calendar.covers(y));
}

/** The warnings for /healthz and the log. */
export function calendarWarnings(now: Date, calendar = defaultCalendar()): string[] {
  return uncoveredYears(now, calendar).map((y) => `no holiday calendar covers ${y}: deadlines in ${y} skip weekends only; add the State Council schedule to calendar/overrides.json`);
}

/** The same warnings in Chinese, for the dashboard. */
export function calendarWarningsZh(now: Date, calendar = defaultCalendar()): string[] {
  return uncoveredYears(now, calendar).map((y) => `${y}年的法定节假日安排尚未录入：该年的期限只按周末顺延，可能算错。请管理员将国务院公布的${y}年放假安排补充到节假日调整（calendar/overrides.json 或 PUT /api/calendar/overrides）。`);
}
