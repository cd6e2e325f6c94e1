import { mkdtempSync, rmSync } from 'node:fs';
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
        const redis = await startRedisServer({ dir: join(base, 'redis'), persist: !fresh });
        stops.push(redis.stop);
        redisUrl = redis.uri;
        notes.push(`redis: started redis-server at ${redis.uri}`);
      }
    }

    let mongoUri = options.mongoUri;
    if (mongoUri) notes.push('mongodb: using MONGODB_URI');
    else {
      const dataDir = join(base, 'ferretdb');
      const ferret = await startFerretdb({ dataDir });
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
