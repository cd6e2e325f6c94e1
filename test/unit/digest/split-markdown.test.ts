import { describe, expect, it } from 'vitest';
import { splitMarkdown } from '../../../src/digest/split-markdown.js';

describe('splitMarkdown', () => {
  it('keeps a short digest as one message', () => {
    expect(splitMarkdown('**标题**\n- 一\n- 二')).toEqual(['**标题**\n- 一\n- 二']);
  });

  it('splits under the byte limit without cutting a line, repeating the header with its part number', () => {
    const lines = Array.from({ length: 300 }, (_, i) => `- 富检行公建[2021]${i}号 督促恢复被非法占用林地：已逾期 ${i} 天 <@zhangsan>`);
    const parts = splitMarkdown(['**林业局 整改期限提醒**', ...lines].join('\n'));
    expect(parts.length).toBeGreaterThan(1);
    for (const [i, part] of parts.entries()) {
      expect(Buffer.byteLength(part)).toBeLessThanOrEqual(4096);
      expect(part.split('\n')[0]).toBe(`**林业局 整改期限提醒**（${i + 1}/${parts.length}）`);
    }
    expect(parts.flatMap((p) => p.split('\n').slice(1))).toEqual(lines);
  });

  it('cuts a single line longer than the limit rather than failing', () => {
    const parts = splitMarkdown(`**标题**\n${'长'.repeat(3000)}`);
    expect(parts.every((p) => Buffer.byteLength(p) <= 4096)).toBe(true);
    expect(parts.map((p) => p.split('\n').slice(1).join('')).join('')).toBe('长'.repeat(3000));
  });
});
