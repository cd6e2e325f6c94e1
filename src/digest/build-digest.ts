import { localDate, ymd } from '../calendar/local-date.js';
import type { RecommendationRecord } from '../models/recommendation.js';
import { deadlineLight, describeDaysLeft, lightIcon, type Light } from '../rectification/deadline-light.js';

/** One agency's deadline picture on one morning. */
export interface AgencyDigest {
  overdue: RecommendationRecord[];
  dueToday: RecommendationRecord[];
  dueSoon: RecommendationRecord[];
  onTime: number;
  light: Light;
  /** The markdown text (may be longer than one robot message; see splitMarkdown). */
  markdown: string;
  /** The @mentions of the agency's staff, a last line for every message of the digest; empty when nothing is due. */
  mentions: string;
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
  return `- ${r.ref} ${r.title}${r.urgent ? ` ${urgentTag}` : ''}：${r.requirements.slice(0, 40)}${r.requirements.length > 40 ? '…' : ''}；回复期限 ${ymd(r.dueOn!)}，${describeDaysLeft(daysLeft)}，进度 ${r.percent}%${completed}`;
}

/**
 * The morning digest of one agency's group: the written replies overdue, due today and due within `soonDays` —
 * each with the document number, what is required and days left — then the agency's scorecard; the @mentions of
 * the agency's staff end every message (`mentions`). `open` is what owes a reply — all of it, or what is overdue
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
  const mentions = due && staffUserids.length ? `请 ${staffUserids.map((u) => `<@${u}>`).join(' ')} 按期书面回复（发送「回复 <文号> <要点>」）` : '';
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
  return { overdue, dueToday, dueSoon, onTime, light, markdown: lines.join('\n'), mentions };
}
