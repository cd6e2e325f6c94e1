/**
 * Round 9b (chatday) M2, M3, M5 and m5, over the intelligent bot's long connection: addresses shown as typed, @mentions
 * after punctuation or a word, @所有人, a colleague copied in at the end, names with a space, look-ups among colleagues,
 * and an emoji family kept whole in a stored party.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseModel } from '../../src/models/case.js';
import { progressModel } from '../../src/models/progress.js';
import { staffModel } from '../../src/models/staff.js';
import { startBotHarness, type BotHarness } from '../support/bot-harness.js';
import { say } from '../support/chat.js';

const ref9 = '富检行公建[2021]9号';
const ref14 = '富检行公建[2021]14号';
const adminContact = '公益诉讼检察部 张检 0571-6321 gy_jc@fy.jcy.gov.cn';

describe('round 9b chatday: mentions and addresses over the long connection', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ longConnection: true, env: { ADMIN_CONTACT: adminContact } });
    // A colleague whose WeCom name has a space and a lower-case word, which only the staff list tells apart.
    await staffModel(h.runtime.mongo).create({ _id: 'annadewit', name: 'Anna de Wit', agency: 'linye', role: 'staff', active: true, boundAt: new Date(h.clock.now()), boundBy: 'test' });
  });
  afterAll(() => h.stop());

  /** Sends `content` over the long connection (in the agency's registered group when `group`) and returns every reply as one text. */
  async function stream(userid: string, content: string, group = false): Promise<string> {
    h.clock.advance(2000);
    const { reqId } = h.fake.bot.sendText({ userid, content, ...(group ? { chatid: 'wrgroup01', chattype: 'group' as const } : {}) });
    await h.fake.bot.waitForReply(reqId, 15_000);
    await new Promise((r) => setTimeout(r, 700));
    return h.fake.bot.replies(reqId).map((r) => (r.body as { stream?: { content?: string } }).stream?.content ?? JSON.stringify(r.body)).join('\n');
  }
  const updates = (recommendation: string) => progressModel(h.runtime.mongo).find({ recommendation }).sort({ createdAt: 1 }).lean();
  const latest = async (recommendation: string) => (await updates(recommendation)).at(-1);
  const count = () => progressModel(h.runtime.mongo).countDocuments({});

  it('M2: shows a link, an e-mail address and the configured contact with their underscores', async () => {
    const answer = await stream('zhangsan', '进度 富检行公建〔2021〕9号 65% 已追缴*4.8*万元 材料见 https://pan.example.com/s/a_b_c 邮箱 zhang_san@lin.gov.cn');
    expect(answer).toContain('https://pan.example.com/s/a_b_c');
    expect(answer).toContain('zhang_san@lin.gov.cn');
    // Emphasis is still shown as typed, not as italics.
    expect(answer).toContain('已追缴＊4.8＊万元');
    expect(await stream('nobody', '进度 9号 60%')).toContain('gy_jc@fy.jcy.gov.cn');
  });

  it('M3: a colleague @mentioned after punctuation is spoken to: nothing recorded, nothing quoted to the prosecutor', async () => {
    const before = await count();
    expect(await stream('zhangsan', '@衔接助手 9号进度60%了，@赵六 您看下', true)).toContain('同时@了其他同事');
    expect(await count()).toBe(before);
  });

  it('M3: the bot\'s name straight after a word is no measure, and a colleague\'s name in a sentence stays without its @', async () => {
    expect(await stream('zhangsan', '@衔接助手 进度 富检行公建〔2021〕9号 61% 已追缴4.5万元@衔接助手', true)).toContain('已记录');
    expect((await latest(ref9))?.measures).toBe('已追缴4.5万元');
    expect(await stream('zhangsan', '@衔接助手 进度 富检行公建〔2021〕9号 62%，已通知@赵六 请核对', true)).toContain('已记录');
    expect((await latest(ref9))?.measures).toBe('已通知赵六 请核对');
  });

  it('M5: records an update addressed to the bot with a colleague copied in at the end, without the mention', async () => {
    expect(await stream('zhangsan', '@衔接助手 关于富检行公建〔2021〕14号检察建议，目前整改进度八成 @赵六', true)).toContain('已记录');
    const update = await latest(ref14);
    expect(update?.percent).toBe(80);
    expect(update?.measures ?? '').not.toContain('赵六');
  });

  it('M5: a command after a colleague whose name has a space is read', async () => {
    expect(await stream('zhangsan', '@衔接助手 @Tony Wang 进度 富检行公建〔2021〕9号 63% 已追缴4万元', true)).toContain('已记录');
    expect((await latest(ref9))?.measures).toBe('已追缴4万元');
    expect(await stream('zhangsan', '@衔接助手 @Anna de Wit 进度 富检行公建〔2021〕9号 64% 已补植', true)).toContain('已记录');
    expect((await latest(ref9))?.measures).toBe('已补植');
  });

  it('M5: answers a look-up among colleagues, which leaves the question the bot waits on open', async () => {
    expect(await stream('zhangsan', '@衔接助手 进度 富检行公建〔2021〕9号 已补植200株', true)).toContain('完成比例');
    const before = await count();
    expect(await stream('zhangsan', '@衔接助手 @张三 看一下待办', true)).toContain('富检行公建[2021]9号');
    expect(await stream('zhangsan', '@衔接助手 @张三 富检行公建〔2021〕9号进展如何', true)).toContain('督促追缴森林植被恢复费');
    expect(await count()).toBe(before);
    expect(await stream('zhangsan', '@衔接助手 70%', true)).toContain('已记录');
    expect([(await latest(ref9))?.percent, (await latest(ref9))?.measures]).toEqual([70, '已补植200株']);
    // Speaking to the colleague (你): people talking, as before.
    expect(await stream('zhangsan', '@衔接助手 @张三 9号现在进度多少了？你报一下60%还是70%', true)).toContain('同时@了其他同事');
  });

  it('M5: @所有人 is no colleague: a completion sent to everyone is recorded', async () => {
    expect(await stream('zhangsan', '@衔接助手 @所有人 富检行公建〔2021〕9号已全部整改完成，已恢复林地', true)).toContain('已记录');
    expect((await latest(ref9))?.kind).toBe('complete');
  });

  it('m5: keeps an emoji family whole in a reported party', async () => {
    await say(h, 'zhangsan', '上报\n案号：富林罚〔2026〕401号\n当事人：某有限责任公司😀👍🏽👨‍👩‍👧\n违法事实：滥伐林木12株\n罚款：3000元\n决定日期：2026年6月1日');
    const stored = await caseModel(h.runtime.mongo).findOne({ caseNumber: '富林罚〔2026〕401号' }).lean();
    expect(stored?.party).toBe('某有限责任公司😀👍🏽👨‍👩‍👧');
  });
});
