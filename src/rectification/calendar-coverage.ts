import type { Connection } from 'mongoose';
import type { Config } from '../config.js';
import { calendarWarnings, calendarWarningsZh, defaultCalendar, uncoveredYears, type CoverageOptions } from '../calendar/default-calendar.js';
import type { HolidayCalendar } from '../calendar/holidays.js';
import { localDate } from '../calendar/local-date.js';
import { yearsFiledAfter } from '../digest/deadline-index.js';
import { isWorkingMorning } from '../digest/run-digests.js';
import type { Logger } from '../log.js';
import { staffModel } from '../models/staff.js';
import type { DeliveryQueue } from '../queue/delivery.js';

/**
 * What decides which years without a schedule matter now: the local year, and the later years open deadlines reach —
 * reply due dates and follow-up checks, read from the deadline index. (A duty-crime transfer deadline, 15 days, reaches
 * next year only after 1 November, when that year is warned about anyway.) With the database down, the dates alone.
 */
export async function coverageNow(mongo: Connection, now: Date, timeZone: string): Promise<CoverageOptions> {
  const year = Number(localDate(now, timeZone).slice(0, 4));
  const reached = await yearsFiledAfter(mongo, year).catch(() => []);
  return { timeZone, reached };
}

/** The calendar warnings for /healthz and the log, as they matter now (see uncoveredYears). */
export async function calendarWarningsNow(mongo: Connection, now: Date, timeZone: string, calendar = defaultCalendar()): Promise<string[]> {
  return calendarWarnings(now, calendar, await coverageNow(mongo, now, timeZone));
}

/** The same in Chinese, for the dashboard's banner. */
export async function calendarWarningsZhNow(mongo: Connection, now: Date, timeZone: string, calendar = defaultCalendar()): Promise<string[]> {
  return calendarWarningsZh(now, calendar, await coverageNow(mongo, now, timeZone));
}

export interface UncoveredNoticeDeps {
  mongo: Connection;
  config: Pick<Config, 'TZ'>;
  deliveries: DeliveryQueue;
  now: Date;
  calendar?: HolidayCalendar;
  logger?: Pick<Logger, 'warn'>;
}

const stateCollection = 'calendar_state';

/** The admins' notice of a year without a schedule: what is wrong, what it does, and what to do about it. */
function uncoveredNotice(year: number, calendar: HolidayCalendar): string {
  const partial = calendar.overrideDaysOff(year);
  const missing = partial ? `${year}年的法定节假日安排录入不完整（只录入了${partial}天放假）` : `${year}年的法定节假日安排尚未录入`;
  return [
    `【节假日安排待录入】${missing}：该年的期限（检察建议回复期限、职务犯罪线索移送期限、回头看）只按周末和元旦、劳动节、国庆节的固定日期顺延，春节、清明、端午、中秋的假期和调休不会计入，可能算错。`,
    `国务院公布${year}年放假安排后，请录入节假日调整：管理后台或 PUT /api/calendar/overrides，或编辑 calendar/overrides.json（每个放假日一条 {"date":"${year}-MM-DD","working":false,"name":"春节"}，调休上班日 "working":true；见 README「Deadlines」）。`,
    '录入后，已算出的期限会自动重新计算，期限有变化的执法单位和检察官会收到通知。',
  ].join('\n');
}

/**
 * Tells the admins (role admin, bound in WeCom) by app message of each year without a holiday schedule once it
 * matters (see uncoveredYears: from 1 November for next year, or earlier when an open deadline reaches into it) — on
 * the first working morning it does, once per year: the delivery id and a mark in `calendar_state` derive from the
 * year, so the hourly runs, several workers or a restart send it once. Resolves the years told of.
 */
export async function tellAdminsOfUncoveredYears(deps: UncoveredNoticeDeps): Promise<number[]> {
  const calendar = deps.calendar ?? defaultCalendar();
  if (!isWorkingMorning(deps.now, deps.config.TZ, calendar)) return [];
  const years = uncoveredYears(deps.now, calendar, await coverageNow(deps.mongo, deps.now, deps.config.TZ));
  if (!years.length) return [];
  const state = deps.mongo.collection<{ _id: string; at: Date; touser: string[] }>(stateCollection);
  const told: number[] = [];
  for (const year of years) {
    if (await state.findOne({ _id: `uncovered-notice:${year}` })) continue;
    const touser = (await staffModel(deps.mongo).find({ role: 'admin', active: true }).sort({ _id: 1 }).lean()).map((s) => s._id);
    if (!touser.length) {
      // Unmarked: the first admin bound gets it on a later morning.
      deps.logger?.warn({ year }, 'no admin bound: nobody is told in WeCom that the holiday schedule of the year is missing');
      continue;
    }
    await deps.deliveries.send({ id: `calendar_uncovered_${year}`, target: { kind: 'app', touser }, body: { msgtype: 'text', text: { content: uncoveredNotice(year, calendar) } } });
    await state.updateOne({ _id: `uncovered-notice:${year}` }, { $setOnInsert: { at: deps.now, touser } }, { upsert: true });
    told.push(year);
  }
  return told;
}
