import type { Connection } from 'mongoose';
import type { Config } from '../config.js';
import { localDate, ymd } from '../calendar/local-date.js';
import { agencyModel } from '../models/agency.js';
import type { RecommendationRecord } from '../models/recommendation.js';
import { staffModel } from '../models/staff.js';
import type { DeliveryQueue, DeliveryTarget } from '../queue/delivery.js';
import { deadlineLight, describeDaysLeft } from '../rectification/deadline-light.js';
import { buildAgencyDigest, dueSoonDays } from './build-digest.js';
import { dueWindow, openWithDueDate } from './deadline-index.js';
import { splitMarkdown } from './split-markdown.js';

export interface DigestDeps {
  mongo: Connection;
  config: Pick<Config, 'TZ' | 'PROSECUTOR_ROBOT_KEY'>;
  deliveries: DeliveryQueue;
  now: Date;
}

/** Days before a due date on which the responsible staff get a personal reminder, unless the agency sets others. */
export const reminderDays = [7, 3, 1];
/** Local hour from which an agency's digest goes out, unless the agency sets another. */
export const defaultDigestHour = 8;

/** The local hour (0-23) of `now` in `timeZone`. */
export function localHour(now: Date, timeZone: string): number {
  return Number(new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(now));
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

/**
 * The morning run: each agency group's digest (due within 7 days, due today, overdue, with @mentions and
 * the scorecard), the overdue list to the prosecutors' group, and personal reminders 7, 3 and 1 days before.
 */
export async function runMorningDigests(deps: DigestDeps, options: { force?: boolean } = {}): Promise<{ groups: number; parts: number; overdue: number; reminders: number }> {
  const { mongo, config, deliveries, now } = deps;
  const today = localDate(now, config.TZ);
  const hour = localHour(now, config.TZ);
  const text = (content: string) => ({ msgtype: 'text' as const, text: { content } });
  let groups = 0;
  let partCount = 0;
  let reminders = 0;
  const overdueLines: string[] = [];
  // Old days' parts are dropped so that the collection stays small: this delete filters on a date, which
  // FerretDB v1 answers by reading the whole collection.
  await mongo.collection<DigestRecord>(digestCollection).deleteMany({ createdAt: { $lt: new Date(now.getTime() - keepDigestsMs) } });
  const agencies = await agencyModel(mongo).find({ active: true }).sort({ _id: 1 }).lean();
  // Only what is overdue or due within the widest window any agency looks at is read (see deadline-index.ts).
  const horizon = Math.max(dueSoonDays, ...agencies.flatMap((a) => [a.settings?.dueSoonDays ?? dueSoonDays, ...(a.settings?.reminderDays ?? reminderDays)]));
  const byAgency = new Map<string, RecommendationRecord[]>();
  for (const rec of (await dueWindow(mongo, today, horizon)).sort((a, b) => a.dueOn!.getTime() - b.dueOn!.getTime())) {
    (byAgency.get(rec.agency) ?? byAgency.set(rec.agency, []).get(rec.agency)!).push(rec);
  }
  for (const agency of agencies) {
    const open = byAgency.get(agency._id) ?? [];
    const staff = (await staffModel(mongo).find({ agency: agency._id, active: true, role: { $in: ['staff', 'agency_admin'] } }).lean()).map((s) => s._id);
    // The run is hourly; an agency's digest goes out at the first run at or after its hour (once a day).
    if (!options.force && hour < (agency.settings?.digestHour ?? defaultDigestHour)) continue;
    const digest = buildAgencyDigest(agency.name, open, staff, now, config.TZ, agency.settings?.dueSoonDays, await openWithDueDate(mongo, agency._id));
    for (const r of digest.overdue) overdueLines.push(`- ${agency.name} ${r.ref} ${r.title}：${describeDaysLeft(deadlineLight(r.dueOn!, now, config.TZ).daysLeft)}，进度 ${r.percent}%`);
    if (agency.robotKey) {
      const parts = await digestParts(mongo, `${agency._id}:${today}`, () => splitMarkdown(digest.markdown), now);
      for (const [i, part] of parts.entries()) {
        await deliveries.send({ id: `digest_${agency._id}_${today}_${i}`, target: { kind: 'robot', key: agency.robotKey }, body: { msgtype: 'markdown', markdown: { content: part } } });
      }
      groups++;
      partCount += parts.length;
    }
    for (const r of open.filter((x) => x.dueOn)) {
      const { daysLeft } = deadlineLight(r.dueOn!, now, config.TZ);
      if (!(agency.settings?.reminderDays ?? reminderDays).includes(daysLeft) || staff.length === 0) continue;
      await deliveries.send({ id: `remind_${r._id}_${ymd(r.dueOn!)}_${daysLeft}`.replace(/[:[\]]/g, '_'), target: { kind: 'app', touser: staff },
        body: text(`【整改期限提醒】${r.ref}（${r.title}）将于 ${ymd(r.dueOn!)} 到期，${describeDaysLeft(daysLeft)}，当前进度 ${r.percent}%。请按期整改并回复，发送「进度 ${r.ref} <百分比> <措施>」报告。`) });
      reminders++;
    }
  }
  if (overdueLines.length) {
    const admins = (await staffModel(mongo).find({ role: 'admin', active: true }).lean()).map((s) => s._id);
    const target: DeliveryTarget | undefined = config.PROSECUTOR_ROBOT_KEY ? { kind: 'robot', key: config.PROSECUTOR_ROBOT_KEY } : admins.length ? { kind: 'app', touser: admins } : undefined;
    if (target) {
      const parts = await digestParts(mongo, `overdue:${today}`, () => splitMarkdown([`**逾期未整改的检察建议（${today}）**`, ...overdueLines].join('\n')), now);
      for (const [i, part] of parts.entries()) await deliveries.send({ id: `overdue_${today}_${i}`, target, body: { msgtype: 'markdown', markdown: { content: part } } });
    }
  }
  return { groups, parts: partCount, overdue: overdueLines.length, reminders };
}
