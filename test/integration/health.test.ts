import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { startRedisServer } from '../../src/embedded/redis.js';
import { startFerretdb } from '../../src/embedded/ferretdb.js';
import { createCommandRedis } from '../../src/queue/connection.js';
import { connectMongo } from '../../src/db/connect.js';
import { createApp } from '../../src/server/app.js';
import { silentLogger } from '../../src/log.js';
import { testConfig, isolate, databaseUri } from '../support/isolation.js';

/**
 * Uses servers of its own (not the run's shared ones) because it stops them.
 */
describe('/healthz', () => {
  const servers: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const stop of servers.reverse()) await stop().catch(() => undefined);
  });

  async function appOnPrivateServices() {
    const dir = mkdtempSync(join(tmpdir(), 'health-'));
    const redisServer = await startRedisServer({ dir: join(dir, 'redis') });
    const ferret = await startFerretdb({ dataDir: join(dir, 'ferretdb') });
    const redis = createCommandRedis(redisServer.uri);
    // Connected before the first check: a command client without an offline queue refuses a ping while connecting,
    // which /healthz rightly reports as Redis down (a loaded machine made that the first answer).
    if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
    const mongo = await connectMongo(databaseUri(ferret.uri, 'health'));
    const { app } = createApp(testConfig(isolate('health')), { redis, mongo, logger: silentLogger });
    const http: Server = createServer(app.callback());
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/healthz`;
    servers.push(ferret.stop, redisServer.stop, async () => {
      redis.disconnect();
      await mongo.close(true);
    }, () => new Promise((r) => http.close(() => r())));
    return { url, redisServer, ferret };
  }

  it('answers 200 with each dependency up, and 503 naming Redis once Redis is stopped', async () => {
    const { url, redisServer } = await appOnPrivateServices();
    const up = await fetch(url);
    expect(up.status).toBe(200);
    expect(await up.json()).toMatchObject({ status: 'ok', dependencies: { redis: 'up', mongodb: 'up' }, down: [] });

    await redisServer.stop();
    const down = await fetch(url);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ status: 'down', dependencies: { redis: 'down', mongodb: 'up' }, down: ['redis'] });
  });

  it('answers 503 naming MongoDB once the MongoDB-wire server is stopped', async () => {
    const { url, ferret } = await appOnPrivateServices();
    expect((await fetch(url)).status).toBe(200);

    await ferret.stop();
    const down = await fetch(url);
    expect(down.status).toBe(503);
    const body = (await down.json()) as { down: string[]; dependencies: Record<string, string> };
    expect(body.down).toEqual(['mongodb']);
    expect(body.dependencies.redis).toBe('up');
  });
});
