import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageLogModel } from '../../src/models/message-log.js';
import { helpText } from '../../handlers/help.js';
import { newMsgId, queueNames, startBotHarness, type BotHarness } from '../support/bot-harness.js';
import { buildCallback, buildVerification, encryptMessage, eventXml, postCallback, signature, textXml, type Callback } from '../support/wecom-callback.js';

describe('the self-built app callback, end to end through the fake WeCom', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness();
  });
  afterAll(() => h.stop());

  const secrets = () => ({ token: h.config.WECOM_TOKEN, aesKey: h.config.WECOM_ENCODING_AES_KEY, corpId: h.config.WECOM_CORP_ID, agentId: h.config.WECOM_AGENT_ID });
  const nowSeconds = () => String(Math.floor(h.clock.now() / 1000));
  const text = (content: string, msgId = newMsgId(), from = 'zhangsan') => textXml({ corpId: h.config.WECOM_CORP_ID, agentId: h.config.WECOM_AGENT_ID, from, content, msgId });

  it('answers URL verification with the decrypted echostr as plain text', async () => {
    const { query, echostr } = buildVerification({ ...secrets(), timestamp: nowSeconds() });
    const response = await fetch(`${h.runtime.url}/wecom/callback?${new URLSearchParams(query)}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await response.text()).toBe(echostr);
  });

  it('queues a text message, handles it, and the reply reaches the sender through message/send', async () => {
    const msgId = newMsgId();
    const response = await postCallback(h.runtime.url!, buildCallback({ ...secrets(), xml: text('帮助', msgId), timestamp: nowSeconds() }));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    const sent = await h.fake.waitFor(() => h.fake.appMessages().find((m) => m.touser === 'zhangsan'));
    expect(sent).toMatchObject({ touser: 'zhangsan', msgtype: 'text', agentid: Number(h.config.WECOM_AGENT_ID), text: { content: helpText } });
    const logged = await messageLogModel(h.runtime.mongo).findById(`msg:${msgId}`).lean();
    expect(logged).toMatchObject({ from: 'zhangsan', text: '帮助', state: 'handled', replies: 1 });
  });

  it('acknowledges the same MsgId delivered three times at once with one job and one reply', async () => {
    const msgId = newMsgId();
    const before = await h.jobCount(queueNames.inbound);
    const callback = buildCallback({ ...secrets(), xml: text('你好', msgId, 'lisi'), timestamp: nowSeconds() });
    const answers = await Promise.all([1, 2, 3].map(() => postCallback(h.runtime.url!, callback)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(await h.jobCount(queueNames.inbound)).toBe(before + 1);
    await h.fake.waitFor(() => h.fake.requests.some((r) => r.path === '/cgi-bin/message/send' && (r.body as { touser?: string }).touser === 'lisi'));
    // a later retry, after the message was handled, still adds nothing
    expect((await postCallback(h.runtime.url!, callback)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.fake.requests.filter((r) => r.path === '/cgi-bin/message/send' && (r.body as { touser?: string }).touser === 'lisi')).toHaveLength(1);
    expect(await h.jobCount(queueNames.inbound)).toBe(before + 1);
  });

  it('keys an event by sender, time and key, and greets on enter_agent', async () => {
    const xml = eventXml({ corpId: h.config.WECOM_CORP_ID, agentId: h.config.WECOM_AGENT_ID, from: 'zhaoliu', event: 'enter_agent', createTime: 1764036000 });
    expect((await postCallback(h.runtime.url!, buildCallback({ ...secrets(), xml, timestamp: nowSeconds() }))).status).toBe(200);
    const greeting = await h.fake.waitFor(() => h.fake.appMessages().find((m) => m.touser === 'zhaoliu'));
    expect(JSON.stringify(greeting)).toContain('帮助');
    expect(await messageLogModel(h.runtime.mongo).findById('evt:zhaoliu:1764036000:enter_agent').lean()).toMatchObject({ kind: 'event' });
  });

  describe('refuses what WeCom would not send, with a 4xx and no job', () => {
    const refused: Array<[string, () => { query: Record<string, string>; body: string }, number]> = [
      ['a bad signature', () => {
        const cb = buildCallback({ ...secrets(), xml: text('帮助'), timestamp: nowSeconds() });
        return { ...cb, query: { ...cb.query, msg_signature: 'f'.repeat(40) } };
      }, 401],
      ['a payload encrypted with another EncodingAESKey', () => {
        const encrypt = encryptMessage('abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', text('帮助'), h.config.WECOM_CORP_ID);
        const ts = nowSeconds();
        return { query: { msg_signature: signature(h.config.WECOM_TOKEN, ts, '1', encrypt), timestamp: ts, nonce: '1' }, body: `<xml><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>` };
      }, 403],
      ['a payload for another corp', () => buildCallback({ ...secrets(), corpId: 'wwanothercorp0001', xml: text('帮助'), timestamp: nowSeconds() }), 403],
      ['a stale timestamp (replay)', () => buildCallback({ ...secrets(), xml: text('帮助'), timestamp: String(Math.floor(h.clock.now() / 1000) - 3600) }), 403],
      ['malformed outer XML', () => ({ query: { msg_signature: 'x', timestamp: nowSeconds(), nonce: '1' }, body: '<xml><Encrypt>abc</xml>' }), 400],
      ['an XML entity bomb', () => ({
        query: { msg_signature: 'x', timestamp: nowSeconds(), nonce: '1' },
        body: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><xml><Encrypt>&c;</Encrypt></xml>',
      }), 400],
      ['malformed decrypted XML behind a valid signature', () => buildCallback({ ...secrets(), xml: '<xml><MsgType>text</MsgType>', timestamp: nowSeconds() }), 400],
      ['a 2 MB body', () => ({ query: { msg_signature: 'x', timestamp: nowSeconds(), nonce: '1' }, body: `<xml><Encrypt>${'A'.repeat(2 * 1024 * 1024)}</Encrypt></xml>` }), 413],
      ['missing query parameters', () => ({ query: {}, body: '<xml/>' }), 400],
    ];

    it.each(refused)('%s', async (_label, make, status) => {
      const before = await h.jobCount(queueNames.inbound);
      // Some cases deliberately omit query parameters a real Callback always has.
      const response = await postCallback(h.runtime.url!, make() as Callback).catch(() => undefined);
      // A server may close the socket on a refused oversized upload; what matters is no 200 and no job.
      if (response) expect(response.status).toBe(status);
      expect(await h.jobCount(queueNames.inbound)).toBe(before);
    });
  });
});
