import type { RecommendationRecord, RecommendationStatus } from '../models/recommendation.js';
import { ymd } from '../calendar/local-date.js';
import { deadlineLight, describeDaysLeft, lightIcon } from './deadline-light.js';

export const statusNames: Record<RecommendationStatus, string> = {
  issued: '已发出', received: '已收到', rectifying: '整改中', completed: '已报完成，待检察官审核',
  reviewed_done: '审核通过', reviewed_not_done: '审核未通过，需继续整改', litigation: '已提起诉讼',
};

/** One line of a 待办 list: light, number, title, due date, days left, progress. */
export function recommendationLine(r: RecommendationRecord, now: Date, timeZone: string): string {
  const due = r.dueOn ? deadlineLight(r.dueOn, now, timeZone) : undefined;
  const icon = due ? lightIcon[due.light] : '⚪';
  const deadline = r.dueOn && due ? `回复期限 ${ymd(r.dueOn)}（${describeDaysLeft(due.daysLeft)}）` : '回复期限未定（尚未登记收到日期）';
  return `${icon} ${r.ref} ${r.title}\n    ${deadline}，进度 ${r.percent}%${r.stage ? `（${r.stage}）` : ''}，${statusNames[r.status]}`;
}
