/** China's official working-day calendar (statutory holidays and 调休 make-up working days) with operator overrides. */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { dateOnly } from './local-date.js';

/** One operator correction: the day is (not) a working day, whatever the package says. */
export interface HolidayOverride {
  /** The day, YYYY-MM-DD. */
  date: string;
  /** true for a working day (e.g. a make-up working day 调休上班), false for a day off. */
  working: boolean;
  /** What the day is, shown in explanations, e.g. "国庆节". */
  name?: string;
}

/** The State Council schedule as published by chinese-days: date → "English name,中文名,id". */
export interface HolidaySchedule {
  /** Statutory days off (放假). */
  holidays: Readonly<Record<string, string>>;
  /** Weekend days that are working days (调休上班). */
  workdays: Readonly<Record<string, string>>;
}

/** Answers "is this a working day?" for deadline arithmetic. Dates are YYYY-MM-DD strings. */
export interface HolidayCalendar {
  /** Whether `ymd` is a working day: a weekday that is no holiday, or a make-up working day. */
  isWorkingDay(ymd: string): boolean;
  /**
   * Whether an official schedule exists for `year`: the package's, or operator overrides with at least
   * {@link minDaysOffForSchedule} days off. If not, weekends and the fixed-date statutory holidays are the rest days.
   */
  covers(year: number): boolean;
  /** Days off the operator overrides record in `year` (a year with a few but fewer than a schedule is incomplete). */
  overrideDaysOff(year: number): number;
  /** Changes whenever the overrides do: due dates computed under another calendar may be wrong now. */
  readonly fingerprint: string;
  /** The day in Chinese, e.g. "国庆节假期", "周六（休息日）", "调休上班日（国庆节）". */
  describe(ymd: string): string;
  /** The day in English with its article, e.g. "a National Day holiday", "a Saturday (rest day)". */
  describeEnglish(ymd: string): string;
}

/** How to build a calendar; every field has a default. */
export interface HolidayCalendarOptions {
  /** Operator overrides; they win over the schedule. */
  overrides?: readonly HolidayOverride[];
  /** The official schedule; defaults to the one shipped in chinese-days (2004–2026 in 1.5.7). */
  schedule?: HolidaySchedule;
}

const WEEKDAYS_EN = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const WEEKDAYS_ZH = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

/**
 * The statutory holidays on fixed dates (全国年节及纪念日放假办法, as revised in 2024): 元旦, 劳动节 and 国庆节. In a year
 * with no schedule they are still days off; the lunar ones (春节, 端午, 中秋) and 清明 cannot be placed without it.
 */
const FIXED_HOLIDAYS: Readonly<Record<string, { en: string; zh: string }>> = {
  '01-01': { en: "New Year's Day", zh: '元旦' },
  '05-01': { en: 'Labour Day', zh: '劳动节' },
  '05-02': { en: 'Labour Day', zh: '劳动节' },
  '10-01': { en: 'National Day', zh: '国庆节' },
  '10-02': { en: 'National Day', zh: '国庆节' },
  '10-03': { en: 'National Day', zh: '国庆节' },
};

/** Fewer days off than the 13 statutory ones cannot be a year's whole schedule (the package's years list 22–33). */
export const minDaysOffForSchedule = 13;

type DayKind =
  | { kind: 'override'; working: boolean; name?: string }
  | { kind: 'statutory'; working: false; en: string; zh: string }
  | { kind: 'holiday' | 'make-up'; working: boolean; en: string; zh: string }
  | { kind: 'weekday' | 'weekend'; working: boolean; weekday: number };

/**
 * The schedule shipped in chinese-days. Its data file is read instead of its functions because those
 * parse and format dates in the process time zone and answer the wrong day west of UTC (e.g. in
 * America/Los_Angeles getDayDetail('2026-10-07') reports 2026-10-06).
 */
export function packageSchedule(): HolidaySchedule {
  const require = createRequire(import.meta.url);
  // The JSON has exactly these maps (plus inLieuDays, unused); a cast avoids TS inferring a type with ~900 keys.
  return require('chinese-days/dist/chinese-days.json') as HolidaySchedule;
}

/** Builds a calendar from the chinese-days schedule plus `overrides`, e.g. createHolidayCalendar({ overrides: loadOverrides(file) }). */
export function createHolidayCalendar(options: HolidayCalendarOptions = {}): HolidayCalendar {
  const schedule = options.schedule ?? packageSchedule();
  const overrides = new Map((options.overrides ?? []).map((o) => [o.date, o]));
  const packageYears = new Set(Object.keys(schedule.holidays).map((date) => Number(date.slice(0, 4))));
  const daysOff = new Map<number, number>();
  for (const o of overrides.values()) if (!o.working) daysOff.set(Number(o.date.slice(0, 4)), (daysOff.get(Number(o.date.slice(0, 4))) ?? 0) + 1);
  const covers = (year: number) => packageYears.has(year) || (daysOff.get(year) ?? 0) >= minDaysOffForSchedule;

  const classify = (ymd: string): DayKind => {
    const override = overrides.get(ymd);
    if (override) return { kind: 'override', working: override.working, name: override.name };
    const official = schedule.holidays[ymd] ?? schedule.workdays[ymd];
    if (official) {
      const [en = official, zh = official] = official.split(',');
      return { kind: schedule.holidays[ymd] ? 'holiday' : 'make-up', working: !schedule.holidays[ymd], en, zh };
    }
    const fixed = FIXED_HOLIDAYS[ymd.slice(5)];
    if (fixed && !covers(Number(ymd.slice(0, 4)))) return { kind: 'statutory', working: false, ...fixed };
    const weekday = dateOnly(ymd).getUTCDay();
    const weekend = weekday === 0 || weekday === 6;
    return { kind: weekend ? 'weekend' : 'weekday', working: !weekend, weekday };
  };

  return {
    isWorkingDay: (ymd) => classify(ymd).working,
    covers,
    overrideDaysOff: (year) => daysOff.get(year) ?? 0,
    // The package's schedule counts too: an upgrade of chinese-days that adds a year moves due dates like an override.
    fingerprint: createHash('sha256').update(JSON.stringify([Object.keys(schedule.holidays).sort(), Object.keys(schedule.workdays).sort(), [...overrides.values()].sort((a, b) => a.date.localeCompare(b.date)).map((o) => [o.date, o.working])])).digest('hex').slice(0, 16),
    describe: (ymd) => describeZh(classify(ymd)),
    describeEnglish: (ymd) => describeEn(classify(ymd)),
  };
}

function describeZh(day: DayKind): string {
  switch (day.kind) {
    case 'override':
      return `${day.name ?? (day.working ? '工作日' : '休息日')}（运营方设定${day.working ? '上班' : '休息'}）`;
    case 'holiday':
      return `${day.zh}假期`;
    case 'statutory':
      return `${day.zh}（法定节假日；当年放假安排尚未录入）`;
    case 'make-up':
      return `调休上班日（${day.zh}）`;
    default:
      return `${WEEKDAYS_ZH[day.weekday]}（${day.working ? '工作日' : '休息日'}）`;
  }
}

function describeEn(day: DayKind): string {
  switch (day.kind) {
    case 'override':
      return `a ${day.working ? 'working day' : 'day off'} set by the operator${day.name ? ` (${day.name})` : ''}`;
    case 'holiday':
      return `a ${day.en} holiday`;
    case 'statutory':
      return `${day.en} (a statutory holiday; the year's schedule is not recorded yet)`;
    case 'make-up':
      return `a make-up working day for ${day.en}`;
    default:
      return `a ${WEEKDAYS_EN[day.weekday]} (${day.working ? 'working day' : 'rest day'})`;
  }
}
