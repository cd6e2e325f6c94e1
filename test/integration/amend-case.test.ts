import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from 'mongoose';
import { amendCase } from '../../src/cases/amend-case.js';
import { casesOfParty, caseWithNumber } from '../../src/cases/case-keys.js';
import { createCase } from '../../src/cases/create-case.js';
import { connectMongo } from '../../src/db/connect.js';
import { caseNumberKey } from '../../src/import/index.js';
import { auditModel } from '../../src/models/audit.js';
import { caseModel } from '../../src/models/case.js';
import { isolate } from '../support/isolation.js';

const now = new Date('2026-11-25T02:00:00Z');

describe('correcting a stored case (real MongoDB-wire server)', () => {
  const ns = isolate('amendcase');
  let mongo: Connection;
  let sources = 0;
  async function create(caseNumber: string, party = '富阳某石材有限公司'): Promise<string> {
    const result = await createCase(mongo, { caseNumber, party, facts: '非法占用林地12亩', fineYuan: 50_000 }, { agency: 'linye', by: 'zhangsan', sourceId: `msg:${++sources}`, now });
    if (result.kind !== 'created') throw new Error(result.kind);
    return result.record._id;
  }
  const meta = (sourceId: string) => ({ by: 'zhangsan', sourceId, now });

  beforeAll(async () => {
    mongo = await connectMongo(ns.mongoUri);
    await caseModel(mongo).init();
  });
  afterAll(async () => {
    await mongo?.dropDatabase().catch(() => undefined);
    await mongo?.close();
  });

  it('changes only the fields that differ, once per source, with old and new values in the history and an audit entry', async () => {
    const id = await create('富林罚〔2026〕1号');
    const result = await amendCase(mongo, id, { fineYuan: 5000, party: '富阳某石材有限公司', facts: '非法占用林地2亩' }, meta('msg:fix-1'));
    expect(result).toMatchObject({ kind: 'amended', changes: [{ field: 'facts', from: '非法占用林地12亩', to: '非法占用林地2亩' }, { field: 'fineYuan', from: 50_000, to: 5000 }] });
    expect((await amendCase(mongo, id, { fineYuan: 5000, facts: '非法占用林地2亩' }, meta('msg:fix-1'))).kind).toBe('already');
    expect((await amendCase(mongo, id, { fineYuan: 5000 }, meta('msg:fix-2'))).kind).toBe('unchanged');
    const stored = (await caseModel(mongo).findById(id).lean())!;
    expect(stored.history.map((h) => h.action)).toEqual(['created', 'amended']);
    // The figures the rules read are those of the corrected text: 2 亩, not 12.
    expect(stored.quantities?.filter((q) => q.unit === '亩').map((q) => q.value)).toEqual([2]);
    expect(await auditModel(mongo).countDocuments({ action: 'case.amend', 'target.id': id })).toBe(1);
  });

  it('clears an optional field given null, never a required one', async () => {
    const id = await create('富林罚〔2026〕2号');
    expect(await amendCase(mongo, id, { fineYuan: null, party: null }, meta('msg:clear'))).toMatchObject({ kind: 'amended', changes: [{ field: 'fineYuan', from: 50_000, to: null }] });
    const stored = (await caseModel(mongo).findById(id).lean())!;
    expect([stored.fineYuan, stored.party]).toEqual([undefined, '富阳某石材有限公司']);
  });

  it('files a new number and party: found under the new ones, the old number free, the old party without it', async () => {
    const id = await create('富林罚〔2026〕3号', '甲公司');
    await amendCase(mongo, id, { caseNumber: '富林罚〔2026〕13号', party: '乙公司' }, meta('msg:renumber'));
    expect((await caseWithNumber(mongo, 'linye', caseNumberKey('富林罚(2026)13号')))?._id).toBe(id);
    expect(await caseWithNumber(mongo, 'linye', caseNumberKey('富林罚〔2026〕3号'))).toBeNull();
    expect((await casesOfParty(mongo, 'linye', '乙公司')).map((c) => c._id)).toEqual([id]);
    expect(await casesOfParty(mongo, 'linye', '甲公司')).toEqual([]);
    expect((await create('富林罚〔2026〕3号')).length).toBeGreaterThan(0);
  });

  it('lets only one of two cases take the same new number at the same time', async () => {
    const [a, b] = [await create('富林罚〔2026〕4号'), await create('富林罚〔2026〕5号')];
    const results = await Promise.all([
      amendCase(mongo, a, { caseNumber: '富林罚〔2026〕99号' }, meta('msg:race-a')),
      amendCase(mongo, b, { caseNumber: '富林罚〔2026〕99号' }, meta('msg:race-b')),
    ]);
    expect(results.map((r) => r.kind).sort()).toEqual(['amended', 'duplicate_number']);
    expect(await caseModel(mongo).countDocuments({ caseKey: caseNumberKey('富林罚〔2026〕99号') })).toBe(1);
  });

  it('applies two corrections of one case from different sources both, each in the history', async () => {
    const id = await create('富林罚〔2026〕6号');
    await Promise.all([
      amendCase(mongo, id, { fineYuan: 6000 }, meta('msg:both-1')),
      amendCase(mongo, id, { party: '丙公司' }, meta('msg:both-2')),
    ]);
    const stored = (await caseModel(mongo).findById(id).lean())!;
    expect([stored.fineYuan, stored.party, stored.history.filter((h) => h.action === 'amended').length]).toEqual([6000, '丙公司', 2]);
  });
});
