import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { caseModel } from '../../src/models/case.js';
import { leadModel } from '../../src/models/lead.js';
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
    const reply = await h.fake.bot.waitForReply(reqId, 40_000);
    const text = (reply.body as { stream?: { content?: string } }).stream?.content ?? '';
    expect(text).toContain('已导入 97 件');
    expect(text.match(/第 \d+ 行/g)).toHaveLength(3);
    expect(text).toContain('当事人');
    expect(await caseModel(h.runtime.mongo).countDocuments({ agency: 'linye' })).toBe(seeded + 97);

    // The many leads of the import reach the prosecutor as one summary, not a card each.
    const summary = await h.fake.waitFor(() => h.fake.appMessages().find((m) => m.touser === 'wangjc' && JSON.stringify(m).includes('【批量导入线索】')), 20_000);
    const summaryText = (summary.text as { content: string }).content;
    expect(summaryText).toMatch(/^【批量导入线索】富阳区林业局 张三 导入案件表格「2024年林业案件.xlsx」，新登记案件 97 件，发现线索 (\d+) 条（分派给您）/);
    const imported = (await caseModel(h.runtime.mongo).find({ sourceId: { $regex: /#row\d+$/ } }, { _id: 1 }).lean()).map((c) => c._id);
    const leads = await leadModel(h.runtime.mongo).find({ 'subject.id': { $in: imported } }).lean();
    expect(leads.length).toBeGreaterThan(5);
    expect(summaryText).toContain(`发现线索 ${leads.length} 条`);
    expect(leads.every((l) => l.alert?.taskId.startsWith('bulk-'))).toBe(true);
    expect(h.fake.appMessages().filter((m) => m.msgtype === 'template_card' && JSON.stringify(m).includes('2024'))).toHaveLength(0);

    // The same file again: its 97 cases were imported before, which is no error; only the 3 faulty rows are listed.
    const second = h.fake.bot.sendFile({ userid: 'zhangsan', filename: '2024年林业案件.xlsx', bytes });
    const again = ((await h.fake.bot.waitForReply(second.reqId, 40_000)).body as { stream?: { content?: string } }).stream?.content ?? '';
    expect(again.split('\n')[0]).toBe('《2024年林业案件.xlsx》共 100 行：97 行此前已导入，未重复登记；3 行未导入：');
    expect(again.match(/^第 \d+ 行/gm)).toEqual(['第 19 行', '第 48 行', '第 84 行']);
    expect(again).not.toContain('案号已存在');
    expect(again).not.toContain('另有');
    expect(await caseModel(h.runtime.mongo).countDocuments({ agency: 'linye' })).toBe(seeded + 97);
  }, 120_000);

  it('answers a sheet sent again in full that nothing was registered twice, and names a row whose content differs', async () => {
    const sheet = (fine: string) => Buffer.from(`\ufeff案号,当事人,违法事实,罚款\n富林罚〔2025〕1号,孙某,擅自采伐林木5立方米,${fine}\n富林罚〔2025〕2号,某竹制品厂,非法占用林地2亩,8000元\n`);
    const send = async (bytes: Buffer) => ((await h.fake.bot.waitForReply(h.fake.bot.sendFile({ userid: 'zhangsan', filename: '补报案件.csv', bytes }).reqId, 20_000)).body as { stream?: { content?: string } }).stream?.content ?? '';
    expect(await send(sheet('3000元'))).toBe('《补报案件.csv》共 2 行，已全部导入，共 2 件。');
    expect(await send(sheet('3000元'))).toBe('《补报案件.csv》共 2 行，此前均已导入，本次未重复登记。');
    expect(await send(sheet('5000元'))).toBe([
      '《补报案件.csv》共 2 行：1 行此前已导入，未重复登记；1 行未导入：',
      '第 2 行：案号已登记，这次的罚款与已登记的不同，未更改',
      // Over the long connection (markdown) the placeholders' <> show as ＜＞, or they would be read as HTML tags.
      '已登记的案件不会因表格而更改；如要更正，请发送「更正 ＜案号＞ ＜项目＞：＜新值＞」，如第 2 行：',
      '更正 富林罚〔2025〕1号',
      '罚款：5000元',
    ].join('\n'));
    const stored = await caseModel(h.runtime.mongo).find({ agency: 'linye', caseNumber: /^富林罚〔2025〕/ }).lean();
    expect(stored.map((c) => c.fineYuan).sort()).toEqual([3000, 8000]);

    // The message offered does what it says: sent as is, it corrects the case.
    const amend = await h.fake.bot.waitForReply(h.fake.bot.sendText({ userid: 'zhangsan', content: '更正 富林罚〔2025〕1号\n罚款：5000元' }).reqId, 20_000);
    expect(JSON.stringify(amend.body)).toContain('3,000 元 → 5,000 元');
    expect((await caseModel(h.runtime.mongo).findOne({ agency: 'linye', caseNumber: '富林罚〔2025〕1号' }).lean())?.fineYuan).toBe(5000);
    expect(await send(sheet('5000元'))).toBe('《补报案件.csv》共 2 行，此前均已导入，本次未重复登记。');
  });

  it('explains what it accepts when the file is not a spreadsheet it can read', async () => {
    const { reqId } = h.fake.bot.sendFile({ userid: 'zhangsan', filename: '案件.xlsx', bytes: Buffer.from('not really a spreadsheet') });
    const text = ((await h.fake.bot.waitForReply(reqId, 20_000)).body as { stream?: { content?: string } }).stream?.content ?? '';
    expect(text.length).toBeGreaterThan(5);
    expect(text).toMatch(/表格|Excel|xlsx|CSV/i);
  });
});
