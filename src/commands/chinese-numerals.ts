/**
 * Chinese numerals (一百二十, 两万五, 二〇二一, 壹佰) and Arabic numbers with a Chinese multiplier (1.5万).
 */

const DIGITS: ReadonlyMap<string, number> = new Map([
  ['零', 0], ['〇', 0], ['一', 1], ['二', 2], ['两', 2], ['三', 3], ['四', 4],
  ['五', 5], ['六', 6], ['七', 7], ['八', 8], ['九', 9],
  // Financial forms (大写), used on receipts and in fine amounts.
  ['壹', 1], ['贰', 2], ['叁', 3], ['肆', 4], ['伍', 5], ['陆', 6], ['柒', 7], ['捌', 8], ['玖', 9],
]);

const SMALL_UNITS: ReadonlyMap<string, number> = new Map([
  ['十', 10], ['拾', 10], ['百', 100], ['佰', 100], ['千', 1000], ['仟', 1000],
]);

const BIG_UNITS: ReadonlyMap<string, number> = new Map([['万', 10_000], ['亿', 100_000_000]]);

/** Every character that can be part of a Chinese numeral, for building patterns (点 is the decimal point). */
export const CHINESE_NUMERAL_CHARS = '零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖十拾百佰千仟万亿点';

/** The longest numeral read; longer runs are not numbers anyone types, and the bound keeps parsing linear. */
const MAX_NUMERAL_LENGTH = 24;

/**
 * The value of a Chinese numeral, or null when the text is not one.
 *
 * Handles place-value numerals (一百二十 → 120, 十二 → 12, 一百零五 → 105, 三万五千 → 35000), the spoken
 * abbreviations where the last unit is left out (一百二 → 120, 两万五 → 25000, 三千五 → 3500), digit-by-digit
 * numbers (二〇二一 → 2021), financial forms (壹佰 → 100) and a decimal part after 点 (三点五 → 3.5).
 */
export function parseChineseNumber(text: string): number | null {
  if (text.length === 0 || text.length > MAX_NUMERAL_LENGTH) return null;
  const [whole = '', fraction, extra] = text.split('点');
  if (extra !== undefined || whole === '') return null;
  const integer = parseChineseInteger(whole);
  if (integer === null || fraction === undefined) return integer;
  if (fraction === '') return null;
  let digits = '';
  for (const char of fraction) {
    const digit = DIGITS.get(char);
    if (digit === undefined) return null;
    digits += String(digit);
  }
  return Number(`${integer}.${digits}`);
}

/** A numeral without a decimal point: digit-by-digit when it has no unit character, place-value otherwise. */
function parseChineseInteger(text: string): number | null {
  const chars = [...text];
  if (chars.every((char) => DIGITS.has(char))) {
    return Number(chars.map((char) => DIGITS.get(char)).join(''));
  }
  return parsePlaceValue(chars);
}

/** Place-value reading; see {@link parseChineseNumber} for the forms accepted. */
function parsePlaceValue(chars: string[]): number | null {
  let total = 0;
  let section = 0;
  let digit: number | null = null;
  let lastUnit = 0;
  let zeroSinceUnit = false;
  for (const char of chars) {
    const value = DIGITS.get(char);
    const small = SMALL_UNITS.get(char);
    const big = BIG_UNITS.get(char);
    if (value !== undefined) {
      // Two digits in a row are only valid after a zero: 一百零五.
      if (digit !== null && digit !== 0) return null;
      if (value === 0) zeroSinceUnit = true;
      digit = value;
    } else if (small !== undefined) {
      // A leading 十 means 一十 (十二 = 12); any other unit needs a digit before it.
      const count = digit ?? (small === 10 && section === 0 && total === 0 && lastUnit === 0 ? 1 : null);
      if (count === null || count === 0 || (lastUnit !== 0 && lastUnit < 10_000 && small >= lastUnit)) return null;
      section += count * small;
      digit = null;
      lastUnit = small;
      zeroSinceUnit = false;
    } else if (big !== undefined) {
      section += digit ?? 0;
      if (section === 0) return null;
      total = big > 10_000 ? (total + section) * big : total + section * big;
      section = 0;
      digit = null;
      lastUnit = big;
      zeroSinceUnit = false;
    } else {
      return null;
    }
  }
  if (digit !== null) {
    // 一百二 = 120 and 两万五 = 25000: a final digit right after a unit stands for the next lower place.
    const abbreviated = !zeroSinceUnit && lastUnit >= 100;
    section += abbreviated ? (digit * lastUnit) / 10 : digit;
  }
  return total + section;
}

/** A whole Arabic number, possibly with thousands separators, decimals and a Chinese multiplier (1.5万, 3千). */
const ARABIC = /^(\d{1,15}(?:,\d{3})*(?:\.\d{1,6})?)(千|万|亿)?$/;

const MULTIPLIERS: ReadonlyMap<string, number> = new Map([['千', 1000], ['万', 10_000], ['亿', 100_000_000]]);

/**
 * The value of a number written any way staff write one: `120`, `1,200`, `1.5万`, `一百二十`, `两万五`.
 * Returns null when the text is not a single number.
 */
export function parseNumber(text: string): number | null {
  const trimmed = text.trim();
  const arabic = ARABIC.exec(trimmed);
  if (arabic) {
    const value = Number((arabic[1] ?? '').replace(/,/g, ''));
    const multiplier = MULTIPLIERS.get(arabic[2] ?? '') ?? 1;
    return Number.isFinite(value) ? roundTo6(value * multiplier) : null;
  }
  return parseChineseNumber(trimmed);
}

/** Rounds away binary noise such as 0.15000000000000002 from unit conversions. */
export function roundTo6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
