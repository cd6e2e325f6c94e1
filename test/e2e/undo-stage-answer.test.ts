import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { progressModel } from '../../src/models/progress.js';
import { recommendationModel } from '../../src/models/recommendation.js';
import { startBotHarness, type BotHarness } from '../support/bot-harness.js';

const ref21 = '富检行公建[2021]21号';
const ref9 = '富检行公建[2021]9号';

describe('撤回 of a stage and answers to the percentage question (e2e through the fake WeCom)', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness();
  });
  afterAll(() => h.stop());

  const texts = (from: number, to: string) => h.fake.appMessages().slice(from).filter((m) => m.touser === to).map((m) => JSON.stringify(m.text ?? m));

  /** Sends a text (by default as 自然资源局's lisi) and returns what the bot answered. */
  async function say(content: string, from = 'lisi'): Promise<string> {
    const before = h.fake.appMessages().length;
    expect((await h.sendText(from, content)).status).toBe(200);
    await h.fake.waitFor(() => texts(before, from).length > 0 || undefined, 10_000);
    await new Promise((r) => setTimeout(r, 150));
    return texts(before, from).join('\n');
  }
  const recommendation = () => recommendationModel(h.runtime.mongo).findById(ref21).lean();

  it('leaves no stage behind when the update that set it is taken back', async () => {
    expect(await say('进度 21号 已立案 已拆除违建3处')).toContain('阶段：已立案');
    expect((await recommendation())?.stage).toBe('已立案');
    expect(await say('撤回')).toContain('已撤回');
    expect((await recommendation())?.stage).toBeUndefined();
    const shown = await say('查询 21号');
    expect(shown).toContain('进度 0%');
    expect(shown).not.toContain('进度 0%（已立案）');
  });

  it('takes only the percentage from an answer, keeping the measures of the message that asked', async () => {
    expect(await say('进度 富检行公建〔2021〕9号 已追缴费用5万元', 'zhangsan')).toContain('请补充整改进度');
    const answer = await say('这个我也说不好，大概四成吧', 'zhangsan');
    expect(answer).toContain('进度 40%');
    expect(answer).not.toContain('说不好');
    const latest = await progressModel(h.runtime.mongo).findOne({ recommendation: ref9 }).sort({ createdAt: -1 }).lean();
    expect([latest?.percent, latest?.measures]).toEqual([40, '已追缴费用5万元']);
  });

  it('asks again when the answer gives neither a percentage nor a stage, recording none of its words', async () => {
    expect(await say('进度 富检行公建〔2021〕9号 已追缴费用8万元', 'zhangsan')).toContain('请补充整改进度');
    expect(await say('这个我也说不好', 'zhangsan')).toContain('请补充整改进度');
    const answer = await say('六成', 'zhangsan');
    expect(answer).toContain('进度 60%');
    const latest = await progressModel(h.runtime.mongo).findOne({ recommendation: ref9 }).sort({ createdAt: -1 }).lean();
    expect([latest?.percent, latest?.measures]).toEqual([60, '已追缴费用8万元']);
  });

  it('drops an update that waits for its figure when the sender answers 取消, and keeps no question open', async () => {
    const count = () => progressModel(h.runtime.mongo).countDocuments({ recommendation: ref9 });
    const before = await count();
    expect(await say('进度 富检行公建〔2021〕9号 已追缴费用3万元', 'zhangsan')).toContain('回复「取消」可放弃');
    const cancelled = await say('取消', 'zhangsan');
    expect(cancelled).toContain('已取消关于「富检行公建[2021]9号」的这条消息，没有记录');
    // The question is gone: a figure now is not an answer to it, and nothing was recorded for the cancelled one.
    expect(await say('七成', 'zhangsan')).not.toContain('进度 70%');
    expect(await count()).toBe(before);
  });

  it('keeps an update waiting for its figure open while the sender looks something up (查询), and takes the answer after', async () => {
    expect(await say('进度 富检行公建〔2021〕9号 已追缴费用2万元', 'zhangsan')).toContain('请补充整改进度');
    const looked = await say('查询 富检行公建〔2021〕9号', 'zhangsan');
    expect(looked).toContain('督促追缴森林植被恢复费');
    expect(looked).toContain('还在等您补充');
    const answer = await say('五成', 'zhangsan');
    expect(answer).toContain('进度 50%');
    const latest = await progressModel(h.runtime.mongo).findOne({ recommendation: ref9 }).sort({ createdAt: -1 }).lean();
    expect([latest?.percent, latest?.measures]).toEqual([50, '已追缴费用2万元']);
  });

  it('records the figure of an update that also asks a question, and says the question was not recorded as a measure', async () => {
    const answer = await say('进度 富检行公建〔2021〕9号 70%，还需要上传什么材料吗？', 'zhangsan');
    expect(answer).toContain('进度 70%');
    expect(answer).toContain('「还需要上传什么材料吗」是一个问题，没有作为整改措施记录');
    const latest = await progressModel(h.runtime.mongo).findOne({ recommendation: ref9 }).sort({ createdAt: -1 }).lean();
    expect([latest?.percent, latest?.measures ?? null]).toEqual([70, null]);
  });
});

