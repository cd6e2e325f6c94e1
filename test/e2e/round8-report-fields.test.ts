import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseModel, type CaseRecord } from '../../src/models/case.js';
import { leadModel, type LeadRecord } from '../../src/models/lead.js';
import { startBotHarness, type BotHarness } from '../support/bot-harness.js';
import { say as sayTo } from '../support/chat.js';
import { waitUntil } from '../support/wait-until.js';

/**
 * Round 8 (`month`): what a case reported or corrected by chat records — a label word inside a note, 立案日期 beside
 * 决定日期, dates without a year, an unlabelled case number and a decision naming another fine. 林业局's 张三 and
 * 市场监管局's 钱七 (seed/demo.json), on 2026-11-30 in Asia/Shanghai.
 */
describe('round 8: cases reported and corrected by chat (e2e through the fake WeCom)', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ clockStart: Date.parse('2026-11-30T10:00:00+08:00') });
  });
  afterAll(() => h.stop());

  const say = (user: string, content: string) => sayTo(h, user, content);
  const stored = (caseNumber: string) => caseModel(h.runtime.mongo).findOne({ caseNumber }).lean() as Promise<CaseRecord | null>;
  const day = (date: Date | undefined) => date?.toISOString().slice(0, 10);

  /** The leads of a case once the lead of `ruleId` was alerted: the evaluation that raised it raised all its leads. */
  async function leadsOnceAlerted(caseNumber: string, ruleId: string): Promise<LeadRecord[]> {
    const record = await waitUntil(() => stored(caseNumber), `case ${caseNumber} stored`);
    return waitUntil(async () => {
      const found = (await leadModel(h.runtime.mongo).find({ 'subject.id': record._id }).lean()) as LeadRecord[];
      return found.some((lead) => lead.ruleId === ruleId && lead.alert) && found;
    }, `the alert of the ${ruleId} lead of ${caseNumber}`);
  }

  it('keeps 「当事人未申请听证」 in the 备注 a 更正 gives, leaves the party alone, and withdraws the hearing lead', async () => {
    await say('zhangsan', '上报 案号：富林罚〔2026〕150号 当事人：富阳某木业有限公司 违法事实：非法收购盗伐林木30立方米 罚款：15万元 决定日期：2026年11月5日 法律依据：森林法第七十八条');
    const [hearing] = (await leadsOnceAlerted('富林罚〔2026〕150号', 'R07-large-fine-no-hearing')).filter((lead) => lead.ruleId === 'R07-large-fine-no-hearing');
    const answer = await say('zhangsan', '更正 富林罚〔2026〕150号 备注：已告知听证权利，当事人未申请听证');
    expect(answer).toContain('已更正案件 富林罚〔2026〕150号（富阳某木业有限公司）');
    expect(answer).toContain('· 备注：（无） → 已告知听证权利，当事人未申请听证');
    expect(answer).not.toContain('当事人：');
    const record = await stored('富林罚〔2026〕150号');
    expect([record?.party, record?.note]).toEqual(['富阳某木业有限公司', '已告知听证权利，当事人未申请听证']);
    const withdrawn = await waitUntil(async () => {
      const lead = (await leadModel(h.runtime.mongo).findById(hearing!._id).lean()) as LeadRecord | null;
      return lead?.status === 'withdrawn' && lead;
    }, 'the R07 lead withdrawn');
    expect(withdrawn.subject.label).toContain('富阳某木业有限公司');
    expect(withdrawn.subject.label).not.toContain('未申请听证');
  });

  it('records 立案日期 as the filing date and 决定日期 as the decision, and counts R01 from the decision', async () => {
    const answer = await say('zhangsan', '上报 案号富林罚〔2026〕152号 当事人黄某 违法事实擅自改变林地用途建看护房 罚款3335元 未缴纳 立案日期2026年7月1日，决定日期2026年8月20日 法律依据森林法实施条例第四十三条');
    expect(answer).toContain('· 立案日期：2026-07-01\n· 决定日期：2026-08-20');
    expect(answer).not.toContain('未能识别');
    const record = await stored('富林罚〔2026〕152号');
    expect([day(record?.filedOn), day(record?.decidedOn)]).toEqual(['2026-07-01', '2026-08-20']);
    const unpaid = (await leadsOnceAlerted('富林罚〔2026〕152号', 'R01-fine-unpaid')).find((lead) => lead.ruleId === 'R01-fine-unpaid');
    expect(unpaid?.explanation).toContain('处罚决定作出于2026-08-20，截至发现之日（2026-11-30）已102日');
  });

  it('never records a filing date as the decision: no R01 lead without a decision date', async () => {
    const answer = await say('zhangsan', '上报 案号：富林罚〔2026〕153号 当事人：周某 违法事实：滥伐林木30立方米 罚款：15万元 未缴纳 立案日期：2026年8月1日 法律依据：森林法第七十六条');
    expect(answer).toContain('· 立案日期：2026-08-01');
    expect(answer).not.toContain('决定日期');
    const record = await stored('富林罚〔2026〕153号');
    expect([day(record?.filedOn), record?.decidedOn]).toEqual(['2026-08-01', undefined]);
    // The hearing lead needs no date: once it is out, R01 would have been raised in the same evaluation.
    const leads = await leadsOnceAlerted('富林罚〔2026〕153号', 'R07-large-fine-no-hearing');
    expect(leads.map((lead) => lead.ruleId)).not.toContain('R01-fine-unpaid');
  });

  it('asks about a decision dated before the filing, and takes a corrected 立案日期 as the answer', async () => {
    const asked = await say('zhangsan', '上报 案号：富林罚〔2026〕156号 当事人：吴某 违法事实：滥伐林木 立案日期：2026年9月1日 决定日期：2026年8月1日');
    expect(asked).toContain('决定日期「2026-08-01」早于立案日期（2026-09-01');
    expect(await stored('富林罚〔2026〕156号')).toBeNull();
    const answer = await say('zhangsan', '立案日期：2026年7月1日');
    expect(answer).toContain('· 立案日期：2026-07-01\n· 决定日期：2026-08-01');
  });

  it('reads 立案日期11月10日 决定日期11月11日 and an unlabelled case number, and registers the later case of the same party', async () => {
    const answer = await say('zhangsan', '上报 富林罚〔2026〕118号 当事人黄某 违法事实又在原址扩建看护房 面积0.3亩 罚款2000元 立案日期11月10日 决定日期11月11日 法律依据森林法实施条例第四十三条');
    expect(answer).toContain('已登记行政执法案件');
    expect(answer).toContain('· 案号：富林罚〔2026〕118号');
    expect(answer).toContain('· 立案日期：2026-11-10\n· 决定日期：2026-11-11');
    expect(answer).not.toContain('未能识别');
    const record = await stored('富林罚〔2026〕118号');
    expect([record?.party, day(record?.filedOn), day(record?.decidedOn)]).toEqual(['黄某', '2026-11-10', '2026-11-11']);
    // 黄某 was fined under 152号 on 2026-08-20; a case filed after it is the violation going on (R03).
    const earlier = await stored('富林罚〔2026〕152号');
    const continuing = await waitUntil(
      async () => (await leadModel(h.runtime.mongo).findOne({ 'subject.id': earlier!._id, ruleId: 'R03-violation-continuing' }).lean()) as LeadRecord | null,
      'the R03 lead of 152号',
    );
    expect(continuing.explanation).toContain('富林罚〔2026〕118号');
  });

  it('corrects a date written without a year, and refuses a decision dated before the recorded filing', async () => {
    const answer = await say('zhangsan', '更正 富林罚〔2026〕152号 立案日期：7月2日');
    expect(answer).toContain('· 立案日期：2026-07-01 → 2026-07-02');
    const refused = await say('zhangsan', '更正 富林罚〔2026〕152号 决定日期：2026年6月1日');
    expect(refused).toContain('决定日期（2026-06-01）早于立案日期（2026-07-02）');
    expect(refused).toContain('这次没有更正任何内容');
    expect(day((await stored('富林罚〔2026〕152号'))?.decidedOn)).toBe('2026-08-20');
  });

  it('asks which fine is right when the decision names another than 罚款, and records the one answered', async () => {
    const asked = await say('qianqi', '上报 案号：富市监罚〔2026〕301号 当事人：某小卖部 违法事实：销售过期食品 处罚决定：罚款5000元 罚款：50000元 决定日期：2026年10月20日 法律依据：食品安全法第一百二十四条');
    expect(asked).toContain('「50000元」与处罚决定里写的罚款5000元不一致，没有看出哪个是这件案件的罚款。请直接回复正确的罚款');
    expect(asked).toContain('这次还没有记录');
    expect(await stored('富市监罚〔2026〕301号')).toBeNull();
    const answer = await say('qianqi', '5000元');
    expect(answer).toContain('· 罚款：5000 元');
    expect((await stored('富市监罚〔2026〕301号'))?.fineYuan).toBe(5000);
  });
});
