import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '../../src/calendar/local-date.js';
import { caseModel } from '../../src/models/case.js';
import { startBotHarness, type BotHarness } from '../support/bot-harness.js';

/** A UTF-8 CSV with a BOM, as Excel's “CSV UTF-8” saves one. */
const csv = (...lines: string[]): Buffer => Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`);

describe('a case ledger against what the agency said and corrected', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ longConnection: true });
  });
  afterAll(() => h.stop());

  async function sendSheet(filename: string, bytes: Buffer): Promise<string> {
    const { reqId } = h.fake.bot.sendFile({ userid: 'zhangsan', filename, bytes });
    return ((await h.fake.bot.waitForReply(reqId, 30_000)).body as { stream?: { content?: string } }).stream?.content ?? '';
  }
  async function say(content: string): Promise<string> {
    const { reqId } = h.fake.bot.sendText({ userid: 'zhangsan', content });
    return JSON.stringify((await h.fake.bot.waitForReply(reqId, 20_000)).body);
  }
  const stored = (caseNumber: string) => caseModel(h.runtime.mongo).findOne({ agency: 'linye', caseNumber }).lean();
  /** The day a correction made now is dated, as the import report writes it (11-06). */
  const today = () => localDate(new Date(h.clock.now()), h.config.TZ).slice(5);

  it('refuses a row whose 处罚决定 names another fine than its 罚款 column, naming both, and registers nothing of it', async () => {
    const reply = await sendSheet('处罚台账.csv', csv(
      '案号,当事人,违法事实,处罚决定,罚款',
      '富林罚〔2026〕861号,某木材加工厂,非法收购盗伐林木2立方米,罚款5000元,50000',
      '富林罚〔2026〕862号,柯某,滥伐林木3立方米,罚款3000元,3000',
    ));
    expect(reply).toBe([
      '《处罚台账.csv》共 2 行：已导入 1 件，1 行未导入：',
      '第 2 行：处罚决定写的罚款是 5,000 元，罚款一栏是 50,000 元，两者不一致；请核对后改正其中一处',
      '请改正以上各行后，只发送这些行（已导入的不必重发）。',
    ].join('\n'));
    expect(await stored('富林罚〔2026〕861号')).toBeNull();
    expect((await stored('富林罚〔2026〕862号'))?.fineYuan).toBe(3000);
  });

  it('tells a ledger sent again after a 更正 that the case was corrected, and offers no 更正 back to the old figure', async () => {
    const ledger = csv(
      '案号,当事人,违法事实,罚款',
      '富林罚〔2026〕863号,某小卖部,擅自收购木材,50000',
      '富林罚〔2026〕864号,严某,滥伐林木2立方米,2000',
    );
    expect(await sendSheet('10月案件台账.csv', ledger)).toBe('《10月案件台账.csv》共 2 行，已全部导入，共 2 件。');
    expect(await say('更正 富林罚〔2026〕863号 罚款：5000元')).toContain('50,000 元 → 5,000 元');

    const again = await sendSheet('10月案件台账.csv', ledger);
    expect(again).toBe([
      '《10月案件台账.csv》共 2 行，此前均已导入，本次未重复登记。',
      '此前已导入的行中，有 1 行的案件导入后已更正，表格中仍是更正前的内容；已登记的以更正后的为准，未更改（可同时改正表格）：',
      `第 2 行：罚款已于 ${today()} 更正为 5,000 元，表格中仍为 50,000 元`,
    ].join('\n'));
    expect(again).not.toContain('罚款：50000元');
    expect((await stored('富林罚〔2026〕863号'))?.fineYuan).toBe(5000);

    // A field never corrected that differs keeps its 更正 to send; the corrected one is only told of, not offered back.
    const changed = await sendSheet('10月案件台账.csv', csv(
      '案号,当事人,违法事实,罚款',
      '富林罚〔2026〕863号,某小卖部,擅自收购盗伐木材,50000',
      '富林罚〔2026〕864号,严某,滥伐林木2立方米,2000',
    ));
    expect(changed).toBe([
      '《10月案件台账.csv》共 2 行：1 行此前已导入，未重复登记；1 行未导入：',
      `第 2 行：案号已登记，这次的违法事实与已登记的不同，未更改；罚款已于 ${today()} 更正为 5,000 元，表格中仍为 50,000 元`,
      // Over the long connection (markdown) the placeholders' <> show as ＜＞, or they would be read as HTML tags.
      '已登记的案件不会因表格而更改；如要更正，请发送「更正 ＜案号＞ ＜项目＞：＜新值＞」，如第 2 行：',
      '更正 富林罚〔2026〕863号',
      '违法事实：擅自收购盗伐木材',
    ].join('\n'));
    expect((await stored('富林罚〔2026〕863号'))?.facts).toBe('擅自收购木材');
  });

  it('does not register a case again under the number a 更正 replaced', async () => {
    const ledger = csv('案号,当事人,违法事实,罚款', '富林罚〔2026〕865号,蒋某,擅自开垦林地1亩,6000');
    expect(await sendSheet('11月案件台账.csv', ledger)).toBe('《11月案件台账.csv》共 1 行，已全部导入，共 1 件。');
    expect(await say('更正 富林罚〔2026〕865号 新案号：富林罚〔2026〕856号')).toContain('富林罚〔2026〕856号');

    expect(await sendSheet('11月案件台账.csv', ledger)).toBe([
      '《11月案件台账.csv》共 1 行，此前均已导入，本次未重复登记。',
      '此前已导入的行中，有 1 行的案件导入后已更正，表格中仍是更正前的内容；已登记的以更正后的为准，未更改（可同时改正表格）：',
      `第 2 行：案号已于 ${today()} 更正为“富林罚〔2026〕856号”，表格中仍为更正前的案号`,
    ].join('\n'));
    expect(await caseModel(h.runtime.mongo).countDocuments({ agency: 'linye', party: '蒋某' })).toBe(1);
  });
});
