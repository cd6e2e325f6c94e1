import { describe, expect, it } from 'vitest';
import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calendarWarnings, calendarWarningsZh, defaultCalendar, uncoveredYears } from '../../../src/calendar/default-calendar.js';

describe('calendarWarnings', () => {
  it('warns for a year no holiday schedule covers, and not for a covered one', () => {
    expect(defaultCalendar().covers(2026)).toBe(true);
    expect(calendarWarnings(new Date('2025-06-01T00:00:00Z'))).toEqual([]);
    expect(calendarWarnings(new Date('2040-06-01T00:00:00Z'))).toEqual([expect.stringContaining('no holiday calendar covers 2040')]);
  });
});

describe('uncoveredYears', () => {
  const shanghai = { timeZone: 'Asia/Shanghai' };
  const at = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`);
  it('names next year only from 1 November (local), when its schedule is published, or once an open deadline reaches it', () => {
    // 2026 is covered by the package, 2027 is not.
    expect(uncoveredYears(at('2026-06-01 10:00'), defaultCalendar(), shanghai)).toEqual([]);
    expect(uncoveredYears(at('2026-10-31 23:59'), defaultCalendar(), shanghai)).toEqual([]);
    expect(uncoveredYears(at('2026-11-01 00:01'), defaultCalendar(), shanghai)).toEqual([2027]);
    // A follow-up check or a period set in June that ends in 2027 makes 2027 matter already.
    expect(uncoveredYears(at('2026-06-01 10:00'), defaultCalendar(), { ...shanghai, reached: [2027] })).toEqual([2027]);
    expect(calendarWarningsZh(at('2026-06-01 10:00'), defaultCalendar(), { ...shanghai, reached: [2027] })).toEqual([expect.stringMatching(/^2027年的法定节假日安排尚未录入/)]);
    // A year already covered is not named, reached or not.
    expect(uncoveredYears(at('2025-06-01 10:00'), defaultCalendar(), { ...shanghai, reached: [2026] })).toEqual([]);
  });

  it('takes the year in the configured time zone: 1 January starts at local midnight, not at 08:00 Beijing time', () => {
    // 2041-01-01 00:30 in Beijing is still 2040-12-31 in UTC: 2041 is this year, and 2042 not yet worth a warning.
    expect(uncoveredYears(at('2041-01-01 00:30'), defaultCalendar(), shanghai)).toEqual([2041]);
    expect(uncoveredYears(at('2040-12-31 23:30'), defaultCalendar(), shanghai)).toEqual([2040, 2041]);
  });
});

describe('defaultCalendar with a hand-edited overrides file', () => {
  it('refuses a file that is not valid, keeps the last good calendar in force and warns until it is mended', () => {
    const dir = mkdtempSync(join(tmpdir(), 'overrides-'));
    const file = join(dir, 'overrides.json');
    const previous = process.env.CALENDAR_OVERRIDES_FILE;
    process.env.CALENDAR_OVERRIDES_FILE = file;
    const write = (text: string, second: number) => {
      writeFileSync(file, text);
      utimesSync(file, second, second); // a distinct mtime, as a later edit has
    };
    try {
      write('{ "overrides": [{ "date": "2026-12-01", "working": false, "name": "临时放假" }] }', 1_000_000);
      expect(defaultCalendar().isWorkingDay('2026-12-01')).toBe(false);
      // The commonest slip of a hand edit: a trailing comma.
      write('{ "overrides": [{ "date": "2026-12-01", "working": false }, { "date": "2026-12-02", "working": false },] }', 1_000_100);
      expect([defaultCalendar().isWorkingDay('2026-12-01'), defaultCalendar().isWorkingDay('2026-12-02')]).toEqual([false, true]);
      expect(calendarWarnings(new Date('2026-06-01T00:00:00Z'))).toEqual(expect.arrayContaining([expect.stringContaining('calendar overrides file refused')]));
      expect(calendarWarningsZh(new Date('2026-06-01T00:00:00Z'))).toEqual(expect.arrayContaining([expect.stringContaining('节假日调整文件有误，未生效')]));
      write('{ "overrides": [{ "date": "2026-12-02", "working": false }] }', 1_000_200);
      expect([defaultCalendar().isWorkingDay('2026-12-01'), defaultCalendar().isWorkingDay('2026-12-02')]).toEqual([true, false]);
      expect(calendarWarnings(new Date('2026-06-01T00:00:00Z')).join()).not.toContain('refused');
    } finally {
      if (previous === undefined) delete process.env.CALENDAR_OVERRIDES_FILE;
      else process.env.CALENDAR_OVERRIDES_FILE = previous;
    }
  });
});
