import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHolidayCalendar } from '../../../src/calendar/holidays.js';
import { loadOverrides, parseOverrides } from '../../../src/calendar/overrides-file.js';

describe('createHolidayCalendar', () => {
  const calendar = createHolidayCalendar();

  it('covers the years chinese-days 1.5.7 has official schedules for (2004–2026) and no others', () => {
    expect([2003, 2004, 2025, 2026, 2027, 2031].map((year) => calendar.covers(year))).toEqual([false, true, true, true, false, false]);
  });

  it('describes holidays, make-up working days, rest days and working days in Chinese and English', () => {
    expect(['2026-10-07', '2026-10-10', '2026-10-11', '2026-10-09'].map(calendar.describe)).toEqual([
      '国庆节假期', '调休上班日（国庆节）', '周日（休息日）', '周五（工作日）',
    ]);
    expect(['2026-02-16', '2026-02-14', '2026-03-07'].map(calendar.describeEnglish)).toEqual([
      'a Spring Festival holiday', 'a make-up working day for Spring Festival', 'a Saturday (rest day)',
    ]);
  });

  it('counts make-up weekend days as working days and holiday weekdays as days off', () => {
    expect(['2026-02-14', '2026-02-16', '2026-09-20', '2026-10-08'].map(calendar.isWorkingDay)).toEqual([true, false, true, true]);
  });

  it('lets overrides win, and marks their year covered only when they hold a whole schedule\'s days off', () => {
    const overridden = createHolidayCalendar({ overrides: [{ date: '2026-10-10', working: false }, { date: '2030-01-02', working: false, name: '元旦' }] });
    expect(overridden.isWorkingDay('2026-10-10')).toBe(false);
    expect(overridden.describe('2026-10-10')).toBe('休息日（运营方设定休息）');
    expect(overridden.describe('2030-01-02')).toBe('元旦（运营方设定休息）');
    // One entry is not the year's schedule: 2030 stays uncovered (and warned about), its fixed holidays still off.
    expect([overridden.covers(2030), overridden.overrideDaysOff(2030), overridden.isWorkingDay('2030-10-02')]).toEqual([false, 1, false]);
    const schedule = Array.from({ length: 13 }, (_, i) => ({ date: `2030-10-${String(i + 1).padStart(2, '0')}`, working: false }));
    expect(createHolidayCalendar({ overrides: schedule }).covers(2030)).toBe(true);
  });

  it('keeps 元旦, 劳动节 (1–2 May) and 国庆节 (1–3 Oct) as days off in a year no schedule covers, saying so', () => {
    const calendar = createHolidayCalendar();
    expect(['2027-01-01', '2027-05-03', '2027-10-03', '2027-10-04'].map(calendar.isWorkingDay)).toEqual([false, true, false, true]);
    expect(calendar.describe('2027-01-01')).toBe('元旦（法定节假日；当年放假安排尚未录入）');
  });
});

describe('overrides file', () => {
  it('reads the shipped calendar/overrides.json as an empty list', () => {
    expect(loadOverrides(join(import.meta.dirname, '../../../calendar/overrides.json'))).toEqual([]);
  });

  it('reads entries from a file and treats a missing file as no overrides', () => {
    const dir = mkdtempSync(join(tmpdir(), 'overrides-'));
    const file = join(dir, 'overrides.json');
    writeFileSync(file, JSON.stringify({ comment: 'x', overrides: [{ date: '2027-10-01', working: false, name: '国庆节' }] }));
    expect(loadOverrides(file)).toEqual([{ date: '2027-10-01', working: false, name: '国庆节' }]);
    expect(loadOverrides(join(dir, 'absent.json'))).toEqual([]);
  });

  it('names the bad field of a malformed entry', () => {
    expect(() => parseOverrides({ overrides: [{ date: '2027-02-30', working: false }] }, 'overrides.json')).toThrow(
      /^overrides\.json: overrides\.0\.date must be a real date written YYYY-MM-DD/,
    );
    expect(() => parseOverrides([{ date: '2027-10-01' }])).toThrow(/^overrides: overrides\.0\.working /);
  });
});
