import { parseChineseNumber, parseNumber } from './chinese-numerals.js';

/** A percentage found in text. */
export type PercentMatch = {
  /** The value as written; it may be outside 0–100 (then `valid` is false and nothing is recorded). */
  value: number;
  valid: boolean;
  /** The matched text, e.g. 百分之六十. */
  raw: string;
  index: number;
};

const TENS_DIGITS = '一二两三四五六七八九十';

/**
 * The ways staff write a percentage, leftmost first when searched:
 * `60%` / `60 %` / `-5%` (to be refused), `六十%`, `百分之六十` / `百分之60`, `六成` / `六成五` / `6成`, `一半`,
 * `三分之二` (rounded to a whole percent), `百分百`.
 * 成 after a numeral is a tenth unless it starts a word (成功, 成立, 成本 …) or follows a larger number (一千成).
 */
const PERCENT = new RegExp(
  [
    '(?<![\\d.])(?<arabic>-?\\d{1,6}(?:\\.\\d{1,3})?)\\s?%',
    '(?<![零〇一二两三四五六七八九十百千万亿点])(?<spoken>[零〇一二两三四五六七八九十百点]{1,8})\\s?%',
    `(?<![\\d零〇${TENS_DIGITS}百千万])(?<denominator>\\d{1,2}|[${TENS_DIGITS}]{1,2})分之(?<numerator>\\d{1,2}|[${TENS_DIGITS}]{1,2})(?![\\d${TENS_DIGITS}百])`,
    '百分之\\s?(?<words>\\d{1,6}(?:\\.\\d{1,3})?|[零〇一二两三四五六七八九十百千点]{1,10})',
    `(?<![\\d零〇${TENS_DIGITS}百千万亿])(?<tenths>\\d{1,2}|[${TENS_DIGITS}]{1,3})\\s?成` +
      `(?!功|立|为|本|果|绩|员|熟|交|型|品|效|都|年|人|长|套|批|片|群|就|倍|语|分|色|团|家|全|不|千|百|万)` +
      `(?<hundredths>[一二三四五六七八九](?![十百千万亿])|\\d(?!\\d))?`,
    '(?<half>一半)',
    '(?<whole>百分百|百分之百)',
  ].join('|'),
  'g',
);

/** Leftmost percentage expression in the text, or null. */
export function findPercent(text: string): PercentMatch | null {
  return findPercents(text)[0] ?? null;
}

/** Every percentage expression in the text, left to right. */
export function findPercents(text: string): PercentMatch[] {
  const found: PercentMatch[] = [];
  for (const match of text.matchAll(PERCENT)) {
    const value = percentValue(match.groups ?? {});
    if (value === null) continue;
    found.push({ value, valid: value >= 0 && value <= 100, raw: match[0], index: match.index });
  }
  return found;
}

const RANGE_NUMERAL = '[零一二两三四五六七八九十]{1,3}';
const RANGE_SEPARATOR = '\\s?(?:-|~|～|—|–|至|到)\\s?';

/**
 * Two figures given as a range (60%-70%, 60-70%, 百分之六十到七十, 六到七成, 六七成): the sender did not say which
 * one to record.
 */
const PERCENT_RANGE = new RegExp(
  [
    `(?<![\\d.])\\d{1,3}(?:\\.\\d{1,2})?\\s?%?${RANGE_SEPARATOR}\\d{1,3}(?:\\.\\d{1,2})?\\s?%`,
    `百分之\\s?(?:\\d{1,3}|${RANGE_NUMERAL})${RANGE_SEPARATOR}(?:百分之)?\\s?(?:\\d{1,3}|${RANGE_NUMERAL})`,
    `(?<![\\d零一二两三四五六七八九十])(?:\\d|[一二两三四五六七八九])\\s?成?${RANGE_SEPARATOR}(?:\\d|[一二两三四五六七八九十])\\s?成`,
    '(?<![零一二两三四五六七八九十])(?:一二|二三|两三|三四|四五|五六|六七|七八|八九)成',
  ].join('|'),
  'g',
);

/** Every range of percentages in the text, as spans. */
export function findPercentRanges(text: string): { index: number; raw: string }[] {
  return [...text.matchAll(PERCENT_RANGE)].map((match) => ({ index: match.index, raw: match[0] }));
}

/** The value of one match of {@link PERCENT}, from whichever alternative matched. */
function percentValue(groups: Record<string, string | undefined>): number | null {
  // + 0 turns -0 (from -0%) into 0, which is what the sender means and what JSON and the database keep.
  if (groups.arabic !== undefined) return Number(groups.arabic) + 0;
  if (groups.spoken !== undefined) return groups.spoken === '百' ? 100 : parseNumber(groups.spoken);
  if (groups.denominator !== undefined && groups.numerator !== undefined) {
    const [denominator, numerator] = [parseNumber(groups.denominator), parseNumber(groups.numerator)];
    return denominator && numerator !== null ? Math.round((numerator / denominator) * 100) : null;
  }
  // 百分之百 is the one spoken form whose number (百) is not a numeral on its own.
  if (groups.words !== undefined) return groups.words === '百' ? 100 : parseNumber(groups.words);
  if (groups.tenths !== undefined) {
    const tenths = parseNumber(groups.tenths);
    if (tenths === null) return null;
    const hundredths = groups.hundredths === undefined ? 0 : (parseChineseNumber(groups.hundredths) ?? Number(groups.hundredths));
    return tenths * 10 + hundredths;
  }
  if (groups.whole !== undefined) return 100;
  return groups.half !== undefined ? 50 : null;
}

/**
 * The percentage a whole string stands for (`60%`, `百分之六十`, `六成`, `一半`), or null when the string is
 * not exactly one percentage in 0–100.
 */
export function parsePercent(text: string): number | null {
  const trimmed = text.trim();
  const match = findPercent(trimmed);
  return match && match.valid && match.index === 0 && match.raw.length === trimmed.length ? match.value : null;
}

/**
 * Words between two percentages that take the first back (进度50% 不对，是55%; 50%，哦不对，55%; 60%更正一下是65%;
 * 五成 说错了 是六成): the second is what the sender means.
 */
const TAKEN_BACK_BETWEEN = /^[\s,;.。]*(?:哦|噢|喔|啊|呃|额)?[\s,]*(?:不对|说错了|写错了|打错了|报错了|搞错了|错了|更正一下|更正|纠正一下|纠正)(?:了)?[\s,;.。]*(?:应该是|应该为|应是|应为|更正为|改为|改成|是|为)?\s*$/;

/** The same words after a percentage with no figure after them (进度50% 不对): the figure is taken back, nothing replaces it. */
const TAKEN_BACK_AFTER = /^[\s,;.。]*(?:哦|噢|喔|啊|呃|额)?[\s,]*(?:不对|说错了|写错了|打错了|报错了|搞错了|错了)(?![\u4e00-\u9fff])/;

/** Words naming an earlier report (上次报的50%不对): what they take back is not in this message. */
const EARLIER_REPORT = /上次|上回|之前|此前|前次|原来|原先|昨天|前天|上周/;

/** The words of the clause before `index` (back to a separator or space). */
function clauseBefore(text: string, index: number): string {
  const head = text.slice(0, index);
  return head.slice(head.search(/[^\s,;.。，；]*$/));
}

/**
 * The text with every percentage the sender took back in the same breath removed, its replacement in its place
 * (`9号 进度50% 不对，是55% 已追缴…` → `9号 进度55% 已追缴…`), or null when a percentage is taken back and no figure
 * replaces it (进度50% 不对): then nothing is to be recorded, and the sender is asked.
 */
export function withPercentCorrections(text: string): string | null {
  const percents = findPercents(text);
  let corrected = text;
  // Right to left, so the indexes of the percentages still to look at do not move.
  for (let i = percents.length - 1; i >= 0; i--) {
    const taken = percents[i]!;
    const end = taken.index + taken.raw.length;
    const next = percents[i + 1];
    const after = TAKEN_BACK_AFTER.exec(text.slice(end));
    if (next && TAKEN_BACK_BETWEEN.test(text.slice(end, next.index))) corrected = corrected.slice(0, taken.index) + corrected.slice(next.index);
    else if (after && i > 0 && EARLIER_REPORT.test(clauseBefore(text, taken.index))) {
      // 进度55% 上次报的50%不对: the earlier report is what is wrong; this message's 55% stands.
      const from = taken.index - clauseBefore(text, taken.index).length;
      corrected = corrected.slice(0, from) + corrected.slice(end + after[0].length);
    } else if (after) return null;
  }
  return corrected;
}
