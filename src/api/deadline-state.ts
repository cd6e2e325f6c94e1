import { localDate } from '../calendar/local-date.js';
import type { RecommendationRecord } from '../models/recommendation.js';
import { deadlineLight, describeDaysLeft, type Light } from '../rectification/deadline-light.js';
import { deadlineStateText, hasDeadlineLight, statusNames } from '../rectification/describe.js';

type Stated = Pick<RecommendationRecord, 'ref' | 'title' | 'status' | 'percent' | 'stage' | 'dueOn' | 'repliedAt' | 'completedAt' | 'reviewedAt' | 'followUpOn'>;

/** A recommendation's reply deadline as the lists, the board, the detail and the exports show it. */
export interface DeadlineState {
  /** The deadline light, `none` once nothing is owed by the deadline (or no deadline is set yet). */
  light: Light | 'none';
  /** Days left to the reply deadline while it is owed (negative when overdue), else null. */
  daysLeft: number | null;
  /** The written reply's local date, if it came. */
  repliedOn: string | null;
  /**
   * In words, as the chat's 待办 / 查询 line says it: "已逾期 7 天", "已于 2026-11-20 书面回复",
   * "逾期 28 天后于 2026-11-30 书面回复", "审核通过（…），回头看 …"; a completion awaiting review while the reply is
   * owed: "已于 2026-11-30 报完成，待检察官审核；尚未书面回复" (the due date and the days left are the columns beside it).
   */
  text: string;
}

/** The light in words, as the dashboard's legend names it; the exports write these, the JSON keeps the codes. */
export const lightNames: Record<DeadlineState['light'], string> = { red: '逾期', yellow: '临期', green: '正常', none: '—' };

/**
 * Where a recommendation stands against its reply deadline, by the chat's rule (`hasDeadlineLight`): a light and a
 * countdown only while the written reply is still owed. A reply in, a completion awaiting review or an accepted
 * rectification shows that state instead, so the board never calls overdue what chat calls 已书面回复.
 */
export function deadlineState(r: Stated, now: Date, timeZone: string): DeadlineState {
  const repliedOn = r.repliedAt ? localDate(r.repliedAt, timeZone) : null;
  if (hasDeadlineLight(r) && r.dueOn) {
    const due = deadlineLight(r.dueOn, now, timeZone);
    // Reported done but the reply still owed: say both, as the chat does — but not the due date and the days left
    // again, which the lists show in the two columns before this one (回复期限, 剩余天数). The chat's line, having no
    // such columns, keeps them (deadlineStateText).
    const text = r.status === 'completed' ? deadlineStateText({ ...r, dueOn: undefined }, now, timeZone).text : describeDaysLeft(due.daysLeft);
    return { light: due.light, daysLeft: due.daysLeft, repliedOn, text };
  }
  return { light: 'none', daysLeft: null, repliedOn, text: deadlineStateText(r, now, timeZone).text };
}

/** The statuses of a rectification under way, before any completion or review (see domain.md: issued → received → in rectification). */
const beforeReply: ReadonlyArray<RecommendationRecord['status']> = ['issued', 'received', 'rectifying'];

/**
 * The status as the lists and details name it. domain.md's life of a recommendation has "reply received" after
 * "in rectification": once the written reply is in (and nothing later happened), it reads 已书面回复, not 整改中.
 * The stored status, which the `status` filter takes, is unchanged.
 */
export function recommendationStatusName(r: Pick<RecommendationRecord, 'status' | 'repliedAt'>): string {
  return r.repliedAt && beforeReply.includes(r.status) ? '已书面回复' : statusNames[r.status];
}
