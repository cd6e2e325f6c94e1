import type { Connection } from 'mongoose';
import { computeDeadline, workingDayOnOrAfter } from '../calendar/deadline.js';
import { replyDueDate } from '../calendar/due-date.js';
import { calendarOverridesRefused } from '../calendar/default-calendar.js';
import type { HolidayCalendar } from '../calendar/holidays.js';
import { dateOnly, ymd } from '../calendar/local-date.js';
import { recomputeTransferDeadlines, type MovedTransferDeadline } from '../leads/transfer-due-dates.js';
import { audit } from '../models/audit.js';
import { dueDateWasSet, owesReply, recommendationModel, replyOwingStatuses, setPeriodAsked, type RecommendationRecord } from '../models/recommendation.js';
import type { DeliveryQueue } from '../queue/delivery.js';
import { dayIn, earlierMove, type CalendarChange } from './calendar-change.js';
import { tellCalendarMoves } from './calendar-move-notices.js';

/** A due date the calendar in force moved. */
export interface MovedDueDate {
  ref: string;
  from: string;
  to: string;
}

/** A reply due date the calendar moved, with what its agency's notice needs. */
export interface MovedReply extends MovedDueDate {
  id: string;
  title: string;
  agency: string;
}

/** What one change of the calendar moved: reply due dates, duty-crime transfer deadlines, follow-up (回头看) dates. */
export interface CalendarMoves {
  replies: MovedReply[];
  transfers: MovedTransferDeadline[];
  followUps: MovedDueDate[];
  /** Who was told (the agencies' staff, the leads' prosecutors), when the run was given a delivery queue. */
  notified: string[];
}

const stateCollection = 'calendar_state';
/** 2: transfer deadlines and follow-up dates follow the calendar too; a state of 1 is followed through once more. */
const followVersion = 2;

/**
 * The rule of a period the prosecutors set: their reason, and the move when the day asked for is a holiday or rest
 * day (a period ends as the law counts any period, domain.md §3).
 */
export function setPeriodRule(reason: string, asked: string, dueOn: string): string {
  const moved = dueOn === asked ? '' : `（${asked} 为节假日或休息日，顺延至 ${dueOn}）`;
  return `检察机关重新确定的期限：${reason}${moved}`;
}

/** Where the calendar puts this recommendation's reply due date, and why; undefined when it cannot say. */
function dueUnder(rec: RecommendationRecord, calendar: HolidayCalendar): { dueOn: Date; rule: string; setPeriod?: true } | undefined {
  if (dueDateWasSet(rec)) {
    // The prosecutors' date stands; only a day it falls on that became a holiday moves it, to the next working day.
    const asked = setPeriodAsked(rec);
    if (!asked) return undefined;
    const dueOn = workingDayOnOrAfter(asked.dueOn, calendar);
    return { dueOn: dateOnly(dueOn), rule: setPeriodRule(asked.reason, asked.dueOn, dueOn), setPeriod: true };
  }
  if (!rec.receivedOn) return undefined;
  const due = replyDueDate(ymd(rec.receivedOn), rec.urgent, calendar);
  return { dueOn: due.dueOn, rule: due.rule };
}

const dueChanges = ['due_reset', 'due_recomputed'];

/**
 * Recomputes the reply due date of every recommendation still owing its reply under the changed calendar: added
 * holidays (the State Council's schedule for a new year) move a deadline that fell on one, and nothing else would. A
 * period the prosecutors set (due_reset) is theirs: it is never counted again from the receipt, only moved off a day
 * that became a holiday. The old date stays in the history as a correction (`due_recomputed`), which counts as no new period.
 */
export async function recomputeDueDates(mongo: Connection, change: CalendarChange): Promise<MovedReply[]> {
  const model = recommendationModel(mongo);
  const moved: MovedReply[] = [];
  for (const rec of await model.find({ status: { $in: replyOwingStatuses } }).lean()) {
    if (!owesReply(rec)) continue;
    const due = dueUnder(rec, change.calendar);
    if (!due) continue;
    const sourceId = `calendar:${change.calendar.fingerprint}:${rec._id}`;
    const about = { id: rec._id, ref: rec.ref, title: rec.title, agency: rec.agency, to: ymd(due.dueOn) };
    if (ymd(due.dueOn) === ymd(rec.dueOn!)) {
      const earlier = earlierMove(rec.history, dueChanges, sourceId, change.since);
      if (earlier) moved.push({ ...about, from: dayIn(earlier.detail?.previousDueOn) });
      continue;
    }
    const detail = { reason: 'calendar', previousDueOn: rec.dueOn, dueOn: due.dueOn, rule: due.rule, ...(due.setPeriod ? { setPeriod: true } : {}) };
    await model.updateOne({ _id: rec._id }, { $set: { dueOn: due.dueOn, dueRule: due.rule }, $push: { history: { at: change.now, by: change.by, action: 'due_recomputed', sourceId, detail } } });
    await audit(mongo, { at: change.now, actor: change.by, action: 'recommendation.due_recomputed', target: { kind: 'recommendation', id: rec._id }, sourceId, outcome: 'ok', detail });
    moved.push({ ...about, from: ymd(rec.dueOn!) });
  }
  return moved;
}

/** The months and start day of a follow-up check, read from its rule (review.ts writes 审核通过后N个月回头看：自<day>起…). */
function followUpCount(rule: string | undefined): { months: number; start: string } | undefined {
  const match = /^审核通过后(\d+)个月回头看：自(\d{4}-\d{2}-\d{2})起/.exec(rule ?? '');
  return match ? { months: Number(match[1]), start: match[2]! } : undefined;
}

/**
 * Recomputes the follow-up check (回头看) of every accepted rectification not yet reminded of it: it was moved to a
 * working day by the calendar in force at the acceptance, and a schedule added since may make that day a holiday.
 * Once the prosecutors are reminded of a date, it stays (the reminder named it). History `follow_up_recomputed`.
 */
export async function recomputeFollowUps(mongo: Connection, change: CalendarChange): Promise<MovedDueDate[]> {
  const model = recommendationModel(mongo);
  const moved: MovedDueDate[] = [];
  for (const rec of await model.find({ status: 'reviewed_done' }).lean()) {
    const count = followUpCount(rec.followUpRule);
    if (!rec.followUpOn || rec.followUpRemindedAt || !count) continue;
    const due = computeDeadline(count.start, `${count.months}m`, change.calendar);
    const sourceId = `calendar:${change.calendar.fingerprint}:${rec._id}:followup`;
    if (due.due === ymd(rec.followUpOn)) {
      const earlier = earlierMove(rec.history, ['follow_up_recomputed'], sourceId, change.since);
      if (earlier) moved.push({ ref: rec.ref, from: dayIn(earlier.detail?.previousFollowUpOn), to: due.due });
      continue;
    }
    const rule = `审核通过后${count.months}个月回头看：${due.explanationZh}`;
    const detail = { reason: 'calendar', previousFollowUpOn: rec.followUpOn, followUpOn: dateOnly(due.due), rule };
    await model.updateOne({ _id: rec._id }, { $set: { followUpOn: dateOnly(due.due), followUpRule: rule }, $push: { history: { at: change.now, by: change.by, action: 'follow_up_recomputed', sourceId, detail } } });
    await audit(mongo, { at: change.now, actor: change.by, action: 'recommendation.follow_up_recomputed', target: { kind: 'recommendation', id: rec._id }, sourceId, outcome: 'ok', detail });
    moved.push({ ref: rec.ref, from: ymd(rec.followUpOn), to: due.due });
  }
  return moved;
}

/** How a calendar change is followed through: who made it, where notices go, the time zone of the dates. */
export interface FollowCalendarOptions {
  timeZone: string;
  /** Who changed the calendar; 'calendar' (the hourly run) unless given. */
  by?: string;
  /** Where the agencies and prosecutors whose dates moved are told; nobody is told without it. */
  deliveries?: DeliveryQueue;
  /** Whether the overrides file was refused; read from the file unless given. */
  refused?: boolean;
}

/**
 * Follows a change of the calendar once per calendar: when the calendar in force is not the one the dates were last
 * checked against (an operator added a year's schedule by hand or through the API), recomputes the reply due dates,
 * the duty-crime transfer deadlines and the follow-up dates it moves, and tells the agencies and prosecutors whose
 * dates moved. Undefined when nothing changed. A run that stops half-way is taken up by the next, which sends the
 * notices it owed under the same delivery ids (so nobody is told twice).
 */
export async function followCalendar(mongo: Connection, calendar: HolidayCalendar, now: Date, options: FollowCalendarOptions): Promise<CalendarMoves | undefined> {
  // A refused overrides file is not the operator's calendar: nothing moves until it is mended.
  if (options.refused ?? calendarOverridesRefused()) return undefined;
  const state = mongo.collection<{ _id: string; fingerprint: string; checkedAt: Date; version?: number }>(stateCollection);
  const last = await state.findOne({ _id: 'due-dates' });
  if (last?.fingerprint === calendar.fingerprint && last.version === followVersion) return undefined;
  const change: CalendarChange = { calendar, by: options.by ?? 'calendar', now, timeZone: options.timeZone, since: last?.checkedAt ?? new Date(0) };
  // In the order people read them (文号, lead number), whatever order the database returned.
  const byRef = (a: { ref: string }, b: { ref: string }) => a.ref.localeCompare(b.ref, 'zh', { numeric: true });
  const moves = {
    replies: (await recomputeDueDates(mongo, change)).sort(byRef),
    transfers: (await recomputeTransferDeadlines(mongo, change)).sort((a, b) => a.number.localeCompare(b.number)),
    followUps: (await recomputeFollowUps(mongo, change)).sort(byRef),
  };
  // Keyed by the calendar and the last follow-through: a retry of this change sends under the same ids, a later
  // change back to this calendar under new ones.
  const key = `${calendar.fingerprint}_${change.since.getTime()}`;
  const notified = options.deliveries ? await tellCalendarMoves({ mongo, deliveries: options.deliveries, change }, moves, key) : [];
  await state.updateOne({ _id: 'due-dates' }, { $set: { fingerprint: calendar.fingerprint, checkedAt: now, version: followVersion } }, { upsert: true });
  return { ...moves, notified };
}
