import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { say as sayTo } from '../support/chat.js';
import { progressModel } from '../../src/models/progress.js';
import { recommendationModel } from '../../src/models/recommendation.js';
import { localDate } from '../../src/calendar/local-date.js';
import { startBotHarness, type BotHarness } from '../support/bot-harness.js';

const ref14 = '富检行公建[2021]14号';

describe('progress sent again in other figures, and progress while a completion awaits review (e2e)', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness();
  });
  afterAll(() => h.stop());

  const say = (from: string, content: string) => sayTo(h, from, content);
  const updates = () => progressModel(h.runtime.mongo).find({ recommendation: ref14, revoked: { $exists: false } }).lean();

  it('takes the same update written with other numerals and spacing as a repeat, but records a different figure', async () => {
    expect(await say('zhangsan', `${ref14} 已对违法企业立案查处，罚款共计十二万元，整体进度大概百分之三十`)).toContain('已记录');
    h.clock.advance(60_000);
    const again = await say('zhangsan', `${ref14} 已对违法企业立案查处，罚款共计12万元 整体进度大概30%`);
    expect(again).toContain('本次未重复记录');
    expect(await updates()).toHaveLength(1);

    const other = await say('zhangsan', `${ref14} 已对违法企业立案查处，罚款共计13万元 整体进度大概30%`);
    expect(other).toContain('已记录');
    expect(await updates()).toHaveLength(2);
  });

  it('refuses progress while the completion awaits review, naming 撤回 only while the completion can be taken back', async () => {
    expect(await say('zhangsan', `完成 ${ref14} 林地已全部恢复`)).toContain('等待检察官审核');
    const completedAt = (await recommendationModel(h.runtime.mongo).findById(ref14).lean())!.completedAt!;
    const count = (await updates()).length;

    const soon = await say('zhangsan', `进度 ${ref14} 90%`);
    expect(soon).toContain(`自 ${localDate(completedAt, h.config.TZ)} 起等待检察官审核，本次进展未记录`);
    expect(soon).toContain('撤回');

    h.clock.advance(11 * 60_000);
    const later = await say('zhangsan', `进度 ${ref14} 90%`);
    expect(later).toContain('本次进展未记录');
    expect(later).toContain('检察官审核后');
    expect(later).not.toContain('撤回');

    const stored = await recommendationModel(h.runtime.mongo).findById(ref14).lean();
    expect([stored?.status, stored?.percent]).toEqual(['completed', 100]);
    expect(await updates()).toHaveLength(count);
  });
});
