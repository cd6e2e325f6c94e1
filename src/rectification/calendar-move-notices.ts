import type { Connection } from 'mongoose';
import type { HolidayCalendar } from '../calendar/holidays.js';
import { dateOnly, localDate } from '../calendar/local-date.js';
import { reminderDueToday } from '../digest/run-digests.js';
import { transferMark, transferReminderDays } from '../leads/lead-checks.js';
import { loadBindings, responsibleFor } from '../leads/route.js';
import type { MovedTransferDeadline } from '../leads/transfer-due-dates.js';
import { leadModel } from '../models/lead.js';
import type { DeliveryQueue } from '../queue/delivery.js';
import type { CalendarChange } from './calendar-change.js';
import { deadlineLight, describeDaysLeft } from './deadline-light.js';
import type { MovedReply } from './recompute-due-dates.js';
import { agencyStaff } from './review.js';

export interface CalendarNoticeDeps {
  mongo: Connection;
  deliveries: DeliveryQueue;
  change: CalendarChange;
}

/** A job id from parts that may hold characters BullMQ's ids and the Redis keys do not take. */
const deliveryId = (...parts: string[]) => parts.join('_').replace(/[:[\]]/g, '_');

/** Why a date moved later, when the old one is now a day off: （2027-02-10 现为春节假期）. */
function whyMoved(from: string, to: string, calendar: HolidayCalendar): string {
  return to > from && !calendar.isWorkingDay(from) ? `（${from} 现为${calendar.describe(from)}）` : '';
}

/**
 * Tells each agency whose reply due dates the change moved, in one notice listing each old → new date, as a period
 * the prosecutors set is told (【回复期限重新确定】); and each prosecutor responsible for a duty-crime lead whose
 * transfer deadline moved, in one notice for their leads. A reminder of the new transfer deadline due today is
 * marked sent: the notice says as much. Delivery ids derive from `key` (the change), so a retried run sends each
 * notice once. Resolves who was told.
 */
export async function tellCalendarMoves(deps: CalendarNoticeDeps, moves: { replies: MovedReply[]; transfers: MovedTransferDeadline[] }, key: string): Promise<string[]> {
  return [...new Set([...await tellAgencies(deps, moves.replies, key), ...await tellProsecutors(deps, moves.transfers, key)])];
}

async function tellAgencies(deps: CalendarNoticeDeps, replies: MovedReply[], key: string): Promise<string[]> {
  const { calendar } = deps.change;
  const byAgency = new Map<string, MovedReply[]>();
  for (const moved of replies) (byAgency.get(moved.agency) ?? byAgency.set(moved.agency, []).get(moved.agency)!).push(moved);
  const told: string[] = [];
  for (const [agency, moved] of [...byAgency].sort(([a], [b]) => a.localeCompare(b))) {
    const touser = await agencyStaff(deps.mongo, agency);
    if (!touser.length) continue;
    const lines = moved.map((m) => `- ${m.ref}（${m.title}）：原期限 ${m.from}，现为 ${m.to}${whyMoved(m.from, m.to, calendar)}`);
    const content = ['【回复期限重新确定】法定节假日安排有变化，以下检察建议的书面回复期限已随之重新确定：', ...lines, '请在新的期限内书面回复并报告整改情况。'].join('\n');
    await deps.deliveries.send({ id: deliveryId('calendar', key, agency), target: { kind: 'app', touser }, body: { msgtype: 'text', text: { content } } });
    told.push(...touser);
  }
  return told;
}

async function tellProsecutors(deps: CalendarNoticeDeps, transfers: MovedTransferDeadline[], key: string): Promise<string[]> {
  if (!transfers.length) return [];
  const { calendar, now, timeZone } = deps.change;
  const bindings = await loadBindings(deps.mongo);
  const byPerson = new Map<string, MovedTransferDeadline[]>();
  for (const moved of transfers) {
    for (const person of responsibleFor(bindings, moved.lead)) (byPerson.get(person) ?? byPerson.set(person, []).get(person)!).push(moved);
  }
  for (const [person, moved] of [...byPerson].sort(([a], [b]) => a.localeCompare(b))) {
    const lines = moved.map((m) => {
      const left = describeDaysLeft(deadlineLight(dateOnly(m.to), now, timeZone).daysLeft);
      return `- ${m.number} ${m.lead.title}（${m.lead.subject.label}）：原期限 ${m.from}，现为 ${m.to}（含当日），${left}${whyMoved(m.from, m.to, calendar)}`;
    });
    const content = ['【职务犯罪线索移送期限调整】法定节假日安排有变化，以下线索移送监察委员会的期限已重新计算：', ...lines].join('\n');
    await deps.deliveries.send({ id: deliveryId('calendar', key, 'transfer', person), target: { kind: 'app', touser: [person] }, body: { msgtype: 'text', text: { content } } });
  }
  // The notice tells the new deadline and the days left: a reminder of it due today would say it again.
  const today = localDate(now, timeZone);
  for (const moved of transfers) {
    const offset = reminderDueToday(moved.to, transferReminderDays, today, calendar);
    if (offset !== undefined && responsibleFor(bindings, moved.lead).length) {
      await leadModel(deps.mongo).updateOne({ _id: moved.lead._id }, { $addToSet: { transferReminded: transferMark(`d${offset}`, moved.to) } });
    }
  }
  return [...byPerson.keys()];
}
