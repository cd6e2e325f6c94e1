import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from 'mongoose';
import { connectMongo } from '../../src/db/connect.js';
import { dateOnly } from '../../src/calendar/local-date.js';
import { runMorningDigests } from '../../src/digest/run-digests.js';
import { agencyModel } from '../../src/models/agency.js';
import { recommendationModel, type RecommendationRecord } from '../../src/models/recommendation.js';
import { staffModel } from '../../src/models/staff.js';
import type { Delivery, DeliveryQueue } from '../../src/queue/delivery.js';
import { isolate } from '../support/isolation.js';

function rec(ref: string, agency: string, dueOn: string): RecommendationRecord {
  return { _id: ref, ref, refSerial: 1, agency, title: '督促整改', requirements: '依法查处', cases: [], issuedOn: dateOnly('2026-09-01'), urgent: false, dueOn: dateOnly(dueOn), status: 'received', percent: 0, prosecutors: [], history: [] };
}

describe('the morning run across agencies with different digest hours', () => {
  const ns = isolate('morning');
  let mongo: Connection;
  beforeAll(async () => {
    mongo = await connectMongo(ns.mongoUri);
    await agencyModel(mongo).create([
      { _id: 'early', name: '早报单位', domains: [], prosecutors: [], robotKey: 'robot-early', active: true },
      { _id: 'late', name: '晚报单位', domains: [], prosecutors: [], robotKey: 'robot-late', active: true, settings: { digestHour: 10 } },
    ]);
    const boundAt = new Date();
    await staffModel(mongo).create([
      { _id: 'e1', name: '早', agency: 'early', role: 'staff', active: true, boundAt, boundBy: 't' },
      { _id: 'l1', name: '晚', agency: 'late', role: 'staff', active: true, boundAt, boundBy: 't' },
    ]);
    await recommendationModel(mongo).create([rec('早检建[2026]1号', 'early', '2026-11-20'), rec('晚检建[2026]1号', 'late', '2026-11-20')]);
  });
  afterAll(async () => {
    await mongo?.dropDatabase().catch(() => undefined);
    await mongo?.close();
  });

  it('lists every agency\'s overdue replies to the prosecutors at their morning, before a later agency\'s own digest', async () => {
    const sent: Delivery[] = [];
    const deliveries: DeliveryQueue = { send: async (d) => void sent.push(d), close: async () => undefined };
    // Tuesday 2026-12-01, 09:00 in Shanghai: the early agency's hour has come, the late one's (10:00) not yet.
    await runMorningDigests({ mongo, config: { TZ: 'Asia/Shanghai', PROSECUTOR_ROBOT_KEY: 'robot-prosecutors' }, deliveries, now: new Date('2026-12-01T01:00:00Z') });
    const overdueList = sent.filter((d) => d.id.startsWith('overdue_')).map((d) => JSON.stringify(d.body)).join();
    expect(overdueList).toContain('早检建[2026]1号');
    expect(overdueList).toContain('晚检建[2026]1号');
    expect(sent.filter((d) => d.id.startsWith('digest_')).map((d) => d.id)).toEqual(['digest_early_2026-12-01']);
  });

  it('sends the prosecutors nothing before their morning', async () => {
    const sent: Delivery[] = [];
    const deliveries: DeliveryQueue = { send: async (d) => void sent.push(d), close: async () => undefined };
    await mongo.collection('digests').deleteMany({});
    await runMorningDigests({ mongo, config: { TZ: 'Asia/Shanghai', PROSECUTOR_ROBOT_KEY: 'robot-prosecutors' }, deliveries, now: new Date('2026-12-02T17:00:00Z') }); // 01:00 on 12-03
    expect(sent).toEqual([]);
  });
});
