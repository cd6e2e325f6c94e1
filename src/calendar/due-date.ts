import { computeDeadline } from './deadline.js';
import type { HolidayCalendar } from './holidays.js';
import { addDays, addMonths } from './add-period.js';
import { dateOnly } from './local-date.js';

/** A reply deadline and the rule that produced it, in words a prosecutor can check. */
export interface DueDate {
  dueOn: Date;
  rule: string;
}

// Re-exported so existing callers keep importing them from here.
export { addDays, addMonths } from './add-period.js';

/**
 * The due date of an agency's written reply to a recommendation: two months from receipt, or 15 days
 * when the harm is urgent (SPP rules on PIL cases). With a `calendar` an end on a holiday or rest day moves
 * to the next working day and `rule` says so; without one the natural end is kept (older callers).
 * @example replyDueDate('2026-09-22', true, calendar).rule // 情况紧急：收到之日（2026-09-22）起15日，至2026-10-07届满，该日为国庆节假期，顺延至下一个工作日2026-10-08
 */
export function replyDueDate(receivedOn: string, urgent: boolean, calendar?: HolidayCalendar): DueDate {
  const basis = urgent ? `情况紧急：收到之日（${receivedOn}）起15日` : `收到之日（${receivedOn}）起2个月`;
  if (!calendar) {
    return { dueOn: dateOnly(urgent ? addDays(receivedOn, 15) : addMonths(receivedOn, 2)), rule: basis };
  }
  const deadline = computeDeadline(receivedOn, urgent ? '15d' : '2m', calendar);
  const moved = deadline.due !== deadline.naturalEnd;
  const uncovered = deadline.uncoveredYears.map((year) => `；${year}年尚无节假日安排，仅按周末和元旦、劳动节、国庆节的固定日期顺延`).join('');
  const rule =
    `${basis}，至${deadline.naturalEnd}届满，该日为${calendar.describe(deadline.naturalEnd)}` +
    `${moved ? `，顺延至下一个工作日${deadline.due}` : ''}${uncovered}`;
  return { dueOn: dateOnly(deadline.due), rule };
}
