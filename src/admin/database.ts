import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { alive } from '../embedded/data-lock.js';
import { withDatabase } from '../embedded/services.js';
import { defaultDatabase } from '../runtime.js';

/** The admin CLI cannot reach the bot's database; `message` is one line saying what to do. */
export class DatabaseUnavailableError extends Error {}

/**
 * Reads `.env` from the working folder, as `npm start` does (src/main.ts): variables already in the environment
 * win over the file's.
 */
export function loadDotEnv(cwd: string = process.cwd()): void {
  const file = join(cwd, '.env');
  if (existsSync(file)) process.loadEnvFile(file);
}

/**
 * Where the bot's database is: MONGODB_URI, else the embedded server `npm start` recorded in
 * DATA_DIR/embedded.json. DATA_DIR is resolved from the working folder as `npm start` resolves it, so an absolute
 * one is used as it is. A recorded bot that is no longer running is said at once, not after a connection timeout.
 */
export function adminMongoUri(env: NodeJS.ProcessEnv, cwd: string): string {
  const configured = env.MONGODB_URI?.trim();
  if (configured) return withDatabase(configured, defaultDatabase);
  const file = join(resolve(cwd, env.DATA_DIR?.trim() || 'data'), 'embedded.json');
  if (!existsSync(file)) {
    throw new DatabaseUnavailableError(`no database: set MONGODB_URI, or start the bot with npm start (it records its embedded database in ${file})`);
  }
  let recorded: { mongoUri?: unknown; pid?: unknown };
  try {
    recorded = JSON.parse(readFileSync(file, 'utf8')) as typeof recorded;
  } catch (error) {
    throw new DatabaseUnavailableError(`${file} cannot be read (${(error as Error).message}); start the bot with npm start, or set MONGODB_URI`);
  }
  if (typeof recorded.mongoUri !== 'string') throw new DatabaseUnavailableError(`${file} records no mongoUri; start the bot with npm start, or set MONGODB_URI`);
  if (typeof recorded.pid === 'number' && !alive(recorded.pid)) {
    throw new DatabaseUnavailableError(`the bot recorded in ${file} (pid ${recorded.pid}) is not running; start it with npm start, or set MONGODB_URI`);
  }
  return withDatabase(recorded.mongoUri, defaultDatabase);
}
