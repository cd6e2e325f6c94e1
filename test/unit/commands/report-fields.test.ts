import { describe, expect, it } from 'vitest';
import { parseReportFields } from '../../../src/commands/report-fields.js';
import { parseDate, parseDateWithoutYear } from '../../../src/commands/written-dates.js';

describe('parseDate', () => {
  it.each([
    ['2021-03-05', '2021-03-05'],
    ['2021-3-5', '2021-03-05'],
    ['2021.3.5', '2021-03-05'],
    ['2021/03/05', '2021-03-05'],
    ['2021年3月5日', '2021-03-05'],
    ['2021年3月5号', '2021-03-05'],
    ['2024-02-29', '2024-02-29'],
  ])('reads %s as %s', (text, iso) => {
    expect(parseDate(text)).toBe(iso);
  });

  it.each(['2021-02-29', '2021-13-01', '2021-00-10', '3月5日', '去年', ''])('refuses %j', (text) => {
    expect(parseDate(text)).toBeNull();
  });
});

describe('parseDateWithoutYear', () => {
  it.each([
    ['3月5日', '2026-11-25', '2026-03-05'],
    ['11月25号', '2026-11-25', '2026-11-25'],
    ['12月1日', '2026-11-25', '2025-12-01'],
    ['2/29', '2026-11-25', null],
    ['2/29', '2025-03-01', '2024-02-29'],
    ['3-5', '2026-01-10', '2025-03-05'],
    ['2021年3月5日', '2026-11-25', null],
    ['上周', '2026-11-25', null],
  ])('reads %j on %s as %s: the latest such day not after today', (text, today, expected) => {
    expect(parseDateWithoutYear(text, today)).toBe(expected);
  });
});

describe('parseReportFields', () => {
  it('maps the labels staff use onto case fields and keeps every pair as written', () => {
    const parsed = parseReportFields('违法主体：某某矿业公司\n案件类型：处罚\n违法行为：非法采矿\n处罚依据：《矿产资源法》第三十九条\n罚款金额：317万元\n占地面积：12亩；领域：国有财产');
    expect(parsed.fields).toEqual({
      party: '某某矿业公司',
      caseType: '处罚',
      violation: '非法采矿',
      legalBasis: '《矿产资源法》第三十九条',
      fineYuan: 3_170_000,
      areaMu: 12,
      domain: '国有财产保护',
    });
    expect(Object.keys(parsed.rawFields)).toEqual(['违法主体', '案件类型', '违法行为', '处罚依据', '罚款金额', '占地面积', '领域']);
    expect(parsed.problems).toEqual([]);
  });

  it('reads a bare number as 元 for a fine and as 亩 for an area', () => {
    expect(parseReportFields('罚款:5000\n面积:3.5').fields).toEqual({ fineYuan: 5000, areaMu: 3.5 });
  });

  it('reads distinct labels without colons, a part without a label continuing the field before it', () => {
    const parsed = parseReportFields('案号林罚〔2021〕20号，当事人张三，违法事实擅自占用林地5亩，并砍伐林木30株，罚款2万元');
    expect(parsed.fields).toEqual({ caseNumber: '林罚〔2021〕20号', party: '张三', facts: '擅自占用林地5亩，并砍伐林木30株', fineYuan: 20_000 });
    // An answer without a colon to a form that had them.
    expect(parseReportFields('案号：林罚〔2021〕20号 当事人：张三\n违法事实擅自占用林地').fields).toMatchObject({ facts: '擅自占用林地' });
  });

  it('in a form with colons, reads 罚款已缴纳 as the payment, not as a fine without an amount', () => {
    const parsed = parseReportFields('案号：林罚〔2021〕20号\n当事人：张三\n违法事实：擅自占用林地\n罚款已缴纳');
    expect(parsed.fields).toEqual({ caseNumber: '林罚〔2021〕20号', party: '张三', facts: '擅自占用林地' });
    expect(parsed.extras.payment).toMatchObject({ paid: true });
    expect(parsed.problems).toEqual([]);
  });

  it('takes a fine said in passing in the facts (罚了他3万块), with its payment, but not an earlier case\'s', () => {
    const spoken = parseReportFields('案号：林罚〔2021〕20号\n当事人：张三\n违法事实：滥伐林木，罚了他3万块，还没交');
    expect(spoken.fields).toMatchObject({ facts: '滥伐林木，罚了他3万块，还没交', fineYuan: 30000 });
    expect(spoken.extras.payment).toMatchObject({ paid: false });
    expect(parseReportFields('案号：林罚〔2021〕20号\n当事人：张三\n违法事实：滥伐林木，被罚了5000元，已缴纳').extras.payment).toMatchObject({ paid: true });
    expect(parseReportFields('案号：林罚〔2021〕20号\n当事人：张三\n违法事实：滥伐林木，曾被罚款2000元').fields.fineYuan).toBeUndefined();
    expect(parseReportFields('案号：林罚〔2021〕20号\n当事人：张三\n违法事实：罚了他3000元，又罚了2000元').fields.fineYuan).toBeUndefined();
  });

  it('does not read a sentence that starts like a label as a form', () => {
    expect(parseReportFields('当事人不在家').fields).toEqual({});
    expect(parseReportFields('单位领导说要上报，案号还没有').fields).toEqual({});
  });

  it('records no field from lines that are not label:value, and lists them as not understood', () => {
    const parsed = parseReportFields('张某滥伐林木\n:空标签\n当事人:');
    expect(parsed.rawFields).toEqual({});
    expect(parsed.unread).toEqual(['张某滥伐林木\n:空标签']);
  });
});
