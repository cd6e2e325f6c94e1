import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../src/commands/index.js';
import { parseReportFields } from '../../../src/commands/report-fields.js';
import type { AmendCommand, ReportCommand } from '../../../src/commands/types.js';

const HEAD = '上报 案号：富林罚〔2026〕202号 当事人：周某 ';
const report = (rest: string) => parseCommand(`${HEAD}${rest}`) as ReportCommand;
const amend = (text: string) => parseCommand(text) as AmendCommand;

describe('a fine and its payment said in words (round 6 findings 2, 3, 5, 6, 12)', () => {
  it.each(['罚他补种5块地', '罚了5块地', '罚了2块林地的树'])('reads no fine from %s, where 块 is a piece of land', (said) => {
    const cmd = report(`违法事实：擅自开垦林地3亩种茶，${said} 日期：2026-11-20`);
    expect(cmd.fields.fineYuan).toBeUndefined();
    expect(cmd.fields.facts).toContain(said);
  });

  it('still reads 罚了他3万块 as the fine, with the payment said after it', () => {
    expect(report('违法事实：擅自砍伐林木，罚了他3万块').fields.fineYuan).toBe(30000);
    const unpaid = report('违法事实：擅自砍伐林木，罚了他3万块，还没交');
    expect([unpaid.fields.fineYuan, unpaid.extras.payment?.paid]).toEqual([30000, false]);
  });

  it.each([
    ['违法事实：擅自砍伐林木，罚了他3万块，已缴纳一部分'],
    ['违法事实：擅自砍伐林木，罚了他3万块，缴纳了一部分'],
    ['违法事实：擅自砍伐林木 罚款：3万元 缴纳情况：已缴纳1万元'],
    ['违法事实：擅自砍伐林木 罚款：3万元已缴纳1万元'],
    ['违法事实：擅自砍伐林木 罚款：3万元，已缴纳1万元'],
  ])('reads a partial payment said in words as not paid in full: %s', (rest) => {
    const cmd = report(rest);
    expect(cmd.fields.fineYuan).toBe(30000);
    expect(cmd.extras.payment).toMatchObject({ paid: false, partial: true });
  });

  it('reads a paid amount equal to the fine as paid in full', () => {
    expect(report('违法事实：擅自砍伐林木 罚款：3万元 缴纳情况：已缴纳3万元').extras.payment).toMatchObject({ paid: true, partial: false });
    expect(report('违法事实：擅自砍伐林木 罚款：3万元已缴纳30000元').extras.payment).toMatchObject({ paid: true, partial: false });
  });

  it('reads a partial payment in a 更正 that gives the fine, and keeps the amount paid for one that does not', () => {
    expect(amend('更正 富林罚〔2026〕203号 罚款：3万元 缴纳情况：已缴纳1万元').extras.payment).toMatchObject({ paid: false, partial: true });
    expect(amend('更正 富林罚〔2026〕203号 缴纳情况：已缴纳一部分').extras.payment).toMatchObject({ paid: false, partial: true });
    expect(amend('更正 富林罚〔2026〕203号 缴纳情况：已缴纳1万元').extras.payment).toMatchObject({ paidYuan: 10000 });
  });

  it('corrects only the facts when a 更正 of 违法事实 mentions a fine in passing', () => {
    const cmd = amend('更正 富林罚〔2026〕702号 违法事实：擅自占用林地十二亩建房，罚了他3万块');
    expect(cmd.fields).toEqual({ facts: '擅自占用林地十二亩建房,罚了他3万块' });
    expect(cmd.extras).toEqual({});
    expect(amend('更正 富林罚〔2026〕702号 违法事实：擅自占用林地，罚了他3万块 罚款：3万元').fields.fineYuan).toBe(30000);
  });

  it.each([
    ['无证开采砂石，被处以罚款20万元，未依法告知当事人听证权利', 200000],
    ['无证开采砂石，被处以罚款人民币壹万元整', 10000],
    ['无证开采砂石，被处以罚款1万元', 10000],
    ['无证开采砂石，决定罚款2万元', 20000],
    ['无证开采砂石，处罚款2万元', 20000],
    ['无证开采砂石，责令退还土地，并处罚款1万元', 10000],
    ['无证开采砂石，对其处以罚款5万元', 50000],
    ['无证开采砂石，没收违法所得，并处罚款1万元', 10000],
  ])('reads the fine told in the facts: %s', (facts, yuan) => {
    expect(report(`违法事实：${facts} 日期：2026-11-10`).fields.fineYuan).toBe(yuan);
  });

  it.each([
    '无证开采砂石，拟罚款3万元',
    '无证开采砂石，依法应处罚款3万元至10万元',
    '无证开采砂石，曾被罚款2万元',
    '无证开采砂石，去年罚了他3万块',
    '无证开采砂石，其同伙李某被罚了2万元',
    '无证开采砂石，免予罚款',
    '无证开采砂石，造成损失3万元',
    '罚了他3000元，又罚了2000元',
    '罚了他3万块，被处以罚款2万元',
  ])('reads no fine from the facts %s', (facts) => {
    expect(report(`违法事实：${facts} 日期：2026-11-10`).fields.fineYuan).toBeUndefined();
  });

  it('reads the fine of this case when an earlier one is told beside it', () => {
    expect(report('违法事实：无证开采砂石，上次罚了他3万块，这次罚了5000元').fields.fineYuan).toBe(5000);
  });

  it('lets a labelled 罚款 win over a fine in the facts', () => {
    expect(report('违法事实：无证开采，被处以罚款20万元 罚款：5000元').fields.fineYuan).toBe(5000);
  });

  it('reads payment said with 已经 (罚款：3万元，已经交了; 罚款已经缴了) as paid', () => {
    const said = report('违法事实：擅自砍伐林木 罚款：3万元，已经交了');
    expect(said.extras.payment).toMatchObject({ paid: true });
    expect(said.unread).toEqual([]);
    const line = parseReportFields('案号：林罚〔2021〕20号\n当事人：张三\n违法事实：擅自占用林地\n罚款：3万元\n罚款已经缴了');
    expect(line.extras.payment).toMatchObject({ paid: true });
    expect(report('违法事实：擅自砍伐林木，罚了他3万块，已经缴了').extras.payment).toMatchObject({ paid: true });
  });

  it('records a combined total of fine and confiscation as neither, keeping it in the facts', () => {
    const cmd = report('违法事实：擅自砍伐林木，罚款和没收违法所得共计5万元 日期：2026-06-01');
    expect(cmd.fields.fineYuan).toBeUndefined();
    expect(cmd.extras.confiscationYuan).toBeUndefined();
    expect(cmd.fields.facts).toBe('擅自砍伐林木,罚款和没收违法所得共计5万元');
    const decided = report('违法事实：擅自砍伐林木 处罚决定：罚款和没收违法所得共计5万元');
    expect([decided.fields.fineYuan, decided.extras.confiscationYuan]).toEqual([undefined, undefined]);
    expect(decided.fields.decision).toBe('罚款和没收违法所得共计5万元');
  });
});

describe('a fine set per unit and then totalled (round 9b)', () => {
  it.each([
    ['违法事实：非法占用林地 处罚决定：责令限期恢复原状，罚款每平方米10元，共计23345元', 23345],
    ['违法事实：非法占用林地 处罚决定：责令限期恢复原状，罚款：每平方米10元，共计23345元', 23345],
    ['违法事实：非法占用林地 罚款：每平方米10元，共计23345元', 23345],
    ['违法事实：非法占用林地 处罚决定：按每亩5000元处罚款，合计罚款6万元', 60000],
    ['违法事实：非法占用林地 处罚决定：罚款按10元/平方米计，共23345元', 23345],
  ])('takes the total, never the rate, as the fine: %s', (rest, fine) => {
    const cmd = report(rest);
    expect([cmd.fields.fineYuan, cmd.problems]).toEqual([fine, []]);
  });

  it('still asks about a 罚款 line that differs from the total the decision gives', () => {
    const cmd = report('违法事实：非法占用林地 处罚决定：罚款每平方米10元，共计23345元 罚款：2万元');
    expect(cmd.problems.map((p) => p.field)).toContain('fine');
  });
});
