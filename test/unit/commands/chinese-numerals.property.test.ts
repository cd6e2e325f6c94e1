import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseChineseNumber, parseNumber } from '../../../src/commands/chinese-numerals.js';
import { findQuantities } from '../../../src/commands/quantities.js';

const PLAIN = { digits: '零一二三四五六七八九', units: ['', '十', '百', '千'] };
const FINANCIAL = { digits: '零壹贰叁肆伍陆柒捌玖', units: ['', '拾', '佰', '仟'] };

/** The reading of 1–9999 as one four-place section, zeros inside read as one 零 (一千零五, 一千零五十). */
function readSection(n: number, style: typeof PLAIN): string {
  let out = '';
  let pendingZero = false;
  for (let place = 3; place >= 0; place -= 1) {
    const digit = Math.floor(n / 10 ** place) % 10;
    if (digit === 0) {
      pendingZero = out !== '';
      continue;
    }
    if (pendingZero) out += style.digits[0];
    pendingZero = false;
    out += `${style.digits[digit]}${style.units[place]}`;
  }
  return out;
}

/**
 * The standard reading of 0 ≤ n < 10^10, written independently of the parser: sections of four places under 亿 and
 * 万, a 零 for skipped places between sections (一万零五), and 十 instead of 一十 at the very start (十二万).
 */
function readChinese(n: number, style: typeof PLAIN = PLAIN): string {
  if (n === 0) return style.digits[0] ?? '';
  const sections = [Math.floor(n / 1e8), Math.floor(n / 1e4) % 1e4, n % 1e4];
  const bigUnits = ['亿', '万', ''];
  let out = '';
  let gap = false;
  sections.forEach((section, i) => {
    if (section === 0) {
      gap = out !== '';
      return;
    }
    if (out !== '' && (gap || section < 1000)) out += style.digits[0];
    gap = false;
    out += `${readSection(section, style)}${bigUnits[i]}`;
  });
  return style === PLAIN ? out.replace(/^一十/, '十') : out;
}

describe('Chinese numerals read back', () => {
  it('reads the standard reading of any integer up to 10^9 as that integer', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000_000 }), (n) => {
        expect(parseChineseNumber(readChinese(n))).toBe(n);
        expect(parseNumber(readChinese(n))).toBe(n);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads the financial (大写) reading of any integer up to 10^9', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000_000 }), (n) => {
        expect(parseChineseNumber(readChinese(n, FINANCIAL))).toBe(n);
      }),
      { numRuns: 1000 },
    );
  });

  it('reads 万 and 千 written after Arabic figures (12万5千, 3万2000) as the same integer', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99_999 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: 999 }), (wan, thousands, rest) => {
        const expected = wan * 10_000 + thousands * 1000 + rest;
        expect(parseNumber(`${wan}万${thousands * 1000 + rest}`)).toBe(expected);
        if (rest === 0) expect(parseNumber(`${wan}万${thousands}千`)).toBe(expected);
      }),
    );
  });
});

describe('half units read back', () => {
  it('reads <n>亩半 and <n>吨半, in Chinese or Arabic figures, as n + 0.5 of the unit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99_999 }), fc.constantFrom('亩', '吨', '公顷'), fc.boolean(), (n, unit, chinese) => {
        const [quantity, ...more] = findQuantities(`非法占用林地${chinese ? readChinese(n) : n}${unit}半，已责令恢复`);
        expect(more).toEqual([]);
        expect([quantity?.value, quantity?.unit]).toEqual([n + 0.5, unit]);
      }),
      { numRuns: 1000 },
    );
  });
});

it('the test reading follows the textbook examples', () => {
  expect([10, 105, 1050, 10_005, 100_500, 120_000_000, 100_000_500].map((n) => readChinese(n))).toEqual([
    '十', '一百零五', '一千零五十', '一万零五', '十万零五百', '一亿二千万', '一亿零五百',
  ]);
});
