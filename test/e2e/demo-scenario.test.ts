import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditModel } from '../../src/models/audit.js';
import { progressModel, evidenceModel } from '../../src/models/progress.js';
import { recommendationModel } from '../../src/models/recommendation.js';
import { demoRef, playScenario } from '../../scripts/lib/demo-scenario.js';
import { startBotHarness, type BotHarness } from '../support/bot-harness.js';

describe('the demo scenario (npm run demo) as a test', () => {
  let h: BotHarness;
  const transcript: string[] = [];
  beforeAll(async () => {
    h = await startBotHarness({ longConnection: true, seed: false });
    await playScenario({ config: h.config, runtime: h.runtime, fake: h.fake, print: (line) => transcript.push(line) });
  }, 120_000);
  afterAll(() => h.stop());

  it('leaves the recommendation completed with its whole history', async () => {
    const rec = await recommendationModel(h.runtime.mongo).findById(demoRef).lean();
    expect(rec).toMatchObject({ status: 'completed', percent: 100 });
    expect(rec?.history.map((c) => c.action)).toEqual(['issued', 'progress', 'evidence', 'progress', 'progress', 'progress', 'revoked', 'complete']);
    expect(rec?.history.slice(1).every((c) => c.by === 'zhangsan' && c.sourceId.startsWith('msg:'))).toBe(true);
  });

  it('keeps every update, the taken-back one marked, and the photo with its hash', async () => {
    const updates = await progressModel(h.runtime.mongo).find({ recommendation: demoRef }).sort({ createdAt: 1 }).lean();
    expect(updates.map((u) => [u.kind, u.percent, Boolean(u.revoked)])).toEqual([
      ['progress', 30, false], ['progress', 60, false], ['progress', 80, false], ['progress', 90, true], ['complete', 100, false],
    ]);
    const photo = updates[0]!.evidence[0]!;
    expect(photo.filename).toBe('林地恢复.png');
    const blob = await evidenceModel(h.runtime.mongo).findById(photo.sha256).lean();
    expect(blob?.size).toBe(photo.size);
  });

  it('tells the prosecutor about the completion, and refuses the other agency and the unknown user', async () => {
    const notice = h.fake.appMessages().find((m) => m.touser === 'wangjc' && JSON.stringify(m).includes('整改完成待审核'));
    expect(JSON.stringify(notice)).toContain('整改完成待审核');
    expect(JSON.stringify(notice)).toContain('富阳区林业局 张三');
    const refusals = await auditModel(h.runtime.mongo).find({ outcome: 'refused' }).lean();
    expect(refusals.map((a) => a.actor).sort()).toEqual(['lisi', 'stranger']);
    expect(transcript.join('\n')).toContain('不是发给贵单位的检察建议');
    expect(transcript.join('\n')).toContain('尚未登记');
  });

  it('raises the overdue-rectification and unpaid-penalty leads, alerts the prosecutor, and records the acceptance from the card', async () => {
    const { leadModel } = await import('../../src/models/lead.js');
    const leads = await leadModel(h.runtime.mongo).find().sort({ number: 1 }).lean();
    const fired = (label: string) => leads.filter((l) => l.subject.label.includes(label)).map((l) => l.ruleId);
    expect(fired('富林罚〔2024〕17号')).toEqual(['R01-fine-unpaid']);
    expect(fired('富检行公建[2021]9号')).toEqual(['R08-recommendation-overdue']);
    expect(leads.filter((l) => l.status === 'accept')).toHaveLength(1);
    expect(h.fake.cardUpdates().some((u) => JSON.stringify(u).includes('已受理 · 王检察官'))).toBe(true);
    const text = transcript.join('\n');
    for (const part of ['衔接助手 · 公益诉讼线索 | 罚款决定后逾期未见缴纳或强制执行', '按钮: [受理] [不予受理] [转刑事线索] [转监察委]', 'R01-fine-unpaid', 'R08-recommendation-overdue', '录入执法案件']) expect(text).toContain(part);
    // The overdue recommendation's 提醒 is no lead: 统计 says it is there besides the leads it adds up.
    expect(text).toMatch(/另有提醒 \d+ 条（检察建议逾期、报完成未附证据，不计入线索）/);
  });

  it('shows a correction of the reported case, told to the prosecutor of its lead', () => {
    const text = transcript.join('\n');
    expect(text).toContain('已更正案件 富林罚〔2024〕17号（富阳某石材有限责任公司）');
    expect(text).toContain('【案件更正】富阳区林业局更正了案件 富林罚〔2024〕17号');
    expect(text).toContain('XS-2026-0001「罚款决定后逾期未见缴纳或强制执行」：待处理，按更正后的数据仍然成立');
  });

  it('prints what each party sent and received', () => {
    const text = transcript.join('\n');
    for (const line of ['→ 张三: 待办', '← 应用消息 → 张三', '← 应用消息 → 王检察官', '→ 李四:', '← 长连接回复', 'MongoDB 中的记录']) expect(text).toContain(line);
  });
});
