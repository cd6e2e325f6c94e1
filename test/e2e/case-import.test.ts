import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { caseModel } from '../../src/models/case.js';
import { startBotHarness, type BotHarness } from '../support/bot-harness.js';

describe('上报 by spreadsheet over the long connection', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ longConnection: true });
  });
  afterAll(() => h.stop());

  it('imports 97 of 100 rows and reports the 3 refused rows with their reasons', async () => {
    const seeded = await caseModel(h.runtime.mongo).countDocuments({ agency: 'linye' }); // seed/demo.json's own cases
    const bytes = readFileSync(new URL('../fixtures/cases-100.xlsx', import.meta.url));
    const { reqId } = h.fake.bot.sendFile({ userid: 'zhangsan', filename: '2024年林业案件.xlsx', bytes });
    const reply = await h.fake.bot.waitForReply(reqId, 20_000);
    const text = (reply.body as { stream?: { content?: string } }).stream?.content ?? '';
    expect(text).toContain('已导入 97 件');
    expect(text.match(/第 \d+ 行/g)).toHaveLength(3);
    expect(text).toContain('当事人');
    expect(await caseModel(h.runtime.mongo).countDocuments({ agency: 'linye' })).toBe(seeded + 97);

    // The same file again: every row is now a case number the agency already has.
    const second = h.fake.bot.sendFile({ userid: 'zhangsan', filename: '2024年林业案件.xlsx', bytes });
    const again = ((await h.fake.bot.waitForReply(second.reqId, 20_000)).body as { stream?: { content?: string } }).stream?.content ?? '';
    expect(again).toContain('均未导入');
    expect(again).toContain('案号已存在');
    expect(await caseModel(h.runtime.mongo).countDocuments({ agency: 'linye' })).toBe(seeded + 97);
  }, 60_000);

  it('explains what it accepts when the file is not a spreadsheet it can read', async () => {
    const { reqId } = h.fake.bot.sendFile({ userid: 'zhangsan', filename: '案件.xlsx', bytes: Buffer.from('not really a spreadsheet') });
    const text = ((await h.fake.bot.waitForReply(reqId, 20_000)).body as { stream?: { content?: string } }).stream?.content ?? '';
    expect(text.length).toBeGreaterThan(5);
    expect(text).toMatch(/表格|Excel|xlsx|CSV/i);
  });
});
