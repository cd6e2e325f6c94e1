import { describe, expect, it } from 'vitest';
import { parseProsecutorCommand } from '../../../src/commands/prosecutor-commands.js';

describe('parseProsecutorCommand: the period of 统计', () => {
  it.each([
    ['去年统计', { period: 'last_year' }],
    ['上年度统计', { period: 'last_year' }],
    ['上一年度的统计', { period: 'last_year' }],
    ['帮我看一下去年的数据统计', { period: 'last_year' }],
    ['年度统计', { period: 'this_year' }],
    ['本年度统计', { period: 'this_year' }],
    ['2026年统计', { year: 2026 }],
    ['2026 年度统计', { year: 2026 }],
    ['查看2025年全年统计', { year: 2025 }],
    ['本月统计', { period: 'this_month' }],
    ['上个月统计', { period: 'last_month' }],
  ])('reads 「%s」 as that period', (text, expected) => {
    expect(parseProsecutorCommand(text)).toMatchObject({ command: 'stats', ...expected });
  });

  it.each([['上季度统计', '上季度'], ['3月统计', '3月'], ['2026年12月的统计', '2026年12月'], ['本周统计', '本周'], ['近三个月统计', '近三个月'], ['前年统计', '前年']])(
    'reads 「%s」 as a period it cannot count by, named so the answer can say which it can',
    (text, unknownPeriod) => {
      expect(parseProsecutorCommand(text)).toEqual({ command: 'stats', text, unknownPeriod });
    },
  );

  it.each(['林地面积统计', '14号统计', '统计一下林地面积', '去年统计林地面积', '进度 14号 60% 已完成统计'])('leaves 「%s」 to the staff grammar', (text) => {
    expect(parseProsecutorCommand(text)).toBeNull();
  });
});
