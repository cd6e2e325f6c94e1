import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServices, type Services } from '../../src/embedded/services.js';

/**
 * `npm run services` gave MongoDB (and a private Redis) a new random port at every start, so role processes started
 * with the printed URIs never reconnected after a restart. The ports recorded in DATA_DIR/embedded.json are reused
 * when free.
 */
describe('embedded services keep their ports across restarts', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  });

  // As scripts/services.ts and npm start record it.
  const record = (dir: string, s: Services) => writeFileSync(join(dir, 'embedded.json'), JSON.stringify({ mongoUri: s.mongoUri, redisUrl: s.redisUrl, pid: process.pid }));
  // No local Redis to fall back on, so a private one is started as on a machine without Redis.
  const options = (dir: string) => ({ dataDir: dir, defaultRedisUrl: 'redis://127.0.0.1:1' });

  it('starts again on the recorded ports, and on new ones when those are taken', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'services-port-'));
    const first = await startServices(options(dir));
    cleanups.push(() => first.stop());
    record(dir, first);
    await first.stop();

    const second = await startServices(options(dir));
    cleanups.push(() => second.stop());
    expect(second.mongoUri).toBe(first.mongoUri);
    expect(second.redisUrl).toBe(first.redisUrl);
    record(dir, second);
    await second.stop();

    // Something else took the MongoDB port meanwhile: start anyway, elsewhere.
    const squatter: Server = createServer();
    await new Promise<void>((r) => squatter.listen(Number(new URL(first.mongoUri).port), '127.0.0.1', r));
    cleanups.push(() => new Promise((r) => squatter.close(r)));
    const third = await startServices(options(dir));
    cleanups.push(() => third.stop());
    expect(third.mongoUri).not.toBe(first.mongoUri);
    expect(third.redisUrl).toBe(first.redisUrl);
  }, 90_000);
});
