import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';

export type DependencyState = 'up' | 'down';

/** The state of every dependency; `down` lists the names of those not answering. */
export interface HealthReport {
  status: 'ok' | 'down';
  dependencies: Record<string, DependencyState>;
  down: string[];
}

/** What the health check pings. */
export interface HealthDeps {
  redis: Redis;
  mongo: Connection;
  /** How long one ping may take before the dependency counts as down. */
  timeoutMs?: number;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    promise.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e: unknown) => (clearTimeout(timer), reject(e instanceof Error ? e : new Error(String(e)))),
    );
  });
}

async function probe(check: () => Promise<unknown>, ms: number): Promise<DependencyState> {
  try {
    await withTimeout(check(), ms);
    return 'up';
  } catch {
    return 'down';
  }
}

/** Pings Redis and MongoDB in parallel. */
export async function checkHealth(deps: HealthDeps): Promise<HealthReport> {
  const ms = deps.timeoutMs ?? 1500;
  const [redis, mongodb] = await Promise.all([
    probe(() => deps.redis.ping(), ms),
    probe(async () => {
      const db = deps.mongo.db;
      if (!db) throw new Error('not connected');
      return db.admin().command({ ping: 1 });
    }, ms),
  ]);
  const dependencies = { redis, mongodb };
  const down = Object.entries(dependencies).filter(([, s]) => s === 'down').map(([name]) => name);
  return { status: down.length ? 'down' : 'ok', dependencies, down };
}
