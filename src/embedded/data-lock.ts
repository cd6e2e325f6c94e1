import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { codeVersion } from './code-version.js';

/** The process running the embedded database on a folder, as its lock file records it. */
export interface Holder {
  /** The bot process that holds the folder. */
  pid: number;
  uri?: string;
  /** The database server it started on the folder, which may outlive a bot killed with -9. */
  serverPid?: number;
  /** The code it runs (codeVersion); missing for a bot of a release before it was recorded. */
  version?: string;
}

/** A folder this process holds alone until `release`. */
export interface DataLock {
  release(): void;
}

/** Another live process holds the folder. */
export class DataDirInUseError extends Error {
  constructor(readonly dataDir: string, readonly holder: Holder) {
    super(
      `the embedded database in ${dataDir} is already run by process ${holder.pid}${holder.uri ? ` (${holder.uri})` : ''}: ` +
        'run one bot per DATA_DIR, or run the roles as separate processes against one set of services ' +
        '(`npm run services` prints REDIS_URL and MONGODB_URI to start each role with)',
    );
  }
}

/** Whether a process with this id is running (one we may not signal still is). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether `pid` is still the database server started on `dataDir` (and not a process that reused the number). */
function serverStillRuns(pid: number, dataDir: string): boolean {
  try {
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return command.includes('ferretdb') && command.includes(dataDir);
  } catch {
    return false;
  }
}

/**
 * Takes `<dataDir>.lock` for this process. Two FerretDB servers on one SQLite folder each lock documents only
 * within themselves, so concurrent updates through both lose changes (measured: 200 increments left 107); a second
 * process is refused instead. A lock whose process is gone (a crash, kill -9) is taken over.
 */
export async function lockDataDir(dataDir: string): Promise<DataLock & { describe(uri: string, serverPid?: number): void }> {
  const file = `${dataDir}.lock`;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      // The code version lets `npm run admin` tell a bot left running across `git pull` from the new code.
      const version = codeVersion();
      writeFileSync(file, JSON.stringify({ pid: process.pid, version }), { flag: 'wx' });
      return {
        describe: (uri, serverPid) => writeFileSync(file, JSON.stringify({ pid: process.pid, uri, serverPid, version })),
        release: () => {
          // Only our own lock: a process that took over a stale one after us keeps its own.
          if (holderOf(file)?.pid === process.pid) rmSync(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = holderOf(file);
      if (holder && alive(holder.pid)) throw new DataDirInUseError(dataDir, holder);
      // Its bot is gone, but the server it started may still have the files open: stop it before starting another.
      if (holder?.serverPid && serverStillRuns(holder.serverPid, dataDir)) await stopOrphan(holder.serverPid);
      rmSync(file, { force: true }); // stale, or unreadable: its writer is gone
    }
  }
  throw new Error(`could not lock ${dataDir}`);
}

async function stopOrphan(pid: number): Promise<void> {
  process.kill(pid, 'SIGTERM');
  for (let waited = 0; waited < 5000 && alive(pid); waited += 100) await new Promise((r) => setTimeout(r, 100));
  if (alive(pid)) process.kill(pid, 'SIGKILL');
}

/** The live process running the embedded database on `dataDir`, or undefined when none does. */
export function runningHolder(dataDir: string): Holder | undefined {
  const holder = holderOf(`${dataDir}.lock`);
  return holder && alive(holder.pid) ? holder : undefined;
}

function holderOf(file: string): Holder | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<Record<keyof Holder, unknown>>;
    if (typeof parsed.pid !== 'number') return undefined;
    return {
      pid: parsed.pid, uri: typeof parsed.uri === 'string' ? parsed.uri : undefined,
      serverPid: typeof parsed.serverPid === 'number' ? parsed.serverPid : undefined, version: typeof parsed.version === 'string' ? parsed.version : undefined,
    };
  } catch {
    return undefined;
  }
}
