import type { Connection } from 'mongoose';
import { addDays } from '../calendar/due-date.js';
import { isCalendarDate, localDate } from '../calendar/local-date.js';
import { caseWithNumber } from '../cases/case-keys.js';
import { findRef, normalizeText } from '../commands/index.js';
import { caseNumberKey } from '../import/index.js';
import { agencyModel } from '../models/agency.js';
import { recommendationModel } from '../models/recommendation.js';
import { staffModel } from '../models/staff.js';
import { AdminInputError, checkAgencyInput, checkRecommendationInput, checkStaffInput } from './registry.js';
import type { SeedFile } from './seed.js';

/** When the seed is applied, for its relative dates ("-20d"). */
export interface SeedClock {
  now: Date;
  timeZone: string;
}

/** Resolves "-20d" / "+3d" against today (in `timeZone`); leaves YYYY-MM-DD as it is. */
export function seedDate(value: string | undefined, now: Date, timeZone: string): string | undefined {
  if (value === undefined) return undefined;
  const relative = /^([+-]\d+)d$/.exec(value);
  return relative ? addDays(localDate(now, timeZone), Number(relative[1])) : value;
}

const sections = ['agencies', 'staff', 'recommendations', 'cases'] as const;
type Section = (typeof sections)[number];

/** The text fields each entry must have. */
const requiredFields: Record<Section, string[]> = {
  agencies: ['id', 'name'],
  staff: ['userid', 'name', 'role'],
  recommendations: ['ref', 'agency', 'title', 'requirements', 'issuedOn'],
  cases: ['agency', 'caseNumber', 'party', 'facts'],
};

/** The field that names an entry in messages. */
const keyField: Record<Section, string> = { agencies: 'id', staff: 'userid', recommendations: 'ref', cases: 'caseNumber' };

type Entry = Record<string, unknown>;

/** An entry as messages name it: `agencies[2] (shichang)`. */
function entryName(section: Section, index: number, entry: Entry): string {
  const key = entry[keyField[section]];
  return `${section}[${index}]${typeof key === 'string' && key ? ` (${key})` : ''}`;
}

/** Each entry of each section with its name; a section that is not a list of objects is a problem of its own. */
function entries(seed: SeedFile, problems: string[]): Array<{ section: Section; name: string; entry: Entry }> {
  const found: Array<{ section: Section; name: string; entry: Entry }> = [];
  for (const section of sections) {
    const list: unknown = seed[section];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      problems.push(`${section} must be a list`);
      continue;
    }
    list.forEach((entry: unknown, index) => {
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) problems.push(`${section}[${index}] must be an object`);
      // Checked just above to be a plain object.
      else found.push({ section, name: entryName(section, index, entry as Entry), entry: entry as Entry });
    });
  }
  return found;
}

/** Runs a registry check, keeping its refusal as a problem of the entry. */
function collect(problems: string[], name: string, check: () => unknown): void {
  try {
    check();
  } catch (error) {
    if (!(error instanceof AdminInputError)) throw error;
    problems.push(`${name}: ${error.message}`);
  }
}

/** Notes the key `key` of entry `name`, or the problem that an earlier entry has it already. */
function unique(seen: Map<string, string>, key: string, name: string, what: string, problems: string[]): void {
  const first = seen.get(key);
  if (first) problems.push(`${name}: ${what} is also in ${first}`);
  else seen.set(key, name);
}

/**
 * What is wrong with a seed file by itself: a section that is not a list, a missing field, a value the registry
 * would refuse, a date that does not exist, the same agency id or name, userid, 文号 or case number twice.
 */
export function seedFileProblems(seed: SeedFile, clock: SeedClock): string[] {
  const problems: string[] = [];
  if (typeof seed !== 'object' || seed === null || Array.isArray(seed)) return ['the file must hold an object with agencies, staff, recommendations and cases'];
  // A misspelt section (agncies) would seed nothing of it and say "seeded 0": refused instead.
  const unknownSections = Object.keys(seed).filter((key) => !(sections as readonly string[]).includes(key) && key !== 'comment');
  if (unknownSections.length) problems.push(`unknown section${unknownSections.length > 1 ? 's' : ''} ${unknownSections.join(', ')} (the file has ${sections.join(', ')})`);
  const seen = { ids: new Map<string, string>(), names: new Map<string, string>(), users: new Map<string, string>(), refs: new Map<string, string>(), cases: new Map<string, string>() };
  for (const { section, name, entry } of entries(seed, problems)) {
    const missing = requiredFields[section].filter((field) => typeof entry[field] !== 'string' || (entry[field] as string).trim() === '');
    if (missing.length) {
      problems.push(`${name}: missing ${missing.join(', ')}`);
      continue;
    }
    const text = (field: string) => entry[field] as string;
    const date = (field: string) => seedDate(entry[field] as string | undefined, clock.now, clock.timeZone);
    // "urgent": "no" is a text, which JavaScript reads as true: a yes/no is true or false, or the deadline is wrong.
    const notYesNo = ['urgent', 'finePaid', 'enforced'].find((field) => entry[field] !== undefined && typeof entry[field] !== 'boolean');
    if (notYesNo) {
      problems.push(`${name}: ${notYesNo} must be true or false (got ${JSON.stringify(entry[notYesNo])})`);
      continue;
    }
    const notTextList = ['domains', 'prosecutors', 'chats'].find((field) => entry[field] !== undefined && !(Array.isArray(entry[field]) && (entry[field] as unknown[]).every((v) => typeof v === 'string')));
    if (notTextList) {
      problems.push(`${name}: ${notTextList} must be a list of text`);
      continue;
    }
    // The registry checks look at the fields an entry's shape was just checked to have; they refuse the rest.
    const input = entry as never;
    if (section === 'agencies') {
      collect(problems, name, () => checkAgencyInput(input));
      unique(seen.ids, text('id'), name, `id ${text('id')}`, problems);
      unique(seen.names, text('name'), name, `name "${text('name')}"`, problems);
    } else if (section === 'staff') {
      collect(problems, name, () => checkStaffInput(input));
      unique(seen.users, text('userid'), name, `userid ${text('userid')}`, problems);
    } else if (section === 'recommendations') {
      collect(problems, name, () => {
        const { ref } = checkRecommendationInput({ ref: text('ref'), issuedOn: date('issuedOn')!, receivedOn: date('receivedOn') });
        unique(seen.refs, ref, name, `文号 ${ref}`, problems);
      });
    } else {
      for (const field of ['filedOn', 'decidedOn']) {
        const value = date(field);
        if (value !== undefined && !isCalendarDate(value)) problems.push(`${name}: ${field} "${String(entry[field])}" must be a real date YYYY-MM-DD or like -20d`);
      }
      unique(seen.cases, `${text('agency')}:${caseNumberKey(text('caseNumber'))}`, name, `case number ${text('caseNumber')} of ${text('agency')}`, problems);
    }
  }
  return problems;
}

/**
 * What in a (by itself sound) seed file conflicts with the database: an agency name another agency has, an agency
 * no entry adds and the database lacks, a prosecutor not bound, a 文号 registered to another agency, a case number
 * the agency already has from elsewhere. Entries already stored as the file has them are not conflicts (seeding is
 * repeatable).
 */
export async function seedDatabaseProblems(mongo: Connection, seed: SeedFile): Promise<string[]> {
  const problems: string[] = [];
  const found = entries(seed, problems);
  const of = (section: Section) => found.filter((e) => e.section === section);
  // Run after seedFileProblems found none, so every required field is text.
  const text = (entry: Entry, field: string) => entry[field] as string;
  const fileAgencies = new Set(of('agencies').map(({ entry }) => text(entry, 'id')));
  for (const { name, entry } of of('agencies')) {
    const holder = await agencyModel(mongo).findOne({ name: text(entry, 'name'), _id: { $ne: text(entry, 'id') } }, { _id: 1 }).lean();
    if (holder && !fileAgencies.has(holder._id)) problems.push(`${name}: agency ${holder._id} already has the name "${text(entry, 'name')}"`);
  }
  const agencyExists = async (id: string) => fileAgencies.has(id) || Boolean(await agencyModel(mongo).exists({ _id: id }));
  for (const { name, entry } of found.filter((e) => e.section !== 'agencies')) {
    const agency = entry.agency;
    if (typeof agency === 'string' && !(await agencyExists(agency))) problems.push(`${name}: no agency "${agency}" in the file or the database`);
  }
  problems.push(...(await unboundProsecutors(mongo, of('agencies'), of('staff'))));
  for (const { name, entry } of of('recommendations')) {
    const ref = findRef(normalizeText(text(entry, 'ref')))?.ref ?? text(entry, 'ref');
    const stored = await recommendationModel(mongo).findById(ref, { agency: 1 }).lean();
    if (stored && stored.agency !== entry.agency) problems.push(`${name}: ${ref} is already registered to agency ${stored.agency}`);
  }
  for (const { name, entry } of of('cases')) {
    const [agency, caseNumber] = [text(entry, 'agency'), text(entry, 'caseNumber')];
    const stored = await caseWithNumber(mongo, agency, caseNumberKey(caseNumber));
    if (stored && stored.sourceId !== `seed:${agency}:${caseNumber}`) problems.push(`${name}: agency ${agency} already has case ${stored.caseNumber} (not from a seed)`);
  }
  return problems;
}

/** Agencies' prosecutors bound neither as prosecutor or admin by the file nor, active, in the database. */
async function unboundProsecutors(mongo: Connection, agencies: Array<{ name: string; entry: Entry }>, staff: Array<{ name: string; entry: Entry }>): Promise<string[]> {
  const problems: string[] = [];
  const inFile = new Map(staff.map(({ entry }) => [entry.userid as string, entry.role as string]));
  for (const { name, entry } of agencies) {
    const prosecutors = Array.isArray(entry.prosecutors) ? (entry.prosecutors as string[]) : [];
    for (const userid of prosecutors) {
      const role = inFile.get(userid) ?? ((await staffModel(mongo).findOne({ _id: userid, active: true }, { role: 1 }).lean())?.role);
      if (role !== 'prosecutor' && role !== 'admin') problems.push(`${name}: prosecutor ${userid} is not bound as prosecutor or admin in the file or the database`);
    }
  }
  return problems;
}

/** Checks a whole seed file, by itself and against the database; refuses it, naming the first bad entry, before anything is written. */
export async function checkSeed(mongo: Connection, seed: SeedFile, clock: SeedClock): Promise<void> {
  const problems = seedFileProblems(seed, clock);
  if (problems.length === 0) problems.push(...(await seedDatabaseProblems(mongo, seed)));
  refuse(problems);
}

/** Refuses a seed file that has problems by itself, without the database. */
export function checkSeedFile(seed: SeedFile, clock: SeedClock): void {
  refuse(seedFileProblems(seed, clock));
}

function refuse(problems: string[]): void {
  if (problems.length === 0) return;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
  throw new AdminInputError(`seed refused, nothing written: ${problems[0]}${more}`);
}
