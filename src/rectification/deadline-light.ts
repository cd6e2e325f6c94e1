import { daysBetween, localDate, ymd } from '../calendar/local-date.js';

/** Red: overdue; yellow: due within 7 days (the reminder window); green: further out. */
export type Light = 'red' | 'yellow' | 'green';

export const lightIcon: Record<Light, string> = { red: '🔴', yellow: '🟡', green: '🟢' };

/** Days left until a due date (0 = due today, negative = overdue) and its traffic light. */
export function deadlineLight(dueOn: Date, now: Date, timeZone: string): { daysLeft: number; light: Light } {
  const daysLeft = daysBetween(localDate(now, timeZone), ymd(dueOn));
  return { daysLeft, light: daysLeft < 0 ? 'red' : daysLeft <= 7 ? 'yellow' : 'green' };
}

/** "还剩 12 天", "今天到期", "已逾期 3 天". */
export function describeDaysLeft(daysLeft: number): string {
  if (daysLeft > 0) return `还剩 ${daysLeft} 天`;
  if (daysLeft === 0) return '今天到期';
  return `已逾期 ${-daysLeft} 天`;
}
