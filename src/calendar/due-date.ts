import { dateOnly, ymd } from './local-date.js';

/** A reply deadline and the rule that produced it, in words a prosecutor can check. */
export interface DueDate {
  dueOn: Date;
  rule: string;
}

/** Adds months the way the law counts them: same date of the last month, clamped to the month's end. */
export function addMonths(start: string, months: number): string {
  const [y, m, d] = start.split('-').map(Number) as [number, number, number];
  const monthIndex = m - 1 + months;
  const year = y + Math.floor(monthIndex / 12);
  const month = ((monthIndex % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return ymd(new Date(Date.UTC(year, month, Math.min(d, lastDay))));
}

/** Adds days; the start day itself is not counted (so 15 days from the 1st end on the 16th). */
export function addDays(start: string, days: number): string {
  return ymd(new Date(dateOnly(start).getTime() + days * 86_400_000));
}

/**
 * The due date of an agency's written reply to a recommendation: two months from receipt, or 15 days
 * when the harm is urgent (SPP rules on PIL cases). Holidays are not yet moved (see the calendar issue).
 */
export function replyDueDate(receivedOn: string, urgent: boolean): DueDate {
  return urgent
    ? { dueOn: dateOnly(addDays(receivedOn, 15)), rule: `情况紧急：收到之日（${receivedOn}）起15日` }
    : { dueOn: dateOnly(addMonths(receivedOn, 2)), rule: `收到之日（${receivedOn}）起2个月` };
}
