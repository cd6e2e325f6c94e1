import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leadModel } from '../../src/models/lead.js';
import { startBotHarness, type BotHarness } from '../support/bot-harness.js';
import { firstTextAnswer } from '../support/chat.js';
import { raiseFineLead } from '../support/fine-lead.js';

/**
 * A lead number typed without its year (XS-0001) in the weeks when last year's lead of that serial is still open:
 * nothing is decided on a guess; both are named. wangjc handles 林业局 (zhangsan reports).
 */
describe('lead numbers without a year at the turn of the year (e2e through the fake WeCom)', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness();
  });
  afterAll(() => h.stop());

  const say = (from: string, text: string) => firstTextAnswer(h, from, text);

  it('asks which lead is meant when last year\'s lead of the serial is still open, and decides none', async () => {
    const older = await raiseFineLead(h, 'zhangsan', '富林罚〔2024〕881号', '八八一号公司');
    const current = await raiseFineLead(h, 'zhangsan', '富林罚〔2024〕882号', '八八二号公司');
    const [, year, serial] = /^XS-(\d{4})-(\d{4})$/.exec(current.number)!;
    // The older lead carries last year's number of the same serial (as December's XS-2026-0001 beside January's XS-2027-0001).
    const lastYears = `XS-${Number(year) - 1}-${serial}`;
    await leadModel(h.runtime.mongo).updateOne({ _id: older._id }, { $set: { number: lastYears } });

    const asked = await say('wangjc', `转监察委 XS-${serial}`);
    expect(asked).toContain(`编号「${Number(serial)}」没有写年份，可能是今年的 ${current.number}`);
    expect(asked).toContain(`也可能是去年的 ${lastYears}`);
    expect(asked).toContain('未作任何处理');
    const statuses = async () => (await leadModel(h.runtime.mongo).find({ _id: { $in: [older._id, current._id] } }, { status: 1 }).lean()).map((l) => l.status);
    expect(await statuses()).toEqual(['open', 'open']);
    expect(await say('wangjc', `线索 ${Number(serial)}`)).toContain('没有写年份');

    // The full number decides the one meant. While he may still change that decision (30 minutes), the year-less
    // serial is still asked about — a second thought on last year's lead must not land on this year's.
    expect(await say('wangjc', `转监察委 ${lastYears}`)).toContain(`已记录：线索 ${lastYears}「转监察委」`);
    const again = await say('wangjc', `不予受理 XS-${serial} 罚款已缴纳`);
    expect(again).toContain(`也可能是去年的 ${lastYears}（${older.title}，转监察委）`);
    expect(await statuses()).toEqual(['supervision', 'open']);
    // Past the window last year's lead is settled: the serial is this year's.
    h.clock.advance(31 * 60_000);
    expect(await say('wangjc', `线索 XS-${serial}`)).toContain(`线索 ${current.number}【`);
  });

  it('takes the one that is the sender\'s when only one of the two is', async () => {
    // lijc handles 市场监管局: this year's lead of the serial is his, last year's (林业局) is wangjc's.
    const theirs = await raiseFineLead(h, 'zhangsan', '富林罚〔2024〕883号', '八八三号公司');
    const his = await raiseFineLead(h, 'qianqi', '富市监罚〔2024〕884号', '八八四号商店');
    const [, year, serial] = /^XS-(\d{4})-(\d{4})$/.exec(his.number)!;
    const lastYears = `XS-${Number(year) - 1}-${serial}`;
    await leadModel(h.runtime.mongo).updateOne({ _id: theirs._id }, { $set: { number: lastYears } });
    expect(await say('lijc', `线索 ${Number(serial)}`)).toContain(`线索 ${his.number}【`);
    // wangjc, whose lead is last year's, gets his own; an admin would be asked.
    expect(await say('wangjc', `线索 XS-${serial}`)).toContain(`线索 ${lastYears}【`);
  });

  it('gives examples with this year\'s numbers, also in the first days of a new year', async () => {
    // To 10:00 Beijing time on the first Tuesday of next year, whatever day the test runs.
    const nextYear = new Date(h.clock.now() + 8 * 3600_000).getUTCFullYear() + 1;
    h.clock.advance(Date.parse(`${nextYear}-01-05T02:00:00Z`) - h.clock.now());
    expect(await say('wangjc', '转监察委')).toContain(`例如「转监察委 XS-${nextYear}-0009」`);
  });
});
