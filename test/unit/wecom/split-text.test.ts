import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cutLine, shortenText, splitText } from '../../../src/wecom/split-text.js';

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

const isWellFormed = (text: string) => (text as string & { isWellFormed(): boolean }).isWellFormed(); // not in the ES2023 lib
const graphemeCount = (text: string) => [...new Intl.Segmenter('zh', { granularity: 'grapheme' }).segment(text)].length;

describe('shortenText: a field WeCom shows only so much of, cut between characters', () => {
  it.each([
    ['某木业有限公司', 8, '某木业有限公司'],
    ['某木业有限公司😀😀', 8, '某木业有限公司…'],
    ['AAAAAAAAAAAAAAAAA😀😀😀有限公司', 19, 'AAAAAAAAAAAAAAAAA😀…'],
    ['甲❤️乙👍🏽丙👨‍👩‍👧丁🇨🇳', 7, '甲❤️乙👍🏽丙👨‍👩‍👧…'],
    ['Cafe\u0301 公司', 5, 'Cafe\u0301…'],
  ])('%s within %i characters is %s', (text, max, shortened) => {
    expect(shortenText(text, max)).toBe(shortened);
  });

  it('always gives a well-formed prefix of the text, of at most max characters', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 120 }), fc.integer({ min: 2, max: 90 }), (text, max) => {
      const shortened = shortenText(text, max);
      expect(isWellFormed(shortened)).toBe(true);
      expect(graphemeCount(shortened)).toBeLessThanOrEqual(max);
      expect(text.startsWith(shortened.replace(/…$/, ''))).toBe(true);
      if (graphemeCount(text) <= max) expect(shortened).toBe(text);
    }), { numRuns: 500 });
  });
});

describe('cutLine: a line longer than a message, between characters', () => {
  it('keeps an emoji, its skin tone and a family whole across pieces', () => {
    const line = '👨‍👩‍👧👍🏽❤️😀'.repeat(40);
    const pieces = cutLine(line, 64);
    expect(pieces.join('')).toBe(line);
    for (const piece of pieces) {
      expect(Buffer.byteLength(piece)).toBeLessThanOrEqual(64);
      expect(isWellFormed(piece)).toBe(true);
      expect(piece.startsWith('\u200d') || /^(?:[\u{1F3FB}-\u{1F3FF}]|\uFE0F)/u.test(piece)).toBe(false);
    }
  });
});
