import type { Connection } from 'mongoose';
import { agencyModel } from '../models/agency.js';
import { owesReply, replyOwingStatuses, type RecommendationRecord } from '../models/recommendation.js';
import { namesOf } from '../leads/route.js';
import { replyInstant } from '../rectification/reply-date.js';
import { responsibleProsecutors } from '../rectification/review.js';
import { ymd } from '../calendar/local-date.js';
import type { Principal } from './tokens.js';

/**
 * What a prosecutor does to a recommendation from its page (docs/dashboard-api.md, Changes): `receipt` registers the
 * date the agency received it (登记收到日期), `period` sets a new reply period after an overdue (重新确定回复期限),
 * `review` accepts or sends back a completion (验收 / 退回).
 */
export type RecommendationAction = 'receipt' | 'period' | 'review';

/**
 * The actions that apply to `rec` as it stands: a receipt while none is registered and the matter is open; a new
 * period once the reply is overdue; a review while a completion awaits it. The API takes some of them at other times
 * too (correcting a receipt, a period before the due date); the page offers each where it is the next step.
 */
export function applicableActions(rec: Pick<RecommendationRecord, 'status' | 'receivedOn' | 'repliedAt' | 'dueOn'>, daysLeft: number | null): RecommendationAction[] {
  const actions: RecommendationAction[] = [];
  if (!rec.receivedOn && replyOwingStatuses.includes(rec.status)) actions.push('receipt');
  if (owesReply(rec) && daysLeft !== null && daysLeft < 0) actions.push('period');
  if (rec.status === 'completed') actions.push('review');
  return actions;
}

/**
 * The actions `principal` may take on `rec` now, and, when some apply but are another prosecutor's to take, who is
 * responsible (named on it, else its agency's prosecutors: the rule the routes enforce with 403 not_responsible).
 */
export async function actionsFor(mongo: Connection, principal: Principal, rec: RecommendationRecord, daysLeft: number | null): Promise<{ actions: RecommendationAction[]; responsibleNames: string }> {
  const applicable = principal.role === 'agency_admin' ? [] : applicableActions(rec, daysLeft);
  if (applicable.length === 0) return { actions: [], responsibleNames: '' };
  const agency = await agencyModel(mongo).findById(rec.agency, { prosecutors: 1 }).lean();
  const responsible = responsibleProsecutors(rec, agency?.prosecutors ?? []);
  const may = principal.role === 'admin' || responsible.includes(principal.name);
  return { actions: may ? applicable : [], responsibleNames: await namesOf(mongo, responsible) };
}

/**
 * Whether the reply's time of day is known: a reply whose text named its date (已于今天书面回复) is stored at noon UTC of
 * that day (replyInstant), a time nobody stated; one without a date is stored at the message's own time.
 */
export function replyTimeKnown(repliedAt: Date): boolean {
  return repliedAt.getTime() !== replyInstant(ymd(repliedAt)).getTime();
}
