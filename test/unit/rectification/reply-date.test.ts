import { describe, expect, it } from 'vitest';
import { replyDateInText } from '../../../src/rectification/reply-date.js';

describe('replyDateInText', () => {
  it.each([
    ['已于11月28日书面回复检察院：一、…', '2026-11-28'],
    ['我局于2026年11月20日函复', '2026-11-20'],
    ['已于2026-11-18报送书面回复', '2026-11-18'],
    ['已于12月30日书面回复', '2025-12-30'], // ahead of today in this year: last year's
    ['已于十一月二十八号书面回复检察院', '2026-11-28'],
    ['二〇二六年十一月三日书面回复', '2026-11-03'],
    ['我们11.28已经书面回复了', '2026-11-28'],
    ['书面回复已于昨天寄出', '2026-11-29'],
    ['前天已函复', '2026-11-28'],
  ])('reads %s as %s', (text, expected) => {
    expect(replyDateInText(text, '2026-11-30')).toBe(expected);
  });

  it.each(['对责任人12月1日前处理完毕', '已恢复林地120亩', '于2月30日书面回复', '罚款11.28万元已回复'])('finds no reply date in %s', (text) => {
    expect(replyDateInText(text, '2026-11-30')).toBeUndefined();
  });
});
