import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Connection } from 'mongoose';
import { connectMongo } from '../../src/db/connect.js';
import { projectRoot } from '../../src/embedded/project-root.js';
import { seedFileProblems } from '../../src/admin/seed-check.js';
import { applySeed, readSeedFile, type SeedFile } from '../../src/admin/seed.js';
import { createCase } from '../../src/cases/create-case.js';
import { agencyModel } from '../../src/models/agency.js';
import { staffModel } from '../../src/models/staff.js';
import { recommendationModel } from '../../src/models/recommendation.js';
import { isolate } from '../support/isolation.js';

const options = { by: 'ops', now: new Date('2026-11-30T02:00:00Z'), timeZone: 'Asia/Shanghai' };
const agency = (id: string, name: string, prosecutors: string[] = []) => ({ id, name, prosecutors });
const rec = (serial: number, agencyId = 'linye') => ({ ref: `富检行公建〔2026〕${serial}号`, agency: agencyId, title: '督促整治', requirements: '依法整治', issuedOn: '-20d' });
// Seed entries as operators write them, loosely typed: the check is what stands between them and the database.
const loose = (seed: object) => seed as SeedFile;

describe('seed files are checked whole before anything is written', () => {
  const ns = isolate('adminseed');
  let mongo: Connection;
  const refusalOf = (seed: SeedFile) => applySeed(mongo, seed, options).then(() => 'accepted', (e: Error) => e.message);
  beforeAll(async () => {
    mongo = await connectMongo(ns.mongoUri);
  });
  afterAll(async () => {
    await mongo.dropDatabase();
    await mongo.close();
  });

  it('seeds the demo file, and seeding it again changes nothing', async () => {
    const demo = readSeedFile(join(projectRoot(), 'seed', 'demo.json'));
    const counts = await applySeed(mongo, demo, options);
    expect(counts).toEqual({ agencies: { added: 3, existing: 0, skipped: [] }, staff: { added: 7, existing: 0, skipped: [] }, recommendations: { added: 4, existing: 0 }, cases: { added: 3, existing: 0 } });
    const recommendations = await recommendationModel(mongo).find().sort({ _id: 1 }).lean();
    // Counted as what they are the second time: already there, left alone.
    expect(await applySeed(mongo, demo, options)).toEqual({ agencies: { added: 0, existing: 3, skipped: [] }, staff: { added: 0, existing: 7, skipped: [] }, recommendations: { added: 0, existing: 4 }, cases: { added: 0, existing: 3 } });
    expect(await recommendationModel(mongo).find().sort({ _id: 1 }).lean()).toEqual(recommendations);
  });

  it('refuses a file whose last agency has another agency\'s name, writing none of the entries before it', async () => {
    const seed = loose({
      agencies: [agency('jiaotong', '富阳区交通局', ['wangjc']), agency('linye2', '富阳区林业局')],
      staff: [{ userid: 'sunba', name: '孙八', role: 'staff', agency: 'jiaotong' }],
      recommendations: [rec(40, 'jiaotong')],
    });
    expect(await refusalOf(seed)).toBe('seed refused, nothing written: agencies[1] (linye2): agency linye already has the name "富阳区林业局"');
    expect(await agencyModel(mongo).exists({ _id: 'jiaotong' })).toBeNull();
    expect(await staffModel(mongo).exists({ _id: 'sunba' })).toBeNull();
    expect(await recommendationModel(mongo).exists({ _id: '富检行公建[2026]40号' })).toBeNull();
  });

  it('names entries that conflict with the database: unknown agency, unbound prosecutor, a 文号 of another agency, a case number taken', async () => {
    expect(await refusalOf(loose({ staff: [{ userid: 'sunba', name: '孙八', role: 'staff', agency: 'nowhere' }] })))
      .toBe('seed refused, nothing written: staff[0] (sunba): no agency "nowhere" in the file or the database');
    expect(await refusalOf(loose({ agencies: [agency('jiaotong', '富阳区交通局', ['zhangsan', 'ghost'])] })))
      .toBe('seed refused, nothing written: agencies[0] (jiaotong): prosecutor zhangsan is not bound as prosecutor or admin in the file or the database (and 1 more problem)');
    const demoRef = (await recommendationModel(mongo).findOne({ agency: 'linye' }).lean())!.ref;
    expect(await refusalOf(loose({ recommendations: [{ ...rec(0, 'ziran'), ref: demoRef }] })))
      .toBe(`seed refused, nothing written: recommendations[0] (${demoRef}): ${demoRef} is already registered to agency linye`);
    await createCase(mongo, { caseNumber: '富林罚〔2026〕77号', party: '某公司', facts: '滥伐林木' }, { agency: 'linye', by: 'zhangsan', sourceId: 'chat:1', now: options.now });
    expect(await refusalOf(loose({ cases: [{ agency: 'linye', caseNumber: '富林罚[2026]77号', party: '某公司', facts: '滥伐林木' }] })))
      .toBe('seed refused, nothing written: cases[0] (富林罚[2026]77号): agency linye already has case 富林罚〔2026〕77号 (not from a seed)');
  });

  it('names entries that are wrong by themselves: missing fields, the same key twice, dates that do not exist', () => {
    const problems = seedFileProblems(loose({
      agencies: [agency('linye', '富阳区林业局'), { id: 'ziran' }, agency('linye', '林业局二'), agency('huanbao', '富阳区林业局')],
      staff: [{ userid: 'a', name: 'A', role: 'prosecutor' }, { userid: 'a', name: 'A2', role: 'admin' }, { userid: 'b', name: 'B', role: 'boss' }],
      recommendations: [rec(1), { ...rec(1), ref: '富检行公建[2026]1号' }, { ...rec(2), issuedOn: '2026-02-30' }, { ...rec(3), receivedOn: '-30d' }],
      cases: [{ agency: 'linye', caseNumber: '富林罚〔2026〕1号', party: 'p', facts: 'f', decidedOn: '2026-13-01' }],
    }), options);
    expect(problems).toEqual([
      'agencies[1] (ziran): missing name',
      'agencies[2] (linye): id linye is also in agencies[0] (linye)',
      'agencies[3] (huanbao): name "富阳区林业局" is also in agencies[0] (linye)',
      'staff[1] (a): userid a is also in staff[0] (a)',
      'staff[2] (b): role must be one of staff, agency_admin, prosecutor, admin',
      'recommendations[1] (富检行公建[2026]1号): 文号 富检行公建[2026]1号 is also in recommendations[0] (富检行公建〔2026〕1号)',
      'recommendations[2] (富检行公建〔2026〕2号): issued date "2026-02-30" must be a real date YYYY-MM-DD',
      'recommendations[3] (富检行公建〔2026〕3号): received 2026-10-31 is before issued 2026-11-10',
      'cases[0] (富林罚〔2026〕1号): decidedOn "2026-13-01" must be a real date YYYY-MM-DD or like -20d',
    ]);
    expect(seedFileProblems(loose({ agencies: {} }), options)).toEqual(['agencies must be a list']);
  });

  it('refuses a misspelt section and a yes/no written as text, which would seed nothing or a wrong deadline', () => {
    expect(seedFileProblems(loose({ agncies: [agency('linye', '富阳区林业局')] }), options)).toEqual(['unknown section agncies (the file has agencies, staff, recommendations, cases)']);
    expect(seedFileProblems(loose({ recommendations: [{ ...rec(4), urgent: 'no' }] }), options)).toEqual(['recommendations[0] (富检行公建〔2026〕4号): urgent must be true or false (got "no")']);
  });
});
