import { describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, loadConfig, redactUrl } from '../../src/config.js';
import { testWecom } from '../support/isolation.js';

describe('loadConfig', () => {
  it('applies defaults, including the Asia/Shanghai time zone and the public WeCom endpoints', () => {
    const cfg = loadConfig({ ...testWecom });
    expect(cfg.PORT).toBe(3000);
    expect(cfg.TZ).toBe('Asia/Shanghai');
    expect(cfg.WECOM_AGENT_ID).toBe(1000002);
    expect(cfg.WECOM_API_BASE).toBe('https://qyapi.weixin.qq.com');
    expect(cfg.WECOM_WS_URL).toBe('wss://openws.work.weixin.qq.com');
    expect(cfg.REDIS_URL).toBeUndefined();
    expect(cfg.MONGODB_URI).toBeUndefined();
    // Scheduled sends keep off the top and the half of the hour, when WeCom asks senders to hold back.
    for (const cron of [cfg.DIGEST_CRON, cfg.LEAD_CHECK_CRON]) expect(cron.split(' ')[0]!.split(',').map(Number).filter((m) => m === 0 || m === 30)).toEqual([]);
  });

  it('names the variable and the problem when the EncodingAESKey is not 43 characters', () => {
    const bad = { ...testWecom, WECOM_ENCODING_AES_KEY: testWecom.WECOM_ENCODING_AES_KEY.slice(0, 42) };
    expect(() => loadConfig(bad)).toThrow(ConfigError);
    expect(() => loadConfig(bad)).toThrow('WECOM_ENCODING_AES_KEY must be 43 characters (got 42)');
  });

  it.each([
    ['WECOM_CORP_ID', { WECOM_CORP_ID: '' }, /WECOM_CORP_ID is required/],
    ['WECOM_AGENT_ID', { WECOM_AGENT_ID: 'abc' }, /WECOM_AGENT_ID must be the numeric AgentId/],
    ['PORT', { PORT: '70000' }, /PORT must be a port number/],
    ['TZ', { TZ: 'Mars/Olympus' }, /TZ must be an IANA time zone/],
    ['REDIS_URL', { REDIS_URL: 'http://x' }, /REDIS_URL must start with redis:\/\//],
    ['MONGODB_URI', { MONGODB_URI: 'postgres://x' }, /MONGODB_URI must start with mongodb:\/\//],
    ['WECOM_API_BASE', { WECOM_API_BASE: 'ftp://x' }, /WECOM_API_BASE must be a URL/],
    ['DIGEST_CRON', { DIGEST_CRON: 'every-hour' }, /DIGEST_CRON must be a 5-field cron .*got 1 field$/],
    ['LEAD_CHECK_CRON', { LEAD_CHECK_CRON: '99 * * * *' }, /LEAD_CHECK_CRON is not a valid cron: .*0-59/],
    ['LEAD_SWEEP_CRON', { LEAD_SWEEP_CRON: '0 2 * *' }, /LEAD_SWEEP_CRON must be a 5-field cron .*got 4 fields/],
    ['DIGEST_CRON', { DIGEST_CRON: '0 8 * * * *' }, /DIGEST_CRON must be a 5-field cron .*got 6 fields/],
    ['WECOM_BOT_SECRET', { WECOM_BOT_ID: 'bot1' }, /WECOM_BOT_SECRET is required when/],
  ])('rejects a bad %s with a readable message', (variable, env, message) => {
    let caught: unknown;
    try {
      loadConfig({ ...testWecom, ...env });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).variable).toBe(variable);
    expect((caught as ConfigError).message).toMatch(message);
    expect((caught as ConfigError).message).not.toContain('\n');
  });

  it('reports a missing required setting by name', () => {
    const { WECOM_SECRET: _omitted, ...rest } = testWecom;
    expect(() => loadConfig(rest)).toThrow(/^WECOM_SECRET is required/);
  });

  it('words a value that is not a number, or not one of a list, as the other settings are worded', () => {
    expect(() => loadConfig({ ...testWecom, PORT: 'abc' })).toThrow(/^PORT must be a number$/);
    expect(() => loadConfig({ ...testWecom, LOG_LEVEL: 'verbose' })).toThrow('LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "verbose")');
  });
});

describe('describeConfig', () => {
  it('masks secrets and URL passwords so the configuration can be logged', () => {
    const cfg = loadConfig({ ...testWecom, REDIS_URL: 'redis://:hunter2@db:6379', WECOM_BOT_ID: 'b', WECOM_BOT_SECRET: 'botsecret' });
    const text = JSON.stringify(describeConfig(cfg));
    for (const secret of [testWecom.WECOM_SECRET, testWecom.WECOM_ENCODING_AES_KEY, 'hunter2', 'botsecret']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('ww0123456789abcdef');
    expect(redactUrl('mongodb://user:pw@h:1/db')).toBe('mongodb://user:***@h:1/db');
  });

  it('masks a password holding an unescaped @ (drivers split at the last @) up to the last @', () => {
    expect(redactUrl('redis://:Pa55@word@127.0.0.1:3618')).toBe('redis://:***@127.0.0.1:3618');
    expect(redactUrl('mongodb://linkage:Pa55@word#1@127.0.0.1:27999/x')).toBe('mongodb://linkage:***@127.0.0.1:27999/x');
    expect(redactUrl('mongodb://linkage:pa/ss@w@h:1/db')).toBe('mongodb://linkage:***@h:1/db');
    expect(redactUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
    expect(redactUrl('mongodb://127.0.0.1:27017/linkage')).toBe('mongodb://127.0.0.1:27017/linkage');
    const cfg = loadConfig({ ...testWecom, REDIS_URL: 'redis://:Pa55@word@127.0.0.1:3618', MONGODB_URI: 'mongodb://linkage:Pa55@word#1@127.0.0.1:27999/x' });
    const text = JSON.stringify(describeConfig(cfg));
    expect(text).not.toContain('word');
    expect(text).toContain('127.0.0.1:3618');
  });
});

describe('.env.example', () => {
  it('is itself a valid configuration and documents every setting the schema reads', async () => {
    const { readFileSync } = await import('node:fs');
    const { parseEnv } = await import('node:util');
    const text = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
    const documented = new Set([...text.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
    const cfg = loadConfig(parseEnv(text));
    for (const key of Object.keys(cfg)) expect(documented, `${key} missing from .env.example`).toContain(key);
  });
});

describe('API_TOKENS errors', () => {
  const token = '3c5f0a1b2c3d4e5f6a7b8c9d0e1f2a3b';
  const errorOf = (value: string) => {
    try {
      loadConfig({ ...testWecom, API_TOKENS: value });
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('expected a config error');
  };

  it('never echoes the token when the name or role is left out', () => {
    for (const value of [token, `${token}:admin`, `admin:${token}`, `ops:admin:short,${token}`, `bad name!:admin:${token}`]) {
      const message = errorOf(value);
      expect(message).toMatch(/^API_TOKENS entry \d/);
      expect(message).not.toContain(token);
      expect(message).not.toContain(token.slice(0, 12));
    }
    expect(errorOf(token)).toBe('API_TOKENS entry 1: the format is name:role[@agency]:token, with all three parts');
    expect(errorOf(`${token}:admin`)).toBe('API_TOKENS entry 1: the format is name:role[@agency]:token, with all three parts');
  });

  it('names a well-formed entry by its name', () => {
    expect(errorOf(`ops:admin:${token},wang:chief:${token}x`)).toBe('API_TOKENS entry 2 (wang): the role must be one of admin, prosecutor, agency_admin');
  });
});
