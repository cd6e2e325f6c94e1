import type { Connection } from 'mongoose';
import { replyDueDate } from '../calendar/due-date.js';
import { calendarOverridesRefused } from '../calendar/default-calendar.js';
import type { HolidayCalendar } from '../calendar/holidays.js';
import { ymd } from '../calendar/local-date.js';
import { audit } from '../models/audit.js';
import { dueDateWasSet, owesReply, recommendationModel, replyOwingStatuses } from '../models/recommendation.js';

/** A due date the calendar in force moved. */
export interface MovedDueDate {
  ref: string;
  from: string;
  to: string;
}

const stateCollection = 'calendar_state';

/**
 * Recomputes the reply due date of every recommendation still owing its reply under `calendar`: added holidays
 * (the State Council's schedule for a new year) move a deadline that fell on one, and nothing else would; a period
 * the prosecutors set (due_reset) is theirs and stays. The old date stays in the history as a correction (`due_recomputed`), which counts as no new period.
 */
export async function recomputeDueDates(mongo: Connection, calendar: HolidayCalendar, by: string, now: Date): Promise<MovedDueDate[]> {
  const model = recommendationModel(mongo);
  const moved: MovedDueDate[] = [];
  for (const rec of await model.find({ status: { $in: replyOwingStatuses } }).lean()) {
    // A period the prosecutors set is their date, not one counted from the receipt: a new schedule leaves it.
    if (!owesReply(rec) || !rec.receivedOn || dueDateWasSet(rec)) continue;
    const due = replyDueDate(ymd(rec.receivedOn), rec.urgent, calendar);
    if (ymd(due.dueOn) === ymd(rec.dueOn!)) continue;
    const detail = { reason: 'calendar', previousDueOn: rec.dueOn, dueOn: due.dueOn, rule: due.rule };
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
