import type { Connection } from 'mongoose';
import type { Config } from '../config.js';
import { addDays } from '../calendar/add-period.js';
import { workingDayOnOrAfter, workingDayOnOrBefore } from '../calendar/deadline.js';
import { defaultCalendar } from '../calendar/default-calendar.js';
import type { HolidayCalendar } from '../calendar/holidays.js';
import { daysBetween, localDate, ymd } from '../calendar/local-date.js';
import { isWorkingTime, workdayStartHour } from '../calendar/working-time.js';
import { agencyModel } from '../models/agency.js';
import type { RecommendationRecord } from '../models/recommendation.js';
import { staffModel } from '../models/staff.js';
import type { Logger } from '../log.js';
import { inOrder, prosecutorsRobot, type DeliveryQueue, type DeliveryTarget } from '../queue/delivery.js';
import { deadlineLight, describeDaysLeft } from '../rectification/deadline-light.js';
import { reachableProsecutors } from '../rectification/review.js';
import { buildAgencyDigest, dueSoonDays } from './build-digest.js';
import { dueWindow, openWithDueDate } from './deadline-index.js';
import { splitMarkdown } from './split-markdown.js';
import { buildStaffNotice } from './staff-notice.js';
import { remindedByOlderRelease } from './older-reminders.js';
import { appTextMaxBytes } from '../wecom/split-text.js';

export interface DigestDeps {
  mongo: Connection;
  config: Pick<Config, 'TZ' | 'PROSECUTOR_ROBOT_KEY'>;
  deliveries: DeliveryQueue;
  now: Date;
  /** Which days are working days; the calendar in force unless given. */
  calendar?: HolidayCalendar;
  /** Where the operator is told of an agency whose reminders nobody can receive (no staff bound). */
  logger?: Pick<Logger, 'warn'>;
}

/** Days before a due date on which the responsible staff get a personal reminder, unless the agency sets others. */
export const reminderDays = [7, 3, 1];
/** Local hour from which an agency's digest goes out, unless the agency sets another. */
export const defaultDigestHour = workdayStartHour;
/** Days off in a row the reminders look across (the Spring Festival and National Day weeks are 8–9). */
const MAX_DAYS_OFF = 10;

/**
 * Whether an agency's morning has come: a working day (statutory holidays off, make-up working days on), from its
 * digest hour until the working day ends. Digests, staff reminders and follow-up reminders go out only then.
 */
export function isWorkingMorning(now: Date, timeZone: string, calendar: HolidayCalendar, digestHour = defaultDigestHour): boolean {
  return isWorkingTime(now, timeZone, calendar, digestHour);
}

/**
 * The reminder (days before `dueDay`) due on working day `today`: one whose day is today, or falls on a day off
 * after today with no working day in between (it goes out on the last working day before it). Of several, the
 * nearest to the due date; undefined when none.
 */
export function reminderDueToday(dueDay: string, offsets: readonly number[], today: string, calendar: HolidayCalendar): number | undefined {
  const due = offsets.filter((n) => {
    const day = addDays(dueDay, -n);
    return day >= today && workingDayOnOrBefore(day, calendar) === today;
  });
  return due.length ? Math.min(...due) : undefined;
}

/** The names of `userids` (王检察官、李检察官), each added to `seen` with its name. */
async function prosecutorNames(mongo: Connection, userids: readonly string[], seen: Map<string, string>): Promise<string> {
  const unknown = userids.filter((id) => !seen.has(id));
  if (unknown.length) for (const s of await staffModel(mongo).find({ _id: { $in: unknown } }, { name: 1 }).lean()) seen.set(s._id, s.name);
  for (const id of userids) if (!seen.has(id)) seen.set(id, id);
  return userids.map((id) => seen.get(id)).join('、');
}

const digestCollection = 'digests';
/** How long a day's fixed digest parts are kept: long past any retry of that day's sending. */
const keepDigestsMs = 7 * 86_400_000;

interface DigestRecord {
  _id: string;
  parts: string[];
  createdAt: Date;
}

/**
 * The parts of one group's digest for one day, fixed the first time they are built: a second run the
 * same day (another worker, a restart after a crash mid-send) finds them and re-queues the same parts
 * under the same delivery ids, which BullMQ keeps once — so each group gets each part exactly once.
 */
async function digestParts(mongo: Connection, id: string, build: () => string[], now: Date): Promise<string[]> {
  const digests = mongo.collection<DigestRecord>(digestCollection);
  await digests.updateOne({ _id: id }, { $setOnInsert: { parts: build(), createdAt: now } }, { upsert: true });
  return (await digests.findOne({ _id: id }))!.parts;
}

/** A job id from parts that may hold characters BullMQ's ids and the Redis keys do not take. */
const deliveryId = (...parts: string[]) => parts.join('_').replace(/[:[\]]/g, '_');

interface NoticeBatch {
  _id: string;
  /** The recommendations it names, as `<id>@<due day>`. */
  keys: string[];
  /** What is sent; none for a batch of what an older release reminded of already today (older-reminders.ts). */
  parts?: string[];
  createdAt: Date;
  /** Set on a batch that only records what an older release's run reminded of today: nothing is sent for it. */
  remindedByOlderRelease?: boolean;
}

/** A recommendation as notice batches name it: `<id>@<due day>`. */
const noticeKey = (r: RecommendationRecord) => `${r._id}@${ymd(r.dueOn!)}`;

/**
 * One agency's personal notices of one day, fixed as the digests are: the morning's first run builds one from what
 * is due; a later run sends the same again (a no-op under the same delivery ids) and builds another only for what
 * no notice named yet (a recommendation registered at 10:00 that is already at a mark). What an older release
 * reminded of today (`remindedBefore`) is fixed in a batch of its own with nothing to send. `added`: built by this run.
 */
async function noticeBatches(
  mongo: Connection,
  base: string,
  items: RecommendationRecord[],
  build: (items: RecommendationRecord[]) => string[],
  remindedBefore: (items: RecommendationRecord[]) => Promise<RecommendationRecord[]>,
  now: Date,
): Promise<Array<NoticeBatch & { added: boolean }>> {
  const notices = mongo.collection<NoticeBatch>(digestCollection);
  const named = new Set<string>();
  const batches: Array<NoticeBatch & { added: boolean }> = [];
  let olderReleaseChecked = false;
  for (let n = 0; ; n++) {
    const _id = `${base}:${n}`;
    let added = false;
    let batch = await notices.findOne({ _id });
    if (!batch) {
      const pending = items.filter((r) => !named.has(noticeKey(r)));
      if (!pending.length) return batches;
      const before = olderReleaseChecked ? [] : await remindedBefore(pending);
      olderReleaseChecked = true;
      const fields = before.length
        ? { keys: before.map(noticeKey), createdAt: now, remindedByOlderRelease: true }
        : { keys: pending.map(noticeKey), parts: build(pending), createdAt: now };
      added = (await notices.updateOne({ _id }, { $setOnInsert: fields }, { upsert: true })).upsertedCount === 1;
      batch = (await notices.findOne({ _id }))!;
    }
    for (const k of batch.keys) named.add(k);
    batches.push({ ...batch, added });
  }
}

/** What remindStaff reads of an agency. */
interface AgencyReminded {
  _id: string;
  name: string;
  robotKey?: string;
  settings?: { reminderDays?: number[] };
}

/**
 * The staff's personal notice of the morning (see buildStaffNotice): what is at a reminder mark, and, when the
 * agency's group has no robot, what is due today and overdue — the staff's only way to hear of those. With nobody
 * bound, nothing can be sent: the operator is warned, once a day. Resolves the recommendations named.
 */
async function remindStaff(deps: DigestDeps, agency: AgencyReminded, staff: string[], due: RecommendationRecord[], marked: RecommendationRecord[], today: string, calendar: HolidayCalendar): Promise<number> {
  const items = agency.robotKey && staff.length ? marked : due;
  if (!items.length) return 0;
  const offsets = agency.settings?.reminderDays ?? reminderDays;
  const older = { mongo: deps.mongo, timeZone: deps.config.TZ, offsets, today, markOf: (dueDay: string) => reminderDueToday(dueDay, offsets, today, calendar) };
  const batches = await noticeBatches(
    deps.mongo, `remind:${agency._id}:${today}`, items,
    (list) => buildStaffNotice(agency.name, list, deps.now, deps.config.TZ),
    (pending) => remindedByOlderRelease(older, pending),
    deps.now,
  );
  if (!staff.length) {
    if (batches.some((b) => b.added && b.parts?.length)) deps.logger?.warn({ agency: agency._id, recommendations: items.map((r) => r.ref) }, 'no staff bound to the agency: nobody gets its deadline reminders');
    return 0;
  }
  const sent = batches.flatMap(({ parts, keys }, n) => (parts?.length ? [{ parts, keys, n }] : []));
  for (const { parts, n } of sent) {
    await deps.deliveries.send(inOrder(deliveryId('remind', agency._id, today, String(n)), { kind: 'app', touser: staff }, parts.map((content) => ({ msgtype: 'text', text: { content } }))));
  }
  return sent.reduce((sum, { keys }) => sum + keys.length, 0);
}

/**
 * The morning run of a working day: each agency group's digest (written replies overdue, due today, due soon, with
 * @mentions and the scorecard), the overdue list to the prosecutors' group, and each agency's staff one personal
 * notice of what is 7, 3 or 1 days from due (one falling on a day off goes out on the working day before it) — and of
 * what is due today or overdue when their group has no robot. Nothing on a day off, unless forced.
 */
export async function runMorningDigests(deps: DigestDeps, options: { force?: boolean } = {}): Promise<{ groups: number; parts: number; overdue: number; reminders: number }> {
  const { mongo, config, deliveries, now } = deps;
  const calendar = deps.calendar ?? defaultCalendar();
  const today = localDate(now, config.TZ);
  if (!options.force && !calendar.isWorkingDay(today)) return { groups: 0, parts: 0, overdue: 0, reminders: 0 };
  // Before a day off, the digest also lists what falls due by the next working morning, when it would be too late.
  const untilNextWorkday = daysBetween(today, workingDayOnOrAfter(addDays(today, 1), calendar));
  const markdown = (content: string) => ({ msgtype: 'markdown' as const, markdown: { content } });
  let groups = 0;
  let partCount = 0;
  let reminders = 0;
  const overdueLines: string[] = [];
  // Agencies with overdue replies and nobody bound to be reminded of them: the prosecutors' list says so.
  const unreached: string[] = [];
  // The prosecutors each overdue reply is theirs to chase, in the order first named: @mentioned on the group's list.
  const chasers = new Map<string, string>();
  // Looked up once per set of prosecutors named (an agency's, or a recommendation's own), not once per reply.
  const reachable = new Map<string, string[]>();
  // Old days' parts are dropped so that the collection stays small: this delete filters on a date, which
  // FerretDB v1 answers by reading the whole collection.
  await mongo.collection<DigestRecord>(digestCollection).deleteMany({ createdAt: { $lt: new Date(now.getTime() - keepDigestsMs) } });
  const agencies = await agencyModel(mongo).find({ active: true }).sort({ _id: 1 }).lean();
  // Only what is overdue or due within the widest window any agency looks at is read (see deadline-index.ts).
  const horizon = Math.max(dueSoonDays, untilNextWorkday, ...agencies.flatMap((a) => [a.settings?.dueSoonDays ?? dueSoonDays, ...(a.settings?.reminderDays ?? reminderDays)])) + MAX_DAYS_OFF;
  const byAgency = new Map<string, RecommendationRecord[]>();
  for (const rec of (await dueWindow(mongo, today, horizon)).sort((a, b) => a.dueOn!.getTime() - b.dueOn!.getTime())) {
    (byAgency.get(rec.agency) ?? byAgency.set(rec.agency, []).get(rec.agency)!).push(rec);
  }
  for (const agency of agencies) {
    const open = byAgency.get(agency._id) ?? [];
    // Sorted: the digest's @mentions read the same every morning, whatever order the bindings were stored in.
    const staff = (await staffModel(mongo).find({ agency: agency._id, active: true, role: { $in: ['staff', 'agency_admin'] } }).sort({ _id: 1 }).lean()).map((s) => s._id);
    const soonDays = Math.max(agency.settings?.dueSoonDays ?? dueSoonDays, untilNextWorkday);
    const digest = buildAgencyDigest(agency.name, open, staff, now, config.TZ, soonDays, await openWithDueDate(mongo, agency._id));
    // The prosecutors' list holds every agency's overdue replies, whatever hour that agency's own digest goes out.
    for (const r of digest.overdue) {
      const key = `${(r.prosecutors ?? []).join(',')}|${agency.prosecutors.join(',')}`;
      if (!reachable.has(key)) reachable.set(key, await reachableProsecutors(mongo, r, agency.prosecutors));
      const names = await prosecutorNames(mongo, reachable.get(key)!, chasers);
      overdueLines.push(`- ${agency.name} ${r.ref} ${r.title}：${describeDaysLeft(deadlineLight(r.dueOn!, now, config.TZ).daysLeft)}，进度 ${r.percent}%${names ? `（负责检察官：${names}）` : ''}`);
    }
    if (digest.overdue.length && staff.length === 0) unreached.push(`- ${agency.name}（逾期 ${digest.overdue.length} 份）：没有登记的工作人员，回复期限提醒无人接收，请联系管理员为该单位登记人员`);
    // The run is hourly; an agency's digest goes out at the first run at or after its hour (once a day).
    if (!options.force && !isWorkingMorning(now, config.TZ, calendar, agency.settings?.digestHour)) continue;
    if (agency.robotKey) {
      const parts = await digestParts(mongo, `${agency._id}:${today}`, () => splitMarkdown(digest.markdown, { footer: digest.closing }), now);
      // One job sends the parts in order (see Delivery.parts): six jobs raced each other and a rate limit or a 45009.
      await deliveries.send(inOrder(deliveryId('digest', agency._id, today), { kind: 'robot', of: agency._id }, parts.map(markdown)));
      groups++;
      partCount += parts.length;
    }
    const marked = open.filter((r) => r.dueOn && reminderDueToday(ymd(r.dueOn), agency.settings?.reminderDays ?? reminderDays, today, calendar) !== undefined);
    const due = [...digest.overdue, ...digest.dueToday, ...marked.filter((r) => !digest.dueToday.includes(r))];
    reminders += await remindStaff(deps, agency, staff, due, marked, today, calendar);
  }
  // The prosecutors' own morning: the default digest hour (the list is fixed when first built, so once a day).
  if (overdueLines.length && (options.force || isWorkingMorning(now, config.TZ, calendar))) {
    const admins = (await staffModel(mongo).find({ role: 'admin', active: true }).sort({ _id: 1 }).lean()).map((s) => s._id);
    const target: DeliveryTarget | undefined = config.PROSECUTOR_ROBOT_KEY ? { kind: 'robot', of: prosecutorsRobot } : admins.length ? { kind: 'app', touser: admins } : undefined;
    if (target) {
      // A robot's markdown @mentions with <@userid>; an app message to the admins names them in the lines only.
      const footer = target.kind === 'robot' && chasers.size ? `请 ${[...chasers.keys()].map((u) => `<@${u}>`).join(' ')} 督促相关单位书面回复` : undefined;
      const notes = unreached.length ? [`**⚠️ 无人接收提醒的单位（${unreached.length}）**`, ...unreached] : [];
      // An app message takes half what a robot's does.
      const limit = target.kind === 'app' ? appTextMaxBytes : undefined;
      const parts = await digestParts(mongo, `overdue:${today}`, () => splitMarkdown([`**逾期未书面回复的检察建议（${today}）**`, ...overdueLines, ...notes].join('\n'), { footer, limit }), now);
      await deliveries.send(inOrder(deliveryId('overdue', today), target, parts.map(markdown)));
    }
  }
  return { groups, parts: partCount, overdue: overdueLines.length, reminders };
}
