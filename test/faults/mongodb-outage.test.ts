import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { Queue } from 'bullmq';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFerretdb, type RunningServer } from '../../src/embedded/ferretdb.js';
import { deliveryModel } from '../../src/models/delivery.js';
import { messageLogModel } from '../../src/models/message-log.js';
import { progressModel } from '../../src/models/progress.js';
import { recommendationModel } from '../../src/models/recommendation.js';
import { inboundJobId } from '../../src/queue/inbound-queue.js';
import { queueNames } from '../../src/queue/names.js';
import { newMsgId, startBotHarness, type BotHarness } from '../support/bot-harness.js';
import { auditAppDeliveries } from '../support/delivery-audit.js';
import { waitUntil } from '../support/wait-until.js';

const outageMs = 30_000;

/** What staff send while the database is away: commands that only read, and progress updates that write. */
const load: Array<{ from: string; text: string; progressOf?: string; percent?: number }> = [
  { from: 'zhangsan', text: '帮助' },
  { from: 'zhangsan', text: '进度 富检行公建〔2021〕9号 40% 追缴植被恢复费10万元', progressOf: '富检行公建[2021]9号', percent: 40 },
  { from: 'lisi', text: '待办' },
  { from: 'lisi', text: '进度 富检行公建〔2021〕21号 30% 查处非法采矿2起', progressOf: '富检行公建[2021]21号', percent: 30 },
  { from: 'qianqi', text: '帮助' },
  { from: 'zhaoliu', text: '进度 富检行公建〔2022〕14号 20% 清理违规合同5份', progressOf: '富检行公建[2022]14号', percent: 20 },
  { from: 'zhaoliu', text: '待办' },
  { from: 'wangjc', text: '帮助' },
];

/**
 * Models the MongoDB server going away for half a minute (a restart for an upgrade, a failover, a full disk) while
 * staff keep writing. Callbacks only need Redis, so they are acknowledged and queued; the inbound jobs fail while the
 * database is away and are retried with backoff; once it is back every message ends in MongoDB exactly once and is
 * answered once. The private FerretDB is stopped and started again on the same port with the same data
 * (as test/integration/ferretdb-restart.test.ts shows it can be).
 */
describe('the MongoDB-wire server stopped for 30 s', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mongo-outage-'));
  let ferret: RunningServer;
  let h: BotHarness;
  beforeAll(async () => {
    ferret = await startFerretdb({ dataDir });
    h = await startBotHarness({ env: { MONGODB_URI: `${ferret.uri}outage`, JOB_LOCK_MS: '2000' } });
  }, 120_000);
  afterAll(async () => {
    await h?.stop().catch(() => undefined);
    await ferret?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('acknowledges, retries and completes every message queued during the outage, none lost or doubled', async () => {
    const port = Number(new URL(ferret.uri).port);
    await ferret.stop();
    const downAt = Date.now();

    const sent: Array<(typeof load)[number] & { id: string; status: number }> = [];
    for (const message of load) {
      const msgId = newMsgId();
      const response = await h.sendText(message.from, message.text, msgId);
      sent.push({ ...message, id: `msg:${msgId}`, status: response.status });
    }
    expect(sent.map((s) => s.status)).toEqual(sent.map(() => 200));

    // While the database is away the jobs fail and are retried; none runs out of attempts.
    const queue = new Queue(queueNames.inbound, { connection: h.runtime.redis, prefix: h.config.QUEUE_PREFIX });
    const jobs = () => Promise.all(sent.map((s) => queue.getJob(inboundJobId(s))));
    await waitUntil(async () => (await jobs()).some((j) => (j?.attemptsMade ?? 0) >= 1), 'a failed attempt retried', outageMs);
    await new Promise((r) => setTimeout(r, Math.max(0, downAt + outageMs - Date.now())));
    const duringOutage = await jobs();
    expect(duringOutage.every((j) => j && !j.finishedOn)).toBe(true);

    ferret = await startFerretdb({ dataDir, port });
    const log = messageLogModel(h.runtime.mongo);
    const ids = sent.map((s) => s.id);
    await waitUntil(async () => (await log.countDocuments({ _id: { $in: ids }, state: 'handled' })) === ids.length, 'every message handled', 45_000);
    const deliveries = deliveryModel(h.runtime.mongo);
    const answerCount = (await log.find({ _id: { $in: ids } }).lean()).reduce((n, r) => n + (r.replies ?? 0), 0);
    await waitUntil(async () => (await deliveries.countDocuments({ source: { $in: ids }, state: 'sent' })) === answerCount, 'every answer delivered', 20_000);
    const completed = async () => (await Promise.all((await jobs()).map((j) => j?.getState()))).every((state) => state === 'completed');
    await waitUntil(completed, 'every inbound job completed', 10_000);
    expect(Math.max(...(await jobs()).map((j) => j!.attemptsMade))).toBeGreaterThanOrEqual(1);

    for (const s of sent) {
      const [record, ...more] = await log.find({ _id: s.id }).lean();
      expect(more, s.text).toEqual([]);
      expect(record, s.text).toMatchObject({ state: 'handled' });
      // Each answer (the reply, and for an overdue recommendation the prosecutor's notice) queued and sent once.
      const answers = await deliveries.find({ source: s.id }).lean();
      expect(answers.map((a) => a._id).sort(), s.text).toEqual(Array.from({ length: record!.replies! }, (_, i) => `${s.id.replace(/:/g, '_')}#out${i}`));
      expect(answers.filter((a) => a.target === s.from), s.text).toHaveLength(1);
      if (!s.progressOf) continue;
      expect(await progressModel(h.runtime.mongo).find({ _id: s.id }).lean()).toMatchObject([{ recommendation: s.progressOf, percent: s.percent }]);
      const rec = await recommendationModel(h.runtime.mongo).findById(s.progressOf).lean();
      expect(rec?.percent).toBe(s.percent);
      expect(rec?.history.filter((c) => c.sourceId === s.id)).toHaveLength(1);
    }
    expect(await progressModel(h.runtime.mongo).countDocuments({})).toBe(sent.filter((s) => s.progressOf).length);
    const audit = await auditAppDeliveries(h.fake, h.runtime.mongo);
    expect(audit.accepted.sort()).toEqual(audit.recorded.sort());
    expect(audit.deliveries.every((d) => d.state === 'sent')).toBe(true);
    await queue.close();
  }, 120_000);
});
