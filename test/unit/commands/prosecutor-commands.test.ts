import { describe, expect, it } from 'vitest';
import { parseProsecutorCommand } from '../../../src/commands/prosecutor-commands.js';

describe('parseProsecutorCommand', () => {
  it.each([
    ['线索', { command: 'leads', number: null }],
    ['查看线索', { command: 'leads', number: null }],
    ['线索 XS-2026-0007', { command: 'leads', number: 'XS-2026-0007' }],
    ['线索 xs20267', { command: 'leads', number: 'XS-2026-0007' }],
    ['线索：７', { command: 'leads', number: '7' }],
    ['线索 第12号', { command: 'leads', number: '12' }],
    ['统计', { command: 'stats' }],
    ['数据统计', { command: 'stats' }],
  ])('reads 「%s」', (text, expected) => {
    expect(parseProsecutorCommand(text)).toMatchObject(expected);
  });

  it.each(['进度 14号 60%', '线索很多吗', '统计一下林地面积', ''])('leaves 「%s」 to the staff grammar', (text) => {
    expect(parseProsecutorCommand(text)).toBeNull();
  });
});
