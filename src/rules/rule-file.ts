import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { projectRoot } from '../embedded/project-root.js';
import { validateRuleSet, type RuleSetValidation } from './validate.js';

/** Where the versioned seed rules live: rules/seed-rules.json at the project root. */
export function seedRulesPath(): string {
  return join(projectRoot(), 'rules', 'seed-rules.json');
}

/**
 * Reads and checks a rule file; a file that is not JSON or does not validate comes back with its errors,
 * so the caller keeps the rules it had instead of loading a broken set.
 */
export async function readRuleFile(path: string = seedRulesPath()): Promise<RuleSetValidation> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    return { ok: false, errors: [`${path}: cannot be read as JSON (${error instanceof Error ? error.message : String(error)})`] };
  }
  const result = validateRuleSet(json);
  return result.ok ? result : { ok: false, errors: result.errors.map((error) => `${path}: ${error}`) };
}
