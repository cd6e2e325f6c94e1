import { readFileSync } from 'node:fs';
import type { Connection } from 'mongoose';
import { createCase } from '../cases/create-case.js';
import type { CaseInput } from '../models/case.js';
import { agencyModel } from '../models/agency.js';
import { staffModel } from '../models/staff.js';
import { addRecommendation, AdminInputError, bindStaff, upsertAgency, type AgencyInput, type RecommendationInput, type StaffInput } from './registry.js';
import { checkSeed, seedDate } from './seed-check.js';

export { checkSeedFile, seedDate } from './seed-check.js';

/** A seed file: agencies, people and recommendations to register (the demo's, or an operator's first set-up). */
export interface SeedFile {
  agencies?: AgencyInput[];
  staff?: StaffInput[];
  /** Dates may be YYYY-MM-DD or relative to today, like "-20d". */
  recommendations?: RecommendationInput[];
  /** Enforcement cases already on the platform (dates may be relative like recommendations'). */
  cases?: Array<CaseInput & { agency: string }>;
}

/**
 * Registers everything in a seed file; running it again changes nothing that is already there (agencies and staff
 * changed or unbound since are left as they are and reported as skipped). The whole file is
 * checked first (checkSeed): a file with a bad or conflicting entry is refused before anything is written.
 */
export interface SeedCounts {
  /**
   * Agencies and staff are registered once, like recommendations: a second seed must not undo what the operator
   * changed since (an unbound person bound again, an agency's new robot key reverted). Those already there and as
   * the file has them are `existing`; those that differ, or are inactive, are left as they are and listed in `skipped`.
   */
  agencies: { added: number; existing: number; skipped: string[] };
  staff: { added: number; existing: number; skipped: string[] };
  /** Recommendations and cases are registered once: those already there are left as they are. */
  recommendations: { added: number; existing: number };
  cases: { added: number; existing: number };
}

/** The names of the fields the file gives that differ from the stored record (missing ones count as null). */
function differing(stored: Record<string, unknown>, given: Record<string, unknown>): string[] {
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  return Object.entries(given).filter(([field, value]) => value !== undefined && !same(stored[field], value)).map(([field]) => field);
}

/** What a seed entry meets in the database: nothing (to add), the same, or a record it leaves as it is, and why. */
type Found = 'missing' | 'same' | { why: string };

/** An agency of the file against the stored one. */
async function agencyDifference(mongo: Connection, input: AgencyInput): Promise<Found> {
  const stored = await agencyModel(mongo).findById(input.id).lean();
  if (!stored) return 'missing';
  if (stored.active === false) return { why: 'inactive' };
  const { id: _id, settings, ...fields } = input;
  const changed = differing(stored as unknown as Record<string, unknown>, fields);
  for (const field of differing({ ...stored.settings }, { ...settings })) changed.push(`settings.${field}`);
  return changed.length ? { why: `differs from the file: ${changed.join(', ')}` } : 'same';
}

/** A binding of the file against the stored one (unbound since, or bound differently). */
async function staffDifference(mongo: Connection, input: StaffInput): Promise<Found> {
  const stored = await staffModel(mongo).findById(input.userid).lean();
  if (!stored) return 'missing';
  if (!stored.active) return { why: 'unbound' };
  const agencyRole = input.role === 'staff' || input.role === 'agency_admin';
  const changed = differing(stored as unknown as Record<string, unknown>, { name: input.name, role: input.role, mobile: input.mobile, domains: input.domains });
  if (agencyRole && (stored.agency ?? null) !== (input.agency ?? null)) changed.push('agency');
  return changed.length ? { why: `differs from the file: ${changed.join(', ')}` } : 'same';
}

/** Adds the entries the database lacks; counts those already there as the file has them, lists the others. */
async function registerNew<T>(entries: readonly T[], key: (entry: T) => string, found: (entry: T) => Promise<Found>, add: (entry: T) => Promise<unknown>, tally: SeedCounts['agencies']): Promise<void> {
  for (const entry of entries) {
    const state = await found(entry);
    if (state === 'missing') {
      await add(entry);
      tally.added++;
    } else if (state === 'same') tally.existing++;
    else tally.skipped.push(`${key(entry)} (${state.why})`);
  }
}

export async function applySeed(mongo: Connection, seed: SeedFile, options: { by: string; now: Date; timeZone: string }): Promise<SeedCounts> {
  await checkSeed(mongo, seed, options);
  const counts: SeedCounts = {
    agencies: { added: 0, existing: 0, skipped: [] }, staff: { added: 0, existing: 0, skipped: [] }, recommendations: { added: 0, existing: 0 }, cases: { added: 0, existing: 0 },
  };
  await registerNew(seed.agencies ?? [], (a) => a.id, (a) => agencyDifference(mongo, a), (a) => upsertAgency(mongo, a, options.by, options.now), counts.agencies);
  await registerNew(seed.staff ?? [], (p) => p.userid, (p) => staffDifference(mongo, p), (p) => bindStaff(mongo, p, options.by, options.now), counts.staff);
  for (const { agency, ...input } of seed.cases ?? []) {
    const dated = { ...input, filedOn: seedDate(input.filedOn, options.now, options.timeZone), decidedOn: seedDate(input.decidedOn, options.now, options.timeZone) };
    // The source id derives from the case number, so seeding twice finds the case already there.
    const result = await createCase(mongo, dated, { agency, by: options.by, sourceId: `seed:${agency}:${input.caseNumber}`, now: options.now });
    counts.cases[result.kind === 'created' ? 'added' : 'existing']++;
  }
  for (const rec of seed.recommendations ?? []) {
    const added = await addRecommendation(mongo, {
      ...rec,
      issuedOn: seedDate(rec.issuedOn, options.now, options.timeZone)!,
      receivedOn: seedDate(rec.receivedOn, options.now, options.timeZone),
    }, options.by, options.now);
    counts.recommendations[added.created ? 'added' : 'existing']++;
  }
  return counts;
}

/** A seed file read and parsed; one that cannot be read or is not JSON is refused in one line. */
export function readSeedFile(path: string): SeedFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new AdminInputError(`cannot read seed file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    // Only parsed here; checkSeed looks at every entry before anything is stored.
    return JSON.parse(text) as SeedFile;
  } catch (error) {
    throw new AdminInputError(`seed file ${path} is not JSON: ${(error as Error).message}`);
  }
}
