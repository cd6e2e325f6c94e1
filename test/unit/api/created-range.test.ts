import { describe, expect, it } from 'vitest';
import { localDate } from '../../../src/calendar/local-date.js';
import { createdBetween, startOfLocalDay } from '../../../src/api/dates.js';

describe('startOfLocalDay', () => {
  it('is local midnight: the day before in UTC east of Greenwich, the same day west of it', () => {
    expect(startOfLocalDay('2026-11-30', 'Asia/Shanghai').toISOString()).toBe('2026-11-29T16:00:00.000Z');
    expect(startOfLocalDay('2026-11-30', 'America/New_York').toISOString()).toBe('2026-11-30T05:00:00.000Z');
    expect(startOfLocalDay('2026-11-30', 'UTC').toISOString()).toBe('2026-11-30T00:00:00.000Z');
  });

  it('is the first instant the statistics read as that day, also where a day starts at 01:00 (daylight saving at midnight)', () => {
    // Santiago moves its clocks from 00:00 to 01:00 in early September: 2024-09-08 starts at 04:00 UTC.
    for (const [date, zone] of [['2024-09-08', 'America/Santiago'], ['2026-03-08', 'America/New_York'], ['2026-01-01', 'Pacific/Kiritimati']] as const) {
      const start = startOfLocalDay(date, zone);
      expect(localDate(start, zone)).toBe(date);
      expect(localDate(new Date(start.getTime() - 1), zone) < date).toBe(true);
    }
  });
});

describe('createdBetween', () => {
  it('keeps both local days of the period, up to the last millisecond of `to`', () => {
    const { createdAt } = createdBetween({ from: '2025-03-01', to: '2025-03-31' }, 'Asia/Shanghai') as { createdAt: { $gte: Date; $lt: Date } };
    expect(createdAt.$gte.toISOString()).toBe('2025-02-28T16:00:00.000Z');
    expect(createdAt.$lt.toISOString()).toBe('2025-03-31T16:00:00.000Z');
    expect(createdBetween({}, 'Asia/Shanghai')).toEqual({});
  });
});
