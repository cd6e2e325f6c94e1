import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from './project-root.js';
import { run, stopChild } from './child.js';

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

/** Starts the embedded FerretDB (SQLite backend) and resolves once it accepts connections. */
export async function startFerretdb(options: StartFerretdbOptions): Promise<RunningServer> {
  const binary = await ensureFerretdbBinary();
  mkdirSync(options.dataDir, { recursive: true });
  const child = spawn(binary, ['-listen', `127.0.0.1:${options.port ?? 0}`, '-data', options.dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));

  const uri = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`ferretdb did not start within ${options.startTimeoutMs ?? 30_000} ms: ${stderr}`));
    }, options.startTimeoutMs ?? 30_000);
    child.stdout.on('data', (d: Buffer) => {
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
  return { uri, stop: () => stopChild(child) };
}
