import { describe, expect, it } from 'vitest';
import { replyDueDate } from '../../../src/calendar/due-date.js';
import { createHolidayCalendar } from '../../../src/calendar/holidays.js';

describe('replyDueDate', () => {
  const calendar = createHolidayCalendar();

  it('keeps the natural end without a calendar, as older callers expect', () => {
    expect(replyDueDate('2026-09-22', true)).toEqual({ dueOn: new Date('2026-10-07T00:00:00Z'), rule: '情况紧急：收到之日（2026-09-22）起15日' });
  });

  it('moves an urgent reply off the National Day holiday and says why in Chinese', () => {
    expect(replyDueDate('2026-09-22', true, calendar)).toEqual({
      dueOn: new Date('2026-10-08T00:00:00Z'),
      rule: '情况紧急：收到之日（2026-09-22）起15日，至2026-10-07届满，该日为国庆节假期，顺延至下一个工作日2026-10-08',
    });
  });

  it('keeps a two-month reply on a working day and notes an uncovered year', () => {
    expect(replyDueDate('2026-04-30', false, calendar).rule).toBe('收到之日（2026-04-30）起2个月，至2026-06-30届满，该日为周二（工作日）');
    expect(replyDueDate('2026-12-31', false, calendar)).toEqual({
      dueOn: new Date('2027-03-01T00:00:00Z'),
      rule: '收到之日（2026-12-31）起2个月，至2027-02-28届满，该日为周日（休息日），顺延至下一个工作日2027-03-01；2027年尚无节假日安排，仅按周末和元旦、劳动节、国庆节的固定日期顺延',
    });
  });
});
