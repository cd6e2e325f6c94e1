import { describe, expect, it } from 'vitest';
import { calendarWarnings, defaultCalendar } from '../../../src/calendar/default-calendar.js';

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
