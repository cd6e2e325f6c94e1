import { readFileSync } from 'node:fs';
import type { Connection } from 'mongoose';
import { addDays } from '../calendar/due-date.js';
import { localDate } from '../calendar/local-date.js';
import { createCase } from '../cases/create-case.js';
import type { CaseInput } from '../models/case.js';
import { addRecommendation, bindStaff, upsertAgency, type AgencyInput, type RecommendationInput, type StaffInput } from './registry.js';

/** A seed file: agencies, people and recommendations to register (the demo's, or an operator's first set-up). */
export interface SeedFile {
  agencies?: AgencyInput[];
  staff?: StaffInput[];
  /** Dates may be YYYY-MM-DD or relative to today, like "-20d". */
  recommendations?: RecommendationInput[];
  /** Enforcement cases already on the platform (dates may be relative like recommendations'). */
  cases?: Array<CaseInput & { agency: string }>;
}

/** Resolves "-20d" / "+3d" against today (in `timeZone`); leaves YYYY-MM-DD as it is. */
export function seedDate(value: string | undefined, now: Date, timeZone: string): string | undefined {
  if (value === undefined) return undefined;
  const relative = /^([+-]\d+)d$/.exec(value);
  return relative ? addDays(localDate(now, timeZone), Number(relative[1])) : value;
}

/** Registers everything in a seed file; running it again changes nothing that is already there. */
export async function applySeed(mongo: Connection, seed: SeedFile, options: { by: string; now: Date; timeZone: string }): Promise<{ agencies: number; staff: number; recommendations: number; cases: number }> {
  for (const agency of seed.agencies ?? []) await upsertAgency(mongo, agency, options.by, options.now);
  for (const person of seed.staff ?? []) await bindStaff(mongo, person, options.by, options.now);
  for (const { agency, ...input } of seed.cases ?? []) {
    const dated = { ...input, filedOn: seedDate(input.filedOn, options.now, options.timeZone), decidedOn: seedDate(input.decidedOn, options.now, options.timeZone) };
    // The source id derives from the case number, so seeding twice finds the case already there.
    await createCase(mongo, dated, { agency, by: options.by, sourceId: `seed:${agency}:${input.caseNumber}`, now: options.now });
  }
  for (const rec of seed.recommendations ?? []) {
    await addRecommendation(mongo, {
      ...rec,
      issuedOn: seedDate(rec.issuedOn, options.now, options.timeZone)!,
      receivedOn: seedDate(rec.receivedOn, options.now, options.timeZone),
    }, options.by, options.now);
  }
  return { agencies: seed.agencies?.length ?? 0, staff: seed.staff?.length ?? 0, recommendations: seed.recommendations?.length ?? 0, cases: seed.cases?.length ?? 0 };
}

export function readSeedFile(path: string): SeedFile {
  return JSON.parse(readFileSync(path, 'utf8')) as SeedFile;
}
