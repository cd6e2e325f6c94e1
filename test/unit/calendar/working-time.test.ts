import { describe, expect, it } from 'vitest';
import { createHolidayCalendar } from '../../../src/calendar/holidays.js';
import { isWorkingTime, workingDaysTimeMs } from '../../../src/calendar/working-time.js';

const calendar = createHolidayCalendar();
const tz = 'Asia/Shanghai';
const at = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`);
const hours = (from: string, to: string) => workingDaysTimeMs(at(from), at(to), tz, calendar) / 3600_000;

describe('working time', () => {
  it('is a working day from 08:00 until 18:00, make-up Saturdays included and holidays not', () => {
    expect(isWorkingTime(at('2026-11-25 08:00'), tz, calendar)).toBe(true);
    expect(isWorkingTime(at('2026-11-25 07:59'), tz, calendar)).toBe(false);
    expect(isWorkingTime(at('2026-11-25 18:00'), tz, calendar)).toBe(false);
    expect(isWorkingTime(at('2026-11-28 10:00'), tz, calendar)).toBe(false); // Saturday
    expect(isWorkingTime(at('2026-10-05 10:00'), tz, calendar)).toBe(false); // National Day
    expect(isWorkingTime(at('2026-10-10 10:00'), tz, calendar)).toBe(true); // make-up working Saturday
  });

  it('counts the time on working days only: a weekend or a holiday stops the clock', () => {
    expect(hours('2026-11-24 09:00', '2026-11-25 09:00')).toBe(24);
    expect(hours('2026-11-27 15:00', '2026-11-30 15:00')).toBe(24); // Friday to Monday
    expect(hours('2026-11-28 02:00', '2026-11-30 08:00')).toBe(8); // from a Saturday night
    expect(hours('2026-09-30 10:00', '2026-10-08 10:00')).toBe(24); // across National Day
    expect(hours('2026-02-21 02:00', '2026-02-24 08:00')).toBe(8); // Spring Festival
  });
});
