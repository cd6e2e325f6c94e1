import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { makeDataFolder } from './data-folder.js';
import { Redis } from 'ioredis';
import { freePort, run, stopChild } from './child.js';
import type { RunningServer } from './ferretdb.js';

/** True when a Redis server answers PING at `url` within `timeoutMs`. */
export async function redisAnswers(url: string, timeoutMs = 1000): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/** Path of redis-server, installing Debian's package when it is missing. */
export async function ensureRedisServerBinary(): Promise<string> {
  for (const candidate of ['/usr/bin/redis-server', '/usr/local/bin/redis-server']) {
    if (existsSync(candidate)) return candidate;
  }
  await run('apt-get', ['update'], { timeoutMs: 5 * 60_000 });
  await run('apt-get', ['install', '-y', '--no-install-recommends', 'redis-server'], { timeoutMs: 10 * 60_000 });
  return '/usr/bin/redis-server';
}

export interface StartRedisOptions {
  /** Working folder for redis-server (its append-only file when `persist`). */
  dir: string;
  /** Keep data across restarts with an append-only file fsynced every second. */
  persist?: boolean;
  port?: number;
}

/** Starts a private redis-server on 127.0.0.1 and resolves once it answers. */
export async function startRedisServer(options: StartRedisOptions): Promise<RunningServer & { port: number }> {
  const binary = await ensureRedisServerBinary();
  makeDataFolder(options.dir);
  const port = options.port ?? (await freePort());
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', options.dir, '--save', ''];
  args.push('--appendonly', options.persist ? 'yes' : 'no');
  const child = spawn(binary, args, { stdio: 'ignore' });
  const uri = `redis://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode} on port ${port}`);
    if (await redisAnswers(uri, 200)) return { uri, port, stop: () => stopChild(child) };
    await new Promise((r) => setTimeout(r, 100));
  }
  await stopChild(child);
  throw new Error(`redis-server did not answer on port ${port}`);
}
