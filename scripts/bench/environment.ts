/**
 * What one bench run stands on: Redis and MongoDB (embedded unless REDIS_URL / MONGODB_URI are set), a fake
 * WeCom for the replies, and a fresh database name and queue prefix that are dropped and cleaned at the end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import { applySeed, readSeedFile } from '../../src/admin/seed.js';
import { connectMongo } from '../../src/db/connect.js';
import { projectRoot } from '../../src/embedded/project-root.js';
import { replaceDatabase, startServices } from '../../src/embedded/services.js';
import { createCommandRedis, waitReady } from '../../src/queue/connection.js';
import { createFakeWecom, type FakeWecom } from '../../test/support/fake-wecom/index.js';
import { demoWecom } from '../lib/demo-identity.js';

/** The time zone of the bot's deadlines and of the seed's relative dates. */
export const benchTimeZone = 'Asia/Shanghai';

/**
 * App messages per member per minute and hour, for the fake and the bot roles. The pipeline sends a thousand
 * messages from a handful of staff: at WeCom's 30 a minute the replies would be paced for minutes, and the run
 * would measure the limit, not the bot.
 */
export const benchMemberLimit = { perMinute: 1_000_000, perHour: 1_000_000 };

export interface BenchEnvironment {
  /** Unique per run; the queue prefix and the start of every database name. */
  runId: string;
  redisUrl: string;
  /** MongoDB URI of `database`, whatever database MONGODB_URI names. */
  uri(database: string): string;
  /** The bot's database (seeded with seed/demo.json), the naive server's, and the deadline sweep's. */
  databases: { bot: string; naive: string; sweep: string };
  /** Connection to the bot's database. */
  mongo: Connection;
  redis: Redis;
  fake: FakeWecom;
  /** Userids of the seeded staff, who may write to the bot. */
  staff: string[];
  /** Scratch files of the run (load specs). */
  workDir: string;
  /** Where the services came from, for the report. */
  notes: string[];
  /** Drops the run's databases and queue keys, then stops what the run started. */
  close(): Promise<void>;
}

/** Starts (or finds) the services, the fake WeCom and seeds the bot's database. */
export async function openEnvironment(): Promise<BenchEnvironment> {
  const services = await startServices({ redisUrl: process.env.REDIS_URL || undefined, mongoUri: process.env.MONGODB_URI || undefined });
  const runId = `bench${Date.now().toString(36)}`;
  const databases = { bot: `${runId}_bot`, naive: `${runId}_naive`, sweep: `${runId}_sweep` };
  const uri = (database: string) => replaceDatabase(services.mongoUri, database);
  const workDir = mkdtempSync(join(tmpdir(), `${runId}-`));
  const redis = createCommandRedis(services.redisUrl);
  await waitReady(redis);
  const mongo = await connectMongo(uri(databases.bot));
  const fake = await createFakeWecom({ corpId: demoWecom.WECOM_CORP_ID, corpSecret: demoWecom.WECOM_SECRET, agentId: demoWecom.WECOM_AGENT_ID, memberLimit: benchMemberLimit });

  const seed = readSeedFile(join(projectRoot(), 'seed', 'demo.json'));
  await applySeed(mongo, seed, { by: 'bench', now: new Date(), timeZone: benchTimeZone });
  const staff = (seed.staff ?? []).map((s) => s.userid);
  for (const person of seed.staff ?? []) fake.addUser({ userid: person.userid, name: person.name });

  const close = async () => {
    for (const database of Object.values(databases)) await mongo.useDb(database).dropDatabase().catch(() => undefined);
    await deleteKeys(redis, `${runId}:*`);
    await mongo.close();
    await redis.quit().catch(() => redis.disconnect());
    await fake.close();
    await services.stop();
    rmSync(workDir, { recursive: true, force: true });
  };
  return { runId, redisUrl: services.redisUrl, uri, databases, mongo, redis, fake, staff, workDir, notes: services.notes, close };
}

/** Deletes every key matching `pattern`, a batch at a time (SCAN, never KEYS: Redis may be shared). */
async function deleteKeys(redis: Redis, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [nextCursor, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    if (keys.length) await redis.unlink(...keys);
    cursor = nextCursor;
  } while (cursor !== '0');
}
