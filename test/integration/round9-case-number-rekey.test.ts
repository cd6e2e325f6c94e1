import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from 'mongoose';
import { adminCommands } from '../../src/admin/cli-commands.js';
import { caseWithNumber, casesOfParty, reindexCases } from '../../src/cases/case-keys.js';
import { createCase } from '../../src/cases/create-case.js';
import { connectMongo } from '../../src/db/connect.js';
import { caseNumberKey } from '../../src/import/index.js';
import { auditModel } from '../../src/models/audit.js';
import { caseModel } from '../../src/models/case.js';
import { isolate } from '../support/isolation.js';

const now = new Date('2026-11-25T02:00:00Z');

/** The key an older release gave a number: it removed only spaces, U+200B and the BOM, so LRM and ZWNJ stayed in it. */
const olderKey = (caseNumber: string) => caseNumber.replace(/[\s\u200B\uFEFF]+/g, '').replace(/[〔(]/g, '[').replace(/[〕)]/g, ']').replace(/号$/, '');

/**
 * Round 9 (inject) S1: cases stored by an older release with an invisible character in their number are filed under
 * the number as it reads, so that a later 上报 or 查询 of it finds them; two that turn out one number are listed.
 */
describe('cases stored with invisible characters in their number, after the upgrade', () => {
  const ns = isolate('rekey');
  let mongo: Connection;

  /** A case as an older release stored and filed it (keys under its number as then keyed, the v2 mark set). */
  async function storedByOlderRelease(id: string, caseNumber: string, party: string, minutesAgo: number): Promise<void> {
    const caseKey = olderKey(caseNumber);
    const createdAt = new Date(now.getTime() - minutesAgo * 60_000);
    await caseModel(mongo).collection.insertOne({ _id: id, agency: 'linye', caseNumber, caseKey, party, facts: '滥伐林木', status: 'open', createdBy: 'zhangsan', sourceId: `msg:${id}`, createdAt, history: [] } as never);
    const keys = mongo.collection<{ _id: string }>('case_keys');
    await keys.insertOne({ _id: `num:linye:${caseKey}`, caseId: id } as never);
    await keys.insertOne({ _id: `src:msg:${id}`, caseId: id } as never);
    await keys.updateOne({ _id: 'meta:built:v2' }, { $set: { builtAt: now } }, { upsert: true });
  }

  beforeAll(async () => {
    mongo = await connectMongo(ns.mongoUri);
    await caseModel(mongo).init();
    await storedByOlderRelease('lrm-701', '富林罚〔2024〕70\u200E1号', '甲公司', 60);
    await storedByOlderRelease('plain-801', '富林罚〔2024〕801号', '丙公司', 50);
    await storedByOlderRelease('zwnj-801', '富林罚〔2024〕80\u200C1号', '丁\u200E公司', 40);
    await storedByOlderRelease('zwsp-601', '富林罚〔2024〕60\u200B1号', '戊公司', 30);
  });
  afterAll(async () => {
    await mongo?.dropDatabase().catch(() => undefined);
    await mongo?.close();
  });

  it('finds the case stored with an LRM when the number is reported again, and stores its number without it', async () => {
    const again = await createCase(mongo, { caseNumber: '富林罚〔2024〕701号', party: '乙公司', facts: '滥伐林木' }, { agency: 'linye', by: 'zhangsan', sourceId: 'msg:again', now });
    expect(again).toMatchObject({ kind: 'duplicate_number', existing: { _id: 'lrm-701' } });
    expect(await caseModel(mongo).countDocuments({ agency: 'linye' })).toBe(4);
    const record = await caseModel(mongo).findById('lrm-701').lean();
    expect([record?.caseNumber, record?.caseKey]).toEqual(['富林罚〔2024〕701号', caseNumberKey('富林罚〔2024〕701号')]);
    expect((await caseWithNumber(mongo, 'linye', caseNumberKey('富林罚﹝2024﹞7０1号')))?._id).toBe('lrm-701');
    // The old key is dropped; the change to the number is audited.
    expect(await mongo.collection('case_keys').findOne({ _id: `num:linye:${olderKey('富林罚〔2024〕70\u200E1号')}` as never })).toBeNull();
    const audited = await auditModel(mongo).findOne({ 'target.id': 'lrm-701', action: 'case.refile' }).lean();
    expect(audited?.detail).toEqual({ caseNumber: { from: '富林罚〔2024〕70\u200E1号', to: '富林罚〔2024〕701号' } });
  });

  it('lists two cases that are one number once compared so, and leaves both as they are', async () => {
    const reindex = adminCommands.find((command) => command.name === 'cases reindex')!;
    const printed: string[] = [];
    const warned: string[] = [];
    await reindex.prepare({ args: [], options: {}, by: 'ops', now, today: '2026-11-25', timeZone: 'Asia/Shanghai' })(mongo, { print: (line) => printed.push(line), warn: (line) => warned.push(line) });
    expect(printed.at(-1)).toMatch(/^4 cases re-filed under their source, number and party in \d+ s$/);
    expect(warned).toEqual(['same case number twice in linye: 富林罚〔2024〕801号 is case plain-801 (丙公司), and also zwnj-801 (丁\u200E公司); ask the agency which is the case and correct the other\'s number (PATCH /api/cases/<id>)']);
    const outcome = await reindexCases(mongo);
    expect(outcome).toEqual({
      rekeyed: 0,
      sameNumber: [{
        agency: 'linye', caseKey: caseNumberKey('富林罚〔2024〕801号'),
        kept: { _id: 'plain-801', caseNumber: '富林罚〔2024〕801号', party: '丙公司' },
        others: [{ _id: 'zwnj-801', caseNumber: '富林罚〔2024〕80\u200C1号', party: '丁\u200E公司' }],
      }],
    });
    expect((await caseWithNumber(mongo, 'linye', caseNumberKey('富林罚〔2024〕80\u200C1号')))?._id).toBe('plain-801');
    expect((await caseModel(mongo).findById('zwnj-801').lean())?.caseKey).toBe(olderKey('富林罚〔2024〕80\u200C1号'));
    // A number whose invisible character keys always ignored keeps its key, and loses the character.
    const zwsp = await caseModel(mongo).findById('zwsp-601').lean();
    expect([zwsp?.caseNumber, zwsp?.caseKey]).toEqual(['富林罚〔2024〕601号', caseNumberKey('富林罚〔2024〕601号')]);
    expect((await caseWithNumber(mongo, 'linye', caseNumberKey('富林罚〔2024〕601号')))?._id).toBe('zwsp-601');
    // A party typed with an invisible character is the same party for the rules (R03 sees the second case).
    expect((await casesOfParty(mongo, 'linye', '丁公司')).map((c) => c._id)).toEqual(['zwnj-801']);
  });
});
