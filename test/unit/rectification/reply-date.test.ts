import { describe, expect, it } from 'vitest';
import { replyDateInText } from '../../../src/rectification/reply-date.js';

describe('replyDateInText', () => {
  it.each([
    ['已于11月28日书面回复检察院：一、…', '2026-11-28'],
    ['我局于2026年11月20日函复', '2026-11-20'],
    ['已于2026-11-18报送书面回复', '2026-11-18'],
    ['已于12月30日书面回复', '2025-12-30'], // ahead of today in this year: last year's
  ])('reads %s as %s', (text, expected) => {
    expect(replyDateInText(text, '2026-11-30')).toBe(expected);
  });

  it.each(['对责任人12月1日前处理完毕', '已恢复林地120亩', '于2月30日书面回复'])('finds no reply date in %s', (text) => {
    expect(replyDateInText(text, '2026-11-30')).toBeUndefined();
  });
});
