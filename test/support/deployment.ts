import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import { applySeed, readSeedFile, type SeedFile } from '../../src/admin/seed.js';
import { connectMongo } from '../../src/db/connect.js';
import { projectRoot } from '../../src/embedded/project-root.js';
import { createCommandRedis } from '../../src/queue/connection.js';
import { createInboundQueue, type InboundQueue } from '../../src/queue/inbound-queue.js';
import type { Role } from '../../src/runtime.js';
import type { InboundMessage } from '../../src/wecom/inbound-message.js';
import { normalizeCallback } from '../../src/wecom/normalize-callback.js';
import { createFakeWecom, type FakeWecom } from './fake-wecom/index.js';
import { isolate, testWecom, type Isolated } from './isolation.js';
import { buildCallback, imageXml, postCallback, textXml } from './wecom-callback.js';

/**
 * One bot process started as an operator starts it, but as `node --import tsx src/main.ts` rather than through the
 * tsx CLI: the CLI runs the bot in a child process of its own, so a SIGKILL to the CLI's pid would leave the bot
 * running, orphaned. Here `pid` is the bot's own process id (the `host:pid` BullMQ stores as a job's processedBy).
 */
export interface NodeBotProcess {
  role: Role;
  child: ChildProcessWithoutNullStreams;
  pid: number;
  /** The web server's URL (web and all roles). */
  url?: string;
  output(): string;
  /** The JSON log lines written so far, parsed (other output is skipped). */
  logLines(): Array<Record<string, unknown>>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL: the process dies at once, whatever it was doing. */
  kill(): Promise<void>;
}

/** Spawns `src/main.ts --role <role>` and resolves once it runs its workers / serves HTTP. */
export async function spawnBot(role: Role, env: Record<string, string>, startTimeoutMs = 60_000): Promise<NodeBotProcess> {
  const root = projectRoot();
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/main.ts'), '--role', role], {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const logLines = () => output.split('\n').flatMap((line) => {
    if (!line.startsWith('{')) return [];
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
  const ready = role === 'worker' ? 'workers running' : 'web server listening';
  const deadline = Date.now() + startTimeoutMs;
  let started: Record<string, unknown> | undefined;
  while (!(started = logLines().find((l) => l.msg === ready))) {
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`bot --role ${role} did not start (${child.exitCode ?? child.signalCode ?? 'timed out'}):\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    role, child, pid: child.pid!, exited, logLines,
    url: typeof started.url === 'string' ? started.url : undefined,
    output: () => output,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** A 64-bit-looking MsgId, distinct per call. */
export function freshMsgId(): string {
  return `73${randomInt(1e8, 1e9)}${randomInt(1e8, 1e9)}`;
}

/** Callback XML signed and encrypted with the test identity, stamped with the real clock (spawned bots read it). */
export function signedCallback(xml: string) {
  const { WECOM_TOKEN: token, WECOM_ENCODING_AES_KEY: aesKey, WECOM_CORP_ID: corpId, WECOM_AGENT_ID: agentId } = testWecom;
  return buildCallback({ token, aesKey, corpId, agentId, xml });
}

const identity = { corpId: testWecom.WECOM_CORP_ID, agentId: testWecom.WECOM_AGENT_ID };

/** The plaintext XML of a text message, as WeCom sends it. */
export function textMessageXml(from: string, content: string, msgId: string): string {
  return textXml({ ...identity, from, content, msgId });
}

/** The plaintext XML of a photo, as WeCom sends it. */
export function imageMessageXml(from: string, mediaId: string, msgId: string): string {
  return imageXml({ ...identity, from, mediaId, picUrl: 'http://wework.qpic.cn/fake', msgId });
}

/** POSTs a message to a web process's callback URL as WeCom does; resolves with the HTTP status. */
export async function postMessage(url: string, xml: string): Promise<number> {
  const response = await postCallback(url, signedCallback(xml));
  await response.arrayBuffer();
  return response.status;
}

/** Options of a multi-process deployment. */
export interface DeploymentOptions {
  /** Names the namespace (database and Redis key prefix). */
  label: string;
  /** Extra environment of every process, e.g. JOB_LOCK_MS or API_TOKENS. */
  env?: Record<string, string>;
}

/**
 * A deployment of the bot as separate processes (web and worker roles) sharing one Redis and one MongoDB,
 * on a namespace of its own, with the fake WeCom in the test process and seed/demo.json registered.
 */
export interface Deployment {
  ns: Isolated;
  fake: FakeWecom;
  seed: SeedFile;
  /** The test's own connection to the deployment's database. */
  mongo: Connection;
  /** The test's own Redis connection (offline queue on), for queues and inspection. */
  redis: Redis;
  /** The environment every process gets. */
  env: Record<string, string>;
  processes: NodeBotProcess[];
  start(role: Role): Promise<NodeBotProcess>;
  /** The producer side of `inbound`, as a web process uses it: a message enqueued here is what an acknowledged callback is. */
  inbound: InboundQueue;
  /** A BullMQ queue of the deployment, for inspecting jobs (closed by `stop`). */
  queue(name: string): Queue;
  /** The message a callback carrying `xml` becomes, as the web role enqueues it. */
  normalize(xml: string): InboundMessage;
  stop(): Promise<void>;
}

/** Starts the fake WeCom, seeds the database and returns a deployment with no process running yet. */
export async function startDeployment(options: DeploymentOptions): Promise<Deployment> {
  const ns = isolate(options.label);
  const fake = await createFakeWecom({ corpId: testWecom.WECOM_CORP_ID, corpSecret: testWecom.WECOM_SECRET, agentId: testWecom.WECOM_AGENT_ID });
  const seed = readSeedFile(join(projectRoot(), 'seed', 'demo.json'));
  for (const person of seed.staff ?? []) fake.addUser({ userid: person.userid, name: person.name });
  for (const agency of seed.agencies ?? []) if (agency.robotKey) fake.addRobot(agency.robotKey);
  const mongo = await connectMongo(ns.mongoUri);
  await applySeed(mongo, seed, { by: 'test', now: new Date(), timeZone: 'Asia/Shanghai' });
  const redis = createCommandRedis(ns.redisUrl, { enableOfflineQueue: true });
  const inbound = createInboundQueue(redis, ns.prefix);
  const never = '0 3 1 1 *'; // scheduled runs stay out of the way: 03:00 on 1 January
  const env: Record<string, string> = {
    ...testWecom, PORT: '0', REDIS_URL: ns.redisUrl, MONGODB_URI: ns.mongoUri, QUEUE_PREFIX: ns.prefix,
    WECOM_API_BASE: fake.apiBase, LOG_LEVEL: 'info', DIGEST_CRON: never, LEAD_CHECK_CRON: never, LEAD_SWEEP_CRON: never,
    ...options.env,
  };
  const processes: NodeBotProcess[] = [];
  const queues = new Map<string, Queue>();
  return {
    ns, fake, seed, mongo, redis, env, processes, inbound,
    async start(role) {
      const started = await spawnBot(role, env);
      processes.push(started);
      return started;
    },
    queue(name) {
      const queue = queues.get(name) ?? new Queue(name, { connection: redis, prefix: ns.prefix });
      queues.set(name, queue);
      return queue;
    },
    normalize: normalizeCallback,
    async stop() {
      await Promise.all(processes.map((p) => p.kill()));
      for (const queue of queues.values()) await queue.close().catch(() => undefined);
      await inbound.close().catch(() => undefined);
      await mongo.dropDatabase().catch(() => undefined);
      await mongo.close().catch(() => undefined);
      await redis.quit().catch(() => redis.disconnect());
      await fake.close();
    },
  };
}
