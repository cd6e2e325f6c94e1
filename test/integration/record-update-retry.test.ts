import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from 'mongoose';
import { dateOnly } from '../../src/calendar/local-date.js';
import { connectMongo } from '../../src/db/connect.js';
import { auditModel } from '../../src/models/audit.js';
import { progressModel } from '../../src/models/progress.js';
import { recommendationModel, type RecommendationRecord } from '../../src/models/recommendation.js';
import type { StaffRecord } from '../../src/models/staff.js';
import { recordUpdate } from '../../src/rectification/record-update.js';
import { isolate } from '../support/isolation.js';

const staff: StaffRecord = { _id: 'zhangsan', name: '张三', agency: 'linye', role: 'staff', active: true, boundAt: new Date(), boundBy: 'test' };
const rec: RecommendationRecord = {
  _id: 'R-1', ref: 'R-1', refSerial: 1, agency: 'linye', title: 't', requirements: 'r', cases: [], issuedOn: dateOnly('2026-10-01'),
  receivedOn: dateOnly('2026-10-02'), urgent: false, dueOn: dateOnly('2026-12-02'), status: 'received', percent: 0, prosecutors: [], history: [],
};

describe('recording an update when the job is retried after a partial failure', () => {
  const ns = isolate('recupd');
  let mongo: Connection;
  beforeAll(async () => {
    mongo = await connectMongo(ns.mongoUri);
    await recommendationModel(mongo).create(rec);
  });
  afterAll(async () => {
    await mongo?.dropDatabase().catch(() => undefined);
    await mongo?.close();
  });

  it('applies an update whose first try stored it but died before changing the recommendation, exactly once', async () => {
    const now = new Date('2026-11-25T02:00:00Z');
    // What the first try left behind: the update stored, the recommendation untouched (a crash or a database blip).
    await progressModel(mongo).create({ _id: 'msg:1', recommendation: rec._id, ref: rec.ref, agency: 'linye', author: 'zhangsan', kind: 'complete', percent: 100, quantities: [], evidence: [], createdAt: now, previous: { status: 'received', percent: 0 } });
    const fresh = (await recommendationModel(mongo).findById(rec._id).lean())!;
    const retry = await recordUpdate(mongo, fresh, staff, { kind: 'complete', measures: '全部恢复' }, 'msg:1', now);
    expect(retry.created).toBe(false);
    const after = (await recommendationModel(mongo).findById(rec._id).lean())!;
    expect(after).toMatchObject({ status: 'completed', percent: 100 });
    expect(after.history.filter((h) => h.sourceId === 'msg:1')).toHaveLength(1);
    expect(await auditModel(mongo).countDocuments({ sourceId: 'msg:1' })).toBe(1);

    await recordUpdate(mongo, after, staff, { kind: 'complete', measures: '全部恢复' }, 'msg:1', now);
    expect((await recommendationModel(mongo).findById(rec._id).lean())!.history.filter((h) => h.sourceId === 'msg:1')).toHaveLength(1);
  });
});
