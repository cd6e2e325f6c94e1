import { join } from 'node:path';
import { projectRoot } from '../embedded/project-root.js';
import { createHolidayCalendar, type HolidayCalendar } from './holidays.js';
import { loadOverrides } from './overrides-file.js';

let cached: HolidayCalendar | undefined;

/** The calendar in force: chinese-days plus the operator overrides in calendar/overrides.json. */
export function defaultCalendar(): HolidayCalendar {
  cached ??= createHolidayCalendar({ overrides: loadOverrides(join(projectRoot(), 'calendar', 'overrides.json')) });
  return cached;
}

/** Years (this one and the next) whose deadlines would fall back to weekends only, for /healthz and the dashboard. */
export function calendarWarnings(now: Date, calendar = defaultCalendar()): string[] {
  const year = now.getUTCFullYear();
  return [year, year + 1].filter((y) => !calendar.covers(y)).map((y) => `no holiday calendar covers ${y}: deadlines in ${y} skip weekends only; add the State Council schedule to calendar/overrides.json`);
}
