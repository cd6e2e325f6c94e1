/** Reads operator overrides of the holiday calendar from a JSON file such as calendar/overrides.json. */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { HolidayOverride } from './holidays.js';
import { isCalendarDate } from './local-date.js';

const overrideSchema = z.object({
  date: z.string().refine(isCalendarDate, { message: 'must be a real date written YYYY-MM-DD' }),
  working: z.boolean(),
  name: z.string().min(1).optional(),
});

// A bare list is accepted too; the object form exists so the file can carry a "comment" (JSON has no comments).
const fileSchema = z.object({ comment: z.string().optional(), overrides: z.array(overrideSchema) });

/** Validates parsed JSON as overrides; throws an Error naming the file and the bad field, e.g. "overrides.0.date must be …". */
export function parseOverrides(value: unknown, source = 'overrides'): HolidayOverride[] {
  const result = fileSchema.safeParse(Array.isArray(value) ? { overrides: value } : value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.join('.') ?? '';
    throw new Error(`${source}: ${where ? `${where} ` : ''}${issue?.message ?? 'invalid'} (expected { "overrides": [{ "date": "YYYY-MM-DD", "working": false, "name": "国庆节" }] })`);
  }
  return result.data.overrides;
}

/** Loads overrides from `file`; a missing file means no overrides, a malformed one is an error. */
export function loadOverrides(file: string): HolidayOverride[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []; // cast: fs errors carry a code
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${(error as Error).message})`); // cast: JSON.parse throws SyntaxError
  }
  return parseOverrides(json, file);
}
