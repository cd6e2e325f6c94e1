import { afterAll, describe, expect, it } from 'vitest';
import { Worker } from 'bullmq';
import { createWorkerRedis } from '../../src/queue/connection.js';
import { queueNames } from '../../src/queue/names.js';
import { startBotHarness, type BotHarness } from '../support/bot-harness.js';
import { waitUntil } from '../support/wait-until.js';

interface Health {
  status: string;
  down: string[];
  warnings: string[];
  inbound: { waiting: number; oldestWaitingSeconds: number | null; retrying: number; oldestRetryingSeconds: number | null; workers: number | null };
}

/**
 * With the worker role dead, /healthz said ok while every message piled up unanswered; with a full disk every
 * attempt failed for an hour while it said ok. The backlog, its age and the live workers must show, and messages
 * left unhandled for over 5 minutes must make it answer 503.
 */
describe('/healthz and the inbound backlog', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  });

  async function health(h: BotHarness): Promise<{ status: number; body: Health }> {
    const response = await fetch(`${h.runtime.url}/healthz`);
    return { status: response.status, body: (await response.json()) as Health };
  }

  it('warns that no worker runs while messages wait, and answers 503 once the oldest has waited over 5 minutes', async () => {
    const h = await startBotHarness({ role: 'web' });
    cleanups.push(() => h.stop());
    const idle = await health(h);
    expect(idle.status).toBe(200);
    expect(idle.body.inbound).toEqual({ waiting: 0, oldestWaitingSeconds: null, retrying: 0, oldestRetryingSeconds: null, workers: 0 });

    for (let i = 0; i < 3; i++) expect((await h.sendText('zhangsan', '待办')).status).toBe(200);
    const fresh = await health(h);
    expect(fresh.status).toBe(200);
    expect(fresh.body.status).toBe('ok');
    expect(fresh.body.inbound).toMatchObject({ waiting: 3, workers: 0 });
    expect(fresh.body.warnings).toContain('no worker is taking inbound messages (3 waiting): start the worker role (npm start, or --role worker)');

    h.clock.advance(6 * 60_000);
    const stalled = await health(h);
    expect(stalled.status).toBe(503);
    expect(stalled.body.status).toBe('down');
    expect(stalled.body.down).toEqual(['inbound']);
    expect(stalled.body.inbound.oldestWaitingSeconds).toBeGreaterThanOrEqual(360);
    expect(stalled.body.warnings).toContain('inbound messages are not being handled: the oldest has waited 6 min (3 waiting)');
  });

  it('counts messages whose every attempt fails (a full disk) and answers 503 once they have failed for over 5 minutes', async () => {
    const h = await startBotHarness({ role: 'web' });
    cleanups.push(() => h.stop());
    // A worker whose every write fails, as with a full disk: the pings still pass.
    const connection = createWorkerRedis(h.runtime.redisUrl);
    const failing = new Worker(queueNames.inbound, async () => {
      throw new Error('database or disk is full (13)');
    }, { connection, prefix: h.config.QUEUE_PREFIX });
    failing.on('error', () => undefined);
    cleanups.push(async () => (await failing.close(), connection.disconnect()));

    expect((await h.sendText('zhangsan', '进度 富检行公建[2021]14号 40% 补植苗木100株')).status).toBe(200);
    await waitUntil(async () => (await health(h)).body.inbound.retrying === 1, 'the failing message waiting for its next try');
    const early = await health(h);
    expect(early.status).toBe(200);
    expect(early.body.inbound).toMatchObject({ waiting: 0, retrying: 1, workers: 1 });

    h.clock.advance(6 * 60_000);
    // One message failing for minutes (a poison message) is a warning: the others are handled.
    const oneFailing = await health(h);
    expect(oneFailing.status).toBe(200);
    expect(oneFailing.body.warnings.some((w) => w.startsWith('inbound messages keep failing: 1 retrying, the oldest received 6 min ago'))).toBe(true);
    // Every message failing (a full disk) is an outage.
    for (const text of ['待办', '查询 14号']) expect((await h.sendText('zhangsan', text)).status).toBe(200);
    await waitUntil(async () => (await health(h)).body.inbound.retrying === 3, 'three failing messages waiting for their next try');
    const failingLong = await health(h);
    expect(failingLong.status).toBe(503);
    expect(failingLong.body.down).toEqual(['inbound']);
    expect(failingLong.body.warnings.some((w) => w.startsWith('inbound messages keep failing: 3 retrying, the oldest received 6 min ago'))).toBe(true);
  });
});
