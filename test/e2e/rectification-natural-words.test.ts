import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '../../src/calendar/local-date.js';
import { progressModel } from '../../src/models/progress.js';
import { recommendationModel } from '../../src/models/recommendation.js';
import { startBotHarness, type BotHarness } from '../support/bot-harness.js';

const ref9 = '富检行公建[2021]9号';
const ref21 = '富检行公建[2021]21号';

/** 1–31 in Chinese numerals, as a date is said: 11 → 十一, 28 → 二十八. */
function chineseNumber(n: number): string {
  const digits = '零一二三四五六七八九';
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 0 ? '' : tens === 1 ? '十' : `${digits[tens]}十`}${ones === 0 ? '' : digits[ones]}`;
}

describe('progress and written replies said in natural words (e2e through the fake WeCom)', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness();
  });
  afterAll(() => h.stop());

  const texts = (from: number, to: string) => h.fake.appMessages().slice(from).filter((m) => m.touser === to).map((m) => JSON.stringify(m.text ?? m));

  /** Sends a text and returns what the bot answered the sender. */
  async function say(content: string, from: string): Promise<string> {
    const before = h.fake.appMessages().length;
    expect((await h.sendText(from, content)).status).toBe(200);
    await h.fake.waitFor(() => texts(before, from).length > 0 || undefined, 10_000);
    await new Promise((r) => setTimeout(r, 150));
    return texts(before, from).join('\n');
  }
  const latest = (ref: string) => progressModel(h.runtime.mongo).findOne({ recommendation: ref }).sort({ createdAt: -1 }).lean();
  const count = (ref: string) => progressModel(h.runtime.mongo).countDocuments({ recommendation: ref, revoked: { $exists: false } });
  const overdueNotices = () => h.fake.appMessages().filter((m) => m.touser === 'wangjc' && JSON.stringify(m).includes('【逾期整改进展】'));

  it.each([
    ['9号 进度50% 不对，是55% 已追缴植被恢复费2万元', 55, '已追缴植被恢复费2万元'],
    ['9号 进度50%，哦不对，56%', 56, undefined],
    ['9号进度60%更正一下是65%', 65, undefined],
  ])('records the figure the sender settled on in 「%s」, and tells the prosecutor that one', async (text, percent, measures) => {
    const notices = overdueNotices().length;
    const answer = await say(text, 'zhangsan');
    expect(answer).toContain(`进度 ${percent}%`);
    expect(answer).not.toContain('不对');
    expect(answer).not.toContain('更正一下');
    const stored = await latest(ref9);
    expect([stored?.percent, stored?.measures]).toEqual([percent, measures]);
    const notice = await h.fake.waitFor(() => overdueNotices().slice(notices).at(0));
    expect(JSON.stringify(notice)).toContain(`报告进度 ${percent}%`);
    expect((await say('撤回', 'zhangsan'))).toContain('已撤回');
  });

  it.each(['9号 进度到七成了吗', '9号进度有没有到60%', '9号 上次报的60%是不是错了', '9号 进度60%还是70%来着', '9号 进度60% 对吗'])(
    'answers 「%s」 with the recommendation\'s status, recording nothing and telling the prosecutor nothing',
    async (text) => {
      const [before, notices] = [await count(ref9), overdueNotices().length];
      const answer = await say(text, 'zhangsan');
      expect(answer).toContain('督促追缴森林植被恢复费');
      expect(answer).not.toContain('已记录');
      expect(await count(ref9)).toBe(before);
      await new Promise((r) => setTimeout(r, 300));
      expect(overdueNotices().length).toBe(notices);
    },
  );

  it('keeps an update waiting when the answer to its figure question is a range, and records the figure given next', async () => {
    expect(await say('21号 已追缴矿产资源补偿费十五万元', 'lisi')).toContain('请补充整改进度');
    const range = await say('大概六七成吧', 'lisi');
    expect(range).toContain('“六七成”是一个范围');
    expect(range).toContain('直接回复');
    const answer = await say('六成', 'lisi');
    expect(answer).toContain(`已记录 ${ref21} 的整改进展`);
    expect(answer).toContain('进度 60%');
    const stored = await latest(ref21);
    expect([stored?.percent, stored?.measures]).toEqual([60, '已追缴矿产资源补偿费十五万元']);
    expect(await say('撤回', 'lisi')).toContain('已撤回');
  });

  it('takes no stage from some of several sub-cases, and no progress from the share of one item', async () => {
    const answer = await say('21号 进度40% 已查处3起,其中2起已结案,1起在办', 'lisi');
    expect(answer).toContain('进度 40%');
    expect(answer).not.toContain('阶段');
    expect((await recommendationModel(h.runtime.mongo).findById(ref21).lean())?.stage).toBeUndefined();
    expect(await say('撤回', 'lisi')).toContain('已撤回');
    const before = await count(ref21);
    for (const text of ['21号 追缴补偿费十五万元 占应追缴的三成', '21号 追缴补偿费十五万 恢复矿山生态两成']) {
      const asked = await say(text, 'lisi');
      expect(asked).toContain('请补充整改进度');
      expect(asked).not.toContain('已记录');
      expect(await say('取消', 'lisi')).toContain('没有记录');
    }
    expect(await count(ref21)).toBe(before);
  });

  it('records a written reply said without the 回复 command word, on the date it states', async () => {
    const stated = localDate(new Date(h.clock.now() - 2 * 86_400_000), h.config.TZ);
    const [month, day] = stated.slice(5).split('-').map(Number) as [number, number];
    const answer = await say(`9号已于${chineseNumber(month)}月${chineseNumber(day)}号书面回复检察院`, 'zhangsan');
    expect(answer).toContain(`已记录 ${ref9} 的书面回复`);
    expect(answer).toContain(`书面回复日期：${stated}`);
    const rec = await recommendationModel(h.runtime.mongo).findById(ref9).lean();
    expect(localDate(rec!.repliedAt!, h.config.TZ)).toBe(stated);
    expect(await say(`9号 我们${month}.${day}已经书面回复了`, 'zhangsan')).toContain(`书面回复日期：${stated}`);
  });

  it('dates a reply sent 昨天 on the day before the message', async () => {
    const yesterday = localDate(new Date(h.clock.now() - 86_400_000), h.config.TZ);
    const answer = await say('9号 书面回复已于昨天寄出', 'zhangsan');
    expect(answer).toContain(`书面回复日期：${yesterday}`);
    const rec = await recommendationModel(h.runtime.mongo).findById(ref9).lean();
    expect(localDate(rec!.repliedAt!, h.config.TZ)).toBe(yesterday);
  });
});
