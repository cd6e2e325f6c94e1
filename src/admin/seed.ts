import { readFileSync } from 'node:fs';
import type { Connection } from 'mongoose';
import { createCase } from '../cases/create-case.js';
import type { CaseInput } from '../models/case.js';
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
 * Registers everything in a seed file; running it again changes nothing that is already there. The whole file is
 * checked first (checkSeed): a file with a bad or conflicting entry is refused before anything is written.
 */
export interface SeedCounts {
  /** Agencies and staff are written as the file has them (registered or updated). */
  agencies: number;
  staff: number;
  /** Recommendations and cases are registered once: those already there are left as they are. */
  recommendations: { added: number; existing: number };
  cases: { added: number; existing: number };
}

export async function applySeed(mongo: Connection, seed: SeedFile, options: { by: string; now: Date; timeZone: string }): Promise<SeedCounts> {
  await checkSeed(mongo, seed, options);
  for (const agency of seed.agencies ?? []) await upsertAgency(mongo, agency, options.by, options.now);
  for (const person of seed.staff ?? []) await bindStaff(mongo, person, options.by, options.now);
  const counts: SeedCounts = { agencies: seed.agencies?.length ?? 0, staff: seed.staff?.length ?? 0, recommendations: { added: 0, existing: 0 }, cases: { added: 0, existing: 0 } };
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
