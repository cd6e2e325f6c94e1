import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { progressModel } from '../../src/models/progress.js';
import { newMsgId, startBotHarness, type BotHarness } from '../support/bot-harness.js';
import { say, textOf } from '../support/chat.js';
import { buildCallback, postCallback } from '../support/wecom-callback.js';

const ref2022 = '富检行公建[2022]14号';
const ref9 = '富检行公建[2021]9号';

/**
 * Round 9 (upgrade) m3: after 撤回 the photo window moved to the sender's completion of 〔2022〕14号, which the
 * prosecutor had accepted two minutes before; it now skips an update reviewed since.
 */
describe('the photo window after 撤回 and a completion already reviewed (e2e)', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness();
  });
  afterAll(() => h.stop());

  /** Sends a photo with these bytes from `from` and returns the bot's answer. */
  async function sendPhoto(from: string, bytes: string): Promise<string> {
    const mediaId = h.fake.addMedia({ bytes: Buffer.from(bytes), filename: 'photo.jpg' });
    h.clock.advance(1000);
    const xml = `<xml><ToUserName><![CDATA[${h.config.WECOM_CORP_ID}]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName><CreateTime>${Math.floor(h.clock.now() / 1000)}</CreateTime><MsgType><![CDATA[image]]></MsgType><PicUrl><![CDATA[http://p]]></PicUrl><MediaId><![CDATA[${mediaId}]]></MediaId><MsgId>${newMsgId()}</MsgId><AgentID>${h.config.WECOM_AGENT_ID}</AgentID></xml>`;
    const before = h.fake.appMessages().length;
    const answers = () => h.fake.appMessages().slice(before).filter((m) => m.touser === from).map(textOf);
    const posted = await postCallback(h.runtime.url!, buildCallback({ token: h.config.WECOM_TOKEN, aesKey: h.config.WECOM_ENCODING_AES_KEY, corpId: h.config.WECOM_CORP_ID, agentId: h.config.WECOM_AGENT_ID, xml, timestamp: String(Math.floor(h.clock.now() / 1000)) }));
    expect(posted.status).toBe(200);
    await h.fake.waitFor(() => answers().length > 0 || undefined, 10_000);
    await new Promise((r) => setTimeout(r, 150));
    return answers().join('\n');
  }
  const completion = async () => (await progressModel(h.runtime.mongo).find({ recommendation: ref2022, kind: 'complete' }).lean())[0]!;

  it('closes the window rather than point it at a completion the prosecutor accepted since', async () => {
    expect(await say(h, 'zhangsan', `完成 ${ref2022} 违规承包合同已全部解除`)).toContain('已记录');
    expect(await say(h, 'wangjc', `验收 ${ref2022}`)).toContain(`已验收 ${ref2022}`);
    expect(await say(h, 'zhangsan', '进度 富检行公建[2021]14号 40% 已恢复林地100亩')).toContain('已记录');
    const undone = await say(h, 'zhangsan', '撤回');
    expect(undone).toContain('已撤回');
    expect(undone).not.toContain(ref2022);
    expect(undone).toContain('之后发送的照片或文件不会附到已撤回的更新上');

    const answer = await sendPhoto('zhangsan', 'JPEG-after-undo');
    expect(answer).not.toContain(ref2022);
    expect((await completion()).evidence).toEqual([]);
  });

  it('moves the window to an earlier update still open to photos, past the one reviewed since', async () => {
    expect(await say(h, 'zhaoliu', `进度 ${ref9} 30% 已追缴部分费用`)).toContain('已记录');
    expect(await say(h, 'zhaoliu', '回复 富检行公建[2021]14号 已书面回复检察院')).toContain('已记录');
    // A completion sent back (退回) is reviewed too: photos after it belong to the next report, not to it.
    expect(await say(h, 'zhaoliu', '完成 富检行公建[2021]14号 林地已全部恢复')).toContain('已记录');
    expect(await say(h, 'wangjc', '退回 富检行公建[2021]14号 照片不全')).toContain('退回');
    expect(await say(h, 'zhaoliu', `进度 ${ref9} 50% 已追缴大部分费用`)).toContain('已记录');
    const undone = await say(h, 'zhaoliu', '撤回');
    expect(undone).toMatch(/之后 \d+ 分钟内发送的照片或文件将作为证据附在 富检行公建\[2021\]9号 的进展（进度 30%：已追缴部分费用）上/);
    expect(await sendPhoto('zhaoliu', 'JPEG-fee-receipt')).toContain(`已将照片作为证据附在 ${ref9} 的进展（进度 30%：已追缴部分费用）上`);
  });
});
