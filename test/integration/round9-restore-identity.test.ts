import { afterAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import { pino } from 'pino';
import { connectMongo } from '../../src/db/connect.js';
import { startServices, withDatabase } from '../../src/embedded/services.js';
import { claimQueues, mongoLocation, ownerKey } from '../../src/installation-identity.js';
import { silentLogger } from '../../src/log.js';
import { defaultDatabase, startRuntime } from '../../src/runtime.js';
import { isolate, testConfig } from '../support/isolation.js';

/** A logger whose warn lines are kept, parsed, for the test to read. */
function recordingLogger() {
  const lines: Array<{ level: number; msg: string; identity?: string }> = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(JSON.parse(line) as (typeof lines)[number]) });
  return { logger, lines };
}

/**
 * Round 9 (upgrade) S1: the backup an operator takes before upgrading is of a database without an installation
 * identity. Restored in place after the new code had claimed the queues (a failed upgrade, or a rollback and a
 * second upgrade), it got a fresh identity and was refused as "another database" naming its own folder.
 */
describe('a backup from before the installation identity, restored in place', () => {
  const ns = isolate('restoreid');
  let mongo: Connection;
  let redis: Redis;
  const folder = '/srv/linkage/data/ferretdb';
  const embedded = { where: `the embedded database in ${folder}`, embeddedIn: folder };
  const claim = (place: { where: string; embeddedIn?: string }, logger = silentLogger) =>
    claimQueues({ redis, mongo, prefix: ns.prefix, redisUrl: ns.redisUrl, logger, ...place });
  const identity = async () => (await mongo.collection('installation').findOne({ _id: 'identity' as never }))?.id as string | undefined;
  /** What the restore puts back: the records, and no identity. */
  const restorePreIdentityBackup = async () => {
    await mongo.collection('installation').deleteMany({});
    await mongo.collection('cases').updateOne({ _id: '富林罚〔2026〕101号' as never }, { $set: { areaMu: 12 } }, { upsert: true });
  };
  afterAll(async () => {
    await redis?.del(ownerKey(ns.prefix));
    redis?.disconnect();
    await mongo?.dropDatabase().catch(() => undefined);
    await mongo?.close();
  });

  it('starts on the restored copy of the embedded folder, taking the identity that owns the queues, and says so at warn', async () => {
    redis = new Redis(ns.redisUrl);
    mongo = await connectMongo(ns.mongoUri);
    await mongo.collection('cases').insertOne({ _id: '富林罚〔2026〕101号' as never, areaMu: 12 });
    await claim(embedded); // the first start of the new code on the old data
    const owner = JSON.parse((await redis.get(ownerKey(ns.prefix)))!) as { id: string };
    await restorePreIdentityBackup();

    const { logger, lines } = recordingLogger();
    await expect(claim(embedded, logger)).resolves.toBeUndefined();
    expect(await identity()).toBe(owner.id);
    expect(lines).toEqual([expect.objectContaining({ level: 40, identity: owner.id, msg: expect.stringContaining('restored in place') })]);
    // The next start (and the other role) passes on the identity now stored, saying nothing.
    const again = recordingLogger();
    await claim(embedded, again.logger);
    expect(again.lines).toEqual([]);
  });

  it('refuses an empty database in that place (wiped, or a new installation), writing no identity into it', async () => {
    const stored = await redis.get(ownerKey(ns.prefix));
    await mongo.dropDatabase();
    await expect(claim(embedded)).rejects.toThrow(
      `QUEUE_PREFIX ${ns.prefix} on ${ns.redisUrl.replace(/\/$/, '')} belongs to the database that was in this same location (the embedded database in ${folder}),`
      + ' but the database there now is empty (wiped, or a new installation in its place?)',
    );
    await expect(claim(embedded)).rejects.toThrow(`delete the Redis key ${ns.prefix}:owner to start on the empty one anyway`);
    expect(await identity()).toBeUndefined();
    expect(await redis.get(ownerKey(ns.prefix))).toBe(stored);
  });

  it('refuses a database with another identity in that place, saying it is the same location and what to do', async () => {
    await mongo.collection('cases').insertOne({ _id: '富林罚〔2026〕101号' as never, areaMu: 12 });
    await mongo.collection('installation').insertOne({ _id: 'identity' as never, id: 'a-backup-of-another-database', createdAt: new Date('2026-12-01T02:00:00Z') });
    const refused = claim(embedded);
    await expect(refused).rejects.toThrow(
      `QUEUE_PREFIX ${ns.prefix} on ${ns.redisUrl.replace(/\/$/, '')}: the same location (the embedded database in ${folder}) holds a database with another identity`
      + ' than the one the queues belong to: a restored backup from after 2026-12-01 (when it got its identity), of another installation or of one replaced here since?',
    );
    await expect(claim(embedded)).rejects.toThrow(`delete the Redis key ${ns.prefix}:owner if it may be handled against this one`);
    // Another folder is still another database, as before.
    await expect(claim({ where: 'the embedded database in /srv/staging/ferretdb', embeddedIn: '/srv/staging/ferretdb' }))
      .rejects.toThrow(`already belongs to another database (the embedded database in ${folder}); give this installation its own QUEUE_PREFIX`);
  });

  it('on MONGODB_URI, takes the same server and database given with other credentials or options as the same place; another database name is not', async () => {
    await redis.del(ownerKey(ns.prefix));
    await mongo.dropDatabase();
    await mongo.collection('cases').insertOne({ _id: '富林罚〔2026〕101号' as never, areaMu: 12 });
    await claim({ where: 'mongodb://linkage:***@Mongo-A.internal:27017,mongo-b.internal:27017/linkage?replicaSet=rs0' });
    const owner = JSON.parse((await redis.get(ownerKey(ns.prefix)))!) as { id: string };
    await restorePreIdentityBackup();
    await expect(claim({ where: 'mongodb://elsewhere.internal:27017/linkage' })).rejects.toThrow('already belongs to another database');
    expect(await identity()).not.toBe(owner.id);

    await restorePreIdentityBackup();
    await expect(claim({ where: 'mongodb://admin:***@mongo-b.internal:27017,mongo-a.internal:27017/linkage' })).resolves.toBeUndefined();
    expect(await identity()).toBe(owner.id);
    expect(mongoLocation('mongodb://u:p@w@H1:1,h2:2/linkage?x=1')).toBe('mongodb://h1:1,h2:2/linkage');
    expect(mongoLocation('mongodb://h1:1/other')).not.toBe(mongoLocation('mongodb://h1:1/linkage'));
  });
});

describe('the pre-upgrade copy of DATA_DIR put back after the new code ran on it', () => {
  it('starts: upgrade, restore the copy, start again (the round 9 upgrade tester was refused here)', async () => {
    const ns = isolate('restoredir');
    const dir = mkdtempSync(join(tmpdir(), 'restore-identity-'));
    const dataDir = join(dir, 'data');
    const config = testConfig(ns, { MONGODB_URI: '', DATA_DIR: dataDir });
    try {
      // The old release's data: records, no identity.
      const old = await startServices({ redisUrl: ns.redisUrl, dataDir });
      const oldMongo = await connectMongo(withDatabase(old.mongoUri, defaultDatabase));
      await oldMongo.collection('cases').insertOne({ _id: '富林罚〔2026〕101号' as never, areaMu: 12 });
      await oldMongo.close();
      await old.stop();
      cpSync(dataDir, join(dir, 'backup'), { recursive: true });

      const upgraded = await startRuntime(config, { role: 'web', logger: silentLogger, processors: () => [] });
      await upgraded.stop();
      renameSync(dataDir, join(dir, 'after-upgrade'));
      cpSync(join(dir, 'backup'), dataDir, { recursive: true });

      const { logger, lines } = recordingLogger();
      const restored = await startRuntime(config, { role: 'web', logger, processors: () => [] });
      try {
        expect(await restored.mongo.collection('cases').countDocuments()).toBe(1);
        expect(lines.map((l) => l.msg)).toContainEqual(expect.stringContaining('restored in place'));
      } finally {
        await restored.stop();
      }
    } finally {
      const redis = new Redis(ns.redisUrl);
      await redis.del(ownerKey(ns.prefix));
      redis.disconnect();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
