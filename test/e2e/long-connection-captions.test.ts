import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { progressModel } from '../../src/models/progress.js';
import { startBotHarness, type BotHarness } from '../support/bot-harness.js';

const ref21 = '富检行公建[2021]21号';

/** The first bytes of a real JPEG, then `tail` so each photo has its own hash. */
function jpeg(tail: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from(`JFIF\0${tail}`)]);
}

describe('captions, voice notes and bare mentions over the long connection', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ longConnection: true });
  });
  afterAll(() => h.stop());

  /** Every reply the bot made to a long-connection request, as one text. */
  async function answerTo(reqId: string): Promise<string> {
    h.clock.advance(1000);
    await h.fake.bot.waitForReply(reqId, 20_000);
    await new Promise((r) => setTimeout(r, 500));
    return h.fake.bot.replies(reqId).map((reply) => (reply.body as { stream?: { content?: string } }).stream?.content ?? JSON.stringify(reply.body)).join('\n');
  }
  const say = (userid: string, content: string) => {
    h.clock.advance(1000);
    return answerTo(h.fake.bot.sendText({ userid, content }).reqId);
  };
  const updates = () => progressModel(h.runtime.mongo).find({ recommendation: ref21 }).sort({ createdAt: 1 }).lean();

  it('attaches the photos of 21号现场照片 to the open update of 21号, records no update and asks for no figure', async () => {
    expect(await say('lisi', '进度 21号 50% 已关停非法采矿点5处')).toContain('已记录');
    h.clock.advance(2000);
    const answer = await answerTo(h.fake.bot.sendMixed({ userid: 'lisi', content: '21号现场照片', images: [jpeg('a'), jpeg('b'), jpeg('c')] }).reqId);
    expect(answer).toContain(`已将照片作为证据附在 ${ref21} 的进展（进度 50%：已关停非法采矿点5处）上（该条共 3 件证据`);
    expect(answer).not.toContain('请补充整改进度');
    expect(answer).not.toContain('没有保存');
    const all = await updates();
    expect(all).toHaveLength(1);
    expect(all[0]?.evidence).toHaveLength(3);
  });

  it('answers a voice note WeCom could not recognise as a voice note, not as an empty message', async () => {
    h.clock.advance(1000);
    const answer = await answerTo(h.fake.bot.sendVoice({ userid: 'lisi', content: '' }).reqId);
    expect(answer).toContain('没能识别这条语音');
    expect(answer).not.toContain('消息是空的');
  });

  it('shows the help to a bare @衔接助手 in a group', async () => {
    h.clock.advance(1000);
    const answer = await answerTo(h.fake.bot.sendText({ userid: 'lisi', chatid: 'wr-ziran-group', chattype: 'group', content: '@衔接助手' }).reqId);
    expect(answer).not.toContain('没有看懂');
    expect(answer).toContain('先发送「9号的照片」再发照片');
  });
});
