import { describe, expect, it } from 'vitest';
import { parseProsecutorCommand } from '../../../src/commands/prosecutor-commands.js';

describe('parseProsecutorCommand: 统计 in everyday words', () => {
  it.each([
    ['帮我看下去年统计数据', { period: 'last_year' }],
    ['帮我瞅瞅去年统计', { period: 'last_year' }],
    ['统计 去年', { period: 'last_year' }],
    ['统计：本月', { period: 'this_month' }],
    ['统计一下2026年的数据', { year: 2026 }],
    ['二〇二六年统计', { year: 2026 }],
    ['二零二五年度统计', { year: 2025 }],
    ['26年统计', { year: 2026 }],
  ])('reads 「%s」 as 统计 of that period', (text, period) => {
    expect(parseProsecutorCommand(text, { refFirst: true })).toEqual({ command: 'stats', text: expect.any(String), ...period });
  });

  it.each([
    ['帮我瞅瞅上季度统计', '上季度'],
    ['统计 上季度', '上季度'],
    ['本周统计', '本周'],
  ])('quotes only the period of 「%s」 it cannot count by', (text, period) => {
    expect(parseProsecutorCommand(text, { refFirst: true })).toMatchObject({ command: 'stats', unknownPeriod: period });
  });

  it.each(['统计一下林地面积', '林地面积统计', '统计 14号'])('leaves 「%s」 to the staff grammar', (text) => {
    expect(parseProsecutorCommand(text, { refFirst: true })).toBeNull();
  });
});

describe('parseProsecutorCommand: a decision after 不对', () => {
  it.each([
    ['不对，转刑事线索 XS-0001', '1', 'criminal'],
    ['错了，不予受理 XS-2026-0002 罚款已缴纳', 'XS-2026-0002', 'reject'],
    ['刚才的决定错了，转监察委 XS-0003', '3', 'supervision'],
  ])('reads 「%s」 from a prosecutor as a decision taken back, to record nothing', (text, number, action) => {
    expect(parseProsecutorCommand(text, { refFirst: true })).toMatchObject({ command: 'leads', number, decision: { action, unclear: 'taken_back' } });
  });

  it('leaves the same words from agency staff, and a correction naming no decision, to the staff grammar', () => {
    expect(parseProsecutorCommand('不对，转刑事线索 XS-0001', { refFirst: false })).toBeNull();
    expect(parseProsecutorCommand('不对，14号进度60%', { refFirst: true })).toBeNull();
    // No lead named: it may be the answer to the question for a 不予受理's reason, which reads it as no reason.
    expect(parseProsecutorCommand('不对，应该受理', { refFirst: true })).toBeNull();
  });
});
