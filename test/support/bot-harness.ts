import { randomInt } from 'node:crypto';
import { join } from 'node:path';
import { applySeed, readSeedFile } from '../../src/admin/seed.js';
import { projectRoot } from '../../src/embedded/project-root.js';
import { Queue } from 'bullmq';
import type { Config } from '../../src/config.js';
import { silentLogger, type Logger } from '../../src/log.js';
import { createCommandRedis } from '../../src/queue/connection.js';
import { queueNames } from '../../src/queue/names.js';
import { startRuntime, type Role, type Runtime } from '../../src/runtime.js';
import { createFakeWecom, type FakeWecom } from './fake-wecom/index.js';
import { isolate, testConfig, testWecom, type Isolated } from './isolation.js';
import { buildCallback, postCallback, textXml } from './wecom-callback.js';

/** A clock tests move by hand, shared by the bot and the fake WeCom. */
export interface TestClock {
  now(): number;
  advance(ms: number): void;
}

export function createClock(start = Date.now()): TestClock {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

export const botCredentials = { botId: 'aibot-test', botSecret: 'aibot-test-secret' };

/** A bot running in this process against a fresh fake WeCom, on this file's own namespace. */
export interface BotHarness {
  ns: Isolated;
  fake: FakeWecom;
  runtime: Runtime;
  config: Config;
  clock: TestClock;
  /** POSTs a signed, encrypted text callback from `from`; returns the HTTP response. */
  sendText(from: string, content: string, msgId?: string): Promise<Response>;
  /** Counts jobs of a queue in every state. */
  jobCount(queue: string): Promise<number>;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  role?: Role;
  /** Extra configuration (e.g. REDIS_URL of a private Redis). */
  env?: Record<string, string>;
  /** Connect the intelligent bot's long connection. */
  longConnection?: boolean;
  robotLimit?: { messages: number; windowMs: number };
  /**
   * App messages per member per minute and hour, for the fake and the bot alike. Far above WeCom's 30 and 1000 unless
   * given: the harness clock moves only when a test moves it, so a test chatting with one member would wait forever.
   */
  memberLimit?: { perMinute: number; perHour: number };
  users?: Array<{ userid: string; name: string }>;
  /** Register seed/demo.json (agencies, staff, recommendations); on by default. */
  seed?: boolean;
  /** Where the shared clock starts (ms since the epoch); now by default. */
  clockStart?: number;
  /** Reuse a fake WeCom and namespace (a second bot process of the same deployment). */
  shared?: { fake: FakeWecom; ns: Isolated; clock: TestClock };
  leaseTtlMs?: number;
  /** Where the bot's logs go (e.g. a capturing pino logger); silent by default. */
  logger?: Logger;
}

export function newMsgId(): string {
  return `72${randomInt(1e8, 1e9)}${randomInt(1e8, 1e9)}`;
}

export async function startBotHarness(options: HarnessOptions = {}): Promise<BotHarness> {
  const ns = options.shared?.ns ?? isolate('bot');
  const clock = options.shared?.clock ?? createClock(options.clockStart);
  const memberLimit = options.memberLimit ?? { perMinute: 100_000, perHour: 1_000_000 };
  const fake = options.shared?.fake ?? await createFakeWecom({
    corpId: testWecom.WECOM_CORP_ID,
    corpSecret: testWecom.WECOM_SECRET,
    agentId: testWecom.WECOM_AGENT_ID,
    ...botCredentials,
    now: clock.now,
    memberLimit,
  });
  const seed = readSeedFile(join(projectRoot(), 'seed', 'demo.json'));
  if (!options.shared) {
    for (const user of options.users ?? []) fake.addUser(user);
    for (const person of seed.staff ?? []) fake.addUser({ userid: person.userid, name: person.name });
  }
  const config = testConfig(ns, {
    WECOM_API_BASE: fake.apiBase,
    WECOM_WS_URL: fake.wsUrl,
    ...(options.longConnection ? { WECOM_BOT_ID: botCredentials.botId, WECOM_BOT_SECRET: botCredentials.botSecret } : {}),
    WECOM_MEMBER_MESSAGES_PER_MINUTE: String(memberLimit.perMinute),
    WECOM_MEMBER_MESSAGES_PER_HOUR: String(memberLimit.perHour),
    ...options.env,
  });
  const runtime = await startRuntime(config, { role: options.role ?? 'all', logger: options.logger ?? silentLogger, now: clock.now, robotLimit: options.robotLimit, leaseTtlMs: options.leaseTtlMs });
  if (options.seed !== false && !options.shared) await applySeed(runtime.mongo, seed, { by: 'test', now: new Date(clock.now()), timeZone: config.TZ });
  if (options.longConnection && !options.shared) await runtime.longConnection?.ready;
  const redis = createCommandRedis(runtime.redisUrl, { enableOfflineQueue: true });

  return {
    ns, fake, runtime, config, clock,
    sendText(from, content, msgId = newMsgId()) {
      // People do not send two messages in the same millisecond; keep the injected clock moving like theirs.
      clock.advance(1000);
      const xml = textXml({ corpId: config.WECOM_CORP_ID, agentId: config.WECOM_AGENT_ID, from, content, msgId });
      const callback = buildCallback({ token: config.WECOM_TOKEN, aesKey: config.WECOM_ENCODING_AES_KEY, corpId: config.WECOM_CORP_ID, agentId: config.WECOM_AGENT_ID, xml, timestamp: String(Math.floor(clock.now() / 1000)) });
      return postCallback(runtime.url!, callback);
    },
    async jobCount(name) {
      const queue = new Queue(name, { connection: redis, prefix: config.QUEUE_PREFIX });
      const count = await queue.getJobCountByTypes('waiting', 'active', 'completed', 'failed', 'delayed', 'prioritized', 'waiting-children');
      await queue.close();
      return count;
    },
    async stop() {
      if (!options.shared) await runtime.mongo.dropDatabase().catch(() => undefined);
      await runtime.stop();
      await redis.quit().catch(() => undefined);
      if (!options.shared) await fake.close();
    },
  };
}

export { queueNames };
