import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { helpText } from '../../handlers/help.js';
import { auditAppDeliveries } from '../support/delivery-audit.js';
import { newMsgId, startBotHarness, type BotHarness } from '../support/bot-harness.js';
import { buildCallback, postCallback, textXml } from '../support/wecom-callback.js';
import { waitUntil } from '../support/wait-until.js';

const sendPath = '/cgi-bin/message/send';

describe('replies to one member at WeCom\'s limit of 30 a minute', () => {
  let h: BotHarness;
  beforeAll(async () => {
    // WeCom's real limits, in the fake and the bot alike.
    h = await startBotHarness({ memberLimit: { perMinute: 30, perHour: 1000 } });
  });
  afterAll(() => h.stop());

  /** Posts `count` 帮助 callbacks from qianqi without moving the clock (a burst within one second). */
  async function askHelp(count: number): Promise<void> {
    const { config } = h;
    for (let i = 0; i < count; i++) {
      const xml = textXml({ corpId: config.WECOM_CORP_ID, agentId: config.WECOM_AGENT_ID, from: 'qianqi', content: '帮助', msgId: newMsgId(), createTime: Math.floor(h.clock.now() / 1000) });
      const callback = buildCallback({ token: config.WECOM_TOKEN, aesKey: config.WECOM_ENCODING_AES_KEY, corpId: config.WECOM_CORP_ID, agentId: config.WECOM_AGENT_ID, xml, timestamp: String(Math.floor(h.clock.now() / 1000)) });
      expect((await postCallback(h.runtime.url!, callback)).status).toBe(200);
    }
  }
  const delivered = () => h.fake.appMessages().filter((m) => m.touser === 'qianqi');

  it('loses none of 60 replies when one was slow to reach WeCom: its slot counts from its arrival, not its sending', async () => {
    await askHelp(29);
    await waitUntil(() => delivered().length === 29, '29 replies delivered', 30_000);

    // The 30th reply is slow on the network: sent now, it reaches WeCom 30 s later, and WeCom counts it from then.
    h.fake.hold(sendPath);
    await askHelp(1);
    await waitUntil(() => h.fake.heldCount(sendPath) === 1, 'the 30th reply on its way');
    h.clock.advance(30_000);
    h.fake.release(sendPath);
    await waitUntil(() => delivered().length === 30, 'the 30th reply delivered');

    // A minute after the first 29 were sent, a burst of 30 more: only 29 fit in WeCom's minute beside the slow one.
    h.clock.advance(31_000);
    await askHelp(30);
    await waitUntil(() => delivered().length === 59, '29 more replies delivered', 30_000);
    // Paced from when it was sent, the slow reply's slot would be free again and a 60th reply discarded by now.
    await waitUntil(() => delivered().length > 59 || h.fake.droppedAppMessages().length > 0, 'a reply beyond the limit', 4000).catch(() => undefined);
    expect(delivered()).toHaveLength(59);
    expect(h.fake.droppedAppMessages()).toEqual([]);

    // A window after the slow reply arrived, the last one goes.
    h.clock.advance(31_000);
    await waitUntil(() => delivered().length === 60, 'the 60th reply delivered', 15_000);
    expect(h.fake.droppedAppMessages()).toEqual([]);
    expect(delivered().every((m) => (m.text as { content?: string }).content === helpText)).toBe(true);
    const audit = await waitUntil(async () => {
      const a = await auditAppDeliveries(h.fake, h.runtime.mongo);
      return a.recorded.length === 60 && a;
    }, 'all 60 deliveries recorded as sent');
    expect(audit.deliveries.every((d) => d.state === 'sent' && d.target === 'qianqi')).toBe(true);
    expect(new Set(audit.recorded)).toEqual(new Set(audit.accepted));
  }, 90_000);
});
