import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { progressModel } from '../../src/models/progress.js';
import { recommendationModel } from '../../src/models/recommendation.js';
import { staffModel } from '../../src/models/staff.js';
import { recordUpdate } from '../../src/rectification/record-update.js';
import { newMsgId, startBotHarness, type BotHarness } from '../support/bot-harness.js';
import { buildCallback, postCallback } from '../support/wecom-callback.js';

const ref21 = '富检行公建[2021]21号';
const ref9 = '富检行公建[2021]9号';

describe('evidence, repeated reports and 撤回 (e2e through the fake WeCom)', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness();
  });
  afterAll(() => h.stop());

  const texts = (from: number, to: string) => h.fake.appMessages().slice(from).filter((m) => m.touser === to).map((m) => JSON.stringify(m.text ?? m));

  /** Sends a text and returns what the bot answered the sender. */
  async function say(from: string, content: string): Promise<string> {
    const before = h.fake.appMessages().length;
    expect((await h.sendText(from, content)).status).toBe(200);
    await h.fake.waitFor(() => texts(before, from).length > 0 || undefined, 10_000);
    await new Promise((r) => setTimeout(r, 150));
    return texts(before, from).join('\n');
  }

  /** Sends a photo with these bytes and returns the bot's answer. */
  async function sendPhoto(from: string, bytes: string): Promise<string> {
    const mediaId = h.fake.addMedia({ bytes: Buffer.from(bytes), filename: 'photo.jpg' });
    h.clock.advance(1000);
    const xml = `<xml><ToUserName><![CDATA[${h.config.WECOM_CORP_ID}]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName><CreateTime>${Math.floor(h.clock.now() / 1000)}</CreateTime><MsgType><![CDATA[image]]></MsgType><PicUrl><![CDATA[http://p]]></PicUrl><MediaId><![CDATA[${mediaId}]]></MediaId><MsgId>${newMsgId()}</MsgId><AgentID>${h.config.WECOM_AGENT_ID}</AgentID></xml>`;
    const before = h.fake.appMessages().length;
    // The clock of the bot is the harness's: the callback's timestamp must be inside its replay window.
    const posted = await postCallback(h.runtime.url!, buildCallback({ token: h.config.WECOM_TOKEN, aesKey: h.config.WECOM_ENCODING_AES_KEY, corpId: h.config.WECOM_CORP_ID, agentId: h.config.WECOM_AGENT_ID, xml, timestamp: String(Math.floor(h.clock.now() / 1000)) }));
    expect(posted.status).toBe(200);
    await h.fake.waitFor(() => texts(before, from).length > 0 || undefined, 10_000);
    await new Promise((r) => setTimeout(r, 150));
    return texts(before, from).join('\n');
  }

  const updates = (ref: string) => progressModel(h.runtime.mongo).find({ recommendation: ref }).sort({ createdAt: 1 }).lean();
  const completionNotices = (ref: string) => h.fake.appMessages().filter((m) => m.touser === 'wangjc' && JSON.stringify(m).includes('整改完成待审核') && JSON.stringify(m).includes(ref));

  it('after 撤回 attaches a photo to the sender\'s update still standing, never to the withdrawn one, and says which', async () => {
    expect(await say('lisi', '21号 已全部整改完成，附照片')).toContain(`已记录 ${ref21} 的整改完成`);
    // A written reply: no progress may follow a completion awaiting review.
    expect(await say('lisi', '回复 21号 已于今日书面回复整改情况')).toContain('已记录');
    const undone = await say('lisi', '撤回');
    expect(undone).toContain('已撤回');

    const answer = await sendPhoto('lisi', 'JPEG-mine-restored');
    expect(answer).toContain(`已将照片作为证据附在 ${ref21} 的完成报告上`);
    expect(answer).not.toContain('已撤回');
    const [completion, withdrawn] = await updates(ref21);
    expect(completion?.kind).toBe('complete');
    expect(completion?.evidence).toHaveLength(1);
    expect(withdrawn?.revoked).toBeDefined();
    expect(withdrawn?.evidence).toHaveLength(0);
  });

  it('keeps a photo sent twice on the same update once, and says it was already saved', async () => {
    const again = await sendPhoto('lisi', 'JPEG-mine-restored');
    expect(again).toContain(`此前已作为证据附在 ${ref21} 的完成报告上`);
    expect(again).toContain('未重复保存');
    expect(again).toContain('该条共 1 件证据');
    const [completion] = await updates(ref21);
    expect(completion?.evidence).toHaveLength(1);
    expect((await recommendationModel(h.runtime.mongo).findById(ref21).lean())?.history.filter((e) => e.action === 'evidence')).toHaveLength(1);
  });

  it('does not attach a photo when the only update in its window was withdrawn', async () => {
    expect(await say('zhaoliu', `进度 ${ref9} 30% 已追缴部分费用`)).toContain('已记录');
    expect(await say('zhaoliu', '撤回')).toContain('不会附到已撤回的更新上');
    const answer = await sendPhoto('zhaoliu', 'JPEG-fee-receipt');
    expect(answer).toContain('没有可以附上的进展');
    expect((await updates(ref9)).every((u) => u.evidence.length === 0)).toBe(true);
  });

  it('records a completion sent twice once, tells the sender it awaits review, and notifies the prosecutor once', async () => {
    expect(completionNotices(ref21)).toHaveLength(1);
    const second = await say('lisi', '完成 21号 已全部整改完成，附照片');
    expect(second).toContain('正在等待检察官审核');
    expect(second).toContain('未重复记录');
    expect(second).not.toContain('已记录');
    await new Promise((r) => setTimeout(r, 300));
    expect(completionNotices(ref21)).toHaveLength(1);
    expect((await updates(ref21)).filter((u) => u.kind === 'complete')).toHaveLength(1);
  });

  it('tells a colleague the completion awaits review instead of recording theirs', async () => {
    expect(await say('zhangsan', `完成 ${ref9} 费用已全部追缴`)).toContain('已记录');
    const colleague = await say('zhaoliu', `完成 ${ref9} 费用已全部追缴`);
    expect(colleague).toContain('贵单位同事已于');
    expect((await updates(ref9)).filter((u) => u.kind === 'complete')).toHaveLength(1);
  });

  it('tells the prosecutor a completion still awaits review when a repeated one is taken back', async () => {
    // Two completions standing at once, as recorded before repeats were refused.
    const lisi = (await staffModel(h.runtime.mongo).findById('lisi').lean())!;
    const rec = (await recommendationModel(h.runtime.mongo).findById(ref21).lean())!;
    h.clock.advance(1000);
    await recordUpdate(h.runtime.mongo, rec, lisi, { kind: 'complete', measures: '重复发送' }, `msg:${newMsgId()}`, new Date(h.clock.now()));
    const before = h.fake.appMessages().length;
    expect(await say('lisi', '撤回')).toContain('已撤回');
    const notice = await h.fake.waitFor(() => h.fake.appMessages().slice(before).find((m) => m.touser === 'wangjc' && JSON.stringify(m).includes('【已撤回】')), 10_000);
    const text = JSON.stringify(notice);
    expect(text).toContain('仍待您审核');
    expect(text).not.toContain('暂无需审核');
    expect((await recommendationModel(h.runtime.mongo).findById(ref21).lean())?.status).toBe('completed');
  });

  it('says after 上报 that a reported case cannot be taken back by chat, and whom to ask', async () => {
    expect(await say('qianqi', '上报 案号:富市监罚[2026]50号 当事人:某超市 违法事实:销售过期食品')).toContain('已登记行政执法案件');
    const answer = await say('qianqi', '撤回');
    expect(answer).toContain('您没有可以撤回的更新');
    expect(answer).toContain('富市监罚[2026]50号');
    expect(answer).toContain('请发送「更正 富市监罚[2026]50号」加正确的内容');
    expect(answer).toContain('不能通过消息撤回');
    expect(answer).toContain('李检察官');
    expect(answer).toContain(h.config.ADMIN_CONTACT);
  });

  it('keeps the plain answer when nothing was reported recently', async () => {
    h.clock.advance(2 * 60 * 60 * 1000);
    const answer = await say('qianqi', '撤回');
    expect(answer).toContain('您没有可以撤回的更新');
    expect(answer).not.toContain('上报');
  });

  it('after 撤回 of a second update moves the photo window back to the first, and says so', async () => {
    const ref = '富检行公建[2021]14号';
    expect(await say('zhangsan', '进度 富检行公建〔2021〕14号 40% 恢复林地50亩')).toContain('已记录');
    expect(await say('zhangsan', '进度 富检行公建〔2021〕14号 50% 恢复林地80亩')).toContain('已记录');
    const undone = await say('zhangsan', '撤回');
    expect(undone).toContain(`将作为证据附在 ${ref} 的进展`);
    expect(await sendPhoto('zhangsan', 'JPEG-forest-50')).toContain(`已将照片作为证据附在 ${ref} 的进展（进度 40%`);
    const [first, second] = await updates(ref);
    expect([first?.evidence.length, second?.evidence.length, Boolean(second?.revoked)]).toEqual([1, 0, true]);
  });
  it('records the same progress sent twice within minutes once, and records it again later or with other words', async () => {
    const ref = '富检行公建[2022]14号';
    const live = async () => (await updates(ref)).filter((u) => !u.revoked);
    expect(await say('zhaoliu', '进度 富检行公建〔2022〕14号 40% 解除违规合同5份')).toContain('已记录');
    const again = await say('zhaoliu', '进度 富检行公建〔2022〕14号 40% 解除违规合同5份');
    expect(again).toContain('本次未重复记录');
    expect(await live()).toHaveLength(1);
    expect(await say('zhaoliu', '进度 富检行公建〔2022〕14号 40% 解除违规合同6份')).toContain('已记录');
    expect(await live()).toHaveLength(2);
    h.clock.advance(11 * 60_000);
    expect(await say('zhaoliu', '进度 富检行公建〔2022〕14号 40% 解除违规合同6份')).toContain('已记录');
    expect(await live()).toHaveLength(3);
  });

});
