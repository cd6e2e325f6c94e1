import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { codeVersion } from '../embedded/code-version.js';
import { alive, runningHolder } from '../embedded/data-lock.js';
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

/** Commands that put this release's definitions into the database; see refuseOtherCodeRunning. */
export const releaseCommands: readonly string[] = ['rules reseed', 'cases reindex'];

/** Refused: the bot running on the embedded database runs other code than this CLI. */
export class OtherCodeRunningError extends Error {}

/** `commit 3eb775f…` shortened as git shows it. */
function shortVersion(version: string): string {
  return version.replace(/^commit ([0-9a-f]{7})[0-9a-f]+$/, 'commit $1');
}

/**
 * Refuses `command` (one of releaseCommands) while the bot running on the embedded database in DATA_DIR runs other
 * code: after `git pull` with the old bot still up, rules reseed put rules with conditions the old engine does not
 * know into its database, and cases reindex filed its cases by the new keys under it. The bot (or `npm run services`)
 * records the code it runs in the data folder's lock. With MONGODB_URI nothing tells, and nothing is checked.
 */
export function refuseOtherCodeRunning(env: NodeJS.ProcessEnv, cwd: string, command: string): void {
  if (env.MONGODB_URI?.trim()) return;
  const holder = runningHolder(join(resolve(cwd, env.DATA_DIR?.trim() || 'data'), 'ferretdb'));
  const mine = codeVersion();
  if (!holder || holder.version === mine) return;
  const runs = holder.version
    ? `runs other code (${shortVersion(holder.version)}; this is ${shortVersion(mine)})`
    : 'was started by an older release (it records no code version)';
  throw new OtherCodeRunningError(
    `the bot running on this database (pid ${holder.pid}) ${runs}: stop it first, then run ${command} with npm run services running (see README, Upgrade)`,
  );
}
