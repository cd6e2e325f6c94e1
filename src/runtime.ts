import { writeFileSync } from 'node:fs';
import { makeDataFolder } from './embedded/data-folder.js';
import { createServer, type Server } from 'node:http';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import type { Config } from './config.js';
import { redactUrl } from './config.js';
import type { Logger } from './log.js';
import { startServices, withDatabase, type Services } from './embedded/services.js';
import { connectMongo } from './db/connect.js';
import { createCommandRedis, waitReady } from './queue/connection.js';
import { createApp } from './server/app.js';
import { createWorkerHost, type WorkerHost } from './worker.js';
import { createProcessors, type JobProcessor } from '../jobs/index.js';
import { createAibotReplyProcessor } from '../jobs/aibot-reply.js';
import { createInboundQueue, type InboundQueue } from './queue/inbound-queue.js';
import { createDeliveryQueue, type DeliveryQueue } from './queue/delivery.js';
import { createEvaluationQueue } from './queue/evaluation-queue.js';
import { keepSchedules, registerSchedules } from './queue/schedules.js';
import { calendarWarnings } from './calendar/default-calendar.js';
import { WecomApiClient } from './wecom/api-client.js';
import { WebhookClient } from './wecom/webhook-client.js';
import { startLongConnection } from './wecom/long-connection.js';
import { runWhileLeader } from './queue/leader-lease.js';
import type { WorkerDeps } from './worker-deps.js';
import { claimQueues } from './installation-identity.js';

/** Which parts of the bot this process runs. */
export type Role = 'web' | 'worker' | 'all';

export interface RuntimeOptions {
  role: Role;
  logger: Logger;
  /** Processors for the worker role; the registered list (jobs/index.ts) by default. */
  processors?: (deps: WorkerDeps) => JobProcessor[];
  /** Milliseconds since the epoch; injected so tests can move time. */
  now?: () => number;
  /** How long the long-connection lease outlives a dead holder (default 15 s). */
  leaseTtlMs?: number;
  /** Robot webhook pacing; WeCom's 20 a minute by default. */
  robotLimit?: WorkerDeps['robotLimit'];
  /** How often the worker registers its schedules again (a Redis that lost its data); 5 minutes by default. */
  scheduleRefreshMs?: number;
}

/** A started process: its address (web role), its connections, and a graceful stop. */
export interface Runtime {
  url?: string;
  redisUrl: string;
  mongoUri: string;
  redis: Redis;
  mongo: Connection;
  /** The intelligent bot's long connection, when configured and this process runs the web role; `ready`
   *  resolves once this process holds the connection (one process at a time does). */
  longConnection?: { ready: Promise<void> };
  /** Stops accepting work, lets running jobs finish (bounded), closes connections, stops embedded services. */
  stop(): Promise<void>;
}

/** Where the embedded services run, so that `npm run admin` can reach the same database. */
function recordEmbedded(dataDir: string, where: { mongoUri: string; redisUrl: string }): void {
  makeDataFolder(dataDir);
  writeFileSync(join(dataDir, 'embedded.json'), JSON.stringify({ ...where, pid: process.pid }, null, 2));
}

/** The database used when MONGODB_URI names none. */
export const defaultDatabase = 'linkage';

/** Starts the services this process needs, then the web server and/or the workers. */
export async function startRuntime(config: Config, options: RuntimeOptions): Promise<Runtime> {
  const { logger, role } = options;
  const services: Services = await startServices({
    redisUrl: config.REDIS_URL,
    mongoUri: config.MONGODB_URI,
    dataDir: config.DATA_DIR,
  });
  for (const note of services.notes) logger.info(note);
  // A year without a holiday schedule makes deadlines skip weekends only: say so where an operator looks first.
  for (const warning of calendarWarnings(new Date((options.now ?? Date.now)()), undefined, { timeZone: config.TZ })) logger.warn(warning);
  if (!config.MONGODB_URI) recordEmbedded(config.DATA_DIR, { mongoUri: services.mongoUri, redisUrl: services.redisUrl });

  const mongoUri = withDatabase(services.mongoUri, defaultDatabase);
  const redis = createCommandRedis(services.redisUrl);
  const now = options.now ?? Date.now;
  const parts: StopParts = { hosts: [], queues: [], leases: [], redis, services, logger, timeoutMs: 1000 };
  try {
    await waitReady(redis);
    const mongo = await connectMongo(mongoUri);
    parts.mongo = mongo;
    // Before any queue is touched: another installation's queues under this prefix would hand us its messages.
    const embeddedIn = config.MONGODB_URI ? undefined : join(resolve(config.DATA_DIR), 'ferretdb');
    const where = embeddedIn ? `the embedded database in ${embeddedIn}` : redactUrl(mongoUri);
    await claimQueues({ redis, mongo, prefix: config.QUEUE_PREFIX, redisUrl: services.redisUrl, where, embeddedIn, logger });
    logger.info({ mongodb: redactUrl(mongoUri), redis: redactUrl(services.redisUrl), role }, 'connected');
    const queueConfig = { REDIS_URL: services.redisUrl, QUEUE_PREFIX: config.QUEUE_PREFIX, JOB_LOCK_MS: config.JOB_LOCK_MS };

    const deliveries: DeliveryQueue = createDeliveryQueue(redis, config.QUEUE_PREFIX);
    parts.queues.push(deliveries);
    if (role !== 'web') {
      const evaluations = createEvaluationQueue(redis, config.QUEUE_PREFIX);
      parts.queues.push(evaluations);
      const deps: WorkerDeps = {
        config, mongo, redis, logger, deliveries, evaluations, now, robotLimit: options.robotLimit,
        api: new WecomApiClient({
          apiBase: config.WECOM_API_BASE, corpId: config.WECOM_CORP_ID, corpSecret: config.WECOM_SECRET,
          agentId: config.WECOM_AGENT_ID, redis, keyPrefix: config.QUEUE_PREFIX,
        }),
        webhook: new WebhookClient({ apiBase: config.WECOM_API_BASE }),
      };
      parts.hosts.push(createWorkerHost(queueConfig, { logger, processors: (options.processors ?? createProcessors)(deps) }));
      if (!options.processors) {
        await registerSchedules(redis, config);
        parts.queues.push(keepSchedules(redis, config, logger, options.scheduleRefreshMs));
      }
      logger.info({ queues: parts.hosts.at(-1)!.workers.map((w) => w.name) }, 'workers running');
    }

    let url: string | undefined;
    let longConnection: Runtime['longConnection'];
    if (role !== 'worker') {
      const inbound: InboundQueue = createInboundQueue(redis, config.QUEUE_PREFIX);
      parts.queues.push(inbound);
      if (config.WECOM_BOT_ID && config.WECOM_BOT_SECRET) {
        const { WECOM_BOT_ID: botId, WECOM_BOT_SECRET: secret } = config;
        let authenticated!: () => void;
        longConnection = { ready: new Promise<void>((r) => (authenticated = r)) };
        const lease = runWhileLeader({
          redis, logger, key: `${config.QUEUE_PREFIX}:aibot:leader:${botId}`, ttlMs: options.leaseTtlMs,
          start() {
            const connection = startLongConnection({ botId, secret, wsUrl: config.WECOM_WS_URL, inbound, logger });
            void connection.ready.then(authenticated);
            const replies = createWorkerHost(queueConfig, { logger, processors: [createAibotReplyProcessor({ client: connection.client, mongo, deliveries, logger, now })] });
            return { close: async () => (connection.close(), await replies.close(1000)) };
          },
        });
        parts.leases.push(lease);
      }
      // The admin API queues chat notices and lead re-evaluations through the same durable queues as the bot.
      const admin = { deliveries: createDeliveryQueue(redis, config.QUEUE_PREFIX), evaluations: createEvaluationQueue(redis, config.QUEUE_PREFIX) };
      parts.queues.push(admin.deliveries, admin.evaluations);
      const { app, boardQueues } = createApp(config, { redis, mongo, logger, inbound, now, admin });
      parts.queues.push(...boardQueues);
      const server = createServer(app.callback());
      parts.server = server;
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.PORT, resolve);
      });
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      logger.info({ url }, 'web server listening');
    }

    return {
      url,
      redisUrl: services.redisUrl,
      mongoUri,
      redis,
      mongo,
      longConnection,
      stop: () => stopRuntime({ ...parts, timeoutMs: config.SHUTDOWN_TIMEOUT_MS }),
    };
  } catch (error) {
    await stopRuntime(parts);
    throw error;
  }
}

interface StopParts {
  server?: Server;
  hosts: WorkerHost[];
  queues: Array<{ close(): Promise<void> }>;
  leases: Array<{ stop(): Promise<void> }>;
  redis: Redis;
  mongo?: Connection;
  services: Services;
  logger: Logger;
  timeoutMs: number;
}

async function stopRuntime(parts: StopParts): Promise<void> {
  const { server, logger } = parts;
  if (server) {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await Promise.race([closed, new Promise((r) => setTimeout(r, parts.timeoutMs).unref())]);
    server.closeAllConnections();
  }
  await Promise.all(parts.leases.map((l) => l.stop()));
  await Promise.all(parts.hosts.map((h) => h.close(parts.timeoutMs)));
  await Promise.all(parts.queues.map((q) => q.close().catch(() => undefined)));
  await parts.redis.quit().catch(() => parts.redis.disconnect());
  await parts.mongo?.close().catch(() => undefined);
  await parts.services.stop();
  logger.info('stopped');
}
