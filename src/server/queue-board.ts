import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { KoaAdapter } from '@bull-board/koa';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type Koa from 'koa';
import { principalOf } from '../api/auth.js';
import type { ApiToken } from '../api/tokens.js';
import type { Logger } from '../log.js';
import { queueNames } from '../queue/names.js';

export const queueBoardPath = '/admin/queues';

/**
 * Bull Board at /admin/queues for the admin role only (bearer token or dashboard session): every queue with its
 * waiting, delayed, failed (dead-lettered after the last attempt) and completed jobs, and retry from the page.
 * Returns the queues it opened, to close on shutdown.
 */
export function mountQueueBoard(app: Koa, options: { redis: Redis; prefix: string; tokens: ApiToken[]; now: () => number; logger: Logger }): Queue[] {
  const queues = Object.values(queueNames).map((name) => new Queue(name, { connection: options.redis, prefix: options.prefix }));
  // Without a listener BullMQ prints each connection error as a raw stack; /healthz already reports Redis down.
  for (const queue of queues) queue.on('error', (err) => options.logger.debug({ queue: queue.name, err: err.message }, 'queue board: redis error'));
  const adapter = new KoaAdapter();
  adapter.setBasePath(queueBoardPath);
  createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q)), serverAdapter: adapter, options: { uiConfig: { boardTitle: '衔接助手 队列' } } });
  const board = adapter.registerPlugin();
  app.use(async (ctx, next) => {
    if (ctx.path !== queueBoardPath && !ctx.path.startsWith(`${queueBoardPath}/`)) return next();
    const principal = principalOf(ctx, options.tokens, options.now());
    if (!principal) {
      if (ctx.accepts('html', 'json') === 'html') return ctx.redirect(`/dashboard/login.html?next=${encodeURIComponent(ctx.path)}`);
      ctx.status = 401;
      ctx.body = { error: 'unauthorized', message: '请先登录' };
      return;
    }
    if (principal.role !== 'admin') {
      ctx.status = 403;
      ctx.type = 'html';
      ctx.body = '<!doctype html><meta charset="utf-8"><title>无权访问</title><p>队列监控仅限管理员使用。<a href="/dashboard/">返回仪表盘</a></p>';
      return;
    }
    await board(ctx, next);
  });
  return queues;
}
