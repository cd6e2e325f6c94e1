import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageLogModel } from '../../src/models/message-log.js';
import { helpText } from '../../handlers/help.js';
import { markdownLiteral } from '../../src/wecom/markdown-literal.js';
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
    expect(reply.body).toMatchObject({ msgtype: 'stream', stream: { finish: true, content: markdownLiteral(helpText) } });
    expect(h.fake.appMessages()).toHaveLength(0);
    const logged = await messageLogModel(h.runtime.mongo).findById(`bot:${msgid}`).lean();
    expect(logged).toMatchObject({ channel: 'aibot', from: 'zhangsan', text: '帮助', state: 'handled' });
  });

  it('greets a member entering the chat with a welcome message, as WeCom takes it for enter_chat', async () => {
    const { reqId } = h.fake.bot.sendEvent({ userid: 'zhangsan', eventtype: 'enter_chat' });
    const reply = await h.fake.bot.waitForReply(reqId, 10_000);
    expect(reply.cmd).toBe('aibot_respond_welcome_msg');
    expect(reply.body).toMatchObject({ msgtype: 'text', text: { content: expect.stringContaining('您好，我是衔接助手') } });
  });

  it('handles a group message the same way, replying to that request', async () => {
    const { reqId } = h.fake.bot.sendText({ userid: 'zhangsan', content: '帮助', chatid: 'wrgroup01', chattype: 'group' });
    const reply = await h.fake.bot.waitForReply(reqId, 10_000);
    expect(reply.reqId).toBe(reqId);
  });
});

describe('two web processes configured with the same intelligent bot', () => {
  it('keep one long connection at a time, and the other takes over when the holder stops', async () => {
    const first = await startBotHarness({ longConnection: true, leaseTtlMs: 600 });
    const second = await startBotHarness({ longConnection: true, leaseTtlMs: 600, shared: { fake: first.fake, ns: first.ns, clock: first.clock } });
    try {
      await new Promise((r) => setTimeout(r, 1500));
      const subscribes = () => first.fake.bot.frames.filter((f) => f.cmd === 'aibot_subscribe').length;
      expect(subscribes()).toBe(1);

      await first.runtime.stop();
      await second.runtime.longConnection?.ready;
      expect(subscribes()).toBe(2);
      const { reqId } = first.fake.bot.sendText({ userid: 'zhangsan', content: '帮助' });
      expect((await first.fake.bot.waitForReply(reqId, 10_000)).cmd).toBe('aibot_respond_msg');
    } finally {
      await second.stop();
      await first.fake.close();
    }
  }, 30_000);
});
