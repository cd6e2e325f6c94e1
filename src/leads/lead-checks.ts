import type { Connection } from 'mongoose';
import type { Config } from '../config.js';
import { prosecutorsRobot, type DeliveryQueue, type DeliveryTarget } from '../queue/delivery.js';
import { leadKindNames } from './alert-card.js';
import { leadModel, type LeadRecord } from '../models/lead.js';
import { staffModel } from '../models/staff.js';
import { deadlineLight, describeDaysLeft } from '../rectification/deadline-light.js';
import type { MessageBody } from '../wecom/outbound-message.js';
import { createHash } from 'node:crypto';
import type { Logger } from '../log.js';
import { defaultCalendar } from '../calendar/default-calendar.js';
import type { HolidayCalendar } from '../calendar/holidays.js';
import { localDate, ymd } from '../calendar/local-date.js';
import { isWorkingTime, workingDaysTimeMs } from '../calendar/working-time.js';
import { reminderDueToday } from '../digest/run-digests.js';
import { heldAlerts, sendLeadAlert } from './send-alert.js';
import { handOverLeads, transferDeadlineText } from './hand-over.js';
import { loadBindings, responsibleFor, type LeadBindings } from './route.js';

export interface LeadCheckDeps {
  mongo: Connection;
  config: Pick<Config, 'TZ' | 'PROSECUTOR_ROBOT_KEY' | 'LEAD_ESCALATE_AFTER_HOURS'>;
  deliveries: DeliveryQueue;
  now: Date;
  /** Which days are working days; the calendar in force unless given. */
  calendar?: HolidayCalendar;
  logger?: Logger;
}

/**
 * Days before a duty-crime transfer deadline on which the recipients are reminded. One falling on a day off goes
 * out on the working day before it (as the staff's reply reminders do), so the last working day before a holiday
 * always warns of a deadline inside or just after it.
 */
export const transferReminderDays = [3, 1, 0];

/**
 * Whether an alert sent at `sentAt` has waited LEAD_ESCALATE_AFTER_HOURS for a decision by `now`. Only time on
 * working days counts: an alert of Friday afternoon is escalated on Monday afternoon, not on Saturday, and one held
 * from a night or a holiday starts counting when it was delivered, at the next working time.
 */
export function escalationDue(sentAt: Date, now: Date, hours: number, timeZone: string, calendar: HolidayCalendar): boolean {
  return workingDaysTimeMs(sentAt, now, timeZone, calendar) >= hours * 3600_000;
}

/** When the escalation clock of a lead's alert started: its sending, or its hand-over to the people who hold it now. */
export function escalationClockStart(alert: NonNullable<LeadRecord['alert']>): Date {
  return alert.handedOverAt ?? alert.sentAt;
}

const dayMs = 24 * 3600_000;

/**
 * Time counted on working days only, in words that stay true across a holiday: whole working days (1 个工作日) from a
 * day on, hours below it. The escalation decides on this time; printing clock hours told the group that a colleague
 * sat eight days on an alert that had waited one working day over National Day.
 */
export function describeWorkingTime(ms: number): string {
  return ms >= dayMs ? `${Math.floor(ms / dayMs)} 个工作日` : `${Math.max(1, Math.floor(ms / 3600_000))} 小时（只计工作日）`;
}

/** 【线索超时未处理】, or 【提醒超时未处理】 for a 提醒 (README: a 提醒 is no lead), or both words for a mix. */
export function escalationHeading(kinds: ReadonlyArray<LeadRecord['kind']>): string {
  const prompts = kinds.filter((kind) => kind === 'prompt').length;
  const word = prompts === 0 ? '线索' : prompts === kinds.length ? '提醒' : '线索和提醒';
  return `【${word}超时未处理】`;
}

/** The prosecutors' group robot, or the admins by app message when no group robot is configured. */
async function prosecutorsGroup(deps: LeadCheckDeps): Promise<DeliveryTarget | undefined> {
  if (deps.config.PROSECUTOR_ROBOT_KEY) return { kind: 'robot', of: prosecutorsRobot };
  const admins = (await staffModel(deps.mongo).find({ role: 'admin', active: true }).lean()).map((s) => s._id);
  return admins.length ? { kind: 'app', touser: admins } : undefined;
}

function text(content: string) {
  return { msgtype: 'text' as const, text: { content } };
}

/** The people by name (王检察官、李检察官): whom the group is asking to act. */
function namesIn(bindings: LeadBindings, people: readonly string[]): string {
  return people.map((id) => bindings.deciders.get(id)?.name ?? id).join('、');
}

/**
 * A message to the prosecutors' group about a lead, @mentioning the people responsible for it now (a robot text's
 * mentioned_list; an app message to the admins names them in the text only).
 */
function toGroupAboutLead(bindings: LeadBindings, group: DeliveryTarget, lead: LeadRecord, content: string): MessageBody {
  const people = responsibleFor(bindings, lead);
  if (people.length === 0) return text(content);
  const assigned = `（分派给：${namesIn(bindings, people)}）`;
  if (group.kind !== 'robot') return text(`${content}${assigned}`);
  return { msgtype: 'text', text: { content: `${content}${assigned}`, mentioned_list: people } };
}

/** Up to this many leads falling due for escalation in one run are escalated one message each; more go in one. */
export const escalationsOneByOne = 5;

/** How many leads one escalation message lists by number (the robot's text takes 2048 bytes). */
const listedPerEscalation = 12;

/**
 * Many leads unhandled at once (a bulk import's, summed up to their prosecutors) are escalated in one message, not one
 * each: the group would otherwise get hundreds. Its id derives from the leads, so a run repeated after a crash sends
 * it once.
 */
async function escalateTogether(deps: LeadCheckDeps, bindings: LeadBindings, group: DeliveryTarget, due: readonly LeadRecord[]): Promise<void> {
  const recipients = [...new Set(due.flatMap((lead) => responsibleFor(bindings, lead)))];
  const prompts = due.filter((lead) => lead.kind === 'prompt').length;
  const counted = [due.length - prompts ? `${due.length - prompts} 条线索` : '', prompts ? `${prompts} 条提醒` : ''].filter(Boolean).join('、');
  const waited = describeWorkingTime(deps.config.LEAD_ESCALATE_AFTER_HOURS * 3600_000);
  const head = `${escalationHeading(due.map((lead) => lead.kind))}${counted}发出后已超过 ${waited}仍无人处理（分派给：${namesIn(bindings, recipients)}），请尽快受理或说明：`;
  const lines = [head];
  const sorted = [...due].sort((a, b) => a.number.localeCompare(b.number));
  // As many as fit in one robot text (2048 bytes), the rest counted.
  for (const lead of sorted) {
    const line = `${lead.number}【${leadKindNames[lead.kind]}】${lead.title}（${lead.subject.label}）`;
    if (lines.length > listedPerEscalation || Buffer.byteLength([...lines, line].join('\n'), 'utf8') > 1900) break;
    lines.push(line);
  }
  const rest = due.length - (lines.length - 1);
  const content = [...lines, ...(rest > 0 ? [`另有 ${rest} 条，发送「线索」查看。`] : [])].join('\n');
  const id = `escalate_batch_${createHash('sha256').update(due.map((lead) => lead._id).sort().join('|')).digest('hex').slice(0, 24)}`;
  const body: MessageBody = group.kind === 'robot' ? { msgtype: 'text', text: { content, mentioned_list: recipients } } : text(content);
  await deps.deliveries.send({ id, target: group, body });
}

/**
 * In working time only (a working day, 08:00–18:00; nothing at night or on a day off, when it waits for the next
 * working time): sends the alerts held for it (raised by the nightly sweep or a registration outside working time),
 * escalates alerts nobody decided on within LEAD_ESCALATE_AFTER_HOURS of working days to the prosecutors' group,
 * and reminds of duty-crime transfer deadlines (3, 1 and 0 days before, moved off days off; overdue to the group).
 * Each reminder is marked on the lead and its delivery id derives from the lead, so running twice sends nothing twice.
 */
export async function runLeadChecks(deps: LeadCheckDeps): Promise<{ alerted: number; handedOver: number; escalated: number; reminded: number }> {
  const calendar = deps.calendar ?? defaultCalendar();
  if (!isWorkingTime(deps.now, deps.config.TZ, calendar)) return { alerted: 0, handedOver: 0, escalated: 0, reminded: 0 };
  const leads = leadModel(deps.mongo);
  const held = await heldAlerts(deps.mongo, deps.now);
  for (const lead of held) {
    const recipients = await sendLeadAlert(deps, lead, deps.now);
    if (!recipients.length) deps.logger?.error({ leadId: lead._id }, 'no prosecutor or admin to alert; bind one with npm run admin');
  }
  const bindings = await loadBindings(deps.mongo);
  // Before escalating: a lead whose holders all left is escalated, if at all, to those it was handed over to.
  const handedOver = await handOverLeads({ ...deps, timeZone: deps.config.TZ }, bindings);
  const group = await prosecutorsGroup(deps);
  // Working-day time never exceeds elapsed time: what has not waited the hours at all is not read.
  const cutoff = new Date(deps.now.getTime() - deps.config.LEAD_ESCALATE_AFTER_HOURS * 3600_000);
  const due = (await leads.find({ status: 'open', 'alert.sentAt': { $lte: cutoff }, 'alert.escalatedAt': { $exists: false } }).lean())
    .filter((lead) => escalationDue(escalationClockStart(lead.alert!), deps.now, deps.config.LEAD_ESCALATE_AFTER_HOURS, deps.config.TZ, calendar));
  if (group && due.length > escalationsOneByOne) await escalateTogether(deps, bindings, group, due);
  for (const lead of due) {
    if (group && due.length <= escalationsOneByOne) await escalateOne(deps, bindings, group, lead, calendar);
    await leads.updateOne({ _id: lead._id }, { $set: { 'alert.escalatedAt': deps.now } });
  }
  const escalated = due.length;
  let reminded = 0;
  for (const lead of await leads.find({ kind: 'duty_crime', status: { $in: ['open', 'accept'] }, transferDueOn: { $exists: true } }).lean()) {
    reminded += await remindTransfer(deps, bindings, lead, group, calendar);
  }
  return { alerted: held.length, handedOver, escalated, reminded };
}

/**
 * One lead's escalation, with the time it has waited counted as the escalation counts it (working days only) and
 * from when its present holders got it. An escalation sent again after a hand-over has an id of its own.
 */
async function escalateOne(deps: LeadCheckDeps, bindings: LeadBindings, group: DeliveryTarget, lead: LeadRecord, calendar: HolidayCalendar): Promise<void> {
  const alert = lead.alert!;
  const waited = describeWorkingTime(workingDaysTimeMs(escalationClockStart(alert), deps.now, deps.config.TZ, calendar));
  const since = alert.handedOverAt ? '转交后' : '发出后';
  const content = `${escalationHeading([lead.kind])}${lead.number}【${leadKindNames[lead.kind]}】${lead.title}（${lead.subject.label}）${since}已过 ${waited}仍无人处理，请尽快受理或说明。`;
  const id = `escalate_${lead._id}${alert.handedOverAt ? `_${alert.handedOverAt.getTime()}` : ''}`.replace(/:/g, '_');
  await deps.deliveries.send({ id, target: group, source: lead._id, body: toGroupAboutLead(bindings, group, lead, content) });
}

/**
 * A transfer reminder as marked on the lead (`transferReminded`): which one (d3, d1, d0, overdue) for which deadline,
 * d3@2027-02-15. A deadline the calendar moves is a new one: the reminders sent for the old date do not stand for it.
 */
export function transferMark(mark: string, dueOn: string): string {
  return `${mark}@${dueOn}`;
}

/**
 * The marks of a lead whose deadline moves away from `from`: each keeps the date it was sent for. Marks written before
 * they named a date (d3) were for the deadline then in force, which never moved before.
 */
export function transferMarksOf(reminded: readonly string[], from: string): string[] {
  return reminded.map((mark) => (mark.includes('@') ? mark : transferMark(mark, from)));
}

async function remindTransfer(deps: LeadCheckDeps, bindings: LeadBindings, lead: LeadRecord, group: DeliveryTarget | undefined, calendar: HolidayCalendar): Promise<number> {
  const due = ymd(lead.transferDueOn!);
  const { daysLeft } = deadlineLight(lead.transferDueOn!, deps.now, deps.config.TZ);
  // Of reminders collapsed onto one working day the nearest to the deadline is marked; the others' days are past.
  const offset = daysLeft < 0 ? undefined : reminderDueToday(due, transferReminderDays, localDate(deps.now, deps.config.TZ), calendar);
  const mark = daysLeft < 0 ? 'overdue' : offset !== undefined ? `d${offset}` : undefined;
  if (!mark) return 0;
  const reminded = lead.transferReminded ?? [];
  if (reminded.includes(transferMark(mark, due)) || reminded.includes(mark)) return 0;
  const content = `【职务犯罪线索移送期限】${lead.number} ${lead.title}（${lead.subject.label}）${transferDeadlineText(lead)}，${describeDaysLeft(daysLeft)}。`;
  const target: DeliveryTarget | undefined = mark === 'overdue' ? group : { kind: 'app', touser: responsibleFor(bindings, lead) };
  if (target && !(target.kind === 'app' && target.touser.length === 0)) {
    const body = mark === 'overdue' ? toGroupAboutLead(bindings, target, lead, content) : text(content);
    // The deadline in the id: a reminder for a moved deadline is not the old one's, which the queue would keep out.
    await deps.deliveries.send({ id: `transfer_${mark}_${lead._id}_${due}`.replace(/:/g, '_'), target, body, source: lead._id });
  }
  await leadModel(deps.mongo).updateOne({ _id: lead._id }, { $addToSet: { transferReminded: transferMark(mark, due) } });
  return 1;
}
