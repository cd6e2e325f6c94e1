import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, stopChild } from '../../src/embedded/child.js';
import { ensureRedisServerBinary, redisAnswers } from '../../src/embedded/redis.js';

/**
 * A private redis-server that loses nothing it acknowledged: append-only file fsynced on every write
 * (`appendfsync always`), as the queue's Redis should run in production. The project's own private Redis
 * (src/embedded/redis.ts) only offers `appendonly yes` with the default fsync every second, hence this one.
 */
export interface DurableRedis {
  /** redis://127.0.0.1:PORT */
  readonly uri: string;
  readonly port: number;
  /** Its data folder (the append-only files), a fresh temporary folder. */
  readonly dir: string;
  /** Stops it with SIGTERM, as systemd or a container runtime does; resolves once it has exited. */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same data folder; resolves once it answers PING. */
  start(): Promise<void>;
  /** Stops it and removes its data folder. */
  remove(): Promise<void>;
}

async function spawnRedis(binary: string, port: number, dir: string): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'always'];
  const child = spawn(binary, args, { stdio: 'ignore' });
  const uri = `redis://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode} on port ${port}`);
    if (await redisAnswers(uri, 200)) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  await stopChild(child);
  throw new Error(`redis-server did not answer on port ${port}`);
}

/** Starts a durable private redis-server on a free port of 127.0.0.1. */
export async function startDurableRedis(): Promise<DurableRedis> {
  const binary = await ensureRedisServerBinary();
  const dir = mkdtempSync(join(tmpdir(), 'durable-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined = await spawnRedis(binary, port, dir);
  const stop = async () => {
    const running = child;
    child = undefined;
    if (running) await stopChild(running);
  };
  return {
    uri: `redis://127.0.0.1:${port}`,
    port,
    dir,
    stop,
    async start() {
      if (!child) child = await spawnRedis(binary, port, dir);
    },
    async remove() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
