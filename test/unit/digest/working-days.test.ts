import { describe, expect, it } from 'vitest';
import { createHolidayCalendar } from '../../../src/calendar/holidays.js';
import { isWorkingMorning, reminderDueToday } from '../../../src/digest/run-digests.js';

const calendar = createHolidayCalendar();
const offsets = [7, 3, 1];
/** 09:00 in Shanghai on a day. */
const nineAm = (day: string) => new Date(`${day}T09:00:00+08:00`);

describe('reminderDueToday (which personal reminder a working morning sends)', () => {
  it('sends each reminder on its own day when that is a working day', () => {
    // Due Friday 2026-12-11: 7 days before is Friday 12-04, 3 days Tuesday 12-08, 1 day Thursday 12-10.
    expect(['2026-12-04', '2026-12-08', '2026-12-10'].map((today) => reminderDueToday('2026-12-11', offsets, today, calendar))).toEqual([7, 3, 1]);
    expect(reminderDueToday('2026-12-11', offsets, '2026-12-07', calendar)).toBeUndefined();
  });

  it('sends a reminder that falls on a weekend on the Friday before', () => {
    // Due Monday 2026-12-07: the 1-day reminder falls on Sunday 12-06.
    expect(reminderDueToday('2026-12-07', offsets, '2026-12-04', calendar)).toBe(1);
    expect(reminderDueToday('2026-12-07', offsets, '2026-12-07', calendar)).toBeUndefined();
  });

  it('sends one reminder, before the holiday, for a due date right after National Day', () => {
    // Due 2026-10-08: the 7-, 3- and 1-day reminders fall on 10-01, 10-05 and 10-07, all holidays.
    expect(reminderDueToday('2026-10-08', offsets, '2026-09-30', calendar)).toBe(1);
    for (const day of ['2026-09-29', '2026-10-08']) expect(reminderDueToday('2026-10-08', offsets, day, calendar)).toBeUndefined();
  });
});

describe('isWorkingMorning', () => {
  it('is false on a weekday that is a statutory holiday and true on a make-up working Saturday', () => {
    expect(isWorkingMorning(nineAm('2026-10-01'), 'Asia/Shanghai', calendar)).toBe(false);
    expect(isWorkingMorning(nineAm('2026-10-10'), 'Asia/Shanghai', calendar)).toBe(true);
  });

  it('waits for the agency digest hour', () => {
    expect(isWorkingMorning(nineAm('2026-12-01'), 'Asia/Shanghai', calendar, 10)).toBe(false);
    expect(isWorkingMorning(nineAm('2026-12-01'), 'Asia/Shanghai', calendar, 9)).toBe(true);
  });

  it('ends with the working day: a digest missed in the morning goes out in the afternoon, not at night', () => {
    const at = (hour: number) => new Date(`2026-12-01T${String(hour).padStart(2, '0')}:30:00+08:00`);
    expect(isWorkingMorning(at(17), 'Asia/Shanghai', calendar)).toBe(true);
    expect(isWorkingMorning(at(18), 'Asia/Shanghai', calendar)).toBe(false);
    expect(isWorkingMorning(at(22), 'Asia/Shanghai', calendar)).toBe(false);
    // An agency that asked for its digest at 19:00 still gets it then.
    expect(isWorkingMorning(at(19), 'Asia/Shanghai', calendar, 19)).toBe(true);
    expect(isWorkingMorning(at(20), 'Asia/Shanghai', calendar, 19)).toBe(false);
  });
});
