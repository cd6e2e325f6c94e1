import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startFerretdb } from './ferretdb.js';
import { redisAnswers, startRedisServer } from './redis.js';

/** Where each service is, and what this process started to provide it. */
export interface Services {
  redisUrl: string;
  /** MongoDB URI; for the embedded server it names no database. */
  mongoUri: string;
  /** Human-readable lines: what was started or reused, and where. */
  notes: string[];
  /** Stops only what this call started. */
  stop(): Promise<void>;
}

export interface ServicesOptions {
  /** REDIS_URL / MONGODB_URI, when set, are used as they are and nothing is started. */
  redisUrl?: string;
  mongoUri?: string;
  /** Keep the embedded data here across runs; without it a fresh temporary folder is used and removed on stop. */
  dataDir?: string;
  /** Redis tried before starting a private one. */
  defaultRedisUrl?: string;
}

/** Whether nothing listens on 127.0.0.1:port now. */
async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/**
 * The port an embedded service had at the last start (DATA_DIR/embedded.json), when it is free again: role processes
 * started with the printed MONGODB_URI / REDIS_URL (and a service manager's fixed settings) reconnect after a restart.
 */
async function previousPort(base: string, field: 'mongoUri' | 'redisUrl', not?: string): Promise<number | undefined> {
  const file = join(base, 'embedded.json');
  if (!existsSync(file)) return undefined;
  try {
    const url = new URL(String((JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>)[field]));
    const port = Number(url.port);
    // The shared local Redis recorded there is not ours: a private one started on its port would pose as it.
    if (url.hostname !== '127.0.0.1' || !Number.isInteger(port) || port <= 0 || (not !== undefined && url.port === new URL(not).port)) return undefined;
    return (await portFree(port)) ? port : undefined;
  } catch {
    return undefined;
  }
}

/** Starts on the previous port when it is free, otherwise (also when taken in the meantime) on a new one. */
async function onPreviousPort<T>(port: number | undefined, start: (port: number | undefined) => Promise<T>): Promise<T> {
  if (port === undefined) return start(undefined);
  try {
    return await start(port);
  } catch {
    return start(undefined);
  }
}

/**
 * Gives a URI for Redis and for MongoDB: configured ones first, then the local Redis on
 * 127.0.0.1:6379 if it answers, otherwise servers started here (redis-server, embedded FerretDB).
 */
export async function startServices(options: ServicesOptions = {}): Promise<Services> {
  const stops: Array<() => Promise<void>> = [];
  const notes: string[] = [];
  const fresh = options.dataDir === undefined;
  const base = fresh ? mkdtempSync(join(tmpdir(), 'linkage-services-')) : resolve(options.dataDir as string);
  if (fresh) stops.push(async () => rmSync(base, { recursive: true, force: true }));

  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop().catch(() => undefined);
  };
  try {
    let redisUrl = options.redisUrl;
    if (redisUrl) notes.push('redis: using REDIS_URL');
    else {
      const local = options.defaultRedisUrl ?? 'redis://127.0.0.1:6379';
      if (await redisAnswers(local)) {
        redisUrl = local;
        notes.push(`redis: using the local server at ${local}`);
      } else {
        const port = fresh ? undefined : await previousPort(base, 'redisUrl', local);
        const redis = await onPreviousPort(port, (p) => startRedisServer({ dir: join(base, 'redis'), persist: !fresh, port: p }));
        stops.push(redis.stop);
        redisUrl = redis.uri;
        notes.push(`redis: started redis-server at ${redis.uri}`);
      }
    }

    let mongoUri = options.mongoUri;
    if (mongoUri) notes.push('mongodb: using MONGODB_URI');
    else {
      const dataDir = join(base, 'ferretdb');
      const port = fresh ? undefined : await previousPort(base, 'mongoUri');
      const ferret = await onPreviousPort(port, (p) => startFerretdb({ dataDir, port: p }));
      stops.push(ferret.stop);
      mongoUri = ferret.uri;
      notes.push(`mongodb: started embedded FerretDB at ${ferret.uri} (data in ${dataDir})`);
    }
    return { redisUrl, mongoUri, notes, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

const mongoUriParts = /^(mongodb(?:\+srv)?:\/\/[^/?]+)(\/[^?]*)?(\?.*)?$/;

/** Replaces (or adds) the database name of a MongoDB URI, multi-host URIs included. */
export function replaceDatabase(uri: string, database: string): string {
  const match = mongoUriParts.exec(uri);
  if (!match) throw new Error('not a MongoDB URI');
  return `${match[1]}/${database}${match[3] ?? ''}`;
}

/** Adds a database name to a MongoDB URI that names none; a URI that names one is kept as it is. */
export function withDatabase(uri: string, database: string): string {
  const path = mongoUriParts.exec(uri)?.[2];
  if (path === undefined ? !mongoUriParts.test(uri) : path !== '/') return uri;
  return replaceDatabase(uri, database);
}
