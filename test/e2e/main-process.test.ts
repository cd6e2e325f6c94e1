import { uncoveredYears } from '../../src/calendar/default-calendar.js';
import { afterEach, describe, expect, it } from 'vitest';
import { isolate, testWecom } from '../support/isolation.js';
import { startBotProcess, type BotProcess } from '../support/process.js';

describe('npm start (src/main.ts)', () => {
  const started: BotProcess[] = [];
  afterEach(() => {
    for (const p of started.splice(0)) p.child.kill('SIGKILL');
  });

  it('refuses to start with a bad WECOM_ENCODING_AES_KEY, naming it in one readable line', async () => {
    const bot = startBotProcess(['--role', 'all'], { ...testWecom, WECOM_ENCODING_AES_KEY: 'too-short' });
    started.push(bot);
    const { code } = await bot.exited;
    expect(code).toBe(78);
    expect(bot.output().trim()).toBe('config error: WECOM_ENCODING_AES_KEY must be 43 characters (got 9)');
  });

  it('rejects an unknown --role', async () => {
    const bot = startBotProcess(['--role', 'cook'], { ...testWecom });
    started.push(bot);
    expect((await bot.exited).code).toBe(78);
    expect(bot.output()).toContain('--role must be one of web, worker, all (got cook)');
  });

  it('with REDIS_URL and MONGODB_URI set starts nothing, serves /healthz, and exits 0 on SIGTERM', async () => {
    const ns = isolate('main');
    const bot = startBotProcess(['--role', 'all'], {
      ...testWecom,
      PORT: '0',
      REDIS_URL: ns.redisUrl,
      MONGODB_URI: ns.mongoUri,
      QUEUE_PREFIX: ns.prefix,
    });
    started.push(bot);
    const listening = await bot.waitFor(/web server listening/);
    const url = (JSON.parse(listening) as { url: string }).url;
    expect(bot.output()).toContain('redis: using REDIS_URL');
    expect(bot.output()).toContain('mongodb: using MONGODB_URI');
    expect(bot.output()).not.toContain('started');
    // A year without a holiday schedule is announced in the log at start-up (2027 is, until an operator adds it).
    for (const year of uncoveredYears(new Date())) expect(bot.output()).toContain(`no holiday calendar covers ${year}`);

    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ dependencies: { redis: 'up', mongodb: 'up' } });

    bot.child.kill('SIGTERM');
    expect(await bot.exited).toEqual({ code: 0, signal: null });
    expect(bot.output()).toContain('"msg":"stopped"');
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });

  it('never writes a secret to its log', async () => {
    const ns = isolate('mainlog');
    const bot = startBotProcess([], { ...testWecom, PORT: '0', REDIS_URL: ns.redisUrl, MONGODB_URI: ns.mongoUri, QUEUE_PREFIX: ns.prefix });
    started.push(bot);
    await bot.waitFor(/web server listening/);
    bot.child.kill('SIGTERM');
    await bot.exited;
    for (const secret of [testWecom.WECOM_SECRET, testWecom.WECOM_ENCODING_AES_KEY, testWecom.WECOM_TOKEN]) {
      expect(bot.output()).not.toContain(secret);
    }
    expect(bot.output()).toContain('"WECOM_SECRET":"***"');
  });
});
