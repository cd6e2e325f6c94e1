import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseModel, type CaseRecord } from '../../src/models/case.js';
import { leadModel, type LeadRecord } from '../../src/models/lead.js';
import { startBotHarness, type BotHarness } from '../support/bot-harness.js';
import { say as sayTo } from '../support/chat.js';
import { waitUntil } from '../support/wait-until.js';

/** 林业局 staff (seed/demo.json) reporting cases by chat, on 2026-11-30 in Asia/Shanghai; 2026-08-01 is 121 days before. */
const user = 'zhangsan';

/**
 * What the rules make of a case reported by chat. A lead's absence is only known once the case was evaluated: each
 * case here has a fine decided 2026-08-01 and not recorded paid, so R01 raises a lead in the same evaluation, and
 * the other rules are read once that lead was alerted.
 */
describe('leads of a case reported by chat (e2e through the fake WeCom)', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ clockStart: Date.parse('2026-11-30T10:00:00+08:00') });
  });
  afterAll(() => h.stop());

  /** Sends a text and returns the texts the bot sent back to that user. */
  const say = (content: string) => sayTo(h, user, content);
  const stored = (caseNumber: string) => caseModel(h.runtime.mongo).findOne({ caseNumber }).lean() as Promise<CaseRecord | null>;

  /**
   * The rule ids of the case's leads, once the unpaid-fine lead (R01) was alerted: alerts go out after the evaluation
   * raised all its leads, so none is still to come.
   */
  async function ruleIdsOf(caseNumber: string): Promise<string[]> {
    const record = await waitUntil(() => stored(caseNumber), `case ${caseNumber} stored`);
    const leads = await waitUntil(async () => {
      const found = (await leadModel(h.runtime.mongo).find({ 'subject.id': record._id }).lean()) as LeadRecord[];
      return found.some((lead) => lead.ruleId === 'R01-fine-unpaid' && lead.alert) && found;
    }, `the alert of the R01 lead of ${caseNumber}`);
    return leads.map((lead) => lead.ruleId).sort();
  }

  const reported = (caseNumber: string, lines: string) => `上报\n案号：${caseNumber}\n当事人：${caseNumber.replace(/\D/g, '')}号某公司\n违法事实：擅自改变林地用途\n${lines}\n日期：2026年8月1日`;

  it('keeps 已告知听证 written in the decision, and raises no 较大数额罚款未告知听证 lead on it', async () => {
    const answer = await say(reported('富林罚〔2026〕532号', '处罚决定：没收违法所得，罚款10万元，已告知听证'));
    expect(answer).toContain('处罚决定：没收违法所得，罚款10万元，已告知听证');
    expect(answer).toContain('罚款：100000 元');
    expect(answer).not.toContain('未能识别');
    expect(await ruleIdsOf('富林罚〔2026〕532号')).not.toContain('R07-large-fine-no-hearing');
  });

  it('reads the hearing notice written under 罚款 or 备注, and raises no lead on it', async () => {
    const underFine = await say(reported('富林罚〔2026〕533号', '罚款：12万元，已告知听证权利'));
    expect(underFine).toContain('处罚决定：罚款12万元，已告知听证权利');
    expect(underFine).not.toContain('未能识别');
    await say(reported('富林罚〔2026〕511号', '罚款：15万元\n备注：已于2026年7月10日告知听证权利，当事人未申请听证'));
    expect((await stored('富林罚〔2026〕511号'))?.note).toBe('已于2026年7月10日告知听证权利，当事人未申请听证');
    expect(await ruleIdsOf('富林罚〔2026〕533号')).not.toContain('R07-large-fine-no-hearing');
    expect(await ruleIdsOf('富林罚〔2026〕511号')).not.toContain('R07-large-fine-no-hearing');
  });

  it('still raises the lead when the record says nothing of a hearing', async () => {
    await say(reported('富林罚〔2026〕534号', '处罚决定：没收违法所得，罚款10万元'));
    expect(await ruleIdsOf('富林罚〔2026〕534号')).toContain('R07-large-fine-no-hearing');
  });

  it('raises no 罚款低于法定幅度 lead on a fine at the legal minimum of 10元/m², and one on a fine below it', async () => {
    await say('上报\n案号：富林罚〔2026〕502号\n当事人：502号某公司\n违法事实：擅自改变公益林地用途4.5亩\n罚款：3万元\n日期：2026年8月1日');
    await say('上报\n案号：富林罚〔2026〕401号\n当事人：401号某公司\n违法事实：擅自改变林地用途\n面积：6亩\n罚款：40000元\n日期：2026年8月1日');
    await say('上报\n案号：富林罚〔2026〕403号\n当事人：403号某公司\n违法事实：擅自改变林地用途\n面积：6亩\n罚款：3万元\n日期：2026年8月1日');
    expect(await ruleIdsOf('富林罚〔2026〕502号')).not.toContain('R05-fine-below-range');
    expect(await ruleIdsOf('富林罚〔2026〕401号')).not.toContain('R05-fine-below-range');
    expect(await ruleIdsOf('富林罚〔2026〕403号')).toContain('R05-fine-below-range');
    expect((await leadOf('富林罚〔2026〕403号', 'R05-fine-below-range')).explanation).toContain('折合每亩5000元，低于每亩6667元的下限');
  });

  /** The lead of a rule on a case, once raised. */
  async function leadOf(caseNumber: string, ruleId: string): Promise<LeadRecord> {
    const record = await waitUntil(() => stored(caseNumber), `case ${caseNumber} stored`);
    return waitUntil(async () => (await leadModel(h.runtime.mongo).findOne({ 'subject.id': record._id, ruleId }).lean()) as LeadRecord | null, `the ${ruleId} lead of ${caseNumber}`);
  }

  it('records 是否结案 and shows it, and a closed case whose loss was not recovered raises the duty-crime lead', async () => {
    const loss = '违法事实：低价出让国有林地，造成国有资产损失120万元，损失未追缴';
    const answer = await say(`上报\n案号：富林罚〔2026〕540号\n当事人：某林场\n${loss}\n是否结案：是`);
    expect(answer).toContain('结案情况：已结案');
    expect((await stored('富林罚〔2026〕540号'))?.status).toBe('closed');
    const lead = await leadOf('富林罚〔2026〕540号', 'R10-state-loss-unrecovered');
    expect([lead.kind, lead.explanation]).toEqual(['duty_crime', expect.stringContaining('国有财产损失1200000元')]);
  });

  it('raises R03 on the earlier case as soon as a later case of the party is reported, its name typed with other brackets', async () => {
    await say('上报\n案号：富林罚〔2026〕550号\n当事人：富阳某(集团)有限公司\n违法事实：滥伐林木\n罚款：3000元\n日期：2026-05-01');
    await say('上报\n案号：富林罚〔2026〕551号\n当事人：富阳某【集团】有限公司\n违法事实：滥伐林木\n罚款：3000元\n日期：2026-09-01');
    // No sweep runs here: the report of the later case is what evaluates the earlier one.
    const lead = await leadOf('富林罚〔2026〕550号', 'R03-violation-continuing');
    expect(lead.explanation).toContain('本单位又立案1件（富林罚〔2026〕551号）');
  });

  it('closes a case by 更正, which raises the lead then', async () => {
    const loss = '违法事实：违规处置国有林木，造成国有资产损失50万元，追缴未果';
    await say(`上报\n案号：富林罚〔2026〕541号\n当事人：某林场\n${loss}\n结案情况：未结案`);
    expect((await stored('富林罚〔2026〕541号'))?.status).toBe('open');
    const answer = await say('更正 富林罚〔2026〕541号 是否结案：是');
    expect(answer).toContain('结案情况：未结案 → 已结案');
    expect((await stored('富林罚〔2026〕541号'))?.status).toBe('closed');
    expect((await leadOf('富林罚〔2026〕541号', 'R10-state-loss-unrecovered')).kind).toBe('duty_crime');
  });

  it('asks again for a 结案 value it cannot read, recording nothing until answered', async () => {
    const asked = await say('上报\n案号：富林罚〔2026〕542号\n当事人：某林场\n违法事实：滥伐林木\n是否结案：待定');
    expect(asked).toContain('结案情况没有看懂');
    expect(await stored('富林罚〔2026〕542号')).toBeNull();
    expect(await say('否')).toContain('结案情况：未结案');
    expect((await stored('富林罚〔2026〕542号'))?.status).toBe('open');
  });
});
