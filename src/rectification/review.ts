import type { Connection } from 'mongoose';
import { computeDeadline } from '../calendar/deadline.js';
import { defaultCalendar } from '../calendar/default-calendar.js';
import { dateOnly, localDate, ymd } from '../calendar/local-date.js';
import { agencyModel } from '../models/agency.js';
import { audit } from '../models/audit.js';
import { recommendationModel, type RecommendationRecord } from '../models/recommendation.js';
import { staffModel } from '../models/staff.js';

/** Months after an accepted rectification at which prosecutors look again (回头看), unless the agency sets another. */
export const defaultFollowUpMonths = 3;

export type ReviewDecision = { action: 'accept'; note?: string } | { action: 'send_back'; reason: string };

export interface ReviewInput {
  recommendationId: string;
  decision: ReviewDecision;
  /** Who decided (a prosecutor's userid, or an API token's name). */
  by: string;
  /** The request or message that carried the decision; makes a retried request a no-op. */
  sourceId: string;
  now: Date;
  timeZone: string;
}

/** The outcome, and the chat message that tells the agency's staff (absent when nobody is bound). */
export interface ReviewOutcome {
  recommendation: RecommendationRecord;
  notice?: { id: string; touser: string[]; text: string };
}

/**
 * The prosecutors who review a recommendation's completion: those named on it, else its agency's. Reviewing closes
 * or reopens an agency's rectification, so only they (and admins) may.
 */
export function responsibleProsecutors(rec: Pick<RecommendationRecord, 'prosecutors'>, agencyProsecutors: readonly string[]): string[] {
  return rec.prosecutors?.length ? [...rec.prosecutors] : [...agencyProsecutors];
}

/**
 * Who is told of a completion, a reply or late progress: the responsible prosecutors still bound and active as
 * prosecutor or admin, else the active admins — a prosecutor unbound (left, moved) must not leave a completion waiting
 * on nobody, and a userid bound as agency staff (named by mistake, or rebound since) must not be asked to review
 * its own agency.
 */
export async function reachableProsecutors(mongo: Connection, rec: Pick<RecommendationRecord, 'prosecutors'>, agencyProsecutors: readonly string[]): Promise<string[]> {
  const responsible = responsibleProsecutors(rec, agencyProsecutors);
  const active = (await staffModel(mongo).find({ _id: { $in: responsible }, active: true, role: { $in: ['prosecutor', 'admin'] } }, { _id: 1 }).lean()).map((s) => s._id);
  const reachable = responsible.filter((id) => active.includes(id));
  if (reachable.length) return reachable;
  return (await staffModel(mongo).find({ role: 'admin', active: true }, { _id: 1 }).lean()).map((s) => s._id);
}

/** Whether `reviewer` (a WeCom userid, or an API token's name, which for prosecutors is their userid) may review `rec`. */
export async function mayReview(mongo: Connection, reviewer: { id: string; role: string }, rec: Pick<RecommendationRecord, 'prosecutors' | 'agency'>): Promise<boolean> {
  if (reviewer.role === 'admin') return true;
  const agency = await agencyModel(mongo).findById(rec.agency, { prosecutors: 1 }).lean();
  return responsibleProsecutors(rec, agency?.prosecutors ?? []).includes(reviewer.id);
}

export class ReviewError extends Error {
  constructor(readonly code: 'not_found' | 'not_awaiting_review' | 'reason_required', message: string) {
    super(message);
  }
}

/** The agency's staff who report rectification: they are told the outcome by chat. */
export async function agencyStaff(mongo: Connection, agency: string): Promise<string[]> {
  return (await staffModel(mongo).find({ agency, active: true, role: { $in: ['staff', 'agency_admin'] } }).sort({ _id: 1 }).lean()).map((s) => s._id);
}

/**
 * A prosecutor's review of a completion the agency reported (整改完成待审核): accepting it closes the
 * rectification and schedules the follow-up check (回头看, default three months, on a working day);
 * sending it back reopens it with the reason. Either way the returned notice tells the agency's staff. The state
 * change is conditional on the recommendation still awaiting review, so two reviewers cannot both decide,
 * and a retried request (same sourceId) returns the recorded outcome and the same notice under the same id,
 * so a crash between the decision and the notice loses neither and sends nothing twice.
 */
export async function reviewCompletion(mongo: Connection, input: ReviewInput): Promise<ReviewOutcome> {
  const model = recommendationModel(mongo);
  const rec = await model.findById(input.recommendationId).lean();
  if (!rec) throw new ReviewError('not_found', `no recommendation "${input.recommendationId}"`);
  if (rec.history.some((h) => h.sourceId === input.sourceId)) return replayed(mongo, rec, input.sourceId);
  if (rec.status !== 'completed') throw new ReviewError('not_awaiting_review', `${rec.ref} is not awaiting review (status ${rec.status})`);
  if (input.decision.action === 'send_back' && !input.decision.reason.trim()) throw new ReviewError('reason_required', 'a reason is required to send a completion back');

  const agency = await agencyModel(mongo).findById(rec.agency).lean();
  const set: Record<string, unknown> = { reviewedAt: input.now, reviewedBy: input.by };
  let notice: string;
  if (input.decision.action === 'accept') {
    const months = agency?.settings?.followUpMonths ?? defaultFollowUpMonths;
    const followUp = computeDeadline(localDate(input.now, input.timeZone), `${months}m`, defaultCalendar());
    Object.assign(set, { status: 'reviewed_done', reviewNote: input.decision.note, followUpOn: dateOnly(followUp.due), followUpRule: `审核通过后${months}个月回头看：${followUp.explanationZh}` });
    notice = `【整改审核通过】${rec.ref}（${rec.title}）的整改经检察官审核通过。检察机关将于 ${followUp.due} 前后回头看，请巩固整改成果。`;
  } else {
    Object.assign(set, { status: 'reviewed_not_done', reviewNote: input.decision.reason });
    notice = `【整改未通过审核】${rec.ref}（${rec.title}）经检察官审核，整改尚未到位，需要继续整改。\n原因：${input.decision.reason}\n请继续整改，发送「进度 ${rec.ref} <百分比> <措施>」报告进展，完成后再发送「完成 ${rec.ref}」。`;
  }
  const detail = input.decision.action === 'accept'
    ? { decision: 'accept', note: input.decision.note, followUpOn: ymd(set.followUpOn as Date), notice }
    : { decision: 'send_back', reason: input.decision.reason, notice };
  const result = await model.updateOne(
    { _id: rec._id, status: 'completed' },
    { $set: set, $push: { history: { at: input.now, by: input.by, action: 'reviewed', sourceId: input.sourceId, detail } } },
  );
  if (result.modifiedCount === 0) {
    const now = await model.findById(rec._id).lean();
    if (now?.history.some((h) => h.sourceId === input.sourceId)) return replayed(mongo, now, input.sourceId);
    throw new ReviewError('not_awaiting_review', `${rec.ref} was reviewed by someone else meanwhile`);
  }
  await audit(mongo, { at: input.now, actor: input.by, action: 'recommendation.review', target: { kind: 'recommendation', id: rec._id }, sourceId: input.sourceId, outcome: 'ok', detail });
  return replayed(mongo, (await model.findById(rec._id).lean())!, input.sourceId);
}

/** The outcome recorded under `sourceId`, with its notice rebuilt from the history entry. */
async function replayed(mongo: Connection, recommendation: RecommendationRecord, sourceId: string): Promise<ReviewOutcome> {
  const text = recommendation.history.find((h) => h.sourceId === sourceId)?.detail?.notice;
  const touser = await agencyStaff(mongo, recommendation.agency);
  if (typeof text !== 'string' || touser.length === 0) return { recommendation };
  return { recommendation, notice: { id: `review_${recommendation._id}_${sourceId}`.replace(/[:[\]]/g, '_'), touser, text } };
}
