import { describe, expect, it } from 'vitest';
import {
  caseNumberKey,
  cleanText,
  isBlankCell,
  normalizeCaseNumber,
  parseArea,
  parseCaseStatus,
  parseCaseType,
  parseCellDate,
  parseDomain,
  parseMoney,
  parsePayment,
  parseYesNo,
  quantitiesIn,
} from '../../../src/import/cell-values.js';
import { columnMeaning } from '../../../src/import/columns.js';

describe('parseMoney', () => {
  it.each([
    ['5000', 5000],
    ['5,000.00', 5000],
    ['５０００', 5000],
    ['5000元', 5000],
    ['5000 元', 5000],
    ['5千元', 5000],
    ['0.5万元', 5000],
    ['1.5万', 15_000],
    ['五千元', 5000],
    ['五千块钱', 5000],
    ['壹万元', 10_000],
    ['￥5000', 5000],
    ['人民币5000元', 5000],
    ['0', 0],
    ['8000元整', 8000],
    ['人民币壹万肆仟元整', 14_000],
    ['捌仟元整', 8000],
    ['3000（元）', 3000],
    ['3000(元)', 3000],
    ['0.5（万元）', 5000],
  ])('reads %s as %d 元', (text, yuan) => {
    expect(parseMoney(text)).toBe(yuan);
  });

  it.each(['五千块钱左右', '五千块', '约5000元', '5000元/亩', '-5000', '3亩', '见附件', '5000元和2000元'])('refuses %s', (text) => {
    expect(parseMoney(text)).toBeNull();
  });

  it('counts a bare number in the unit the header declares, but not a number with its own unit', () => {
    expect(parseMoney('0.5', '万元')).toBe(5000);
    expect(parseMoney('五', '万元')).toBe(50_000);
    expect(parseMoney('3000元', '万元')).toBe(3000);
    expect(parseMoney('12', '亩')).toBe(12);
  });

  it.each([
    ['10万', 100_000],
    ['0.5万', 5000],
    ['2万', 20_000],
    ['5千', 5000],
    ['一万二', 12_000],
    ['5万元', 50_000],
    ['8千元', 8000],
  ])('reads %s in a 万元 column in its own unit: %d 元, not 万 times that', (text, yuan) => {
    expect(parseMoney(text, '万元')).toBe(yuan);
  });

  it('still multiplies an area figure with a magnitude by the header unit: 1.2万 平方米 is 18 亩', () => {
    expect(parseArea('1.2万', '平方米')).toBe(18);
  });
});

describe('parseArea', () => {
  it.each([
    ['12', 12],
    ['12亩', 12],
    ['0.8公顷', 12],
    ['666.67平方米', 1.000005],
    ['1000平方米', 1.5],
    ['1000㎡', 1.5],
    ['一百二十亩', 120],
  ])('reads %s as %d 亩', (text, mu) => {
    expect(parseArea(text)).toBe(mu);
  });

  it('converts a bare number by the header unit: 公顷 ×15, 平方米 ÷666.67', () => {
    expect(parseArea('2', '公顷')).toBe(30);
    expect(parseArea('2000', '平方米')).toBe(3);
  });

  it.each(['约3亩', '3吨', '5000元', '大约一片'])('refuses %s', (text) => {
    expect(parseArea(text)).toBeNull();
  });
});

describe('parseYesNo', () => {
  it.each(['是', '已', '已缴纳', 'Y', 'yes', 'TRUE', '√', '1'])('reads %s as yes', (text) => {
    expect(parseYesNo(text)).toBe(true);
  });
  it.each(['否', '未', '未缴', '未执行', 'N', 'no', '×', '0', '没有'])('reads %s as no', (text) => {
    expect(parseYesNo(text)).toBe(false);
  });
  it.each(['部分', '待定', '50%'])('cannot read %s', (text) => {
    expect(parseYesNo(text)).toBeNull();
  });
});

describe('parsePayment', () => {
  it.each(['是', '已缴纳', '已缴', 'Y', '√'])('reads %s as paid', (text) => {
    expect(parsePayment(text)).toMatchObject({ paid: true, partial: false });
  });
  it.each(['否', '未缴纳', '尚未缴纳', '未缴', 'N', '×'])('reads %s as not paid', (text) => {
    expect(parsePayment(text)).toMatchObject({ paid: false, partial: false });
  });
  it.each(['部分缴纳', '分期缴纳', '部分'])('reads %s as not paid in full, keeping the words', (text) => {
    expect(parsePayment(text)).toEqual({ paid: false, partial: true, text });
  });
  it('keeps the day of payment when written', () => {
    expect(parsePayment('已于2026年3月5日缴纳')).toMatchObject({ paid: true, paidOn: '2026-03-05' });
  });
  it.each(['不适用', '无需缴纳', '免予处罚', '不涉及'])('reads %s as no fine due, not as unpaid', (text) => {
    expect(parsePayment(text)).toBe('not_due');
  });
  it.each(['待定', '50%'])('cannot read %s', (text) => {
    expect(parsePayment(text)).toBeNull();
  });
});

describe('parseCaseStatus', () => {
  it.each(['是', '已结案', '已办结', '结案', 'Y'])('reads %s as closed', (text) => {
    expect(parseCaseStatus(text)).toBe('closed');
  });
  it.each(['否', '未结案', '尚未结案', '在办', 'N'])('reads %s as open', (text) => {
    expect(parseCaseStatus(text)).toBe('open');
  });
  it.each(['已移送公安', '复议中', '待定'])('cannot read %s', (text) => {
    expect(parseCaseStatus(text)).toBeNull();
  });
});

describe('parseCellDate', () => {
  it.each([
    ['2021-03-04', '2021-03-04'],
    ['2021/3/4', '2021-03-04'],
    ['2021.3.4', '2021-03-04'],
    ['2021年3月4日', '2021-03-04'],
    ['２０２１年３月４日', '2021-03-04'],
    ['20210304', '2021-03-04'],
    ['2021-03-04 10:30:00', '2021-03-04'],
    ['2021-03-04T00:00:00.000Z', '2021-03-04'],
    ['44259', '2021-03-04'],
    ['45371', '2024-03-20'],
    ['45371.75', '2024-03-20'],
  ])('reads %s as %s', (text, iso) => {
    expect(parseCellDate(text)).toBe(iso);
  });

  it.each(['2021-02-29', '2021年13月1日', '3月4日', '去年', '1900-01-01', '99999', '12'])('refuses %s', (text) => {
    expect(parseCellDate(text)).toBeNull();
  });
});

describe('normalizeCaseNumber and caseNumberKey', () => {
  it('stores a case number half-width, without spaces, brackets as written', () => {
    expect(normalizeCaseNumber(' 富林罚 〔2024〕 １２号 ')).toBe('富林罚〔2024〕12号');
    expect(normalizeCaseNumber('富林罚（2024）12号')).toBe('富林罚(2024)12号');
  });

  it('refuses text with no figure, which no case number lacks', () => {
    expect(normalizeCaseNumber('见附件')).toBeNull();
  });

  it('compares case numbers whatever brackets, widths, leading zeros or final 号 were typed', () => {
    const key = caseNumberKey('富林罚〔2024〕12号');
    for (const variant of ['富林罚[2024]12号', '富林罚（2024）12号', '富林罚【2024】012号', '富林罚〔2024〕12']) {
      expect(caseNumberKey(variant)).toBe(key);
    }
    expect(caseNumberKey('富林罚〔2024〕120号')).not.toBe(key);
    expect(caseNumberKey('富林罚〔2023〕12号')).not.toBe(key);
  });
});

describe('parseCaseType, parseDomain, cleanText, isBlankCell, quantitiesIn', () => {
  it.each([
    ['处罚', '处罚'],
    ['行政处罚', '处罚'],
    ['行政许可', '许可'],
    ['行政强制措施', '强制'],
    ['监督检查', '检查'],
  ])('reads case type %s as %s', (text, type) => {
    expect(parseCaseType(text)).toBe(type);
  });

  it('refuses a case type that names none or several of 处罚/许可/强制/检查', () => {
    expect(parseCaseType('刑事')).toBeNull();
    expect(parseCaseType('处罚、强制')).toBeNull();
  });

  it('names the domain as a 上报 message would, keeping an unknown one as written', () => {
    expect(parseDomain('林业')).toBe('生态环境和资源保护');
    expect(parseDomain('食药')).toBe('食品药品安全');
    expect(parseDomain('国有土地使用权出让')).toBe('国有土地使用权出让');
    expect(parseDomain('其他')).toBe('其他');
  });

  it('trims free text line by line and drops blank lines', () => {
    expect(cleanText('  占用林地\u30003亩 \r\n\r\n 未恢复 ')).toBe('占用林地 3亩\n未恢复');
  });

  it('treats placeholders such as 无 and / as empty cells', () => {
    for (const text of ['', '  ', '无', '/', '-', '——', 'N/A', undefined]) expect(isBlankCell(text)).toBe(true);
    expect(isBlankCell('0')).toBe(false);
  });

  it('finds figures in the facts in base units', () => {
    expect(quantitiesIn('非法占用林地0.8公顷，滥伐林木12立方米')).toEqual([
      { item: '非法占用林地', value: 12, unit: '亩' },
      { item: '滥伐林木', value: 12, unit: '立方米' },
    ]);
  });
});

describe('columnMeaning', () => {
  it.each([
    ['案号', 'caseNumber', null],
    ['*当事人', 'party', null],
    ['当事人\n（单位）', 'party', null],
    ['罚款（万元）', 'fineYuan', '万元'],
    ['面积(公顷)', 'areaMu', '公顷'],
    ['面积（单位：平方米）', 'areaMu', '平方米'],
    ['是否缴纳', 'finePaid', null],
    ['已缴纳', 'finePaid', null],
    ['是否执行', 'enforced', null],
    ['专项', 'campaign', null],
    ['立案日期', 'filedOn', null],
    ['决定日期', 'decidedOn', null],
    ['处罚日期', 'decidedOn', null],
    ['日期', 'decidedOn', null],
    ['领域', 'domain', null],
    ['案件类型', 'caseType', null],
  ])('maps %j to %s', (header, field, unit) => {
    expect(columnMeaning(header)).toMatchObject({ field, unit });
  });

  it('maps nothing for headers that are not case fields', () => {
    expect(columnMeaning('联系电话')).toBeNull();
    expect(columnMeaning('结案日期')).toBeNull();
  });

  it.each([
    ['备注', 'note'],
    ['备注说明', 'note'],
    ['是否结案', 'status'],
    ['结案情况', 'status'],
    ['案件状态', 'status'],
  ])('maps %s to %s', (header, field) => {
    expect(columnMeaning(header)).toMatchObject({ field });
  });
});
