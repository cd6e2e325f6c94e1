import { describe, expect, it } from 'vitest';
import { splitMarkdown } from '../../../src/digest/split-markdown.js';

describe('splitMarkdown', () => {
  it('keeps a short digest as one message', () => {
    expect(splitMarkdown('**标题**\n- 一\n- 二')).toEqual(['**标题**\n- 一\n- 二']);
  });

  it('splits under the byte limit without cutting a line, repeating the header with its part number', () => {
    const lines = Array.from({ length: 300 }, (_, i) => `- 富检行公建[2021]${i}号 督促恢复被非法占用林地：已逾期 ${i} 天 <@zhangsan>`);
    const parts = splitMarkdown(['**林业局 回复期限提醒**', ...lines].join('\n'));
    expect(parts.length).toBeGreaterThan(1);
    for (const [i, part] of parts.entries()) {
      expect(Buffer.byteLength(part)).toBeLessThanOrEqual(4096);
      expect(part.split('\n')[0]).toBe(`**林业局 回复期限提醒**（${i + 1}/${parts.length}）`);
    }
    expect(parts.flatMap((p) => p.split('\n').slice(1))).toEqual(lines);
  });

  it('cuts a single line longer than the limit rather than failing', () => {
    const parts = splitMarkdown(`**标题**\n${'长'.repeat(3000)}`);
    expect(parts.every((p) => Buffer.byteLength(p) <= 4096)).toBe(true);
    expect(parts.map((p) => p.split('\n').slice(1).join('')).join('')).toBe('长'.repeat(3000));
  });

  it('starts a part that continues a section with its heading, and ends only the last part with the footer (one notification)', () => {
    const overdue = Array.from({ length: 60 }, (_, i) => `- 富检行公建[2021]${i}号 督促恢复被非法占用林地：已逾期 ${i} 天，进度 0%`);
    const soon = Array.from({ length: 60 }, (_, i) => `- 富检行公建[2022]${i}号 督促清理违规合同：还剩 ${i} 天，进度 0%`);
    const footer = '请 <@zhangsan> <@zhaoliu> 按期书面回复';
    const parts = splitMarkdown(['**林业局 回复期限提醒**', '**🔴 已逾期（60）**', ...overdue, '**🟡 7日内到期（60）**', ...soon, '记分卡：…'].join('\n'), { footer });
    expect(parts.length).toBeGreaterThan(2);
    for (const part of parts) {
      expect(Buffer.byteLength(part)).toBeLessThanOrEqual(4096);
      expect(part.endsWith(`\n${footer}`)).toBe(part === parts.at(-1));
      const [, first] = part.split('\n');
      // Every part's first line after the header names its section: no item is left without its heading.
      expect(first).toMatch(/^\*\*(🔴 已逾期|🟡 7日内到期)（60）(（续）)?\*\*$/);
    }
    const items = parts.flatMap((p) => p.split('\n').filter((l) => l.startsWith('- ')));
    expect(items).toEqual([...overdue, ...soon]);
  });
});

describe('splitMarkdown of a line longer than a message', () => {
  it('cuts it between characters, never inside an emoji', () => {
    const line = `- 甲${'🌲'.repeat(1500)}`;
    const parts = splitMarkdown(`**标题**\n${line}`);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(Buffer.byteLength(part)).toBeLessThanOrEqual(4096);
      expect((part as string & { isWellFormed(): boolean }).isWellFormed()).toBe(true); // not in the ES2023 lib
    }
    expect(parts.map((p) => p.split('\n').slice(1).join('')).join('')).toBe(line);
  });
});
