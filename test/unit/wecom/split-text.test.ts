import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitText } from '../../../src/wecom/split-text.js';

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

describe('splitText: app messages within WeCom\'s 2048 bytes', () => {
  it('leaves a text that fits as it is', () => {
    expect(splitText('线索 3 条：\n一\n二')).toEqual(['线索 3 条：\n一\n二']);
  });

  it('cuts between lines, marks the continuation, and loses no line', () => {
    const lines = Array.from({ length: 60 }, (_, i) => `XS-2026-${String(i).padStart(4, '0')}【公益诉讼线索】罚款决定后逾期未见缴纳`);
    const parts = splitText(lines.join('\n'));
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(bytes(part)).toBeLessThanOrEqual(2048);
    expect(parts.slice(1).every((p) => p.startsWith('（续）\n'))).toBe(true);
    expect(parts.map((p) => p.replace(/^（续）\n/, '')).join('\n')).toBe(lines.join('\n'));
  });

  it('keeps every character of any text, in order, in parts that fit', () => {
    fc.assert(fc.property(fc.array(fc.string({ unit: 'grapheme', maxLength: 900 }), { maxLength: 12 }), fc.integer({ min: 64, max: 2048 }), (lines, max) => {
      const text = lines.join('\n');
      const parts = splitText(text, max);
      for (const part of parts) expect(bytes(part)).toBeLessThanOrEqual(max);
      const rejoined = parts.map((p, i) => (i === 0 ? p : p.slice('（续）\n'.length))).join('');
      expect(rejoined.replace(/\n/g, '')).toBe(text.replace(/\n/g, ''));
    }), { numRuns: 300 });
  });
});
