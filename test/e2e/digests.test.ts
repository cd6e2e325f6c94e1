import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { dateOnly, localDate } from '../../src/calendar/local-date.js';
import { addDays } from '../../src/calendar/due-date.js';
import { agencyModel } from '../../src/models/agency.js';
import { rebuildDeadlineIndex } from '../../src/digest/deadline-index.js';
import { recommendationModel, type RecommendationRecord } from '../../src/models/recommendation.js';
import { staffModel } from '../../src/models/staff.js';
import { createCommandRedis } from '../../src/queue/connection.js';
import { queueNames } from '../../src/queue/names.js';
import { startBotHarness, type BotHarness } from '../support/bot-harness.js';

const groupKey = 'prosecutors-group';

describe('morning deadline digests (e2e, moved clock, fake group robots)', () => {
  let h: BotHarness;
  let deadlines: Queue;
  beforeAll(async () => {
    // 09:00 in Shanghai (after the default digest hour, 8) on a fixed Wednesday: the seed's dates are relative to
    // the clock, and its urgent 21号 (received 10 days ago, 15 days to answer) is then due on a working day, 5
    // days on. From today's date, a due day on a weekend or holiday would move and change every count below.
    const nineAm = Date.parse('2026-11-25T01:00:00Z');
    h = await startBotHarness({ env: { PROSECUTOR_ROBOT_KEY: groupKey }, clockStart: nineAm });
    for (const key of ['demo-robot-linye', 'demo-robot-ziran', 'demo-robot-shichang', groupKey]) h.fake.addRobot(key);
    deadlines = new Queue(queueNames.deadlines, { connection: createCommandRedis(h.runtime.redisUrl, { enableOfflineQueue: true }), prefix: h.config.QUEUE_PREFIX });
  });
  afterAll(async () => {
    await deadlines.close();
    await h.stop();
  });
  const texts = (key: string) => h.fake.robotMessages(key).map((m) => (m.body as { markdown?: { content: string } }).markdown?.content ?? '');
  async function runDigest() {
    const job = await deadlines.add('digest', {});
    for (let i = 0; i < 100 && !(await job.isCompleted()); i++) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 800));
  }

  it('sends each agency group its digest with items, days left, @mentions and the scorecard, and the overdue list to the prosecutors', async () => {
    await runDigest();
    const [linye] = texts('demo-robot-linye');
    expect(linye).toContain('富阳区林业局 检察建议回复期限提醒（2026-11-25）');
    expect(linye).toContain('🔴 已逾期（1）');
    expect(linye).toMatch(/富检行公建\[2021\]9号 督促追缴森林植被恢复费：追缴欠缴的森林植被恢复费并依法处罚；回复期限 \d{4}-\d{2}-\d{2}，已逾期 7 天/);
    // The mentions once, on the message's last line, not on every item; all it lists is overdue, so not 按期 but 尽快.
    expect(linye?.split('\n').at(-1)).toMatch(/^请 <@zhangsan> <@zhaoliu> 尽快书面回复（/);
    expect(linye?.match(/<@zhangsan>/g)).toHaveLength(1);
    expect(linye).toContain('记分卡：按期 2 · 临期 0 · 逾期 1 🔴');
    const [ziran] = texts('demo-robot-ziran');
    expect(ziran).toContain('🟡 7日内到期（1）');
    expect(ziran).toContain('还剩 5 天');
    // 21号 is urgent (15 days to reply, not two months): marked so.
    expect(ziran).toMatch(/富检行公建\[2021\]21号 .+ 【紧急】：/);
    expect(linye).not.toContain('紧急');
    expect(ziran).toContain('<@lisi>');
    expect(texts(groupKey).join()).toContain('富阳区林业局 富检行公建[2021]9号');
    // Each overdue reply names the prosecutors who chase it, and the list @mentions them once, on its last line.
    const [overdueList] = texts(groupKey);
    expect(overdueList).toMatch(/富检行公建\[2021\]9号.*（负责检察官：王检察官）/);
    expect(overdueList?.split('\n').at(-1)).toBe('请 <@wangjc> 督促相关单位书面回复');
  });

  it('keeps no robot webhook key in the jobs it queues (the queue board shows their data)', async () => {
    const deliver = new Queue(queueNames.deliver, { connection: createCommandRedis(h.runtime.redisUrl, { enableOfflineQueue: true }), prefix: h.config.QUEUE_PREFIX });
    const jobs = await deliver.getJobs(['completed', 'waiting', 'delayed', 'active']);
    await deliver.close();
    const digests = jobs.filter((j) => String(j.id).startsWith('digest_') || String(j.id).startsWith('overdue_'));
    expect(digests.length).toBeGreaterThan(0);
    for (const job of digests) expect(JSON.stringify(job.data)).not.toMatch(/demo-robot|prosecutors-group/);
  });

  it('sends nothing twice on the same day, however often the run repeats', async () => {
    const before = h.fake.requests.filter((r) => r.path === '/cgi-bin/webhook/send').length;
    await runDigest();
    await runDigest();
    expect(h.fake.requests.filter((r) => r.path === '/cgi-bin/webhook/send').length).toBe(before);
  });

  it('reminds the responsible staff personally 3 days before, and sends a new digest the next day', async () => {
    h.clock.advance(2 * 24 * 3600_000); // Friday 2026-11-27; 21号 is due on Monday
    await runDigest();
    const reminder = await h.fake.waitFor(() => h.fake.appMessages().find((m) => m.touser === 'lisi' && JSON.stringify(m).includes('回复期限提醒')));
    expect(JSON.stringify(reminder)).toContain('还剩 3 天');
    expect(JSON.stringify(reminder)).toContain('回复 富检行公建[2021]21号');
    // Its 1-day reminder falls on Sunday, so Friday's is the last one: not two messages on the same morning.
    expect(h.fake.appMessages().filter((m) => m.touser === 'lisi' && JSON.stringify(m).includes('回复期限提醒'))).toHaveLength(1);
    expect(texts('demo-robot-ziran')).toHaveLength(2);
  });

  it('sends an agency with a later digest hour nothing before that hour, then its digest once', async () => {
    const now = new Date(h.clock.now());
    await agencyModel(h.runtime.mongo).create({ _id: 'late', name: '晚报单位', domains: [], robotKey: 'robot-late', prosecutors: [], active: true, settings: { digestHour: 14 } });
    h.fake.addRobot('robot-late');
    await staffModel(h.runtime.mongo).create({ _id: 'staff-late', name: '晚报人员', agency: 'late', role: 'staff', active: true, boundAt: now, boundBy: 'test' });
    await runDigest();
    expect(texts('robot-late')).toHaveLength(0);
    h.clock.advance(5 * 3600_000); // 14:xx
    await runDigest();
    await runDigest();
    expect(texts('robot-late')).toHaveLength(1);
  });

  it('delivers long digests to 50 agency groups without exceeding any robot limit', async () => {
    const today = localDate(new Date(h.clock.now()), h.config.TZ);
    const now = new Date(h.clock.now());
    for (let a = 0; a < 50; a++) {
      const id = `bulk${a}`;
      await agencyModel(h.runtime.mongo).create({ _id: id, name: `测试单位${a}`, domains: [], robotKey: `robot-${id}`, prosecutors: [], active: true });
      h.fake.addRobot(`robot-${id}`);
      await staffModel(h.runtime.mongo).create({ _id: `staff-${id}`, name: `人员${a}`, agency: id, role: 'staff', active: true, boundAt: now, boundBy: 'test' });
      const recs: RecommendationRecord[] = Array.from({ length: 40 }, (_, i) => ({
        _id: `测检建[2026]${a}-${i}号`, ref: `测检建[2026]${a}-${i}号`, refSerial: i, agency: id, title: '督促整改测试事项',
        requirements: '依法履行监督管理职责，对违法行为依法查处并恢复原状，按期书面回复检察机关',
        cases: [], issuedOn: now, urgent: false, dueOn: dateOnly(addDays(today, (i % 10) - 3)), status: 'received', percent: i, prosecutors: [], history: [],
      }));
      // A bulk load as an operator's import would do it: raw inserts, then one index rebuild (spares the shared
      // test database 2000 model-hook re-filings).
      await recommendationModel(h.runtime.mongo).collection.insertMany(recs as never[]);
    }
    await rebuildDeadlineIndex(h.runtime.mongo, localDate(new Date(h.clock.now()), h.config.TZ));
    h.clock.advance(3 * 24 * 3600_000); // from Friday afternoon to Monday's: no digest goes out at the weekend
    await runDigest();
    await h.fake.waitFor(() => Array.from({ length: 50 }, (_, a) => texts(`robot-bulk${a}`).length >= 2).every(Boolean) || undefined, 60_000);
    for (let a = 0; a < 50; a++) {
      const parts = texts(`robot-bulk${a}`);
      expect(parts.every((p) => Buffer.byteLength(p) <= 4096)).toBe(true);
      expect(parts.join('\n').match(/测检建\[2026\]\d+-\d+号/g)?.length).toBeGreaterThan(0);
    }
    expect(h.fake.requests.filter((r) => r.path === '/cgi-bin/webhook/send' && (r.response as { errcode: number }).errcode === 45009)).toHaveLength(0);
  }, 120_000);

  it('sends nothing on a day off, and lists no recommendation whose written reply is in', async () => {
    const at = (iso: string) => h.clock.advance(Date.parse(iso) - h.clock.now());
    const before = h.fake.appMessages().length;
    await h.sendText('zhangsan', '回复 富检行公建〔2021〕9号 已书面回复检察院，正在追缴');
    await h.fake.waitFor(() => h.fake.appMessages().slice(before).find((m) => m.touser === 'zhangsan' && JSON.stringify(m).includes('书面回复')), 15_000);
    const sent = () => ({ linye: texts('demo-robot-linye').length });
    const beforeWeekend = sent();

    at('2026-12-05T01:30:00Z'); // Saturday 09:30 in Shanghai
    await runDigest();
    expect(sent()).toEqual(beforeWeekend);

    at('2026-12-07T01:30:00Z'); // Monday 09:30
    await runDigest();
    await h.fake.waitFor(() => texts('demo-robot-linye').length > beforeWeekend.linye || undefined, 15_000);
    const monday = texts('demo-robot-linye').slice(beforeWeekend.linye).join('\n');
    expect(monday).toContain('检察建议回复期限提醒（2026-12-07）');
    expect(monday).not.toContain('富检行公建[2021]9号');
    // The prosecutors' list of the day (fixed when built; its many parts are paced out over minutes).
    // It is built after every agency's digest, so it may come a moment after 林业局's.
    const digestRecords = h.runtime.mongo.collection<{ _id: string; parts: string[] }>('digests');
    let overdueList = await digestRecords.findOne({ _id: 'overdue:2026-12-07' });
    for (let i = 0; i < 150 && !overdueList; i++) {
      await new Promise((r) => setTimeout(r, 100));
      overdueList = await digestRecords.findOne({ _id: 'overdue:2026-12-07' });
    }
    expect(overdueList?.parts.join('\n')).toContain('逾期未书面回复的检察建议（2026-12-07）');
    expect(overdueList?.parts.join('\n')).not.toContain('富检行公建[2021]9号');
  });
});
