import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBotHarness, type BotHarness } from '../support/bot-harness.js';
import { say } from '../support/chat.js';

describe('查询 by a short number or a topic names the agency\'s other recommendations it also fits', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness();
  });
  afterAll(() => h.stop());

  it('shows the open 14号 and names the 14号 awaiting review, with how to see it', async () => {
    expect(await say(h, 'zhangsan', '完成 富检行公建〔2021〕14号 已恢复林地120亩')).toContain('已记录');
    const answer = await say(h, 'zhangsan', '查询 14号');
    expect(answer).toContain('富检行公建[2022]14号');
    expect(answer).toContain('另有 富检行公建[2021]14号（已报完成，待检察官审核）');
    expect(answer).toContain('查询 富检行公建[2021]14号');
  });

  it('names the other recommendation about 林地 too, and adds nothing to a full 文号', async () => {
    expect(await say(h, 'zhangsan', '查询 林地')).toContain('另有 富检行公建[2021]14号');
    expect(await say(h, 'zhangsan', '查询 富检行公建〔2021〕14号')).not.toContain('另有');
  });
});
