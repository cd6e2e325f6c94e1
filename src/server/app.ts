import Koa from 'koa';
import Router from '@koa/router';
import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { InboundQueue } from '../queue/inbound-queue.js';
import { checkHealth } from './health.js';
import { calendarWarnings } from '../calendar/default-calendar.js';
import { calendarWarningsNow } from '../rectification/calendar-coverage.js';
import { mountWecomCallback } from './wecom-callback.js';
import { mountApi } from '../api/index.js';
import type { DeliveryQueue } from '../queue/delivery.js';
import type { EvaluationQueue } from '../queue/evaluation-queue.js';
import { mountDashboard } from './dashboard.js';
import { mountQueueBoard } from './queue-board.js';
import { Queue } from 'bullmq';
import { queueNames } from '../queue/names.js';
import { inboundHealth, inboundWarnings, type InboundHealth } from './inbound-health.js';

/** What the web app needs from the outside world. */
export interface AppDeps {
  redis: Redis;
  mongo: Connection;
  logger: Logger;
  /** Where received messages go; without it the WeCom callback is not mounted. */
  inbound?: InboundQueue;
  /** Milliseconds since the epoch; injected so tests can move time. */
  now?: () => number;
  /** Producers the admin API uses; without them /api, the dashboard and the queue board are not mounted. */
  admin?: { deliveries: DeliveryQueue; evaluations: EvaluationQueue };
}

/** The Koa app and the queue handles it opened for the operator board (closed on shutdown). */
export interface WebApp {
  app: Koa;
  boardQueues: Queue[];
}

/** Failed jobs per queue (those that used up their retries), only the queues that have any. */
async function failedJobs(queues: Queue[]): Promise<Record<string, number>> {
  const counts = await Promise.all(queues.map(async (q) => [q.name, (await q.getJobCounts('failed')).failed ?? 0] as const));
  return Object.fromEntries(counts.filter(([, n]) => n > 0));
}

/** Builds the Koa app: thin routes that verify, decode, enqueue and answer; the admin API, dashboard and queue board. */
export function createApp(config: Config, deps: AppDeps): WebApp {
  const app = new Koa({ proxy: false });
  const now = deps.now ?? Date.now;
  let boardQueues: Queue[] = [];
  const router = new Router();
  // Its own handle: the queue board (and so boardQueues) exists only with the admin API mounted.
  const inboundQueue = new Queue(queueNames.inbound, { connection: deps.redis, prefix: config.QUEUE_PREFIX });
  inboundQueue.on('error', () => undefined);

  router.get('/healthz', async (ctx) => {
    const report = await checkHealth({ redis: deps.redis, mongo: deps.mongo });
    const redisUp = report.dependencies.redis === 'up';
    // Dead letters do not stop the bot, but each is a message or notice nobody got: the operator must see them.
    const failed = redisUp ? await failedJobs(boardQueues) : {};
    const failedWarnings = Object.entries(failed).map(([queue, n]) => `${n} failed job${n === 1 ? '' : 's'} in ${queue}: they used up their retries; see /admin/queues`);
    // Pings pass while no worker runs or every attempt fails (a full disk): the backlog is what shows it.
    let inbound: InboundHealth | undefined;
    let inboundCheck: ReturnType<typeof inboundWarnings> = { stalled: false, warnings: [] };
    if (redisUp) {
      inbound = await inboundHealth(inboundQueue, now()).catch(() => undefined);
      if (inbound) inboundCheck = inboundWarnings(inbound);
    }
    const down = inboundCheck.stalled ? [...report.down, 'inbound'] : report.down;
    ctx.status = down.length === 0 ? 200 : 503;
    // A missing holiday schedule does not stop the bot either. Next year's matters once open deadlines reach it,
    // which the database says (without it, the date alone decides).
    const calendar = report.dependencies.mongodb === 'up' ? await calendarWarningsNow(deps.mongo, new Date(now()), config.TZ) : calendarWarnings(new Date(now()), undefined, { timeZone: config.TZ });
    ctx.body = {
      ...report, status: down.length === 0 ? 'ok' : 'down', down, failedJobs: failed, inbound,
      warnings: [...calendar, ...failedWarnings, ...inboundCheck.warnings],
    };
  });
  if (deps.inbound) {
    mountWecomCallback(router, config, { inbound: deps.inbound, logger: deps.logger, now: deps.now ?? Date.now });
  }

  app.use(async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      deps.logger.error({ err: error, path: ctx.path }, 'request failed');
      ctx.status = 500;
      ctx.body = { error: 'internal error' };
    }
  });
  if (deps.admin) {
    const tokens = config.API_TOKENS;
    if (tokens.length === 0) deps.logger.warn('API_TOKENS is not set: the admin API and the dashboard refuse every caller');
    mountApi(app, { config, mongo: deps.mongo, logger: deps.logger, now, ...deps.admin }, tokens);
    mountDashboard(app, { tokens, now });
    boardQueues = mountQueueBoard(app, { redis: deps.redis, prefix: config.QUEUE_PREFIX, tokens, now, logger: deps.logger });
  }
  app.use(router.routes());
  app.use(router.allowedMethods());
  return { app, boardQueues: [...boardQueues, inboundQueue] };
}
