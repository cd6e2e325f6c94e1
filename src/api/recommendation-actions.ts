import type { Connection } from 'mongoose';
import { agencyModel } from '../models/agency.js';
import { owesReply, replyOwingStatuses, type RecommendationRecord } from '../models/recommendation.js';
import { namesOf } from '../leads/route.js';
import { replyInstant } from '../rectification/reply-date.js';
import { responsibleProsecutors } from '../rectification/review.js';
import { localDateTime, ymd } from '../calendar/local-date.js';
import type { BasedOn } from '../admin/stale-change.js';
import { ApiError } from './errors.js';
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

/** A history entry of a recommendation with its place in the history (the history is append-only: the place stays). */
type Entry = RecommendationRecord['history'][number] & { index: number };

const receiptActions = ['due_recomputed', 'receipt'];

/** The last entry of `rec`'s history with one of `actions`, with its place. */
function lastEntry(rec: RecommendationRecord, actions: readonly string[]): Entry | undefined {
  const index = rec.history.findLastIndex((h) => actions.includes(h.action));
  return index < 0 ? undefined : { ...rec.history[index]!, index };
}

const dayOf = (value: unknown) => (value instanceof Date ? ymd(value) : typeof value === 'string' ? value.slice(0, 10) : null);

/**
 * The refusal of a change decided on a form that no longer shows the record (409 changed_meanwhile): what was done
 * meanwhile, by whom and when, in the words the page shows — 「收到日期已由 王检察官 于 2026-12-01 10:02 登记为
 * 2026-11-26（回复期限 2027-01-26）」 — and that nothing was changed. The page then shows the record as it is.
 */
export async function changedMeanwhile(mongo: Connection, rec: RecommendationRecord, basedOn: BasedOn, timeZone: string): Promise<ApiError> {
  const receiptMoved = basedOn.receivedOn !== undefined && dayOf(rec.receivedOn) !== basedOn.receivedOn;
  const entry = lastEntry(rec, receiptMoved ? receiptActions : [...receiptActions, 'due_reset']);
  const by = entry ? ` ${await namesOf(mongo, [entry.by])} 于 ${localDateTime(entry.at, timeZone)}` : '';
  const due = rec.dueOn ? ymd(rec.dueOn) : '未定';
  const what = receiptMoved
    ? `收到日期已由${by} 登记为 ${dayOf(rec.receivedOn) ?? '—'}（回复期限 ${due}）`
    : `回复期限已由${by} ${entry?.action === 'due_reset' ? '重新确定' : '改'}为 ${due}`;
  return new ApiError(409, 'changed_meanwhile', `${what}，本次未作修改。页面已更新为最新情况，请核对后再办理。`);
}

/**
 * Whether a receipt request whose form no longer matches the record is this same request again (a retry after a
 * timeout, a second click): the last receipt entry is the caller's, with the same date. It is then answered as
 * recorded, not refused as a colleague's change.
 */
export function isReceiptRepeat(rec: RecommendationRecord, by: string, change: { receivedOn?: string; urgent?: boolean }): boolean {
  const entry = lastEntry(rec, receiptActions);
  if (!entry || entry.by !== by || !change.receivedOn) return false;
  return dayOf(rec.receivedOn) === change.receivedOn && (change.urgent === undefined || change.urgent === rec.urgent);
}

/**
 * The due_reset entry a period request made, when it is this request again (a retry): the last period set is the
 * caller's, from the due date the form showed to the date it asks for. Undefined otherwise.
 */
export function periodRepeat(rec: RecommendationRecord, by: string, basedOn: BasedOn, dueOn: string): Entry | undefined {
  const entry = lastEntry(rec, ['due_reset']);
  if (!entry || entry.by !== by || lastEntry(rec, [...receiptActions, 'due_reset'])?.index !== entry.index) return undefined;
  const asked = typeof entry.detail?.requestedDueOn === 'string' ? entry.detail.requestedDueOn : dayOf(entry.detail?.dueOn);
  const from = dayOf(entry.detail?.previousDueOn);
  return asked === dueOn && (basedOn.dueOn === undefined || from === basedOn.dueOn) && dayOf(rec.dueOn) === dayOf(entry.detail?.dueOn) ? entry : undefined;
}

/** The last period set (due_reset) of `rec`, with its place in the history. */
export function lastPeriod(rec: RecommendationRecord): Entry | undefined {
  return lastEntry(rec, ['due_reset']);
}

/** The last receipt registration or correction of `rec`, with its place in the history. */
export function lastReceipt(rec: RecommendationRecord): Entry | undefined {
  return lastEntry(rec, receiptActions);
}

/**
 * The delivery id of the notice of one change: keyed on its history entry, so two changes are never taken for one
 * (the clock's millisecond was: a second period set in the same one was dropped as a duplicate) and a retry of the
 * same change is.
 */
export function changeNoticeId(kind: 'period' | 'receipt', rec: RecommendationRecord, entry: Entry): string {
  return `${kind}_${rec._id}_h${entry.index}`.replace(/[:[\]]/g, '_');
}

/**
 * 【回复期限重新确定】 for the agency's staff, from the period's history entry: the new date, what it replaced and, when
 * the date asked for was a day off, that it moved — in one parenthesis.
 */
export function periodNotice(rec: RecommendationRecord, entry: Entry): string {
  const due = dayOf(entry.detail?.dueOn);
  const notes = [
    ...(entry.detail?.previousDueOn ? [`原期限 ${dayOf(entry.detail.previousDueOn)}`] : []),
    ...(typeof entry.detail?.requestedDueOn === 'string' ? [`${entry.detail.requestedDueOn} 为节假日或休息日，顺延`] : []),
  ];
  const reason = typeof entry.detail?.reason === 'string' ? entry.detail.reason : '';
  return `【回复期限重新确定】检察建议 ${rec.ref}（${rec.title}）的回复期限已重新确定为 ${due}${notes.length ? `（${notes.join('；')}）` : ''}。\n原因：${reason}\n请在新的期限内书面回复并报告整改情况。`;
}

/**
 * The agency's notice of its reply deadline once the receipt is registered (or corrected so that the deadline moves):
 * it learns its deadline from the bot when it is set, not first from a reminder days before it.
 */
export function receiptNotice(rec: RecommendationRecord, entry: Entry): string | undefined {
  const detail = entry.detail ?? {};
  if (entry.action !== 'due_recomputed' || !detail.dueOn) return undefined;
  const due = dayOf(detail.dueOn);
  const previous = dayOf(detail.previousDueOn);
  if (previous === due) return undefined;
  const urgent = detail.urgent ? '（情况紧急，十五日内）' : '';
  const head = previous
    ? `【回复期限调整】检察建议 ${rec.ref}（${rec.title}）的收到日期登记为 ${String(detail.receivedOn)}${urgent}，书面回复期限由 ${previous} 调整为 ${due}。`
    : `【回复期限】检察建议 ${rec.ref}（${rec.title}）已登记收到日期 ${String(detail.receivedOn)}${urgent}，书面回复期限为 ${due}。`;
  return `${head}\n请在期限内书面回复检察机关，并发送「进度 ${rec.ref} <百分比> <措施>」报告整改情况。`;
}
