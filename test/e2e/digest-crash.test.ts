import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import type { Connection } from 'mongoose';
import { addDays } from '../../src/calendar/due-date.js';
import { dateOnly, localDate } from '../../src/calendar/local-date.js';
import { connectMongo } from '../../src/db/connect.js';
import { agencyModel } from '../../src/models/agency.js';
import { rebuildDeadlineIndex } from '../../src/digest/deadline-index.js';
import { recommendationModel, type RecommendationRecord } from '../../src/models/recommendation.js';
import { staffModel } from '../../src/models/staff.js';
import { createCommandRedis } from '../../src/queue/connection.js';
import { queueNames } from '../../src/queue/names.js';
import { createFakeWecom, type FakeWecom } from '../support/fake-wecom/index.js';
import { isolate, testWecom } from '../support/isolation.js';
import { startBotProcess, type BotProcess } from '../support/process.js';

const groups = 30;
const send = '/cgi-bin/webhook/send';

/**
 * Two worker processes share the morning digests of 30 agency groups; one is killed with SIGKILL while the
 * run is sending, then started again, and the run is repeated. Every group must end with each part of its
 * digest exactly once. The fake holds webhook calls at the moment of the kill, so the calls the killed
 * process had on the wire never reach "WeCom" (a call WeCom did process while its sender died is the one
 * case no sender can settle: WeCom's webhook has no idempotency key; README, "Deadlines").
 */
describe('morning digests with two worker processes and a kill -9 mid-send', () => {
  const ns = isolate('digestcrash');
  let fake: FakeWecom;
  let mongo: Connection;
  let queue: Queue;
  const workers: BotProcess[] = [];
  const env = () => ({
    ...testWecom, REDIS_URL: ns.redisUrl, MONGODB_URI: ns.mongoUri, QUEUE_PREFIX: ns.prefix, WECOM_API_BASE: fake.apiBase,
    LOG_LEVEL: 'info', JOB_LOCK_MS: '2000', DIGEST_CRON: '0 3 1 1 *', LEAD_CHECK_CRON: '0 3 1 1 *', LEAD_SWEEP_CRON: '0 3 1 1 *',
  });
  const startWorker = async () => {
    const worker = startBotProcess(['--role', 'worker'], env());
    workers.push(worker);
    await worker.waitFor(/workers running/, 60_000);
    return worker;
  };

  beforeAll(async () => {
    fake = await createFakeWecom({ corpId: testWecom.WECOM_CORP_ID, corpSecret: testWecom.WECOM_SECRET, agentId: testWecom.WECOM_AGENT_ID });
    mongo = await connectMongo(ns.mongoUri);
    const now = new Date();
    const today = localDate(now, 'Asia/Shanghai');
    for (let a = 0; a < groups; a++) {
      const id = `crash${a}`;
      fake.addRobot(`robot-${id}`);
      await agencyModel(mongo).create({ _id: id, name: `测试单位${a}`, domains: [], robotKey: `robot-${id}`, prosecutors: [], active: true });
      await staffModel(mongo).create({ _id: `staff-${id}`, name: `人员${a}`, agency: id, role: 'staff', active: true, boundAt: now, boundBy: 'test' });
      const recs: RecommendationRecord[] = Array.from({ length: 30 }, (_, i) => ({
        _id: `测检建[2026]${a}-${i}号`, ref: `测检建[2026]${a}-${i}号`, refSerial: i, agency: id, title: '督促整改测试事项',
        requirements: '依法履行监督管理职责，对违法行为依法查处并恢复原状，按期书面回复检察机关',
        cases: [], issuedOn: now, urgent: false, dueOn: dateOnly(addDays(today, (i % 10) - 3)), status: 'received', percent: i, prosecutors: [], history: [],
      }));
      await recommendationModel(mongo).collection.insertMany(recs as never[]); // raw bulk load, indexed once below
    }
    await rebuildDeadlineIndex(mongo, today);
    queue = new Queue(queueNames.deadlines, { connection: createCommandRedis(ns.redisUrl, { enableOfflineQueue: true }), prefix: ns.prefix });
  }, 120_000);

  afterAll(async () => {
    for (const w of workers) w.child.kill('SIGKILL');
    await queue?.close();
    await mongo?.close();
    await fake?.close();
  });

  it('delivers every part of every group digest exactly once', async () => {
    const [a, b] = [await startWorker(), await startWorker()];
    const job = await queue.add('digest', { force: true });
    // Let part of the run reach the groups, then freeze the wire and kill the process running the digest job
    // (or the first worker, if that job is already done): its claimed jobs are left mid-flight.
    await fake.waitFor(() => fake.robotMessages().length >= groups / 2 || undefined, 60_000);
    fake.hold(send);
    // Every call WeCom already took must be recorded as sent before the kill; the calls still on the wire are
    // held and never reach WeCom. (A kill between WeCom's answer and that record is the one unsettleable case.)
    const recorded = () => mongo.collection('deliveries').countDocuments({ _id: { $regex: '^digest_crash' } as never, state: 'sent' });
    for (let i = 0; i < 150 && (await recorded()) < fake.robotMessages().length; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await recorded()).toBe(fake.robotMessages().length);
    const runner = (await queue.getJob(job.id!))?.processedBy ?? '';
    const victim = runner.endsWith(`:${b.child.pid}`) ? b : a;
    const deliveredBeforeKill = fake.robotMessages().length;
    victim.child.kill('SIGKILL');
    expect((await victim.exited).signal).toBe('SIGKILL');
    // The fake sees the dead process's connections close a moment after the exit; only then does releasing the
    // wire drop its held calls (the ones that never reached WeCom) rather than deliver them for a dead sender.
    await new Promise((r) => setTimeout(r, 1000));
    fake.release(send);

    // The surviving worker takes over the dead one's jobs once their locks lapse; then the killed one comes back
    // and the run is repeated (the next hourly run, or an operator re-running it).
    await startWorker();
    const expected = async () => {
      const digests = await mongo.collection<{ _id: string; parts: string[] }>('digests').find({ _id: { $regex: '^crash' } }).toArray();
      return new Map(digests.map((d) => [`robot-${d._id.split(':')[0]}`, d.parts]));
    };
    const deadline = Date.now() + 90_000;
    let parts = await expected();
    while (Date.now() < deadline) {
      parts = await expected();
      const total = [...parts.values()].reduce((n, p) => n + p.length, 0);
      if (parts.size === groups && fake.robotMessages().length >= total) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    await queue.add('digest-again', { force: true });
    await new Promise((r) => setTimeout(r, 4000));

    expect(deliveredBeforeKill).toBeLessThan([...parts.values()].reduce((n, p) => n + p.length, 0));
    expect(parts.size).toBe(groups);
    for (const [key, expectedParts] of parts) {
      const received = fake.robotMessages(key).map((m) => (m.body as { markdown: { content: string } }).markdown.content);
      // In order, too: one job sends a digest's parts one after another, and picks up where the dead one stopped.
      expect(received, key).toEqual(expectedParts);
    }
    expect(fake.requests.filter((r) => r.path === send && (r.response as { errcode?: number }).errcode !== 0)).toHaveLength(0);
  }, 180_000);
});
