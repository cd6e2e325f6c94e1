import { describe, expect, it } from 'vitest';
import { findPercent, findPercentRanges, findPercents, parsePercent } from '../../../src/commands/percent.js';

describe('parsePercent', () => {
  it.each([
    ['60%', 60],
    ['60 %', 60],
    ['0%', 0],
    ['100%', 100],
    ['66.7%', 66.7],
    ['百分之六十', 60],
    ['百分之60', 60],
    ['百分之六十五点五', 65.5],
    ['百分之百', 100],
    ['百分之零', 0],
    ['六成', 60],
    ['6成', 60],
    ['六成五', 65],
    ['九成九', 99],
    ['十成', 100],
    ['两成', 20],
    ['一半', 50],
    ['六十%', 60],
    ['六十五 %', 65],
    ['三分之二', 67],
    ['四分之三', 75],
    ['十分之一', 10],
  ])('reads %s as %d', (text, value) => {
    expect(parsePercent(text)).toBe(value);
  });

  it.each(['120%', '-5%', '百分之一百二十', '一百二十%', '五分之六', '十二成', '60', '六十', '完成', '成功', '一成不变', ''])('gives no percentage for %j', (text) => {
    expect(parsePercent(text)).toBeNull();
  });
});

describe('findPercent', () => {
  it('finds the leftmost percentage and marks impossible ones invalid instead of dropping them', () => {
    expect(findPercent('已恢复120亩，占百分之六十，另30%待办')).toEqual({ value: 60, valid: true, raw: '百分之六十', index: 9 });
    expect(findPercent('进度 120%')).toEqual({ value: 120, valid: false, raw: '120%', index: 3 });
  });

  it('does not take money, areas or 成 in ordinary words for a percentage', () => {
    expect(findPercent('罚款已缴纳50万元，已恢复林地120亩')).toBeNull();
    expect(findPercent('已完成整改，成立专班，成本3万元')).toBeNull();
  });
});

describe('findPercents and findPercentRanges', () => {
  it('finds every percentage, and ranges of them as spans', () => {
    expect(findPercents('面积的80%,整体进度60%').map((p) => p.value)).toEqual([80, 60]);
    expect(findPercentRanges('进度60%-70%,六到七成').map((r) => r.raw)).toEqual(['60%-70%', '六到七成']);
    expect(findPercentRanges('3月5日-6日 60%')).toEqual([]);
  });
});
