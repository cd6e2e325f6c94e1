import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, readdirSync, renameSync, statSync } from 'node:fs';
import { makeDataFolder } from './data-folder.js';
import { basename, join } from 'node:path';
import { projectRoot } from './project-root.js';
import { run, stopChild } from './child.js';
import { lockDataDir } from './data-lock.js';

/** A MongoDB-wire server this process started. */
export interface RunningServer {
  /** Connection URI without a database name, e.g. mongodb://127.0.0.1:40123/ */
  uri: string;
  /** Stops the server; resolves once it has exited. */
  stop(): Promise<void>;
}

/** Builds .bin/ferretdb when it is missing or older than tools/ferretdb, and returns its path. */
export async function ensureFerretdbBinary(): Promise<string> {
  const root = projectRoot();
  await run('bash', [join(root, 'scripts/build-ferretdb.sh')], { cwd: root, timeoutMs: 15 * 60_000 });
  return join(root, '.bin/ferretdb');
}

export interface StartFerretdbOptions {
  /** Folder for the SQLite files (created if missing). */
  dataDir: string;
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** How long to wait for the server to listen. */
  startTimeoutMs?: number;
}

/** Beyond this the server's log is set aside (as ferretdb.log.1) when it starts. */
const maxLogBytes = 10 * 1024 * 1024;

/** One FerretDB process: resolves with its URI once it listens. */
async function spawnFerretdb(binary: string, options: StartFerretdbOptions, port: number): Promise<{ child: ChildProcess; uri: string; stderrTail: () => string }> {
  // Errors only: at warn it logs every refused command (each admin run's endSessions) and grows without end.
  const child = spawn(binary, ['-listen', `127.0.0.1:${port}`, '-data', options.dataDir, '-log-level', 'error'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let reason = '';
  // Keep the server's own log beside its data: when it dies, this says why. One older file is kept, so it stays small.
  const logFile = join(options.dataDir, 'ferretdb.log');
  if (existsSync(logFile) && statSync(logFile).size > maxLogBytes) renameSync(logFile, `${logFile}.1`);
  const log = createWriteStream(logFile, { flags: 'a' });
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
    // A Go crash prints its reason once, then pages of goroutines: keep the reason for the report.
    reason ||= /^(?:panic|fatal error): .*$/m.exec(d.toString())?.[0] ?? '';
    log.write(d);
  });
  child.once('exit', (code, signal) => log.end(`\nferretdb exited: code ${code} signal ${signal}\n`));
  const uri = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const limit = options.startTimeoutMs ?? 30_000;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`ferretdb did not start within ${limit} ms: ${stderr}`));
    }, limit);
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      const match = /ready (mongodb:\/\/\S+)/.exec(stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`ferretdb exited with ${code} before listening: ${stderr}`));
    });
  });
  return { child, uri, stderrTail: () => (reason ? `${reason}\n…\n${stderr.slice(-800)}` : stderr) };
}

/**
 * Moves aside database files that never got a byte written (with their journal files): FerretDB refuses to start
 * while one lies in its folder, and an empty file holds nothing to lose. Anything with content stays.
 */
function setAsideEmptyDatabases(dataDir: string): void {
  const aside = join(dataDir, 'set-aside');
  for (const name of readdirSync(dataDir).filter((n) => n.endsWith('.sqlite'))) {
    const file = join(dataDir, name);
    const wal = `${file}-wal`;
    if (statSync(file).size > 0 || (existsSync(wal) && statSync(wal).size > 0)) continue;
    makeDataFolder(aside);
    for (const part of [file, wal, `${file}-shm`, `${file}-journal`]) if (existsSync(part)) renameSync(part, join(aside, `${Date.now()}-${basename(part)}`));
    process.stderr.write(`ferretdb: set aside the empty database file ${name}\n`);
  }
}

/**
 * Starts the embedded FerretDB (SQLite backend) and resolves once it accepts connections. If it dies
 * unexpectedly it is started again on the same port and data folder (at most 5 times), with the reason
 * written to stderr, so that one crash does not take the bot (or a test run) down with it.
 */
export async function startFerretdb(options: StartFerretdbOptions): Promise<RunningServer> {
  const binary = await ensureFerretdbBinary();
  makeDataFolder(options.dataDir);
  const lock = await lockDataDir(options.dataDir);
  let current: Awaited<ReturnType<typeof spawnFerretdb>>;
  try {
    current = await spawnFerretdb(binary, options, options.port ?? 0);
  } catch (error) {
    lock.release();
    throw error;
  }
  lock.describe(current.uri, current.child.pid);
  const port = Number(new URL(current.uri).port);
  let stopping = false;
  let restarts = 0;
  // A start can fail right after a crash (a database file the crash left without FerretDB's metadata table);
  // try a few times, setting such never-written files aside, before giving up.
  const restart = async (crashed: typeof current): Promise<void> => {
    for (let attempt = 1; attempt <= 5 && !stopping; attempt++) {
      if (++restarts > 10) break;
      try {
        const next = await spawnFerretdb(binary, options, port);
        current = next;
        lock.describe(next.uri, next.child.pid);
        watch(next);
        process.stderr.write(`ferretdb restarted on port ${port}\n`);
        return;
      } catch (error) {
        process.stderr.write(`ferretdb restart ${attempt} failed: ${String(error).slice(0, 400)}\n`);
        if (String(error).includes('_ferretdb_collections')) setAsideEmptyDatabases(options.dataDir);
        await new Promise((r) => setTimeout(r, 500 * attempt));
      }
    }
    process.stderr.write(`ferretdb could not be restarted on port ${port}; last output:\n${crashed.stderrTail().slice(-500)}\n`);
  };
  const watch = (running: typeof current) => {
    running.child.once('exit', (code, signal) => {
      if (stopping) return;
      process.stderr.write(`ferretdb on port ${port} exited unexpectedly (code ${code}, signal ${signal}); last output:\n${running.stderrTail().slice(-1500)}\n`);
      void restart(running);
    });
  };
  watch(current);
  return {
    uri: current.uri,
    stop: async () => {
      stopping = true;
      await stopChild(current.child);
      lock.release();
    },
  };
}
