import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseModel } from '../../src/models/case.js';
import { startBotHarness, type BotHarness } from '../support/bot-harness.js';
import { say as sayTo } from '../support/chat.js';

/**
 * A question the bot asked times out after 10 minutes. The answer that comes later is told that the report was not
 * registered (it got the generic "not understood" hint, and staff believed the case was in).
 */
describe('an answer after the question timed out (e2e through the fake WeCom)', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ clockStart: Date.parse('2026-11-30T10:00:00+08:00') });
  });
  afterAll(() => h.stop());

  const say = (content: string) => sayTo(h, 'zhaoliu', content);
  /** Ten minutes and more pass: Redis lets the question go, as its timeout does. */
  async function timeOut(): Promise<void> {
    h.clock.advance(11 * 60_000);
    await h.runtime.redis.del(`${h.config.QUEUE_PREFIX}:conv:ask:zhaoliu`);
  }

  it('says a 上报 waiting for its facts was not registered, once, and registers nothing', async () => {
    expect(await say('上报 案号富林罚〔2026〕661号 当事人钱某')).toContain('违法事实');
    await timeOut();
    const late = await say('擅自占用林地12亩');
    expect(late).toContain('刚才案号「富林罚〔2026〕661号」的上报等您补充超过 10 分钟，已不再等待，没有登记');
    expect(await caseModel(h.runtime.mongo).countDocuments({ caseNumber: '富林罚〔2026〕661号' })).toBe(0);
    expect(await say('擅自占用林地12亩')).not.toContain('已不再等待');
  });

  it('says nothing of a lapse when the question was answered in time', async () => {
    expect(await say('上报 案号富林罚〔2026〕662号 当事人李某')).toContain('违法事实');
    expect(await say('擅自占用林地3亩')).toContain('富林罚〔2026〕662号');
    h.clock.advance(11 * 60_000);
    expect(await say('好的谢谢')).not.toContain('已不再等待');
  });
});
