import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../embedded/project-root.js';
import { createHolidayCalendar, minDaysOffForSchedule, type HolidayCalendar, type HolidayOverride } from './holidays.js';
import { localDate } from './local-date.js';
import { loadOverrides } from './overrides-file.js';

/** Where operators keep holiday overrides (State Council schedules the package does not carry yet); CALENDAR_OVERRIDES_FILE moves it. */
export const overridesFile = (): string => process.env.CALENDAR_OVERRIDES_FILE || join(projectRoot(), 'calendar', 'overrides.json');

let cached: { calendar: HolidayCalendar; mtimeMs: number } | undefined;
/** Why the overrides file in force is not the one on disk (a hand edit that is not valid), if it is not. */
let refused: { mtimeMs: number; reason: string } | undefined;

function mtime(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * The calendar in force: chinese-days plus the operator overrides in calendar/overrides.json, re-read when
 * the file changes (an edit, or the API's PUT /api/calendar/overrides), so no restart is needed. A file that is not
 * valid (a trailing comma in a hand edit) is refused and the last good calendar kept — every deadline, and every
 * message that computes one, would fail on it — and the warnings say so until the file is mended.
 */
export function defaultCalendar(): HolidayCalendar {
  const file = overridesFile();
  const changed = mtime(file);
  if (cached?.mtimeMs === changed || refused?.mtimeMs === changed) {
    cached ??= { calendar: createHolidayCalendar(), mtimeMs: -1 };
    return cached.calendar;
  }
  try {
    const overrides = loadOverrides(file);
    cached = { calendar: createHolidayCalendar({ overrides }), mtimeMs: changed };
    refused = undefined;
    keepLastGood(file, overrides);
  } catch (error) {
    refused = { mtimeMs: changed, reason: (error as Error).message };
    process.stderr.write(`${JSON.stringify({ level: 50, time: Date.now(), msg: 'calendar overrides refused; the last good calendar stays in force', reason: refused.reason })}\n`);
    // A process started on a broken file has no last good calendar in memory: the copy kept beside the file is it.
    cached ??= { calendar: createHolidayCalendar({ overrides: lastGood(file) }), mtimeMs: -1 };
  }
  return cached.calendar;
}

/** Whether the overrides file in force is not the one on disk (it was refused): due dates must not follow it then. */
export function calendarOverridesRefused(): boolean {
  defaultCalendar();
  return refused !== undefined;
}

const lastGoodFile = (file: string) => `${file}.last-good`;

/** Keeps a copy of the last overrides that were valid, beside the file, so that a restart on a broken file has them. */
function keepLastGood(file: string, overrides: HolidayOverride[]): void {
  const text = `${JSON.stringify({ comment: 'The last valid calendar overrides, kept by the bot; edit overrides.json, not this file.', overrides }, null, 2)}\n`;
  try {
    if (existsSync(lastGoodFile(file)) && readFileSync(lastGoodFile(file), 'utf8') === text) return;
    writeFileSync(lastGoodFile(file), text);
  } catch {
    // A read-only deployment keeps the calendar in memory only; nothing else depends on the copy.
  }
}

function lastGood(file: string): HolidayOverride[] {
  try {
    return loadOverrides(lastGoodFile(file));
  } catch {
    return [];
  }
}

/** When the missing schedule of next year starts to matter: the State Council publishes it around early November. */
export const nextYearWarnedFrom = '11-01';

/** What decides which uncovered years are worth a warning now. */
export interface CoverageOptions {
  /** The time zone whose calendar year it is (config TZ): 1 January starts at local midnight, not at 08:00 Beijing time. */
  timeZone?: string;
  /** Years after this one that open deadlines reach into (see uncovered-years.ts); their schedule matters already. */
  reached?: readonly number[];
}

/**
 * The years without a holiday schedule that matter now, whose deadlines skip weekends and fixed-date holidays only:
 * this year (local), next year from 1 November (no 15-day or two-month period reaches it earlier, and the schedule
 * cannot be entered before it is published), and any later year an open deadline already reaches. A warning all year
 * about next year nobody can act on would teach operators to ignore the warnings.
 */
export function uncoveredYears(now: Date, calendar = defaultCalendar(), options: CoverageOptions = {}): number[] {
  // config TZ is read from the same TZ variable, with the same default, so a caller without the config gets its year.
  const today = localDate(now, options.timeZone ?? (process.env.TZ || 'Asia/Shanghai'));
  const year = Number(today.slice(0, 4));
  const next = today.slice(5) >= nextYearWarnedFrom ? [year + 1] : [];
  const years = new Set([year, ...next, ...(options.reached ?? []).filter((y) => y > year)]);
  return [...years].sort((a, b) => a - b).filter((y) => !calendar.covers(y));
}

/** The warnings for /healthz and the log. */
export function calendarWarnings(now: Date, calendar = defaultCalendar(), options: CoverageOptions = {}): string[] {
  return [
    ...(refused ? [`calendar overrides file refused (${refused.reason}); the last good calendar stays in force until it is mended`] : []),
    ...uncoveredYears(now, calendar, options).map((y) => {
      const partial = calendar.overrideDaysOff(y);
      return partial
        ? `the holiday calendar of ${y} is incomplete (${partial} days off in the overrides, a schedule has at least ${minDaysOffForSchedule}): deadlines in ${y} skip weekends and fixed-date holidays only; add the State Council schedule`
        : `no holiday calendar covers ${y}: deadlines in ${y} skip weekends and fixed-date holidays only; add the State Council schedule to calendar/overrides.json`;
    }),
  ];
}

/** The same warnings in Chinese, for the dashboard. */
export function calendarWarningsZh(now: Date, calendar = defaultCalendar(), options: CoverageOptions = {}): string[] {
  return [
    ...(refused ? [`节假日调整文件有误，未生效（${refused.reason}），仍按上一次有效的日历计算。请管理员修正该文件。`] : []),
    ...uncoveredYears(now, calendar, options).map((y) => uncoveredYearZh(y, calendar)),
  ];
}

/** What is missing of `year`'s schedule, what it does to deadlines and who should act, in Chinese. */
function uncoveredYearZh(year: number, calendar = defaultCalendar()): string {
  const partial = calendar.overrideDaysOff(year);
  return partial
    ? `${year}年的法定节假日安排录入不完整（只录入了${partial}天放假，完整安排至少${minDaysOffForSchedule}天）：该年的期限只按周末和元旦、劳动节、国庆节的固定日期顺延，可能算错。请管理员补全国务院公布的${year}年放假安排。`
    : `${year}年的法定节假日安排尚未录入：该年的期限只按周末和元旦、劳动节、国庆节的固定日期顺延，可能算错。请管理员将国务院公布的${year}年放假安排补充到节假日调整（calendar/overrides.json 或 PUT /api/calendar/overrides）。`;
}
