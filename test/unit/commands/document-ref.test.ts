import { describe, expect, it } from 'vitest';
import { findRef, formatRef, normalizeRef } from '../../../src/commands/document-ref.js';
import { normalizeText } from '../../../src/commands/normalize-text.js';

/** Normalise as the parser does first, then read the reference. */
const ref = (text: string) => normalizeRef(normalizeText(text));

describe('normalizeRef', () => {
  it.each([
    '富检行公建〔2021〕14号',
    '富检行公建[2021]14号',
    '富检行公建［2021］14号',
    '富检行公建(2021)14号',
    '富检行公建（2021）14号',
    '富检行公建【2021】14号',
    '富检行公建〖2021〗14号',
    '富检行公建{2021}14号',
    '富检行公建(2021]14号',
    '富检行公建 〔 2021 〕 14 号',
    '富检行公建〔２０２１〕１４号',
    '富检行公建〔2021〕第14号',
    '富检行公建〔2021〕014号',
    '富检行公建〔2021〕十四号',
    '富检行公建〔二〇二一〕14号',
    '富检行公建〔2021〕14',
    '富檢行公建〔2021〕14號',
  ])('reads %s as 富检行公建[2021]14号', (text) => {
    expect(ref(text)).toBe('富检行公建[2021]14号');
  });

  it.each([
    ['14号', '14号'],
    ['第14号', '14号'],
    ['１４号', '14号'],
    ['14 号', '14号'],
    ['十四号', '14号'],
    ['14', '14号'],
    ['[2021]3号', '[2021]3号'],
  ])('reads the short form %j as %j', (text, expected) => {
    expect(ref(text)).toBe(expected);
  });

  it.each(['', '号', '0号', '富检行公建', '2021年3月14号', '2021年14', '14号楼', '三月十四号', 'abc'])('does not read %j as a reference', (text) => {
    expect(ref(text)).toBeNull();
  });
});

describe('findRef', () => {
  it('returns the parts of a full reference and where it stands', () => {
    expect(findRef('已恢复林地120亩 富检行公建[2021]14号 60%')).toEqual({
      ref: '富检行公建[2021]14号',
      parts: { prefix: '富检行公建', year: 2021, serial: 14 },
      index: 10,
      length: 14,
    });
  });

  it('leaves words such as 关于 out of the prefix', () => {
    expect(findRef('关于富检行公建[2021]14号的整改')?.parts.prefix).toBe('富检行公建');
  });

  it('takes a short form at the start, or standing alone, but not a day of the month or part of a word', () => {
    expect(findRef('14号完成了')?.ref).toBe('14号');
    expect(findRef('60% 14号 已恢复')?.ref).toBe('14号');
    expect(findRef('3月14号已缴纳罚款')).toBeNull();
    expect(findRef('已清理3号地块')).toBeNull();
  });
});

describe('formatRef', () => {
  it('writes the canonical form: half-width square brackets, no leading zeros, 号', () => {
    expect(formatRef({ prefix: '富检行公建', year: 2021, serial: 14 })).toBe('富检行公建[2021]14号');
    expect(formatRef({ prefix: null, year: null, serial: 7 })).toBe('7号');
  });
});
