import { describe, expect, it } from 'vitest';
import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calendarWarnings, calendarWarningsZh, defaultCalendar } from '../../../src/calendar/default-calendar.js';

describe('calendarWarnings', () => {
  it('warns for a year no holiday schedule covers, and not for a covered one', () => {
    expect(defaultCalendar().covers(2026)).toBe(true);
    expect(calendarWarnings(new Date('2025-06-01T00:00:00Z'))).toEqual([]);
    expect(calendarWarnings(new Date('2040-06-01T00:00:00Z'))).toEqual([
      expect.stringContaining('no holiday calendar covers 2040'),
      expect.stringContaining('no holiday calendar covers 2041'),
    ]);
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
