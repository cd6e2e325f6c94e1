import Koa from 'koa';
import Router from '@koa/router';
import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { InboundQueue } from '../queue/inbound-queue.js';
import { checkHealth } from './health.js';
import { calendarWarnings } from '../calendar/default-calendar.js';
import { mountWecomCallback } from './wecom-callback.js';

/** What the web app needs from the outside world. */
export interface AppDeps {
  redis: Redis;
  mongo: Connection;
  logger: Logger;
  /** Where received messages go; without it the WeCom callback is not mounted. */
  inbound?: InboundQueue;
  /** Milliseconds since the epoch; injected so tests can move time. */
  now?: () => number;
}

/** Builds the Koa app: thin routes that verify, decode, enqueue and answer. */
export function createApp(config: Config, deps: AppDeps): Koa {
  const app = new Koa({ proxy: false });
  const router = new Router();

  router.get('/healthz', async (ctx) => {
    const report = await checkHealth({ redis: deps.redis, mongo: deps.mongo });
    ctx.status = report.status === 'ok' ? 200 : 503;
    // A missing holiday schedule does not stop the bot, but the operator must see it.
    ctx.body = { ...report, warnings: calendarWarnings(new Date((deps.now ?? Date.now)())) };
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
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}
