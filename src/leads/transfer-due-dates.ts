import type { Connection } from 'mongoose';
import { computeDeadline } from '../calendar/deadline.js';
import { dateOnly, localDate, ymd } from '../calendar/local-date.js';
import { audit } from '../models/audit.js';
import { leadModel, type LeadRecord } from '../models/lead.js';
import { dayIn, earlierMove, type CalendarChange } from '../rectification/calendar-change.js';
import { dutyCrimeTransferDays } from './evaluate-subject.js';
import { transferMarksOf } from './lead-checks.js';

/** A duty-crime transfer deadline the calendar moved, with what the prosecutors' notice needs. */
export interface MovedTransferDeadline {
  /** The lead's number, XS-2027-0001. */
  number: string;
  from: string;
  to: string;
  lead: Pick<LeadRecord, '_id' | 'number' | 'title' | 'subject' | 'alert'>;
}

/**
 * The transfer deadline of a duty-crime lead under `calendar`: 15 days from the day it was found (local), moved off a
 * holiday or rest day, as evaluate-subject.ts computes it when the lead is raised.
 */
export function transferDeadlineUnder(lead: Pick<LeadRecord, 'createdAt'>, calendar: CalendarChange['calendar'], timeZone: string) {
  return computeDeadline(localDate(lead.createdAt, timeZone), `${dutyCrimeTransferDays}d`, calendar);
}

/**
 * Recomputes the transfer deadline of every duty-crime lead not yet transferred (open or accepted) under the changed
 * calendar: one computed before a year's schedule was entered may end on what is now a holiday (除夕 was a working
 * Friday until then). The old date stays in the history (`transfer_due_recomputed`); the reminders already sent keep
 * the date they were sent for, so the new date's reminders go out on their own days.
 */
export async function recomputeTransferDeadlines(mongo: Connection, change: CalendarChange): Promise<MovedTransferDeadline[]> {
  const leads = leadModel(mongo);
  const moved: MovedTransferDeadline[] = [];
  for (const lead of await leads.find({ kind: 'duty_crime', status: { $in: ['open', 'accept'] }, transferDueOn: { $exists: true } }).lean()) {
    const deadline = transferDeadlineUnder(lead, change.calendar, change.timeZone);
    const sourceId = `calendar:${change.calendar.fingerprint}:${lead._id}`;
    const about = { number: lead.number, to: deadline.due, lead };
    const from = ymd(lead.transferDueOn!);
    if (deadline.due === from) {
      const earlier = earlierMove(lead.history, ['transfer_due_recomputed'], sourceId, change.since);
      if (earlier) moved.push({ ...about, from: dayIn(earlier.detail?.previousDueOn) });
      continue;
    }
    const detail = { reason: 'calendar', previousDueOn: lead.transferDueOn, transferDueOn: dateOnly(deadline.due), rule: deadline.explanationZh };
    await leads.updateOne({ _id: lead._id }, {
      $set: { transferDueOn: dateOnly(deadline.due), transferReminded: transferMarksOf(lead.transferReminded ?? [], from) },
      $push: { history: { at: change.now, by: change.by, action: 'transfer_due_recomputed', sourceId, detail } },
    });
    await audit(mongo, { at: change.now, actor: change.by, action: 'lead.transfer_due_recomputed', target: { kind: 'lead', id: lead._id }, sourceId, outcome: 'ok', detail });
    moved.push({ ...about, from });
  }
  return moved;
}
