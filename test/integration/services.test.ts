import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { inject } from 'vitest';
import { startServices, withDatabase } from '../../src/embedded/services.js';
import { redisAnswers } from '../../src/embedded/redis.js';
import { freePort } from '../../src/embedded/child.js';
import mongoose from 'mongoose';

describe('startServices', () => {
  it('uses configured URIs as they are and starts nothing', async () => {
    const services = await startServices({ redisUrl: inject('redisUrl'), mongoUri: inject('mongoUri') });
    expect(services.redisUrl).toBe(inject('redisUrl'));
    expect(services.mongoUri).toBe(inject('mongoUri'));
    expect(services.notes).toEqual(['redis: using REDIS_URL', 'mongodb: using MONGODB_URI']);
    await services.stop();
    expect(await redisAnswers(inject('redisUrl'))).toBe(true);
  });

  it('starts redis-server and FerretDB when nothing answers, and stops only those', async () => {
    const deadPort = await freePort();
    const services = await startServices({ defaultRedisUrl: `redis://127.0.0.1:${deadPort}` });
    expect(services.redisUrl).not.toContain(String(deadPort));
    expect(services.notes[0]).toMatch(/^redis: started redis-server at redis:\/\/127\.0\.0\.1:\d+$/);
    expect(services.notes[1]).toMatch(/^mongodb: started embedded FerretDB at mongodb:\/\/127\.0\.0\.1:\d+\//);
    expect(await redisAnswers(services.redisUrl)).toBe(true);

    const conn = await mongoose.createConnection(withDatabase(services.mongoUri, 'svc')).asPromise();
    await conn.collection('probe').insertOne({ ok: 1 });
    expect(await conn.collection('probe').countDocuments()).toBe(1);
    await conn.close();

    const dataDir = /data in (\S+)\)/.exec(services.notes[1]!)?.[1];
    expect(dataDir && existsSync(dataDir)).toBe(true);
    await services.stop();
    expect(await redisAnswers(services.redisUrl)).toBe(false);
    expect(existsSync(dataDir!)).toBe(false);
    // the shared server of this run was not touched
    expect(await redisAnswers(inject('redisUrl'))).toBe(true);
  });

  it('adds a database name only to a URI that names none', () => {
    expect(withDatabase('mongodb://127.0.0.1:1/', 'linkage')).toBe('mongodb://127.0.0.1:1/linkage');
    expect(withDatabase('mongodb://a:1,b:2/?replicaSet=rs', 'linkage')).toBe('mongodb://a:1,b:2/linkage?replicaSet=rs');
    expect(withDatabase('mongodb://h:1/prod', 'linkage')).toBe('mongodb://h:1/prod');
  });
});
