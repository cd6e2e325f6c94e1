import { localDate, ymd } from '../calendar/local-date.js';
import type { RecommendationRecord } from '../models/recommendation.js';
import { deadlineLight, describeDaysLeft } from '../rectification/deadline-light.js';
import { splitText } from '../wecom/split-text.js';
import { replyRequest, urgentTag } from './build-digest.js';

const heading = '【回复期限提醒】';

/** What a notice asks for, the commands named with `ref` when there is one recommendation, `<文号>` otherwise. */
function howToAnswer(request: string, ref = '<文号>'): string {
  return `请${request}：发送「回复 ${ref} <回复要点>」；整改进展可发送「进度 ${ref} <百分比> <措施>」。`;
}

/** One recommendation's notice, worded as before there were summaries: the staff act on it by its number. */
function singleNotice(r: RecommendationRecord, daysLeft: number): string {
  const due = ymd(r.dueOn!);
  const when = daysLeft > 0 ? `将于 ${due} 到期，${describeDaysLeft(daysLeft)}` : daysLeft === 0 ? `今天（${due}）到期` : `期限 ${due} 已过，${describeDaysLeft(daysLeft)}`;
  return `${heading}${r.ref}（${r.title}）${r.urgent ? urgentTag : ''}的书面回复${when}，当前整改进度 ${r.percent}%。${howToAnswer(replyRequest(daysLeft < 0 ? 1 : 0, daysLeft < 0 ? 0 : 1), r.ref)}`;
}

/**
 * The personal morning notice of one agency's staff, one message however many recommendations it names (a member
 * gets one notification a morning, not thirty): what has reached a reminder mark and — for an agency whose group
 * has no robot to post the digest — what is due today and overdue, sectioned so, soonest due first within each. A long
 * one comes in parts of at most 2048 bytes (WeCom's app text limit), to be sent in order; the request to reply,
 * 尽快 or 按期 by what is listed, ends the last.
 */
export function buildStaffNotice(agencyName: string, items: RecommendationRecord[], now: Date, timeZone: string): string[] {
  const daysLeft = (r: RecommendationRecord) => deadlineLight(r.dueOn!, now, timeZone).daysLeft;
  const sorted = [...items].sort((a, b) => a.dueOn!.getTime() - b.dueOn!.getTime() || a.ref.localeCompare(b.ref, 'zh', { numeric: true }));
  if (sorted.length === 1) return splitText(singleNotice(sorted[0]!, daysLeft(sorted[0]!)));
  const line = (r: RecommendationRecord) => `- ${r.ref}（${r.title}）${r.urgent ? urgentTag : ''}回复期限 ${ymd(r.dueOn!)}，${describeDaysLeft(daysLeft(r))}，进度 ${r.percent}%`;
  const overdue = sorted.filter((r) => daysLeft(r) < 0);
  const today = sorted.filter((r) => daysLeft(r) === 0);
  const upcoming = sorted.filter((r) => daysLeft(r) > 0);
  const section = (title: string, list: RecommendationRecord[]) => (list.length ? [`${title}（${list.length}）：`, ...list.map(line)] : []);
  const text = [
    `${heading}${agencyName}有 ${sorted.length} 份检察建议的书面回复需要办理（${localDate(now, timeZone)}）：`,
    ...section('已逾期', overdue),
    ...section('今天到期', today),
    ...section('即将到期', upcoming),
    howToAnswer(replyRequest(overdue.length, today.length + upcoming.length)),
  ].join('\n');
  return splitText(text);
}
