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
 * abbreviations where the last unit is left out (一百二 → 120, 两万五 → 25000, 三千五 → 3500, 一万二 → 12000),
 * digit-by-digit numbers (二〇二一 → 2021), financial forms (壹佰 → 100), a decimal part after 点 (三点五 → 3.5)
 * and a decimal before 万 or 亿 (一点五万 → 15000).
 */
export function parseChineseNumber(text: string): number | null {
  if (text.length === 0 || text.length > MAX_NUMERAL_LENGTH) return null;
  const [whole = '', fraction, extra] = text.split('点');
  if (extra !== undefined || whole === '') return null;
  const integer = parseChineseInteger(whole);
  if (integer === null || fraction === undefined) return integer;
  // 一点五万: the multiplier applies to the whole decimal, not to its last digit.
  const multiplier = BIG_UNITS.get(fraction.at(-1) ?? '') ?? 1;
  const digitsText = multiplier === 1 ? fraction : fraction.slice(0, -1);
  if (digitsText === '' || (multiplier !== 1 && integer >= 10)) return null;
  let digits = '';
  for (const char of digitsText) {
    const digit = DIGITS.get(char);
    if (digit === undefined) return null;
    digits += String(digit);
  }
  return roundTo6(Number(`${integer}.${digits}`) * multiplier);
}

/** A numeral without a decimal point: digit-by-digit when it has no unit character, place-value otherwise. */
function parseChineseInteger(text: string): number | null {
  const chars = [...text];
  if (chars.every((char) => DIGITS.has(char))) {
    return Number(chars.map((char) => DIGITS.get(char)).join(''));
  }
  const tokens = chars.map((char): NumeralToken | null => {
    const digit = DIGITS.get(char);
    if (digit !== undefined) return { digit, arabic: false };
    const unit = SMALL_UNITS.get(char) ?? BIG_UNITS.get(char);
    return unit === undefined ? null : { unit };
  });
  // every() does not narrow the array's element type; the check right before the cast is what makes it hold.
  return tokens.every((token) => token !== null) ? parsePlaceValue(tokens as NumeralToken[]) : null;
}

/** One part of a place-value numeral: a digit (a Chinese one, or an Arabic number in 12万5千) or a unit. */
type NumeralToken = { digit: number; arabic: boolean } | { unit: number };

/**
 * Place-value reading of digits and units; see {@link parseChineseNumber} for the forms accepted. Arabic numbers
 * may stand for a digit (12万5千, 1.5万, 1万5000): any number before 万 or 亿, one digit before 十, 百 or 千.
 */
function parsePlaceValue(tokens: readonly NumeralToken[]): number | null {
  let total = 0;
  let section = 0;
  let digit: { digit: number; arabic: boolean } | null = null;
  let lastUnit = 0;
  let lastBig = Infinity;
  let zeroSinceUnit = false;
  for (const token of tokens) {
    if ('digit' in token) {
      // Two digits in a row are only valid after a zero: 一百零五.
      if (digit !== null && digit.digit !== 0) return null;
      if (token.digit === 0) zeroSinceUnit = true;
      digit = token;
    } else if (token.unit < 10_000) {
      const small = token.unit;
      // A leading 十 means 一十 (十二 = 12); any other unit needs a digit before it.
      const count = digit?.digit ?? (small === 10 && section === 0 && total === 0 && lastUnit === 0 ? 1 : null);
      if (count === null || count === 0 || !Number.isInteger(count) || count > 9) return null;
      if (lastUnit !== 0 && lastUnit < 10_000 && small >= lastUnit) return null;
      section += count * small;
      digit = null;
      lastUnit = small;
      zeroSinceUnit = false;
    } else {
      const big = token.unit;
      section += digit?.digit ?? 0;
      // 一万二万 and 三万五亿 are no numbers: big units only go down (一亿二千万).
      if (section === 0 || big >= lastBig) return null;
      total = big > 10_000 ? (total + section) * big : total + section * big;
      section = 0;
      digit = null;
      lastUnit = big;
      lastBig = big;
      zeroSinceUnit = false;
    }
  }
  if (digit !== null) {
    if (lastUnit !== 0 && !Number.isInteger(digit.digit)) return null;
    // 一百二 = 120 and 两万五 = 25000: a final single digit right after a unit stands for the next lower place;
    // a longer Arabic number (1万5000) is the value of the lower places itself.
    const abbreviated = !zeroSinceUnit && lastUnit >= 100 && digit.digit <= 9 && Number.isInteger(digit.digit);
    const rest = abbreviated ? (digit.digit * lastUnit) / 10 : digit.digit;
    if (lastUnit !== 0 && rest >= lastUnit) return null;
    section += rest;
  }
  return roundTo6(total + section);
}

/** Arabic numbers mixed with Chinese units and digits: 12万5千, 1万5000, 3千5. */
const MIXED_TOKEN = /(\d{1,15}(?:\.\d{1,6})?)|([^\d])/gy;

/** The value of a numeral mixing Arabic numbers with Chinese units (12万5千 → 125000), or null. */
function parseMixed(text: string): number | null {
  const tokens: NumeralToken[] = [];
  for (const match of text.matchAll(MIXED_TOKEN)) {
    if (match[1] !== undefined) {
      // 1万05 reads as 一万零五: a leading zero is the spoken 零, not a digit to drop.
      if (/^0\d/.test(match[1])) tokens.push({ digit: 0, arabic: true });
      tokens.push({ digit: Number(match[1]), arabic: true });
      continue;
    }
    const char = match[2] ?? '';
    const digit = DIGITS.get(char);
    const unit = SMALL_UNITS.get(char) ?? BIG_UNITS.get(char);
    if (digit !== undefined) tokens.push({ digit, arabic: false });
    else if (unit !== undefined) tokens.push({ unit });
    else return null;
  }
  return tokens.length > 0 ? parsePlaceValue(tokens) : null;
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
  if (/\d/.test(trimmed) && trimmed.length <= MAX_NUMERAL_LENGTH) return parseMixed(trimmed.replace(/,(?=\d{3})/g, ''));
  return parseChineseNumber(trimmed);
}

/** Rounds away binary noise such as 0.15000000000000002 from unit conversions. */
export function roundTo6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
