import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageLogModel } from '../../src/models/message-log.js';
import { helpText } from '../../handlers/help.js';
import { startBotHarness, type BotHarness } from '../support/bot-harness.js';

describe('the intelligent bot over the long connection', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ longConnection: true });
  });
  afterAll(() => h.stop());

  it('authenticates with the bot id and secret', () => {
    const subscribe = h.fake.bot.frames.find((f) => f.cmd === 'aibot_subscribe');
    expect(subscribe?.body).toMatchObject({ bot_id: 'aibot-test' });
  });

  it('puts a message through the same pipeline and answers over the connection, not the app API', async () => {
    const { reqId, msgid } = h.fake.bot.sendText({ userid: 'zhangsan', content: '帮助' });
    const reply = await h.fake.bot.waitForReply(reqId, 10_000);
    expect(reply.cmd).toBe('aibot_respond_msg');
    expect(reply.body).toMatchObject({ msgtype: 'stream', stream: { finish: true, content: helpText } });
    expect(h.fake.appMessages()).toHaveLength(0);
    const logged = await messageLogModel(h.runtime.mongo).findById(`bot:${msgid}`).lean();
    expect(logged).toMatchObject({ channel: 'aibot', from: 'zhangsan', text: '帮助', state: 'handled' });
  });

  it('handles a group message the same way, replying to that request', async () => {
    const { reqId } = h.fake.bot.sendText({ userid: 'zhangsan', content: '帮助', chatid: 'wrgroup01', chattype: 'group' });
    const reply = await h.fake.bot.waitForReply(reqId, 10_000);
    expect(reply.reqId).toBe(reqId);
  });
});
