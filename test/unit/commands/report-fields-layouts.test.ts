import { describe, expect, it } from 'vitest';
import { parseReportFields, REPLY_LABEL } from '../../../src/commands/report-fields.js';
import { readPayment } from '../../../src/commands/report-money.js';
import { normalizeText } from '../../../src/commands/normalize-text.js';

describe('parseReportFields on the layouts staff type', () => {
  it('continues a field over the lines without a label that follow it', () => {
    const parsed = parseReportFields('案号：富市监罚〔2026〕110号\n当事人：某店\n违法事实：2026年11月10日执法人员检查发现\n该店销售过期面包12袋\n货值金额240元\n罚款：5000元');
    expect(parsed.fields).toEqual({
      caseNumber: '富市监罚〔2026〕110号', party: '某店', facts: '2026年11月10日执法人员检查发现\n该店销售过期面包12袋\n货值金额240元', fineYuan: 5000,
    });
    expect(parsed.unread).toEqual([]);
  });

  it('reads a line that starts with a known label but has no colon, among lines that have one', () => {
    expect(parseReportFields('案号：富市监罚〔2026〕101号\n当事人：王某\n违法事实：无证经营\n罚款 2万').fields).toMatchObject({ facts: '无证经营', fineYuan: 20_000 });
    expect(parseReportFields('案号：1号\n当事人：王某\n违法事实：无证经营\n罚款2万元').fields).toMatchObject({ fineYuan: 20_000 });
  });

  it('ends each value at the next label when no colons are used', () => {
    const parsed = parseReportFields('案号富市监罚〔2026〕102号，当事人王某某，违法事实无证经营，罚款伍万元，日期2026年11月25日');
    expect(parsed.fields).toEqual({ caseNumber: '富市监罚〔2026〕102号', party: '王某某', facts: '无证经营', fineYuan: 50_000, date: '2026-11-25' });
  });

  it('reads labels followed by a space as labels followed by a colon', () => {
    const parsed = parseReportFields('案号 富市监罚〔2026〕105号 当事人 陈某 违法事实 无证经营 罚款 2万');
    expect(parsed.fields).toEqual({ caseNumber: '富市监罚〔2026〕105号', party: '陈某', facts: '无证经营', fineYuan: 20_000 });
  });

  it('keeps a label-like word inside a value whose field is already given as text of the value', () => {
    const parsed = parseReportFields('案号：1号\n当事人：某店\n违法事实：经查，当事人未取得营业执照\n当事人 擅自经营');
    expect(parsed.fields).toMatchObject({ party: '某店', facts: '经查，当事人未取得营业执照\n当事人 擅自经营' });
  });

  it('lists text no field took: before the first label, under an unknown label, after a figure', () => {
    const parsed = parseReportFields('这是上周的案子\n案号：1号\n当事人：某店\n违法事实：无证经营\n联系人：李四\n罚款：5000元\n该店已整改');
    expect(parsed.fields).toMatchObject({ caseNumber: '1号', fineYuan: 5000 });
    expect(parsed.unread).toEqual(['这是上周的案子', '联系人：李四', '该店已整改']);
  });

  it('reads a plain answer filed under the label asked for, and lists one filed under the reply label', () => {
    expect(parseReportFields('当事人：周某 违法事实：无证经营 罚款：3万元\n案号：\n富市监罚〔2026〕111号').fields).toMatchObject({ caseNumber: '富市监罚〔2026〕111号', fineYuan: 30_000 });
    expect(parseReportFields('当事人：周某 罚款：3万元\n违法事实：\n违法事实无证经营').fields).toMatchObject({ facts: '无证经营' });
    const several = parseReportFields(`当事人：周某 罚款：3万元\n${REPLY_LABEL}：\n富市监罚〔2026〕111号`);
    expect(several.fields).toEqual({ party: '周某', fineYuan: 30_000 });
    expect(several.unread).toEqual(['富市监罚〔2026〕111号']);
  });

  it('takes a later date given in answer over the one asked about', () => {
    expect(parseReportFields('日期：2026年12月5日\n日期：\n2026年11月5日').fields.date).toBe('2026-11-05');
  });
});

describe('parseReportFields on payment, notes and confiscation', () => {
  it('reads 缴纳情况 and 备注', () => {
    const parsed = parseReportFields('罚款：5000元\n缴纳情况：已于2026年11月26日缴纳\n备注：已责令停业整改');
    expect(parsed.extras).toEqual({ payment: { paid: true, partial: false, paidOn: '2026-11-26', text: '已于2026年11月26日缴纳' }, note: '已责令停业整改' });
    expect(parsed.unread).toEqual([]);
  });

  it.each([
    ['已缴纳', true, false], ['已缴', true, false], ['是', true, false], ['未缴纳', false, false], ['尚未缴纳', false, false],
    ['否', false, false], ['部分缴纳', false, true], ['已部分缴纳', false, true],
  ])('reads %j as paid=%s partial=%s', (text, paid, partial) => {
    expect(readPayment(text)).toMatchObject({ paid, partial });
    expect(parseReportFields(`是否缴纳：${text}`).extras.payment).toMatchObject({ paid, partial });
  });

  it('asks about a payment it cannot read instead of guessing', () => {
    expect(parseReportFields('罚款缴纳：待定').problems).toEqual([expect.objectContaining({ field: 'fine', value: '待定' })]);
  });

  it('records as the fine the amount labelled 罚款, and the confiscated amount apart', () => {
    const parsed = parseReportFields('罚款：没收违法所得2000元，罚款1万元');
    expect(parsed.fields).toEqual({ fineYuan: 10_000 });
    expect(parsed.extras.confiscationYuan).toBe(2000);
    expect(parsed.problems).toEqual([]);
    expect(parseReportFields('没收违法所得：2000元\n罚款：5000元').extras.confiscationYuan).toBe(2000);
  });

  it('asks when 罚款 holds several amounts it cannot tell apart', () => {
    expect(parseReportFields('罚款：2000元，5000元').problems).toEqual([expect.objectContaining({ field: 'fine' })]);
    expect(parseReportFields('罚款：2000元，5000元').fields.fineYuan).toBeUndefined();
  });

  it('reads a payment said with the fine', () => {
    const parsed = parseReportFields('罚款：5000元，已缴纳');
    expect(parsed.fields.fineYuan).toBe(5000);
    expect(parsed.extras.payment).toMatchObject({ paid: true });
  });
});

describe('parseReportFields on a field given twice', () => {
  it('records the later value and lists the earlier one as not recorded', () => {
    const parsed = parseReportFields('案号：1号\n违法事实：经查\n金额240元\n罚款：5000元');
    expect(parsed.fields.fineYuan).toBe(5000);
    expect(parsed.unread).toEqual(['金额：240元']);
  });

  it('lists nothing when an empty label asked for the value again', () => {
    expect(parseReportFields('日期：2026年12月5日\n日期：\n2026年11月5日').unread).toEqual([]);
  });

  it('starts a label after a sentence\'s end, reads a date with words after it, and drops the 是 of 当事人是…', () => {
    const report = parseReportFields(normalizeText('案号富市监罚〔2026〕109号，当事人是城东某幼儿园食堂，违法事实：使用过期原料制作食品，罚款8000元，已缴纳。决定日期2026年11月20日，属于校园及周边食品安全专项'));
    expect(report.fields).toMatchObject({ party: '城东某幼儿园食堂', fineYuan: 8000, date: '2026-11-20' });
    expect(report.extras.payment).toMatchObject({ paid: true });
    expect(report.extras.payment?.paidOn).toBeUndefined();
    expect(report.unread).toEqual(['属于校园及周边食品安全专项']);
    expect(report.problems).toEqual([]);
  });

  it.each([
    ['numbered items each with a case number', '两个案子：1. 案号富林罚〔2026〕503号，当事人何某，违法事实占用林地 2. 案号富林罚〔2026〕504号，当事人李某，违法事实滥伐林木'],
    ['numbered items without labels', '1、富林罚〔2026〕503号 何某 占用林地\n2、富林罚(2026)504号 李某 滥伐林木'],
    ['two 案号 labels', '案号：富林罚〔2026〕503号\n当事人：何某\n违法事实：占用林地\n案号：富林罚〔2026〕504号\n当事人：李某\n违法事实：滥伐林木'],
  ])('names the cases of a message reporting several: %s', (_layout, body) => {
    expect(parseReportFields(body).severalCases).toEqual(['富林罚〔2026〕503号', expect.stringMatching(/^富林罚[〔(]2026[〕)]504号$/)]);
  });

  it.each([
    ['a case whose facts list earlier cases', '案号：富林罚〔2026〕507号 当事人：甲 违法事实：1. 曾因富林罚〔2025〕12号受处罚；2. 又因富林罚〔2025〕30号受处罚；3. 本次滥伐'],
    ['the same number written twice', '案号：富林罚〔2026〕503号\n当事人：何某\n违法事实：占用林地\n案号：富林罚(2026)第503号'],
    ['numbered facts without case numbers', '案号：富林罚〔2026〕508号 当事人：甲 违法事实：1. 占用林地2.5亩；2. 拒不整改'],
  ])('reads one case in %s', (_layout, body) => {
    expect(parseReportFields(body).severalCases).toEqual([]);
  });

  it('ends the party at its name when a statement follows, and reads the statement as the facts', () => {
    const told = parseReportFields('今天查了一个案子，当事人是张某某，在村后山上挖了林地大概5亩种茶叶，罚了他3万块，案号富林罚〔2026〕501号', { restOfPartyAsFacts: true });
    expect(told.fields).toEqual({ party: '张某某', facts: '在村后山上挖了林地大概5亩种茶叶，罚了他3万块', caseNumber: '富林罚〔2026〕501号' });
    expect(told.unread).toEqual(['今天查了一个案子']);
    const alone = parseReportFields('当事人是城东某超市，卖过期牛奶20箱，罚了8000块已经交了', { restOfPartyAsFacts: true });
    expect(alone.fields).toEqual({ party: '城东某超市', facts: '卖过期牛奶20箱，罚了8000块已经交了' });
  });

  it('lists the statement after the party as not recorded when the facts are given, or in a correction', () => {
    const labelled = parseReportFields('当事人：张某，男，1980年出生\n违法事实：滥伐林木', { restOfPartyAsFacts: true });
    expect([labelled.fields.party, labelled.fields.facts, labelled.unread]).toEqual(['张某', '滥伐林木', ['男，1980年出生']]);
    expect(parseReportFields('当事人：李某，他卖了过期牛奶', { oneGlued: true }).unread).toEqual(['他卖了过期牛奶']);
  });

  it('keeps text after the party that is no statement, and a lone 当事人 that is a sentence', () => {
    expect(parseReportFields('当事人：富阳某某建材有限公司，法定代表人张某\n违法事实：滥伐').fields.party).toBe('富阳某某建材有限公司，法定代表人张某');
    expect(parseReportFields('当事人不在家，明天再去').fields).toEqual({});
    expect(parseReportFields('当事人是否缴纳不清楚').fields).toEqual({});
  });
});
