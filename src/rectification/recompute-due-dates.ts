import type { Connection } from 'mongoose';
import { workingDayOnOrAfter } from '../calendar/deadline.js';
import { replyDueDate } from '../calendar/due-date.js';
import { calendarOverridesRefused } from '../calendar/default-calendar.js';
import type { HolidayCalendar } from '../calendar/holidays.js';
import { dateOnly, ymd } from '../calendar/local-date.js';
import { audit } from '../models/audit.js';
import { dueDateWasSet, owesReply, recommendationModel, replyOwingStatuses, setPeriodAsked, type RecommendationRecord } from '../models/recommendation.js';

/** A due date the calendar in force moved. */
export interface MovedDueDate {
  ref: string;
  from: string;
  to: string;
}

const stateCollection = 'calendar_state';

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

/**
 * Recomputes the reply due date of every recommendation still owing its reply under `calendar`: added holidays
 * (the State Council's schedule for a new year) move a deadline that fell on one, and nothing else would. A period
 * the prosecutors set (due_reset) is theirs: it is never counted again from the receipt, only moved off a day that
 * became a holiday. The old date stays in the history as a correction (`due_recomputed`), which counts as no new period.
 */
export async function recomputeDueDates(mongo: Connection, calendar: HolidayCalendar, by: string, now: Date): Promise<MovedDueDate[]> {
  const model = recommendationModel(mongo);
  const moved: MovedDueDate[] = [];
  for (const rec of await model.find({ status: { $in: replyOwingStatuses } }).lean()) {
    if (!owesReply(rec)) continue;
    const due = dueUnder(rec, calendar);
    if (!due || ymd(due.dueOn) === ymd(rec.dueOn!)) continue;
    const detail = { reason: 'calendar', previousDueOn: rec.dueOn, dueOn: due.dueOn, rule: due.rule, ...(due.setPeriod ? { setPeriod: true } : {}) };
    const sourceId = `calendar:${calendar.fingerprint}:${rec._id}`;
    await model.updateOne({ _id: rec._id }, { $set: { dueOn: due.dueOn, dueRule: due.rule }, $push: { history: { at: now, by, action: 'due_recomputed', sourceId, detail } } });
    await audit(mongo, { at: now, actor: by, action: 'recommendation.due_recomputed', target: { kind: 'recommendation', id: rec._id }, sourceId, outcome: 'ok', detail });
    moved.push({ ref: rec.ref, from: ymd(rec.dueOn!), to: ymd(due.dueOn) });
  }
  return moved;
}

/**
 * Recomputes the due dates once per calendar: when the calendar in force is not the one they were last checked
 * against (an operator added a year's schedule by hand or through the API). Undefined when nothing changed.
 */
export async function followCalendar(mongo: Connection, calendar: HolidayCalendar, now: Date, by = 'calendar', refused = calendarOverridesRefused()): Promise<MovedDueDate[] | undefined> {
  // A refused overrides file is not the operator's calendar: nothing moves until it is mended.
  if (refused) return undefined;
  const state = mongo.collection<{ _id: string; fingerprint: string; checkedAt: Date }>(stateCollection);
  const last = await state.findOne({ _id: 'due-dates' });
  if (last?.fingerprint === calendar.fingerprint) return undefined;
  const moved = await recomputeDueDates(mongo, calendar, by, now);
  await state.updateOne({ _id: 'due-dates' }, { $set: { fingerprint: calendar.fingerprint, checkedAt: now } }, { upsert: true });
  return moved;
}
