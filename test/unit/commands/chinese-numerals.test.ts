import { describe, expect, it } from 'vitest';
import { parseChineseNumber, parseNumber } from '../../../src/commands/chinese-numerals.js';

describe('parseChineseNumber', () => {
  it.each([
    ['零', 0],
    ['一', 1],
    ['两', 2],
    ['十', 10],
    ['十二', 12],
    ['二十', 20],
    ['二十五', 25],
    ['一百', 100],
    ['一百二十', 120],
    ['一百零五', 105],
    ['一百二', 120],
    ['三千五', 3500],
    ['两千', 2000],
    ['一千零一十', 1010],
    ['一万', 10_000],
    ['十万', 100_000],
    ['两万五', 25_000],
    ['三万五千', 35_000],
    ['二十万零五百', 200_500],
    ['一亿二千万', 120_000_000],
    ['二〇二一', 2021],
    ['一二', 12],
    ['壹佰贰拾', 120],
    ['叁仟伍佰', 3500],
    ['三点五', 3.5],
    ['六十五点五', 65.5],
    ['一万五千', 15_000],
    ['十二万五千', 125_000],
    ['一万二', 12_000],
    ['一点五万', 15_000],
    ['壹万伍仟', 15_000],
    ['一亿零五百', 100_000_500],
    ['十亿', 1_000_000_000],
  ])('reads %s as %d', (text, value) => {
    expect(parseChineseNumber(text)).toBe(value);
  });

  it.each(['', '百', '千', '万', '十十', '一万万', '一二三百', '三点', '点五', '一点二点三', '五十abc', '百分', '一'.repeat(25), '一万二万', '五万三亿', '十五点五万'])(
    'rejects %j',
    (text) => {
      expect(parseChineseNumber(text)).toBeNull();
    },
  );
});

describe('parseNumber', () => {
  it.each([
    ['120', 120],
    ['1,200', 1200],
    ['12.5', 12.5],
    ['1.5万', 15_000],
    ['3千', 3000],
    ['2亿', 200_000_000],
    [' 一百二十 ', 120],
    ['12万5千', 125_000],
    ['1万5000', 15_000],
    ['15.2万', 152_000],
    ['1500万', 15_000_000],
    ['3千5', 3500],
  ])('reads %j as %d', (text, value) => {
    expect(parseNumber(text)).toBe(value);
  });

  it('returns null for text that is not one number', () => {
    expect(parseNumber('12份')).toBeNull();
    expect(parseNumber('abc')).toBeNull();
    expect(parseNumber('12万50000')).toBeNull();
  });
});
