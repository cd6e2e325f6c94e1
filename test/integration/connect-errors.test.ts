import { describe, expect, it } from 'vitest';
import { connectMongo } from '../../src/db/connect.js';
import { createCommandRedis, waitReady } from '../../src/queue/connection.js';

/** An operator reading `fatal: …` must see which service, at which address, and which setting to check — no password. */
describe('connection errors name the service and its address', () => {
  it('says MongoDB, the address with its password masked, and the setting', async () => {
    const error = await connectMongo('mongodb://ops:s3cret@127.0.0.1:1/linkage').catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/^connection to MongoDB at mongodb:\/\/ops:\*\*\*@127\.0\.0\.1:1\/linkage failed: .*ECONNREFUSED.* \(check MONGODB_URI/);
    expect((error as Error).message).not.toContain('s3cret');
  });

  it('says Redis and its address when it is not ready in time', async () => {
    const redis = createCommandRedis('redis://127.0.0.1:1');
    try {
      await expect(waitReady(redis, 500)).rejects.toThrow('Redis at 127.0.0.1:1 not ready after 500 ms (REDIS_URL');
    } finally {
      redis.disconnect();
    }
  });
});
