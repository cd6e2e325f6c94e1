import { localDate, ymd } from '../calendar/local-date.js';
import type { RecommendationRecord } from '../models/recommendation.js';
import { deadlineLight, describeDaysLeft, lightIcon, type Light } from '../rectification/deadline-light.js';
import { shortenText } from '../wecom/split-text.js';

/** One agency's deadline picture on one morning. */
export interface AgencyDigest {
  overdue: RecommendationRecord[];
  dueToday: RecommendationRecord[];
  dueSoon: RecommendationRecord[];
  onTime: number;
  light: Light;
  /** The markdown text (may be longer than one robot message; see splitMarkdown). */
  markdown: string;
  /**
   * The digest's last line, on its last message only: the @mentions of the agency's staff (one notification however
   * many parts) and how soon to reply, by what is listed; empty when nothing is due.
   */
  closing: string;
}

/** Recommendations due within this many days are listed as due soon. */
export const dueSoonDays = 7;

/**
 * The mark of a recommendation urgent under the law (情况紧急: 15 days to reply, not two months) in lists, so that staff
 * see why its period is short.
 */
export const urgentTag = '【紧急】';

function item(r: RecommendationRecord, now: Date, timeZone: string): string {
  const { daysLeft } = deadlineLight(r.dueOn!, now, timeZone);
  const completed = r.status === 'completed' ? '（已报完成，待审核）' : '';
  return `- ${r.ref} ${r.title}${r.urgent ? ` ${urgentTag}` : ''}：${shortenText(r.requirements, 41)}；回复期限 ${ymd(r.dueOn!)}，${describeDaysLeft(daysLeft)}，进度 ${r.percent}%${completed}`;
}

/**
 * How soon the listed replies are asked for: 尽快 what is already overdue (it can no longer be on time), 按期 what is
 * not yet; `''` when nothing is listed.
 */
export function replyRequest(overdue: number, upcoming: number): string {
  if (overdue + upcoming === 0) return '';
  if (upcoming === 0) return '尽快书面回复';
  return overdue === 0 ? '按期书面回复' : '尽快书面回复已逾期的检察建议，其余按期书面回复';
}

/**
 * The last line of a group's digest: its staff @mentioned and asked to reply as soon as what is listed requires. A
 * group whose agency has nobody bound is still asked, and told that nobody gets a personal reminder.
 */
function closingLine(staffUserids: string[], overdue: number, upcoming: number): string {
  const request = replyRequest(overdue, upcoming);
  if (!request) return '';
  const how = '（发送「回复 <文号> <要点>」）';
  if (staffUserids.length) return `请 ${staffUserids.map((u) => `<@${u}>`).join(' ')} ${request}${how}`;
  return `请${request}${how}。本单位尚无工作人员登记为衔接平台用户，个人提醒无人接收，请联系检察院登记。`;
}

/**
 * The morning digest of one agency's group: the written replies overdue, due today and due within `soonDays` —
 * each with the document number, what is required and days left — then the agency's scorecard; the @mentions of
 * the agency's staff end the last message (`closing`). `open` is what owes a reply — all of it, or what is overdue
 * or due within the window with `openTotal` the number of all with a due date.
 */
export function buildAgencyDigest(agencyName: string, open: RecommendationRecord[], staffUserids: string[], now: Date, timeZone: string, soonDays = dueSoonDays, openTotal?: number): AgencyDigest {
  const withDue = open.filter((r) => r.dueOn);
  const days = (r: RecommendationRecord) => deadlineLight(r.dueOn!, now, timeZone).daysLeft;
  const overdue = withDue.filter((r) => days(r) < 0).sort((a, b) => days(a) - days(b));
  const dueToday = withDue.filter((r) => days(r) === 0);
  const dueSoon = withDue.filter((r) => days(r) > 0 && days(r) <= soonDays).sort((a, b) => days(a) - days(b));
  // `open` may hold only what is due soon (the deadline run reads no more); `openTotal` then counts the rest.
  const onTime = Math.max(0, (openTotal ?? withDue.length) - overdue.length - dueToday.length - dueSoon.length);
  // The light of each item is the one 待办 and the board show (🟡 within 7 days); an agency's longer window adds a 🟢
  // section, so that the digest never calls yellow what the board calls green.
  const yellow = dueSoon.filter((r) => deadlineLight(r.dueOn!, now, timeZone).light === 'yellow');
  const green = dueSoon.filter((r) => !yellow.includes(r));
  const light: Light = overdue.length ? 'red' : dueToday.length || yellow.length ? 'yellow' : 'green';
  const due = overdue.length + dueToday.length + dueSoon.length;
  const closing = closingLine(staffUserids, overdue.length, dueToday.length + dueSoon.length);
  const section = (title: string, list: RecommendationRecord[]) => (list.length ? [`**${title}（${list.length}）**`, ...list.map((r) => item(r, now, timeZone))] : []);
  const lines = [
    `**${agencyName} 检察建议回复期限提醒（${localDate(now, timeZone)}）**`,
    ...section('🔴 已逾期', overdue),
    ...section('🟡 今天到期', dueToday),
    ...section(`🟡 ${Math.min(soonDays, 7)}日内到期`, yellow),
    ...section(`🟢 ${soonDays}日内到期`, green),
    ...(due === 0 ? ['近期没有到期的检察建议。'] : []),
    `记分卡：按期 ${onTime + green.length} · 临期 ${dueToday.length + yellow.length} · 逾期 ${overdue.length} ${lightIcon[light]}`,
  ];
  return { overdue, dueToday, dueSoon, onTime, light, markdown: lines.join('\n'), closing };
}
