import { createServer, type Server } from 'node:http';
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
import { processors as defaultProcessors, type JobProcessor } from '../jobs/index.js';

/** Which parts of the bot this process runs. */
export type Role = 'web' | 'worker' | 'all';

export interface RuntimeOptions {
  role: Role;
  logger: Logger;
  /** Processors for the worker role; the registered list by default. */
  processors?: JobProcessor[];
}

/** A started process: its address (web role), its connections, and a graceful stop. */
export interface Runtime {
  url?: string;
  redisUrl: string;
  mongoUri: string;
  redis: Redis;
  mongo: Connection;
  /** Stops accepting work, lets running jobs finish (bounded), closes connections, stops embedded services. */
  stop(): Promise<void>;
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

  const mongoUri = withDatabase(services.mongoUri, defaultDatabase);
  const redis = createCommandRedis(services.redisUrl);
  let mongo: Connection | undefined;
  let server: Server | undefined;
  let workers: WorkerHost | undefined;
  try {
    await waitReady(redis);
    mongo = await connectMongo(mongoUri);
    logger.info({ mongodb: redactUrl(mongoUri), redis: redactUrl(services.redisUrl), role }, 'connected');

    if (role !== 'web') {
      workers = createWorkerHost(
        { REDIS_URL: services.redisUrl, QUEUE_PREFIX: config.QUEUE_PREFIX },
        { logger, processors: options.processors ?? defaultProcessors },
      );
    }
    let url: string | undefined;
    if (role !== 'worker') {
      const app = createApp(config, { redis, mongo, logger });
      server = createServer(app.callback());
      await new Promise<void>((resolve, reject) => {
        server?.once('error', reject);
        server?.listen(config.PORT, resolve);
      });
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      logger.info({ url }, 'web server listening');
    }

    const openMongo = mongo;
    return {
      url,
      redisUrl: services.redisUrl,
      mongoUri,
      redis,
      mongo: openMongo,
      stop: () => stopRuntime({ server, workers, redis, mongo: openMongo, services, logger, timeoutMs: config.SHUTDOWN_TIMEOUT_MS }),
    };
  } catch (error) {
    await stopRuntime({ server, workers, redis, mongo, services, logger, timeoutMs: 1000 });
    throw error;
  }
}

interface StopParts {
  server?: Server;
  workers?: WorkerHost;
  redis: Redis;
  mongo?: Connection;
  services: Services;
  logger: Logger;
  timeoutMs: number;
}

async function stopRuntime(parts: StopParts): Promise<void> {
  const { server, workers, logger } = parts;
  if (server) {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await Promise.race([closed, new Promise((r) => setTimeout(r, parts.timeoutMs).unref())]);
    server.closeAllConnections();
  }
  await workers?.close(parts.timeoutMs);
  await parts.redis.quit().catch(() => parts.redis.disconnect());
  await parts.mongo?.close().catch(() => undefined);
  await parts.services.stop();
  logger.info('stopped');
}
