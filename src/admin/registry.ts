import type { Connection } from 'mongoose';
import { findRef, normalizeText } from '../commands/index.js';
import { replyDueDate } from '../calendar/due-date.js';
import { defaultCalendar } from '../calendar/default-calendar.js';
import { workingDayOnOrAfter } from '../calendar/deadline.js';
import { dateOnly, isCalendarDate, ymd } from '../calendar/local-date.js';
import { audit } from '../models/audit.js';
import { agencyModel, type AgencyRecord, type AgencySettings } from '../models/agency.js';
import { dueDateWasSet, recommendationModel, replyOwingStatuses, type RecommendationRecord } from '../models/recommendation.js';
import { roles, staffModel, type Role, type StaffRecord } from '../models/staff.js';
import { notProsecutors } from './prosecutor-duties.js';
import { setPeriodRule } from '../rectification/recompute-due-dates.js';
import { asReadFilter, isAsSeen, StaleChangeError, type BasedOn } from './stale-change.js';

/** A refused admin change, with a message for the operator. */
export class AdminInputError extends Error {}

export interface AgencyInput { id: string; name: string; domains?: string[]; robotKey?: string; prosecutors?: string[]; chats?: string[]; settings?: AgencySettings }
export interface StaffInput { userid: string; name: string; role: Role; agency?: string; mobile?: string; domains?: string[] }
export interface RecommendationInput {
  ref: string; agency: string; title: string; requirements: string;
  issuedOn: string; receivedOn?: string; urgent?: boolean; prosecutors?: string[]; domain?: string; cases?: string[];
}

/**
 * Userids named as prosecutors (an agency's, a recommendation's) that are not bound, active, as prosecutor or admin.
 * The API words it in Chinese from `userids`; the message is the CLI's.
 */
export class ProsecutorsNotBoundError extends AdminInputError {
  constructor(readonly userids: string[]) {
    super(`--prosecutors: ${userids.join(', ')} ${userids.length === 1 ? 'is' : 'are'} not bound as prosecutor or admin; bind first (bind <userid> --name <姓名> --role prosecutor)`);
  }
}

/**
 * Refuses prosecutors who are not bound (active) as prosecutor or admin. Completion reviews, replies and alerts go
 * to them: a stranger receives nothing, and an agency's own staff would be asked to review their own agency.
 */
export async function checkProsecutorsBound(mongo: Connection, userids: readonly string[]): Promise<void> {
  const strangers = await notProsecutors(mongo, userids);
  if (strangers.length) throw new ProsecutorsNotBoundError(strangers);
}

/** WeCom userids as the admin API takes them (letters, digits, _ . @ -). */
export const useridPattern = /^[A-Za-z0-9_.@-]{1,64}$/;

/** Refuses a userid WeCom could not have issued; `what` names where it was given. */
export function checkUserid(userid: string, what = 'userid'): void {
  if (!useridPattern.test(userid)) throw new AdminInputError(`${what} "${userid}" must be 1-64 letters, digits, _ . @ or - (a WeCom userid)`);
}

/**
 * `all` and `@all`: WeCom's names for everyone, not a person's userid. Bound, a message to them would go to the
 * whole enterprise (touser "@all") and a digest's mention of them would @ everyone in the group (<@all>).
 */
export function meansEveryone(userid: string): boolean {
  return /^@?all$/i.test(userid);
}

/** Refuses an agency that cannot be stored as given: a bad code, a setting out of range. No database needed. */
export function checkAgencyInput(input: AgencyInput): void {
  if (!/^[a-z0-9_-]{2,32}$/.test(input.id)) throw new AdminInputError(`agency id "${input.id}" must be 2-32 lower-case letters, digits, _ or -`);
  if (!input.name?.trim()) throw new AdminInputError(`agency ${input.id} needs a name`);
  for (const userid of input.prosecutors ?? []) checkUserid(userid, 'prosecutor');
  const hour = input.settings?.digestHour;
  if (hour !== undefined && !(Number.isInteger(hour) && hour >= 0 && hour <= 23)) throw new AdminInputError('--digest-hour must be an hour 0-23');
  const months = input.settings?.followUpMonths;
  if (months !== undefined && !(Number.isInteger(months) && months >= 1 && months <= 24)) throw new AdminInputError('--follow-up-months must be whole months 1-24');
  const soon = input.settings?.dueSoonDays;
  if (soon !== undefined && !(Number.isInteger(soon) && soon >= 1 && soon <= 60)) throw new AdminInputError('--due-soon-days must be whole days 1-60');
  if (input.settings?.reminderDays?.some((d) => !Number.isInteger(d) || d < 0 || d > 60)) throw new AdminInputError('--reminder-days must be whole days 0-60, e.g. 7,3,1');
}

/** Refuses a binding that cannot be stored as given: a bad userid, no name, an unknown role, an agency role without one. */
export function checkStaffInput(input: StaffInput): void {
  checkUserid(input.userid);
  if (meansEveryone(input.userid)) throw new AdminInputError(`userid "${input.userid}" means everyone in WeCom (messages to it reach all members, a mention of it @s the whole group); bind each person by their own userid`);
  if (!input.name?.trim()) throw new AdminInputError(`${input.userid} needs a name`);
  if (!roles.includes(input.role)) throw new AdminInputError(`role must be one of ${roles.join(', ')}`);
  if ((input.role === 'staff' || input.role === 'agency_admin') && !input.agency) throw new AdminInputError(`a ${input.role} needs --agency`);
}

/**
 * Refuses a recommendation that cannot be stored as given: a 文号 that is not a full one, a date that does not
 * exist, receipt before issue. Returns the 文号 in its stored form and its parts.
 */
export function checkRecommendationInput(input: Pick<RecommendationInput, 'ref' | 'issuedOn' | 'receivedOn'>): { ref: string; prefix: string; year: number; serial: number } {
  const match = findRef(normalizeText(input.ref));
  if (!match?.ref || match.parts.prefix === null || match.parts.year === null) {
    throw new AdminInputError(`"${input.ref}" is not a full document number such as 富检行公建〔2021〕14号`);
  }
  for (const [field, value] of [['issued', input.issuedOn], ['received', input.receivedOn]] as const) {
    if (value !== undefined && !isCalendarDate(value)) throw new AdminInputError(`${field} date "${value}" must be a real date YYYY-MM-DD`);
  }
  if (input.receivedOn && input.receivedOn < input.issuedOn) throw new AdminInputError(`received ${input.receivedOn} is before issued ${input.issuedOn}`);
  return { ref: match.ref, prefix: match.parts.prefix, year: match.parts.year, serial: match.parts.serial };
}

/** The agency other than `id` that already has `name`, if any (names are unique). */
async function nameHolder(mongo: Connection, name: string, id: string): Promise<string | undefined> {
  return (await agencyModel(mongo).findOne({ name, _id: { $ne: id } }, { _id: 1 }).lean())?._id;
}

/** Adds an agency, or changes the fields given of one (the others are kept). */
export async function upsertAgency(mongo: Connection, input: AgencyInput, by: string, now: Date): Promise<AgencyRecord> {
  checkAgencyInput(input);
  const holder = await nameHolder(mongo, input.name, input.id);
  if (holder) throw new AdminInputError(`agency ${holder} already has the name "${input.name}"; give ${input.id} another name`);
  // Changing one setting keeps what was not given (`agency add linye --name … --digest-hour 9` must not drop the
  // agency's prosecutors or its other settings); an empty list given on purpose still clears.
  const given = (value: unknown) => value !== undefined;
  const set: Record<string, unknown> = { name: input.name, active: true };
  for (const field of ['domains', 'robotKey', 'prosecutors', 'chats'] as const) if (given(input[field])) set[field] = input[field];
  for (const [key, value] of Object.entries(input.settings ?? {})) if (given(value)) set[`settings.${key}`] = value;
  try {
    await agencyModel(mongo).updateOne({ _id: input.id }, { $set: set }, { upsert: true });
  } catch (error) {
    // The unique name index: another agency took the name since it was checked above.
    const taken = (error as { code?: number }).code === 11000 ? await nameHolder(mongo, input.name, input.id) : undefined;
    if (taken) throw new AdminInputError(`agency ${taken} already has the name "${input.name}"; give ${input.id} another name`);
    throw error;
  }
  // A new agency's lists start empty. Not by $setOnInsert: FerretDB v1 ignores it beside $set on an upsert, which
  // left an agency added without --domains with no domains at all.
  for (const field of ['domains', 'prosecutors'] as const) {
    if (!(field in set)) await agencyModel(mongo).updateOne({ _id: input.id, [field]: { $exists: false } }, { $set: { [field]: [] } });
  }
  await audit(mongo, { at: now, actor: by, action: 'agency.upsert', target: { kind: 'agency', id: input.id }, sourceId: `admin:${now.getTime()}:${input.id}`, outcome: 'ok', detail: { fields: Object.keys(set) } });
  return (await agencyModel(mongo).findById(input.id).lean())!;
}

/** Binds a WeCom userid to a person, role and (for agency roles) agency. */
export async function bindStaff(mongo: Connection, input: StaffInput, by: string, now: Date): Promise<StaffRecord> {
  checkStaffInput(input);
  const agencyRole = input.role === 'staff' || input.role === 'agency_admin';
  if (input.agency && !(await agencyModel(mongo).exists({ _id: input.agency }))) throw new AdminInputError(`no agency "${input.agency}"; add it first`);
  const record: StaffRecord = { _id: input.userid, name: input.name, mobile: input.mobile, agency: agencyRole ? input.agency : undefined, role: input.role, domains: input.domains, active: true, boundAt: now, boundBy: by };
  await staffModel(mongo).replaceOne({ _id: input.userid }, record, { upsert: true });
  await audit(mongo, { at: now, actor: by, action: 'staff.bind', target: { kind: 'staff', id: input.userid }, sourceId: `admin:${now.getTime()}:${input.userid}`, outcome: 'ok', detail: { role: input.role, agency: input.agency } });
  return record;
}

/**
 * Deactivates a binding (kept for the audit trail). Returns false, and audits nothing, when it already was
 * inactive; refuses a userid never bound.
 */
export async function unbindStaff(mongo: Connection, userid: string, by: string, now: Date): Promise<boolean> {
  const result = await staffModel(mongo).updateOne({ _id: userid, active: true }, { $set: { active: false } });
  if (result.matchedCount === 0) {
    if (!(await staffModel(mongo).exists({ _id: userid }))) throw new AdminInputError(`${userid} is not bound`);
    return false;
  }
  await audit(mongo, { at: now, actor: by, action: 'staff.unbind', target: { kind: 'staff', id: userid }, sourceId: `admin:${now.getTime()}:${userid}`, outcome: 'ok' });
  return true;
}

/** A registered recommendation, and whether this call stored it (false: the 文号 was already there, unchanged). */
export interface AddedRecommendation { record: RecommendationRecord; created: boolean }

/**
 * Registers a recommendation (检察建议) with its reply due date computed from receipt. A 文号 already stored,
 * before or by a concurrent call, is left as it is and returned with `created: false`.
 */
export async function addRecommendation(mongo: Connection, input: RecommendationInput, by: string, now: Date): Promise<AddedRecommendation> {
  const { ref, prefix, year, serial } = checkRecommendationInput(input);
  if (!(await agencyModel(mongo).exists({ _id: input.agency }))) throw new AdminInputError(`no agency "${input.agency}"`);
  const due = input.receivedOn ? replyDueDate(input.receivedOn, input.urgent ?? false, defaultCalendar()) : undefined;
  const record: RecommendationRecord = {
    _id: ref, ref, refPrefix: prefix, refYear: year, refSerial: serial,
    agency: input.agency, title: input.title, requirements: input.requirements, cases: input.cases ?? [],
    issuedOn: dateOnly(input.issuedOn), receivedOn: input.receivedOn ? dateOnly(input.receivedOn) : undefined,
    urgent: input.urgent ?? false, dueOn: due?.dueOn, dueRule: due?.rule,
    status: input.receivedOn ? 'received' : 'issued', percent: 0, prosecutors: input.prosecutors ?? [], domain: input.domain,
    history: [{ at: now, by, action: 'issued', sourceId: `admin:${now.getTime()}:${ref}` }],
  };
  const existing = await recommendationModel(mongo).findById(ref).lean();
  if (existing) return { record: existing, created: false };
  try {
    await recommendationModel(mongo).create(record);
  } catch (error) {
    // Two calls for one 文号 at once: the other one stored it first.
    const raced = (error as { code?: number }).code === 11000 ? await recommendationModel(mongo).findById(ref).lean() : null;
    if (raced) return { record: raced, created: false };
    throw error;
  }
  await audit(mongo, { at: now, actor: by, action: 'recommendation.issue', target: { kind: 'recommendation', id: ref }, sourceId: record.history[0]!.sourceId, outcome: 'ok' });
  return { record, created: true };
}

/**
 * Refuses a receipt date before the recommendation was issued. The CLI and the API (in Chinese) check it before
 * setReceipt, which takes the date as given.
 */
export async function checkReceivedAfterIssue(mongo: Connection, refText: string, receivedOn: string): Promise<void> {
  const ref = findRef(normalizeText(refText))?.ref;
  const rec = ref ? await recommendationModel(mongo).findById(ref, { issuedOn: 1 }).lean() : null;
  if (rec && receivedOn < ymd(rec.issuedOn)) throw new AdminInputError(`--received ${receivedOn} is before ${ref} was issued (${ymd(rec.issuedOn)})`);
}

/**
 * Records when the agency received a recommendation, or whether it is urgent, and recomputes the reply due
 * date from that; the old and new dates go into the history and the audit. A period the prosecutors set since
 * (setNewPeriod) stays the due date.
 */
export async function setReceipt(mongo: Connection, refText: string, change: { receivedOn?: string; urgent?: boolean }, by: string, now: Date, basedOn?: BasedOn): Promise<RecommendationRecord> {
  const ref = findRef(normalizeText(refText))?.ref;
  const model = recommendationModel(mongo);
  const rec = ref ? await model.findById(ref).lean() : null;
  if (!rec) throw new AdminInputError(`no recommendation "${refText}"`);
  if (basedOn && !isAsSeen(rec, basedOn)) throw new StaleChangeError(rec);
  const receivedOn = change.receivedOn ?? rec.receivedOn?.toISOString().slice(0, 10);
  if (!receivedOn) throw new AdminInputError('--received is required: the recommendation has no receipt date yet');
  if (!isCalendarDate(receivedOn)) throw new AdminInputError('--received must be a real date YYYY-MM-DD');
  const urgent = change.urgent ?? rec.urgent;
  const sourceId = `admin:${now.getTime()}:${rec._id}:receipt`;
  if (rec.dueOn && dueDateWasSet(rec)) {
    // The prosecutors set the period in force after urging the agency: correcting the receipt or the urgent flag
    // corrects the record, not their decision. The history says the set period stays (no previousDueOn: no new period).
    const kept = { receivedOn, urgent, keptDueOn: rec.dueOn, rule: rec.dueRule };
    const result = await model.updateOne(
      { _id: rec._id, ...asReadFilter(rec, basedOn) },
      { $set: { receivedOn: dateOnly(receivedOn), urgent }, $push: { history: { at: now, by, action: 'receipt', sourceId, detail: kept } } },
    );
    if (basedOn && result.modifiedCount === 0) throw new StaleChangeError((await model.findById(rec._id).lean())!);
    await audit(mongo, { at: now, actor: by, action: 'recommendation.receipt', target: { kind: 'recommendation', id: rec._id }, sourceId, outcome: 'ok', detail: kept });
    return (await model.findById(rec._id).lean())!;
  }
  const due = replyDueDate(receivedOn, urgent, defaultCalendar());
  const detail = { receivedOn, urgent, previousDueOn: rec.dueOn, dueOn: due.dueOn, rule: due.rule };
  const result = await model.updateOne(
    { _id: rec._id, ...asReadFilter(rec, basedOn) },
    {
      $set: { receivedOn: dateOnly(receivedOn), urgent, dueOn: due.dueOn, dueRule: due.rule, ...(rec.status === 'issued' ? { status: 'received' } : {}) },
      $push: { history: { at: now, by, action: 'due_recomputed', sourceId, detail } },
    },
  );
  if (basedOn && result.modifiedCount === 0) throw new StaleChangeError((await model.findById(rec._id).lean())!);
  await audit(mongo, { at: now, actor: by, action: 'recommendation.receipt', target: { kind: 'recommendation', id: rec._id }, sourceId, outcome: 'ok', detail });
  return (await model.findById(rec._id).lean())!;
}

/**
 * Sets a new reply period, as a prosecutor does after urging an agency whose period passed (督促后重新确定期限). Unlike
 * setReceipt's correction, the replaced due date stays an overdue of its own: the rules count both (domain.md §4.8:
 * the first overdue is a 提醒, the second a 公益诉讼线索), and the history keeps the old date and the reason.
 */
export async function setNewPeriod(mongo: Connection, refText: string, change: { dueOn: string; reason: string }, by: string, now: Date, today: string, basedOn?: BasedOn): Promise<{ record: RecommendationRecord; changed: boolean }> {
  const ref = findRef(normalizeText(refText))?.ref;
  const model = recommendationModel(mongo);
  const rec = ref ? await model.findById(ref).lean() : null;
  if (!rec) throw new AdminInputError(`no recommendation "${refText}"`);
  if (basedOn && !isAsSeen(rec, basedOn)) throw new StaleChangeError(rec);
  if (!isCalendarDate(change.dueOn)) throw new AdminInputError('--due must be a real date YYYY-MM-DD');
  if (change.dueOn <= today) throw new AdminInputError(`--due ${change.dueOn} is not after today (${today}): a new period ends in the future`);
  if (!change.reason.trim()) throw new AdminInputError('--reason is required: why the period is set again');
  if (!replyOwingStatuses.includes(rec.status)) throw new AdminInputError(`${rec.ref} is ${rec.status}: a new period is only set while a reply or rectification is owed`);
  // A period ends as the law counts any period (domain.md §3): a last day that is a holiday or rest day moves to the
  // next working day, as the first period did; the date asked for stays in the rule and the history.
  const dueOn = workingDayOnOrAfter(change.dueOn, defaultCalendar());
  // A repeated request (a retry, the same command again) changes nothing and tells nobody twice.
  if (rec.dueOn && ymd(rec.dueOn) === dueOn) return { record: rec, changed: false };
  const dueRule = setPeriodRule(change.reason.trim(), change.dueOn, dueOn);
  const detail = { previousDueOn: rec.dueOn, dueOn: dateOnly(dueOn), reason: change.reason.trim(), ...(dueOn === change.dueOn ? {} : { requestedDueOn: change.dueOn }) };
  const sourceId = `admin:${now.getTime()}:${rec._id}:period`;
  const result = await model.updateOne({ _id: rec._id, ...asReadFilter(rec, basedOn) }, { $set: { dueOn: dateOnly(dueOn), dueRule }, $push: { history: { at: now, by, action: 'due_reset', sourceId, detail } } });
  if (basedOn && result.modifiedCount === 0) throw new StaleChangeError((await model.findById(rec._id).lean())!);
  await audit(mongo, { at: now, actor: by, action: 'recommendation.period', target: { kind: 'recommendation', id: rec._id }, sourceId, outcome: 'ok', detail });
  return { record: (await model.findById(rec._id).lean())!, changed: true };
}
