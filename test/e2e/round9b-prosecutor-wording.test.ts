/**
 * Round 9b (chatday) m2, m3, m4: what prosecutors are answered — 统计 asked in everyday words, a decision on a 提醒
 * settled meanwhile (已解除, as 线索 <编号> says), and 不对，转刑事线索 … (their own commands, not the agencies' 撤回).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexLead } from '../../src/leads/lead-index.js';
import { promptResolvedReason } from '../../src/leads/lead-status.js';
import { caseModel } from '../../src/models/case.js';
import { leadModel, type LeadRecord } from '../../src/models/lead.js';
import { startBotHarness, type BotHarness } from '../support/bot-harness.js';
import { firstTextAnswer, say } from '../support/chat.js';
import { raiseFineLead } from '../support/fine-lead.js';

const shanghai = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`).getTime();

describe('round 9b: prosecutors\' wording (e2e through the fake WeCom)', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ clockStart: shanghai('2026-12-30 09:00') });
  });
  afterAll(() => h.stop());

  describe('统计 in everyday words (m2)', () => {
    it.each([
      ['帮我看下去年统计数据', '平台统计：去年（2025-01-01 至 2025-12-31'],
      ['统计 去年', '平台统计：去年（2025-01-01 至 2025-12-31'],
      ['二〇二六年统计', '平台统计：2026年（2026-01-01 至 2026-12-30'],
      ['26年统计', '平台统计：2026年（2026-01-01 至 2026-12-30'],
    ])('answers 「%s」 with that period\'s figures', async (text, heading) => {
      const answer = await say(h, 'wangjc', text);
      expect(answer).toContain(heading);
      expect(answer).not.toContain('暂不能在对话中按');
    });

    it('says 暂无 under 按领域 for a year without records, not an empty heading', async () => {
      const answer = await say(h, 'wangjc', '去年统计');
      expect(answer).toContain('按领域：暂无案件或线索');
      expect(answer).not.toMatch(/按领域：\n/);
    });
  });

  it('answers a decision on a 提醒 closed because its matter was settled with 已解除, as 线索 <编号> does (m3)', async () => {
    const record = (await caseModel(h.runtime.mongo).findOne({ caseNumber: '富林罚〔2021〕3号' }).lean())!;
    const now = new Date(h.clock.now());
    const lead: LeadRecord = {
      _id: `case:${record._id}:R98-test`, number: 'XS-2026-0951', kind: 'prompt', ruleId: 'R98-test', ruleVersion: 1, title: '测试提醒', explanation: '测试', values: [], legalBasis: '测试',
      subject: { kind: 'case', id: record._id, label: record.caseNumber, agency: 'linye' }, status: 'withdrawn', createdAt: now,
      history: [{ at: now, by: 'rules', action: 'withdrawn', sourceId: 'rule:R98-test:v1', detail: { reason: promptResolvedReason } }],
    };
    await indexLead(h.runtime.mongo, lead.subject, lead._id);
    await leadModel(h.runtime.mongo).create(lead);
    expect(await firstTextAnswer(h, 'wangjc', '线索 XS-2026-0951')).toContain('状态：已解除（提醒的情形已消除');
    const answer = await firstTextAnswer(h, 'wangjc', '受理 XS-2026-0951');
    expect(answer).toContain('线索 XS-2026-0951 已解除（提醒的情形已消除，2026-12-30 09:');
    expect(answer).toContain('无需处理');
    expect(answer).not.toContain('已撤回');
  });

  it('answers a prosecutor\'s 不对，转刑事线索 … with the lead and how a decision is made or changed, not the agencies\' 撤回 (m4)', async () => {
    const lead = await raiseFineLead(h, 'zhangsan', '富林罚〔2026〕401号', '某竹木加工厂');
    const serial = lead.number.slice(8);
    const open = await firstTextAnswer(h, 'wangjc', `不对，转刑事线索 XS-${serial}`);
    expect(open).toContain('这条消息里的决定前后有更正，未记录任何决定');
    expect(open).toContain(`「转刑事线索 ${lead.number}」`);
    expect(open).not.toContain('撤回您的上一条进展');
    expect((await leadModel(h.runtime.mongo).findById(lead._id).lean())?.status).toBe('open');
    expect(await firstTextAnswer(h, 'wangjc', `受理 ${lead.number}`)).toContain('已记录');
    const decided = await firstTextAnswer(h, 'wangjc', `不对，转刑事线索 ${lead.number}`);
    expect(decided).toContain('未作任何更改。作出决定的检察官可在决定后 30 分钟内发送新的决定');
    expect(decided).not.toContain('更正 <案号>');
    expect((await leadModel(h.runtime.mongo).findById(lead._id).lean())?.status).toBe('accept');
  });

  it.each(['刚才写错了', '不对'])('answers a prosecutor\'s 「%s」 with how their own decisions are changed (m4)', async (text) => {
    const answer = await say(h, 'wangjc', text);
    expect(answer).toContain('作出决定的检察官可在决定后 30 分钟内直接发送新的决定');
    expect(answer).not.toContain('撤回您的上一条进展');
    expect(answer).not.toContain('更正 <案号>');
  });

  it('still points agency staff at 撤回 and 更正', async () => {
    expect(await say(h, 'zhangsan', '刚才写错了')).toContain('撤回您的上一条进展');
  });
});
