import type { Connection } from 'mongoose';
import type { Config } from '../config.js';
import { localDate, ymd } from '../calendar/local-date.js';
import { defaultCalendar } from '../calendar/default-calendar.js';
import type { HolidayCalendar } from '../calendar/holidays.js';
import { dueWindow } from '../digest/deadline-index.js';
import { isWorkingMorning } from '../digest/run-digests.js';
import { agencyModel } from '../models/agency.js';
import { recommendationModel } from '../models/recommendation.js';
import { staffModel } from '../models/staff.js';
import type { DeliveryQueue } from '../queue/delivery.js';
import { deadlineLight, describeDaysLeft } from './deadline-light.js';

export interface FollowUpDeps {
  mongo: Connection;
  config: Pick<Config, 'TZ'>;
  deliveries: DeliveryQueue;
  now: Date;
  /** Which days are working days; the calendar in force unless given. */
  calendar?: HolidayCalendar;
}

/** Days before a follow-up check (回头看) on which the prosecutors are reminded of it. */
export const followUpNoticeDays = 7;

/**
 * Reminds the responsible prosecutors (the recommendation's, else the agency's, else the admins) of each
 * follow-up check due within a week, on a working morning (from the agency's digest hour, as its digest).
 * Once per recommendation: the reminder is marked on it and its delivery id derives from it, so hourly runs,
 * several workers or a restart send it once.
 */
export async function sendFollowUpReminders(deps: FollowUpDeps): Promise<number> {
  const { mongo, now, config } = deps;
  // Read through the deadline index: the cost follows the follow-ups that are due, not every recommendation.
  const due = await dueWindow(mongo, localDate(now, config.TZ), followUpNoticeDays, 'followup');
  let sent = 0;
  const calendar = deps.calendar ?? defaultCalendar();
  for (const rec of due) {
    const agency = await agencyModel(mongo).findById(rec.agency).lean();
    if (!isWorkingMorning(now, config.TZ, calendar, agency?.settings?.digestHour)) continue;
    let touser = rec.prosecutors.length ? rec.prosecutors : (agency?.prosecutors ?? []);
    if (!touser.length) touser = (await staffModel(mongo).find({ role: 'admin', active: true }).lean()).map((s) => s._id);
    if (touser.length) {
      const { daysLeft } = deadlineLight(rec.followUpOn!, now, config.TZ);
      await deps.deliveries.send({
        id: `followup_${rec._id}_${ymd(rec.followUpOn!)}`.replace(/[:[\]]/g, '_'), target: { kind: 'app', touser },
        body: { msgtype: 'text', text: { content: `【回头看提醒】${agency?.name ?? rec.agency} ${rec.ref}（${rec.title}）整改已于 ${ymd(rec.reviewedAt ?? rec.completedAt ?? now)} 审核通过，回头看定于 ${ymd(rec.followUpOn!)}（${describeDaysLeft(daysLeft)}）。请届时核查整改成效是否巩固、有无反弹。` } },
      });
      sent++;
    }
    await recommendationModel(mongo).updateOne({ _id: rec._id }, { $set: { followUpRemindedAt: now } });
  }
  return sent;
}
