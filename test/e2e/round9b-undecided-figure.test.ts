/**
 * Round 9b (chatday) M1: an update whose figure is not settled (六成还是七成, 60%-70%, 不到80%) is asked about and
 * waits for the figure, so the bare figure sent next records it on the recommendation the update named — over the
 * app, over the long connection and in the agency's group — instead of a selection card.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { progressModel } from '../../src/models/progress.js';
import { startBotHarness, type BotHarness } from '../support/bot-harness.js';
import { say } from '../support/chat.js';
import { buildCallback, eventXml, postCallback } from '../support/wecom-callback.js';

const ref9 = '富检行公建[2021]9号';
const ref14of2022 = '富检行公建[2022]14号';

describe('an update whose figure is not settled waits for the figure (e2e through the fake WeCom)', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ longConnection: true });
  });
  afterAll(() => h.stop());

  /** Sends a text over the long connection (privately, or in the 林业局 group) and returns every reply as one text. */
  async function stream(userid: string, content: string, group = false): Promise<string> {
    h.clock.advance(2000);
    const { reqId } = h.fake.bot.sendText({ userid, content, ...(group ? { chatid: 'wrgroup01', chattype: 'group' as const } : {}) });
    await h.fake.bot.waitForReply(reqId, 15_000);
    await new Promise((r) => setTimeout(r, 700));
    return h.fake.bot.replies(reqId).map((r) => (r.body as { stream?: { content?: string } }).stream?.content ?? JSON.stringify(r.body)).join('\n');
  }
  const latest = (ref: string) => progressModel(h.runtime.mongo).findOne({ recommendation: ref, revoked: { $exists: false } }).sort({ createdAt: -1 }).lean();
  const count = () => progressModel(h.runtime.mongo).countDocuments({});

  it('records the bare figure sent after 六成还是七成 on the 文号 named, the question naming no other recommendation', async () => {
    const before = await count();
    const asked = await say(h, 'zhangsan', '进度 富检行公建〔2022〕14号 完成了六成还是七成吧');
    expect(asked).toContain('“六成还是七成”没有说定');
    expect(asked).toContain(`（${ref14of2022}）`);
    expect(asked).toContain('直接回复确定的完成比例');
    expect(asked).not.toMatch(/2021/);
    expect(await count()).toBe(before);
    const answer = await say(h, 'zhangsan', '七成');
    expect(answer).toContain(`已记录 ${ref14of2022} 的整改进展`);
    expect(answer).toContain('进度 70%');
    expect(answer).not.toContain('template_card');
    const stored = await latest(ref14of2022);
    expect([stored?.percent, stored?.measures]).toEqual([70, undefined]);
    expect(await say(h, 'zhangsan', '撤回')).toContain('已撤回');
  });

  it('keeps the measures of an update with an upper bound (不到80%) and records the figure given next', async () => {
    expect(await say(h, 'zhangsan', '进度 9号 不到80% 已追缴植被恢复费2万元')).toContain('“80%”只是一个上限');
    const answer = await say(h, 'zhangsan', '75%');
    expect(answer).toContain(`已记录 ${ref9} 的整改进展`);
    const stored = await latest(ref9);
    expect([stored?.percent, stored?.measures]).toEqual([75, '已追缴植被恢复费2万元']);
    expect(await say(h, 'zhangsan', '撤回')).toContain('已撤回');
  });

  it('asks again when the answer is still not settled, and records the figure after that', async () => {
    expect(await say(h, 'zhangsan', '进度 9号 60%-70% 已补植3亩')).toContain('“60%-70%”是一个范围');
    expect(await say(h, 'zhangsan', '大概六七成吧')).toContain('“六七成”是一个范围');
    expect(await say(h, 'zhangsan', '六成五')).toContain(`已记录 ${ref9} 的整改进展`);
    const stored = await latest(ref9);
    expect([stored?.percent, stored?.measures]).toEqual([65, '已补植3亩']);
    expect(await say(h, 'zhangsan', '撤回')).toContain('已撤回');
  });

  it('records nothing when the figure question is cancelled', async () => {
    const before = await count();
    expect(await say(h, 'zhangsan', '进度 9号 六成还是七成')).toContain('没有说定');
    expect(await say(h, 'zhangsan', '取消')).toContain('没有记录');
    expect(await count()).toBe(before);
  });

  it('for a short number that fits several, says why, offers the card, and the click asks for the figure', async () => {
    const before = h.fake.appMessages().length;
    const asked = await say(h, 'zhangsan', '进度 14号 120% 已恢复林地10亩');
    expect(asked).toContain('“120%”不是有效的完成比例');
    const card = h.fake.appMessages().slice(before).find((m) => m.msgtype === 'template_card')!.template_card as { task_id: string };
    const click = eventXml({ corpId: h.config.WECOM_CORP_ID, agentId: h.config.WECOM_AGENT_ID, from: 'zhangsan', event: 'template_card_event', eventKey: `pick:${ref14of2022}`, taskId: card.task_id, cardType: 'button_interaction', responseCode: h.fake.issueResponseCode(card.task_id), createTime: Math.floor(h.clock.now() / 1000) });
    const clicked = h.fake.appMessages().length;
    await postCallback(h.runtime.url!, buildCallback({ token: h.config.WECOM_TOKEN, aesKey: h.config.WECOM_ENCODING_AES_KEY, corpId: h.config.WECOM_CORP_ID, agentId: h.config.WECOM_AGENT_ID, xml: click }));
    const question = await h.fake.waitFor(() => h.fake.appMessages().slice(clicked).find((m) => m.touser === 'zhangsan' && m.msgtype === 'text'), 10_000);
    expect(JSON.stringify(question)).toContain('请补充整改进度');
    const answer = await say(h, 'zhangsan', '八成');
    expect(answer).toContain(`已记录 ${ref14of2022} 的整改进展`);
    const stored = await latest(ref14of2022);
    expect([stored?.percent, stored?.measures]).toEqual([80, '已恢复林地10亩']);
    expect(await say(h, 'zhangsan', '撤回')).toContain('已撤回');
  });

  it('does the same over the long connection, privately', async () => {
    expect(await stream('zhangsan', '进度 9号 70%还是75%我再确认下')).toContain('“70%还是75%”没有说定');
    const answer = await stream('zhangsan', '75%');
    expect(answer).toContain(`已记录 ${ref9} 的整改进展`);
    expect(answer).not.toContain('请选择检察建议');
    const stored = await latest(ref9);
    expect([stored?.percent, stored?.measures]).toEqual([75, undefined]);
    expect(await stream('zhangsan', '撤回')).toContain('已撤回');
  });

  it('does the same in the agency\'s group', async () => {
    expect(await stream('zhangsan', '@衔接助手 进度 富检行公建〔2022〕14号 60%-70% 已补植3亩', true)).toContain('是一个范围');
    const answer = await stream('zhangsan', '@衔接助手 65%', true);
    expect(answer).toContain(`已记录 ${ref14of2022} 的整改进展`);
    expect(answer).not.toContain('请选择检察建议');
    const stored = await latest(ref14of2022);
    expect([stored?.percent, stored?.measures]).toEqual([65, '已补植3亩']);
  });
});
