import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { addDays } from '../../src/calendar/add-period.js';
import { dateOnly } from '../../src/calendar/local-date.js';
import { rebuildDeadlineIndex } from '../../src/digest/deadline-index.js';
import { agencyModel } from '../../src/models/agency.js';
import { deliveryModel } from '../../src/models/delivery.js';
import { recommendationModel, type RecommendationRecord } from '../../src/models/recommendation.js';
import { staffModel } from '../../src/models/staff.js';
import { createCommandRedis } from '../../src/queue/connection.js';
import { queueNames } from '../../src/queue/names.js';
import { startBotHarness, type BotHarness } from '../support/bot-harness.js';

const today = '2026-11-25'; // a Wednesday
const send = '/cgi-bin/webhook/send';

function rec(ref: string, agency: string, dueOn: string, i: number): RecommendationRecord {
  return {
    _id: ref, ref, refSerial: i, agency, title: `督促整改事项${i}`, requirements: '依法履行监督管理职责，对违法行为依法查处并恢复原状',
    cases: [], issuedOn: dateOnly('2026-09-01'), urgent: false, dueOn: dateOnly(dueOn), status: 'received', percent: i % 100, prosecutors: [], history: [],
  };
}

/**
 * Round 8, finding 4: a digest too long for one robot message went out as six jobs racing each other in the deliver
 * queue (concurrency 8), so the group read （1/6）（3/6）（2/6）…, worse when a 45009 held a part back, and every part
 * @mentioned the staff (six notifications). Two agencies sharing one group robot also had their digests interleaved.
 */
describe('a long digest in parts (round 8)', () => {
  let h: BotHarness;
  let deadlines: Queue;
  const texts = (key: string) => h.fake.robotMessages(key).map((m) => (m.body as { markdown?: { content: string } }).markdown?.content ?? '');
  const fixedParts = async (id: string) => (await h.runtime.mongo.collection<{ _id: string; parts: string[] }>('digests').findOne({ _id: id }))?.parts ?? [];
  async function runDigest() {
    const job = await deadlines.add('digest', {});
    for (let i = 0; i < 300 && !(await job.isCompleted()); i++) await new Promise((r) => setTimeout(r, 100));
  }

  beforeAll(async () => {
    h = await startBotHarness({
      seed: false, env: { PROSECUTOR_ROBOT_KEY: 'robot-pros' }, clockStart: Date.parse(`${today}T09:07:00+08:00`),
      users: ['ua1', 'ua2', 'ub', 'p1'].map((userid) => ({ userid, name: userid })),
    });
    for (const key of ['robot-shared', 'robot-pros']) h.fake.addRobot(key);
    const mongo = h.runtime.mongo;
    const boundAt = new Date(h.clock.now());
    await staffModel(mongo).create([
      { _id: 'p1', name: '王检', role: 'prosecutor', active: true, boundAt, boundBy: 'test' },
      { _id: 'ua1', name: '甲一', agency: 'order-a', role: 'staff', active: true, boundAt, boundBy: 'test' },
      { _id: 'ua2', name: '甲二', agency: 'order-a', role: 'staff', active: true, boundAt, boundBy: 'test' },
      { _id: 'ub', name: '乙一', agency: 'order-b', role: 'staff', active: true, boundAt, boundBy: 'test' },
    ]);
    // Two small agencies in one group chat: one robot key.
    await agencyModel(mongo).create([
      { _id: 'order-a', name: '第一执法单位', domains: [], robotKey: 'robot-shared', prosecutors: ['p1'], active: true },
      { _id: 'order-b', name: '第二执法单位', domains: [], robotKey: 'robot-shared', prosecutors: ['p1'], active: true },
    ]);
    const recs = [
      ...Array.from({ length: 120 }, (_, i) => rec(`甲检建[2026]${i + 1}号`, 'order-a', addDays(today, (i % 8) - 4), i + 1)),
      ...Array.from({ length: 3 }, (_, i) => rec(`乙检建[2026]${i + 1}号`, 'order-b', addDays(today, 2), i + 1)),
    ];
    await recommendationModel(mongo).collection.insertMany(recs as never[]); // raw bulk load, filed once below
    await rebuildDeadlineIndex(mongo, today);
    deadlines = new Queue(queueNames.deadlines, { connection: createCommandRedis(h.runtime.redisUrl, { enableOfflineQueue: true }), prefix: h.config.QUEUE_PREFIX });
  }, 120_000);
  afterAll(async () => {
    await deadlines?.close();
    await h?.stop();
  });

  it('reaches the group in order, once each, with the @mentions on the last part only, though WeCom refused the first calls', async () => {
    // Someone else posted in those groups this minute: the first three webhook calls are answered 45009.
    h.fake.failNext(send, { errcode: 45009, times: 3 });
    await runDigest();
    const agencyA = await fixedParts(`order-a:${today}`);
    const agencyB = await fixedParts(`order-b:${today}`);
    const overdueList = await fixedParts(`overdue:${today}`);
    expect(agencyA.length).toBeGreaterThanOrEqual(4);
    expect(overdueList.length).toBeGreaterThanOrEqual(2);
    const all = agencyA.length + agencyB.length + overdueList.length;
    await h.fake.waitFor(() => h.fake.robotMessages().length >= all || undefined, 90_000);
    expect(h.fake.requests.filter((r) => r.path === send && (r.response as { errcode: number }).errcode === 45009)).toHaveLength(3);

    const shared = texts('robot-shared');
    const fromA = shared.filter((t) => t.startsWith('**第一执法单位'));
    expect(fromA).toEqual(agencyA);
    expect(fromA.map((t) => t.split('\n')[0])).toEqual(agencyA.map((_, i) => `**第一执法单位 检察建议回复期限提醒（${today}）**（${i + 1}/${agencyA.length}）`));
    // The other agency's digest in the same group comes before or after, never between the parts.
    const positions = shared.flatMap((t, i) => (t.startsWith('**第一执法单位') ? [i] : []));
    expect(positions.at(-1)! - positions[0]!).toBe(agencyA.length - 1);
    expect(shared.filter((t) => t.startsWith('**第二执法单位'))).toEqual(agencyB);
    // One notification: the staff are @mentioned once, at the end of the whole digest.
    expect(fromA.slice(0, -1).some((t) => t.includes('<@'))).toBe(false);
    expect(fromA.at(-1)!.split('\n').at(-1)).toBe('请 <@ua1> <@ua2> 尽快书面回复已逾期的检察建议，其余按期书面回复（发送「回复 <文号> <要点>」）');

    const prosecutors = texts('robot-pros').filter((t) => t.startsWith('**逾期未书面回复的检察建议'));
    expect(prosecutors).toEqual(overdueList);
    expect(prosecutors.map((t) => (t.match(/<@p1>/g) ?? []).length)).toEqual([...Array(overdueList.length - 1).fill(0), 1]);

    // Each part recorded once under its own delivery id, in the order sent.
    const records = await deliveryModel(h.runtime.mongo).find({ _id: { $in: agencyA.map((_, i) => `digest_order-a_${today}_${i}`) } }).lean();
    expect(records.map((r) => r.state)).toEqual(agencyA.map(() => 'sent'));
  }, 150_000);

  it('sends each member one notice of the morning, in order, not one message per recommendation', async () => {
    // 30 of the agency's recommendations are 1 or 3 days from due this morning.
    const notices = () => h.fake.appMessages().filter((m) => String(m.touser).split('|').includes('ua1'));
    const messages = await h.fake.waitFor(() => (notices().length >= 2 ? notices() : undefined), 30_000);
    const contents = messages.map((m) => (m.text as { content: string }).content);
    expect(contents.length).toBeLessThanOrEqual(3);
    expect(contents[0]).toMatch(/^【回复期限提醒】第一执法单位有 30 份检察建议的书面回复需要办理（2026-11-25）：/);
    expect(contents.slice(1).every((c) => c.startsWith('（续）'))).toBe(true);
    expect(contents.every((c) => Buffer.byteLength(c) <= 2048)).toBe(true);
    const refs = contents.join('\n').match(/甲检建\[2026\]\d+号/g) ?? [];
    expect(new Set(refs).size).toBe(30);
    expect(contents.at(-1)).toMatch(/请按期书面回复：发送「回复 <文号> <回复要点>」/);
  });

  it('sends nothing again when the run repeats', async () => {
    const before = { robot: h.fake.robotMessages().length, app: h.fake.appMessages().length };
    await runDigest();
    await runDigest();
    await new Promise((r) => setTimeout(r, 2000));
    expect({ robot: h.fake.robotMessages().length, app: h.fake.appMessages().length }).toEqual(before);
  });
});
