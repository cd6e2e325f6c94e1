import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { loadConfig, type Config } from '../../src/config.js';

/** Connection details private to one test file: its own database and Redis key prefix. */
export interface Isolated {
  id: string;
  redisUrl: string;
  mongoUri: string;
  prefix: string;
}

export { replaceDatabase as databaseUri } from '../../src/embedded/services.js';
import { replaceDatabase as databaseUri } from '../../src/embedded/services.js';

/** A fresh namespace on the run's shared services. */
export function isolate(label = 'test'): Isolated {
  const id = `${label.replace(/[^a-z0-9]/gi, '').slice(0, 20)}_${randomBytes(4).toString('hex')}`;
  return {
    id,
    redisUrl: inject('redisUrl'),
    mongoUri: databaseUri(inject('mongoUri'), `t_${id}`),
    prefix: `t_${id}`,
  };
}

/** A valid WeCom test identity (never a real one). */
export const testWecom = {
  WECOM_CORP_ID: 'ww0123456789abcdef',
  WECOM_AGENT_ID: '1000002',
  WECOM_SECRET: 'test-app-secret',
  WECOM_TOKEN: 'QDG6eK',
  WECOM_ENCODING_AES_KEY: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
} as const;

/** A validated Config for tests, pointing at this file's namespace. */
export function testConfig(ns: Isolated, overrides: Record<string, string> = {}): Config {
  return loadConfig({
    ...testWecom,
    PORT: '0',
    REDIS_URL: ns.redisUrl,
    MONGODB_URI: ns.mongoUri,
    QUEUE_PREFIX: ns.prefix,
    LOG_LEVEL: 'silent',
    ...overrides,
  });
}
