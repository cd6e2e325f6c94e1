import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageLogModel } from '../../src/models/message-log.js';
import { inboundJobId } from '../../src/queue/inbound-queue.js';
import { queueNames } from '../../src/queue/names.js';
import { createProducer } from '../../src/queue/producer.js';
import { apiTokens, apiTokensEnv } from '../support/api-tokens.js';
import { freshMsgId, postMessage, startDeployment, textMessageXml, type Deployment, type NodeBotProcess } from '../support/deployment.js';
import { waitUntil } from '../support/wait-until.js';

const poisonCount = 10; // more than one worker's inbound concurrency (8): poison alone could fill every slot
// A shortened schedule: production tries inboundAttempts (src/queue/inbound-queue.ts) from 1 s; here 8 tries from
// 100 ms are used up in about 13 s. What is tested is the end of the schedule, not its length.
const attempts = 8;
const backoffMs = 100;

/** The board's answer for one queue (GET /admin/queues/api/queues). */
interface BoardQueue {
  name: string;
  counts: Record<string, number>;
  jobs: Array<{ id: string; attempts: number; failedReason?: string; data: unknown }>;
}

/**
 * Models a poison message: one that makes its job throw on every attempt (here a message whose send time is
 * garbage, as from a receiver bug or a WeCom format change). It must not hold up anyone else's messages, must
 * stop being retried after its attempts, and must stay visible to the operator as a dead letter: in the failed
 * set, on Bull Board, and in the process log.
 */
describe('a poison message in the inbound queue', () => {
  let d: Deployment;
  let bot: NodeBotProcess;
  beforeAll(async () => {
    d = await startDeployment({ label: 'poison', env: { API_TOKENS: apiTokensEnv } });
    bot = await d.start('all');
  }, 120_000);
  afterAll(() => d?.stop());

  async function board(status: string): Promise<BoardQueue> {
    const response = await fetch(`${bot.url}/admin/queues/api/queues?activeQueue=${queueNames.inbound}&status=${status}&page=1&jobsPerPage=50`, {
      headers: { authorization: `Bearer ${apiTokens.admin}` },
    });
    expect(response.status).toBe(200);
    const { queues } = (await response.json()) as { queues: BoardQueue[] };
    return queues.find((q) => q.name === queueNames.inbound)!;
  }

  it('is dead-lettered after its attempts, shown to the operator, and does not hold up the good messages', async () => {
    const poisonQueue = createProducer<unknown>(queueNames.inbound, d.redis, d.ns.prefix, { attempts, backoffMs, keepCompletedDays: 3 });
    const poison = Array.from({ length: poisonCount }, () => ({
      ...d.normalize(textMessageXml('zhangsan', '待办', freshMsgId())),
      sentAt: 'not-a-date',
    }));
    for (const message of poison) await poisonQueue.add('text', message, { jobId: inboundJobId(message) });
    await poisonQueue.close();

    // Good messages from several staff arrive while the poison jobs are being retried.
    const queuedAt = Date.now();
    const good = ['zhangsan', 'lisi', 'qianqi', 'wangjc'].map((from) => ({ from, id: freshMsgId() }));
    const statuses = await Promise.all(good.map((g) => postMessage(bot.url!, textMessageXml(g.from, '帮助', g.id))));
    expect(statuses).toEqual(good.map(() => 200));
    await waitUntil(() => good.every((g) => d.fake.appMessages().some((m) => m.touser === g.from)), 'every good message answered', 10_000);
    const answeredAfterMs = Date.now() - queuedAt;

    const inbound = d.queue(queueNames.inbound);
    const poisonJobs = () => Promise.all(poison.map((p) => inbound.getJob(inboundJobId(p))));
    // Promptly: the good ones were answered while the poison was still being retried.
    expect((await poisonJobs()).filter((j) => j?.finishedOn)).toEqual([]);
    expect(answeredAfterMs).toBeLessThan(8000);
    const log = messageLogModel(d.mongo);
    expect(await log.countDocuments({ _id: { $in: good.map((g) => `msg:${g.id}`) }, state: 'handled' })).toBe(good.length);

    await waitUntil(async () => (await poisonJobs()).every((j) => j?.finishedOn), 'every poison job finished', 40_000);
    for (const job of await poisonJobs()) {
      expect(await job!.getState()).toBe('failed');
      expect(job!.attemptsMade).toBe(attempts);
      expect(job!.failedReason).toMatch(/date/i);
    }
    expect(await log.countDocuments({ _id: { $in: poison.map((p) => p.id) } })).toBe(0);

    // The operator sees them as dead letters on Bull Board, with why they failed and the message that did it.
    const failed = await board('failed');
    expect(failed.counts.failed).toBe(poisonCount);
    expect(failed.jobs.map((j) => j.id).sort()).toEqual(poison.map((p) => inboundJobId(p)).sort());
    for (const job of failed.jobs) {
      expect(job).toMatchObject({ attempts, failedReason: expect.stringMatching(/date/i) });
      expect(job.data).toMatchObject({ from: 'zhangsan', sentAt: 'not-a-date' });
    }
    expect((await board('completed')).counts.completed).toBe(good.length);

    // And in the process log: a warning for every retried attempt and an error when the job gives up, naming it.
    const lines = bot.logLines().filter((l) => l.queue === queueNames.inbound);
    for (const p of poison) {
      const ofJob = lines.filter((l) => l.jobId === inboundJobId(p));
      expect(ofJob.filter((l) => l.msg === 'job failed; will retry')).toHaveLength(attempts - 1);
      expect(ofJob.filter((l) => l.msg === 'job failed; will retry').every((l) => l.level === 40)).toBe(true);
      expect(ofJob.filter((l) => String(l.msg).startsWith('job gave up'))).toEqual([expect.objectContaining({ level: 50, attempts, err: expect.stringMatching(/date/i) })]);
    }
    // Each good message left one line saying who sent what kind and how it was read, without its text.
    for (const g of good) {
      expect(bot.logLines().filter((l) => l.msg === 'message handled' && l.messageId === `msg:${g.id}`)).toEqual([expect.objectContaining({ level: 30, from: g.from, kind: 'text', command: 'help' })]);
    }
    // And /healthz counts the dead letters.
    const health = (await (await fetch(`${bot.url}/healthz`)).json()) as { failedJobs: Record<string, number>; warnings: string[] };
    expect(health.failedJobs[queueNames.inbound]).toBe(poisonCount);
    expect(health.warnings).toContain(`${poisonCount} failed jobs in ${queueNames.inbound}: they used up their retries; see /admin/queues`);
  }, 90_000);
});
