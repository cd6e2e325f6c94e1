import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from 'mongoose';
import { connectMongo } from '../../src/db/connect.js';
import { dutiesWarning, notProsecutors, prosecutorDuties } from '../../src/admin/prosecutor-duties.js';
import { addRecommendation, bindStaff, checkReceivedAfterIssue, setReceipt, unbindStaff, upsertAgency } from '../../src/admin/registry.js';
import { agencyModel } from '../../src/models/agency.js';
import { auditModel } from '../../src/models/audit.js';
import { recommendationModel } from '../../src/models/recommendation.js';
import { leadModel } from '../../src/models/lead.js';
import { isolate } from '../support/isolation.js';

const now = new Date('2026-11-30T02:00:00Z');
const refusal = async (run: () => Promise<unknown>): Promise<string> => {
  const error = await run().then(() => undefined, (e: unknown) => e);
  expect(error?.constructor.name).toBe('AdminInputError');
  return (error as Error).message;
};

describe('admin registry (real MongoDB-wire server)', () => {
  const ns = isolate('adminregistry');
  let mongo: Connection;
  beforeAll(async () => {
    mongo = await connectMongo(ns.mongoUri);
    await bindStaff(mongo, { userid: 'wangjc', name: '王检察官', role: 'prosecutor' }, 'ops', now);
    await bindStaff(mongo, { userid: 'lijc', name: '李检察官', role: 'prosecutor' }, 'ops', now);
    await upsertAgency(mongo, { id: 'linye', name: '富阳区林业局', prosecutors: ['wangjc'] }, 'ops', now);
    await upsertAgency(mongo, { id: 'ziran', name: '富阳区自然资源局', prosecutors: ['wangjc', 'lijc'] }, 'ops', now);
    await upsertAgency(mongo, { id: 'shichang', name: '富阳区市场监管局', prosecutors: ['lijc'] }, 'ops', now);
  });
  afterAll(async () => {
    await mongo.dropDatabase();
    await mongo.close();
  });

  it('gives an agency added without lists empty ones (FerretDB ignores $setOnInsert beside $set)', async () => {
    const added = await upsertAgency(mongo, { id: 'huanbao', name: '富阳区环保局' }, 'ops', now);
    expect(added).toMatchObject({ domains: [], prosecutors: [] });
  });

  it('refuses a name another agency has, in one line, and changes nothing', async () => {
    expect(await refusal(() => upsertAgency(mongo, { id: 'linye2', name: '富阳区林业局' }, 'ops', now)))
      .toBe('agency linye already has the name "富阳区林业局"; give linye2 another name');
    expect(await agencyModel(mongo).exists({ _id: 'linye2' })).toBeNull();
    expect((await upsertAgency(mongo, { id: 'linye', name: '富阳区林业局', domains: ['生态环境和资源保护'] }, 'ops', now)).domains).toEqual(['生态环境和资源保护']);
  });

  it('counts what a prosecutor still answers for: agencies naming them and completions they review', async () => {
    const issue = async (serial: number, agency: string, prosecutors?: string[]) => {
      const ref = `富检行公建〔2026〕${serial}号`;
      await addRecommendation(mongo, { ref, agency, title: '督促整治', requirements: '依法整治', issuedOn: '2026-10-01', prosecutors }, 'ops', now);
      return ref.replace('〔', '[').replace('〕', ']');
    };
    const completed = async (ref: string) => recommendationModel(mongo).updateOne({ _id: ref }, { $set: { status: 'completed' } });
    await completed(await issue(1, 'linye')); // the agency's prosecutor: wangjc
    await completed(await issue(2, 'ziran')); // both of ziran's
    await completed(await issue(3, 'shichang', ['wangjc'])); // named on the recommendation itself
    await completed(await issue(4, 'linye', ['lijc'])); // its own prosecutor, not the agency's
    await issue(5, 'linye'); // not reported complete

    expect(await prosecutorDuties(mongo, 'wangjc')).toEqual({ agencies: ['linye', 'ziran'], awaitingReview: 3, openLeads: 0 });
    expect(await prosecutorDuties(mongo, 'lijc')).toEqual({ agencies: ['shichang', 'ziran'], awaitingReview: 2, openLeads: 0 });
    expect(await prosecutorDuties(mongo, 'nobody')).toEqual({ agencies: [], awaitingReview: 0, openLeads: 0 });
    // An open lead alerted to lijc counts; a decided one does not.
    await leadModel(mongo).insertMany(['open', 'accept'].map((status, i) => ({
      _id: `case:duties-${i}:R01-fine-unpaid`, number: `XS-2026-08${i}0`, kind: 'pil', ruleId: 'R01-fine-unpaid', ruleVersion: 1, title: 't', explanation: 'e', values: [], legalBasis: 'b',
      subject: { kind: 'case', id: `duties-${i}`, label: 'l', agency: 'shichang' }, status, createdAt: new Date(), alert: { taskId: `t${i}`, recipients: ['lijc'], sentAt: new Date() }, history: [],
    })));
    expect((await prosecutorDuties(mongo, 'lijc')).openLeads).toBe(1);
    expect(dutiesWarning('lijc', { agencies: [], awaitingReview: 0, openLeads: 1 })).toContain('Open leads and 提醒 sent to them: 1; once they are no longer a prosecutor');
    expect(dutiesWarning('wangjc', { agencies: ['linye', 'ziran'], awaitingReview: 3, openLeads: 0 })).toMatch(/^warning: wangjc is still named as prosecutor by agencies: linye, ziran; recommendations awaiting their review: 3\. Reassign/);
    expect(dutiesWarning('nobody', { agencies: [], awaitingReview: 0, openLeads: 0 })).toBeUndefined();
  });

  it('finds which userids are not bound as prosecutor or admin', async () => {
    await bindStaff(mongo, { userid: 'zhangsan', name: '张三', role: 'staff', agency: 'linye' }, 'ops', now);
    expect(await notProsecutors(mongo, ['wangjc', 'zhangsan', 'ghost'])).toEqual(['zhangsan', 'ghost']);
  });

  it('unbinds once: again it reports already unbound and audits nothing; a userid never bound is refused', async () => {
    await bindStaff(mongo, { userid: 'qianqi', name: '钱七', role: 'staff', agency: 'shichang' }, 'ops', now);
    expect(await unbindStaff(mongo, 'qianqi', 'ops', now)).toBe(true);
    expect(await unbindStaff(mongo, 'qianqi', 'ops', now)).toBe(false);
    expect(await auditModel(mongo).countDocuments({ action: 'staff.unbind', 'target.id': 'qianqi' })).toBe(1);
    expect(await refusal(() => unbindStaff(mongo, 'ghost', 'ops', now))).toBe('ghost is not bound');
  });

  it('refuses a receipt date before the recommendation was issued, and one that does not exist, keeping the record', async () => {
    await addRecommendation(mongo, { ref: '富检行公建〔2026〕9号', agency: 'linye', title: 't', requirements: 'r', issuedOn: '2026-10-10' }, 'ops', now);
    expect(await refusal(() => checkReceivedAfterIssue(mongo, '富检行公建〔2026〕9号', '2026-10-09')))
      .toBe('--received 2026-10-09 is before 富检行公建[2026]9号 was issued (2026-10-10)');
    await checkReceivedAfterIssue(mongo, '富检行公建〔2026〕9号', '2026-10-10');
    expect(await refusal(() => setReceipt(mongo, '富检行公建〔2026〕9号', { receivedOn: '2026-10-32' }, 'ops', now))).toBe('--received must be a real date YYYY-MM-DD');
    expect((await recommendationModel(mongo).findById('富检行公建[2026]9号').lean())?.receivedOn).toBeUndefined();
  });
});
