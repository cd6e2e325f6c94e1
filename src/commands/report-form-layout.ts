import { alternation, ITEM_BY_LABEL, UNRECORDED_LABELS } from './report-labels.js';

/**
 * What a 处罚决定书 or a form pasted from Word or WPS writes around its labels, taken away so the labels read as typed:
 * letters spaced to line the labels up (当事人 and 案号 with ideographic spaces between their characters, normalised to
 * 当 事 人:) and item numbers before them (一、案号：, 1．当事人：, （一）违法事实：). Read as they were, 当 事 人：… was
 * listed as 「当 事」「人：…」 with the party asked for, and 一、 … 三、 ended up in the values (party 某竹木加工厂⏎三).
 */

/** Every label the 上报 parser knows, fields' and those of what no field holds. */
const LABELS = new Set<string>([...ITEM_BY_LABEL.keys(), ...UNRECORDED_LABELS]);

/**
 * Single characters separated by one space each, up to a colon: a label spaced out (罚 款:, 元 罚 款: after a value,
 * 一、当 事 人: after an item number).
 */
const SPACED_OUT = /(?<=^|[\s,，;；。、.)①-⑳])((?:[\u4e00-\u9fff] )+[\u4e00-\u9fff])(?= ?[:：=])/gm;

/** The ways a form numbers its items: 一、 二. / 1. 2、 3) / (一) / (1) / ①. */
const ITEM_NUMBERS = [
  '[一二三四五六七八九十]{1,3}[、.]',
  '\\d{1,2}[.、)]',
  '\\(\\s?[一二三四五六七八九十]{1,3}\\s?\\)',
  '\\(\\s?\\d{1,2}\\s?\\)',
  '[①-⑳]',
].map((numbers) => `^${numbers}\\s?(?=(?:${alternation(LABELS)}) ?[:：=])`);

/**
 * The body of a 上报 or 更正 with letter-spaced labels joined and item numbers before labels dropped. Only known labels
 * are joined (一 二 三:… stays). Item numbers are dropped only where the message starts with one before a label, and
 * only those numbered alike: 违法事实：⏎1. 时间：5月… is the facts' own list (时间 read as a label, the date would be
 * taken from it), and so is 1. under 三、违法事实：. Numbered facts (违法事实：1. 占用林地；2. 拒不整改) and numbered cases
 * (1. 案号富林罚〔2026〕503号 …) read as before.
 */
export function withoutFormLayout(body: string): string {
  const joined = body.replace(SPACED_OUT, joinLabel);
  const numbers = ITEM_NUMBERS.find((pattern) => new RegExp(pattern).test(joined.trimStart()));
  return numbers ? joined.replace(new RegExp(numbers, 'gm'), '') : joined;
}

/**
 * The run of spaced characters with its longest tail that is a label joined (元 罚 款 → 元 罚款): the characters
 * before it are a value's end.
 */
function joinLabel(run: string): string {
  const chars = run.split(' ');
  for (let start = 0; start < chars.length - 1; start++) {
    const label = chars.slice(start).join('');
    if (LABELS.has(label)) return [...chars.slice(0, start), label].join(' ');
  }
  return run;
}
