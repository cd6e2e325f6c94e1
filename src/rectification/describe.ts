import { owesReply, type RecommendationRecord, type RecommendationStatus } from '../models/recommendation.js';
import { daysBetween, localDate, ymd } from '../calendar/local-date.js';
import { deadlineLight, describeDaysLeft, lightIcon } from './deadline-light.js';

export const statusNames: Record<RecommendationStatus, string> = {
  issued: '已发出', received: '已收到', rectifying: '整改中', completed: '已报完成，待检察官审核',
  reviewed_done: '审核通过', reviewed_not_done: '审核未通过，需继续整改', litigation: '已提起诉讼',
};

/** Icons of lines that carry no deadline light: the reply is in, or the rectification waits for or passed review. */
export const stateIcons = { replied: '📝', awaitingReview: '⏳', accepted: '✅', closed: '⚪' } as const;

type Described = Pick<RecommendationRecord, 'ref' | 'title' | 'status' | 'percent' | 'stage' | 'dueOn' | 'repliedAt' | 'completedAt' | 'reviewedAt' | 'followUpOn'>;

/**
 * The written reply by its local date and, when that is after the reply deadline, by how many days it was late:
 * "已于 2026-11-20 书面回复", "逾期 28 天后于 2026-11-30 书面回复". A late reply must not read like one on time.
 */
function repliedText(repliedAt: Date, dueOn: Date | undefined, timeZone: string): string {
  const on = localDate(repliedAt, timeZone);
  // dueOn is a stored calendar date; the reply an instant, taken as its date in the configured time zone.
  const daysLate = dueOn ? daysBetween(ymd(dueOn), on) : 0;
  return daysLate > 0 ? `逾期 ${daysLate} 天后于 ${on} 书面回复` : `已于 ${on} 书面回复`;
}

/**
 * A reply that came after the rectification was accepted on or before the due date: the acceptance ended the
 * countdown (no reminder, 待办 line or digest counted the deadline after it), so the reply is not called late.
 * Undefined otherwise — an acceptance after the due date came when the reply was already overdue.
 */
function replyAfterReview(r: Described, timeZone: string): string | undefined {
  if (r.status !== 'reviewed_done' || !r.repliedAt || !r.reviewedAt || !r.dueOn) return undefined;
  if (r.repliedAt.getTime() <= r.reviewedAt.getTime() || localDate(r.reviewedAt, timeZone) > ymd(r.dueOn)) return undefined;
  return `审核通过后于 ${localDate(r.repliedAt, timeZone)} 书面回复`;
}

/**
 * The reply deadline as staff should read it. Once the written reply is in, the countdown is over: a light
 * or "还剩 7 天" would tell them it is still owed.
 */
function replyState(r: Described, now: Date, timeZone: string): { icon: string; text: string } {
  if (r.repliedAt) return { icon: stateIcons.replied, text: repliedText(r.repliedAt, r.dueOn, timeZone) };
  if (!r.dueOn) return { icon: '⚪', text: '回复期限未定（尚未登记收到日期）' };
  const due = deadlineLight(r.dueOn, now, timeZone);
  return { icon: lightIcon[due.light], text: `回复期限 ${ymd(r.dueOn)}（${describeDaysLeft(due.daysLeft)}）` };
}

/**
 * Where the rectification stands once the agency reported it done: awaiting review, accepted (with the follow-up
 * check) or taken to court. Only a completion awaiting review may still owe the written reply by its deadline.
 */
function reviewState(r: Described, timeZone: string): { icon: string; text: string } | undefined {
  const on = (date: Date | undefined) => (date ? ` ${localDate(date, timeZone)}` : '');
  if (r.status === 'completed') return { icon: stateIcons.awaitingReview, text: `已于${on(r.completedAt)} 报完成，待检察官审核` };
  if (r.status === 'reviewed_done') return { icon: stateIcons.accepted, text: `审核通过${r.reviewedAt ? `（${localDate(r.reviewedAt, timeZone)}）` : ''}${r.followUpOn ? `，回头看 ${ymd(r.followUpOn)}` : ''}` };
  if (r.status === 'litigation') return { icon: stateIcons.closed, text: statusNames.litigation };
  return undefined;
}

/** Whether a recommendation's line shows a deadline light (🔴🟡🟢): only while the written reply is still owed. */
export function hasDeadlineLight(r: Described): boolean {
  return owesReply(r);
}

/**
 * Where a recommendation stands against its reply deadline, in words, with the icon of its line: the outcome once
 * reported done (while awaiting review also whether the reply came), else the reply date, or the countdown. E.g.
 * "已于 2026-11-20 书面回复", "逾期 28 天后于 2026-11-30 书面回复", "回复期限 2026-12-07（还剩 5 天）". The chat's lines and
 * the dashboard's lists say the same.
 */
export function deadlineStateText(r: Described, now: Date, timeZone: string): { icon: string; text: string } {
  const review = reviewState(r, timeZone);
  if (!review) return replyState(r, now, timeZone);
  // A completion reported by chat is no written reply: while that is owed, its countdown and light go on.
  if (owesReply(r)) return { icon: replyState(r, now, timeZone).icon, text: `${review.text}；尚未书面回复，${replyState(r, now, timeZone).text}` };
  // Accepted or in court, the reply still tells its story: late, or never received.
  const replyNote = r.repliedAt ? replyAfterReview(r, timeZone) ?? repliedText(r.repliedAt, r.dueOn, timeZone) : r.status === 'completed' ? '尚未书面回复' : '未收到书面回复';
  const reply = ['completed', 'reviewed_done', 'litigation'].includes(r.status) ? `；${replyNote}` : '';
  return { icon: review.icon, text: `${review.text}${reply}` };
}

/**
 * One line of a 待办 list or a 查询 answer: icon, number, title, then the deadline or the outcome, progress
 * and status. E.g. "🟡 富检行公建[2021]21号 督促查处非法采矿\n    回复期限 2026-12-07（还剩 5 天），进度 60%，整改中".
 */
export function recommendationLine(r: Described, now: Date, timeZone: string): string {
  const progress = `进度 ${r.percent}%${r.stage ? `（${r.stage}）` : ''}`;
  const state = deadlineStateText(r, now, timeZone);
  // Once reported done the outcome is the status; otherwise the status follows the deadline.
  const status = reviewState(r, timeZone) ? '' : `，${statusNames[r.status]}`;
  return `${state.icon} ${r.ref} ${r.title}\n    ${state.text}，${progress}${status}`;
}
