/**
 * Property-based tests of the command parser (issue 5, point 6), with fast-check.
 *
 * A failure prints the seed and the shrunk counterexample; rerun one with
 * `fc.assert(property, { seed, path, endOnFailure: true })` to reproduce it.
 */
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatRef } from '../../../src/commands/document-ref.js';
import { MAX_INPUT_LENGTH, normalizeText } from '../../../src/commands/normalize-text.js';
import { parseCommand, parseCommandUnguarded } from '../../../src/commands/parse-command.js';
import { STAGES } from '../../../src/commands/stages.js';
import { COMMAND_NAMES, type Command, type MissingField } from '../../../src/commands/types.js';

// ---------------------------------------------------------------------------------------------------------------
// Text helpers
// ---------------------------------------------------------------------------------------------------------------

const CN_DIGITS = '零一二三四五六七八九';

/** 0 → 零, 14 → 十四, 60 → 六十, 105 → 一百零五, 2021 → 二千零二十一 (0 ≤ n ≤ 9999). */
function chineseNumeral(n: number): string {
  if (n === 0) return '零';
  const units = ['', '十', '百', '千'];
  const digits = String(n);
  let out = '';
  let zero = false;
  for (let i = 0; i < digits.length; i += 1) {
    const digit = Number(digits[i]);
    if (digit === 0) {
      zero = true;
      continue;
    }
    if (zero && out !== '') out += '零';
    zero = false;
    out += `${CN_DIGITS[digit] ?? ''}${units[digits.length - 1 - i] ?? ''}`;
  }
  return out.startsWith('一十') ? out.slice(1) : out;
}

/** 2021 → 二〇二一, the way years are written digit by digit. */
function chineseYear(year: number): string {
  return [...String(year)].map((digit) => (digit === '0' ? '〇' : CN_DIGITS[Number(digit)] ?? '')).join('');
}

/** ASCII to its full-width twin and the space to the ideographic space, as Chinese input methods type them. */
function toFullWidth(text: string): string {
  return [...text].map(fullWidthChar).join('');
}

function fullWidthChar(char: string): string {
  if (char === ' ') return '\u3000';
  return char >= '!' && char <= '~' ? String.fromCharCode(char.charCodeAt(0) + 0xfee0) : char;
}

/** Simplified → traditional for characters of the grammar (the parser folds them back). */
const TRADITIONAL: ReadonlyMap<string, string> = new Map(
  '进進 号號 亩畝 万萬 两兩 复復 询詢 帮幫 办辦 报報 检檢 议議 罚罰 缴繳 纳納 处處 个個 说說 书書 点點 种種 树樹 违違 条條 项項 还還 实實 际際 证證 据據 当當 时時 间間 请請 经經 类類 领領 执執 环環 资資 产產 国國 长長 问問 题題 现現 归歸 准準 备備 额額 费費 损損 没沒 态態 后後 发發'
    .split(' ')
    .map((pair): [string, string] => [pair.charAt(0), pair.charAt(1)]),
);

function toTraditional(text: string): string {
  return [...text].map((char) => TRADITIONAL.get(char) ?? char).join('');
}

/** Every pair of brackets staff put around the year of a document number. */
const BRACKETS: readonly (readonly [open: string, close: string])[] = [['〔', '〕'], ['[', ']'], ['［', '］'], ['(', ')'], ['（', '）'], ['【', '】'], ['〖', '〗'], ['{', '}'], ['《', '》']];
const OPENING = BRACKETS.map(([open]) => open).join('');
const CLOSING = BRACKETS.map(([, close]) => close).join('');
const BRACKETED_YEAR = new RegExp(`[${escapeClass(OPENING)}](\\s?(?:\\d{4}|[〇零一二三四五六七八九]{4})\\s?)[${escapeClass(CLOSING)}]`, 'g');

function escapeClass(chars: string): string {
  return chars.replace(/[\]\\^-]/g, '\\$&');
}

/** Spaces of every width; the parser treats runs of them as one space. */
const SPACE = fc.constantFrom(' ', '  ', '\u3000', ' \u3000 ', '\t', '\u00a0');
/** Separators between the parts of a command. */
const SEPARATOR = fc.constantFrom(' ', '  ', '\u3000', '，', ', ', '；', ' ， ', '\t', '：');

// ---------------------------------------------------------------------------------------------------------------
// Generators of the grammar's parts, each with what the parser must understand from it
// ---------------------------------------------------------------------------------------------------------------

type Ref = { text: string; ref: string };
type Percent = { text: string; value: number };
type Measure = { text: string; value: number; unit: string };

const PREFIXES = ['富检行公建', '杭检行公', '富检民公', '淳检行公建', '建检刑', ''] as const;

/** Short forms: 14号, 第14号, 十四号, １４号. */
const shortRef: fc.Arbitrary<Ref> = fc
  .record({ serial: fc.oneof(fc.integer({ min: 1, max: 99 }), fc.integer({ min: 1, max: 999_999 })), style: fc.constantFrom('arabic', 'ordinal', 'chinese', 'full-width') })
  .map(({ serial, style }) => {
    const number = style === 'chinese' && serial < 1000 ? chineseNumeral(serial) : String(serial);
    const text = style === 'ordinal' ? `第${number}号` : style === 'full-width' ? `${toFullWidth(number)}号` : `${number}号`;
    return { text, ref: `${serial}号` };
  });

/** Full forms: 富检行公建〔2021〕14号 with any brackets, Chinese or Arabic year, optional 第 and 号, spaces inside. */
const fullRef: fc.Arbitrary<Ref> = fc
  .record({
    prefix: fc.constantFrom(...PREFIXES),
    bracket: fc.constantFrom(...BRACKETS),
    year: fc.integer({ min: 1900, max: 2099 }),
    chineseYear: fc.boolean(),
    serial: fc.integer({ min: 1, max: 99_999 }),
    chineseSerial: fc.boolean(),
    ordinal: fc.boolean(),
    hao: fc.boolean(),
    spaced: fc.boolean(),
  })
  .map(({ prefix, bracket: [open, close], year, chineseYear: cy, serial, chineseSerial, ordinal, hao, spaced }) => {
    const s = spaced ? ' ' : '';
    const yearText = cy ? chineseYear(year) : String(year);
    const serialText = chineseSerial && serial < 1000 ? chineseNumeral(serial) : String(serial);
    const text = `${prefix}${s}${open}${s}${yearText}${s}${close}${s}${ordinal ? '第' : ''}${serialText}${hao || chineseSerial ? `${s}号` : ''}`;
    return { text, ref: formatRef({ prefix: prefix === '' ? null : prefix, year, serial }) };
  });

const anyRef = fc.oneof(shortRef, fullRef);

/** A percentage 0–100 the way staff write it: 60%, 60 %, ６０％, 百分之六十, 百分之60, 六成, 六成五, 6成, 一半, 62.5%. */
const validPercent: fc.Arbitrary<Percent> = fc.oneof(
  fc.integer({ min: 0, max: 100 }).chain((p) => {
    const forms = [`${p}%`, `${p} %`, `${toFullWidth(String(p))}％`, `${p}﹪`, `百分之${chineseNumeral(p)}`, `百分之${p}`];
    if (p === 0) forms.push('-0%', '-0.0%');
    if (p === 100) forms.push('百分之百');
    if (p === 50) forms.push('一半');
    const tens = Math.floor(p / 10);
    const units = p % 10;
    if (tens >= 1 && units === 0) forms.push(`${chineseNumeral(tens)}成`, `${tens}成`);
    if (tens >= 1 && tens <= 9 && units > 0) forms.push(`${chineseNumeral(tens)}成${chineseNumeral(units)}`);
    return fc.constantFrom(...forms).map((text) => ({ text, value: p }));
  }),
  fc.integer({ min: 0, max: 99_99 }).map((hundredths) => {
    const value = hundredths / 100;
    return { text: `${value}%`, value };
  }),
);

/** A percentage below 0 or above 100, which must never be recorded. */
const impossiblePercent: fc.Arbitrary<{ text: string }> = fc.oneof(
  fc.integer({ min: 101, max: 999_999 }).map((p) => ({ text: `${p}%` })),
  fc.integer({ min: 101, max: 999_999 }).map((p) => ({ text: `${toFullWidth(String(p))}％` })),
  fc.integer({ min: 1, max: 999 }).map((d) => ({ text: `100.${d}%` })),
  fc.integer({ min: 1, max: 999_999 }).map((p) => ({ text: `-${p}%` })),
  fc.integer({ min: 1, max: 999 }).map((d) => ({ text: `-0.${d}%` })),
  fc.integer({ min: 1, max: 999_999 }).map((p) => ({ text: `－${toFullWidth(String(p))}％` })),
  fc.integer({ min: 101, max: 9999 }).map((p) => ({ text: `百分之${chineseNumeral(p)}` })),
  fc.integer({ min: 101, max: 999_999 }).map((p) => ({ text: `百分之${p}` })),
  fc.integer({ min: 11, max: 99 }).map((k) => ({ text: `${chineseNumeral(k)}成` })),
  fc.integer({ min: 11, max: 99 }).map((k) => ({ text: `${k}成` })),
);

/** What counted figures are about; money and area must never be read as the percentage. */
const MONEY_ITEMS = ['罚款已缴纳', '已缴纳罚款', '补缴出让金', '追缴税款', '赔偿损失', '退还资金', '罚款', ''] as const;
const AREA_ITEMS = ['已恢复林地', '恢复林地', '复垦耕地', '拆除违建', '清退占地', '林地', ''] as const;
const MONEY_UNITS = ['万元', '元', '千元', '亿元', '块钱'] as const;
const AREA_UNITS = ['亩', '公顷', '平方米', '平米', '平方公里'] as const;

/** An amount as written: small (could pass for a percentage) or large, whole or decimal, Arabic or Chinese. */
const amount = fc.oneof(
  fc.integer({ min: 0, max: 100 }),
  fc.integer({ min: 1, max: 99_999_999 }),
  fc.integer({ min: 1, max: 99_999 }).map((n) => n / 100),
);

const measure: fc.Arbitrary<Measure> = fc
  .record({
    money: fc.boolean(),
    itemIndex: fc.nat(),
    unitIndex: fc.nat(),
    value: amount,
    chinese: fc.boolean(),
    fullWidth: fc.boolean(),
  })
  .map(({ money, itemIndex, unitIndex, value, chinese, fullWidth }) => {
    const items = money ? MONEY_ITEMS : AREA_ITEMS;
    const units = money ? MONEY_UNITS : AREA_UNITS;
    const item = items[itemIndex % items.length] ?? '';
    const unit = units[unitIndex % units.length] ?? '';
    const number = chinese && Number.isInteger(value) && value < 10_000 ? chineseNumeral(value) : String(value);
    return { text: `${item}${fullWidth ? toFullWidth(number) : number}${unit}`, value, unit };
  });

/** One to three measures, joined the way staff list them. */
const measures = fc
  .array(fc.tuple(measure, fc.constantFrom('，', ',', '；', ' ', '、')), { minLength: 1, maxLength: 3 })
  .map((list) => ({ text: list.map(([m, sep], i) => (i === 0 ? m.text : `${sep}${m.text}`)).join(''), list: list.map(([m]) => m) }));

const PROGRESS_WORDS = ['进度', '進度', '整改进度', '汇报进度', '进展', '更新进度', '进度：', '进度:'] as const;

// ---------------------------------------------------------------------------------------------------------------
// Near-miss commands: real commands with typos
// ---------------------------------------------------------------------------------------------------------------

/** Pieces of the grammar plus noise: full-width forms, every bracket, numerals, units, emoji, lone surrogates. */
const ALPHABET = [
  ...'进度完成查询回复上报撤回待办帮助号亩份万元百分之成一二两三四五六七八九十百千万亿零〇点第年月日已整改中立案罚款缴纳恢复林地合同富检行公建',
  ...'〔〕[]［］()（）【】〖〗{}<>《》%％﹪:：,，;；、。.!?？ 　\t\n\r-—~@#－',
  ...'0123456789０１２３４５６７８９abcXYZｈｅｌｐ進號畝萬兩',
  '😀', '👍🏻', '\u200b', '\ufeff', '\u0000', '\uD800', '\uDC00', '\uFFFF', 'é', 'ß', 'ا', '한', '㎡', '㎥', '\u2028', '\u0085',
  '进度 ', '14号', '60%', '百分之六十', '六成', '富检行公建〔2021〕14号', '120亩', '50万元', '已恢复林地', '完成了', '上报\n', '案号:', '罚款:',
];

const alphabetString = (maxLength: number) => fc.string({ unit: fc.constantFrom(...ALPHABET), maxLength });

/** Real phrases, as in the domain notes and the examples. */
const PHRASES = [
  '进度 14号 60% 已恢复林地120亩',
  '富检行公建[2021]14号 完成了，照片稍后发',
  '百分之八十 解除合同12份',
  '待办',
  '查一下14号',
  '撤回',
  '罚款已经缴了',
  '进度 富检行公建〔2021〕14号 60% 已恢复林地120亩',
  '完成 14号 已全部恢复',
  '回复 14号 已于3月5日书面回复',
  '上报\n案号：富林罚〔2021〕3号\n当事人：张某\n违法事实：滥伐林木\n罚款：5000元',
  '帮助',
];

/** Well-formed commands for every command word, built from generated parts. */
const wellFormedCommand: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(fc.constantFrom(...PROGRESS_WORDS), anyRef, validPercent, fc.option(measures)).map(
    ([word, ref, pct, meas]) => `${word} ${ref.text} ${pct.text}${meas ? ` ${meas.text}` : ''}`,
  ),
  fc.tuple(fc.constantFrom('完成', '整改完成', '已完成', '办结'), anyRef, fc.constantFrom('', '已全部恢复林地', '照片随后发送', '罚款已缴纳50万元')).map(
    ([word, ref, note]) => `${word} ${ref.text} ${note}`,
  ),
  fc.tuple(fc.constantFrom('回复', '书面回复', '答复', '回覆'), anyRef, fc.constantFrom('已于3月5日书面回复', '已按期整改，附整改报告', '林地已全部恢复')).map(
    ([word, ref, points]) => `${word} ${ref.text} ${points}`,
  ),
  fc.tuple(fc.constantFrom('查询', '查一下', '查看', '查'), anyRef).map(([word, ref]) => `${word} ${ref.text}`),
  fc.tuple(fc.constantFrom('撤回', '撤销', '撤消'), fc.option(shortRef)).map(([word, ref]) => (ref ? `${word} ${ref.text}` : word)),
  fc.constantFrom('待办', '我的待办', '待办事项', '帮助', '帮助 进度', '菜单', '?', 'help'),
  fc
    .tuple(fullRef, fc.constantFrom('张某', '某某公司'), fc.constantFrom('擅自改变林地用途', '滥伐林木'), fc.integer({ min: 1, max: 1_000_000 }))
    .map(([ref, party, facts, fine]) => `上报\n案号：${ref.text}\n当事人：${party}\n违法事实：${facts}\n罚款：${fine}元`),
  fc.constantFrom(...PHRASES),
);

/** One typo: a character dropped, doubled, swapped with the next, spaces or a random piece inserted. */
type Edit = { kind: 'drop' | 'double' | 'swap' | 'spaces' | 'insert'; at: number; space: string; piece: string };

const edit: fc.Arbitrary<Edit> = fc.record({
  kind: fc.constantFrom('drop', 'double', 'swap', 'spaces', 'insert'),
  at: fc.nat(),
  space: SPACE,
  piece: fc.constantFrom(...ALPHABET),
});

function applyEdit(chars: string[], { kind, at, space, piece }: Edit): void {
  const i = at % (chars.length + 1);
  if (kind === 'drop') chars.splice(i, 1);
  else if (kind === 'double') chars.splice(i, 0, chars[i] ?? '');
  else if (kind === 'swap') [chars[i], chars[i + 1]] = [chars[i + 1] ?? '', chars[i] ?? ''];
  else chars.splice(i, 0, kind === 'spaces' ? space : piece);
}

/**
 * A real command with typos: edits, full-width characters here and there, traditional characters, other
 * brackets around the year.
 */
const nearMiss: fc.Arbitrary<string> = fc
  .record({
    base: wellFormedCommand,
    edits: fc.array(edit, { maxLength: 4 }),
    wideMask: fc.option(fc.integer()),
    traditional: fc.boolean(),
    bracket: fc.option(fc.constantFrom(...BRACKETS)),
  })
  .map(({ base, edits, wideMask, traditional, bracket }) => {
    let text = bracket ? base.replace(BRACKETED_YEAR, `${bracket[0]}$1${bracket[1]}`) : base;
    if (traditional) text = toTraditional(text);
    const chars = [...text].map((char, i) => (wideMask !== null && ((wideMask >>> (i % 31)) & 1) === 1 ? fullWidthChar(char) : char));
    for (const e of edits) applyEdit(chars, e);
    return chars.join('');
  });

// ---------------------------------------------------------------------------------------------------------------
// Random Unicode and long inputs
// ---------------------------------------------------------------------------------------------------------------

/** Any UTF-16 code unit, unpaired surrogates included. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));

const randomUnicode = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'grapheme-composite', maxLength: 40 }),
  fc.string({ unit: fc.oneof(codeUnit, loneSurrogate, fc.constantFrom(...ALPHABET)), maxLength: 40 }),
);

/** Inputs up to about 20 KB: junk, a command followed by junk, or one piece repeated. */
const longInput = fc.oneof(
  fc.string({ unit: fc.oneof(fc.constantFrom(...ALPHABET), codeUnit), minLength: 3000, maxLength: 20_000 }),
  fc.tuple(wellFormedCommand, fc.string({ unit: 'binary', minLength: 1000, maxLength: 10_000 })).map(([command, tail]) => `${command} ${tail}`),
  fc.tuple(fc.constantFrom(...ALPHABET), fc.integer({ min: 1000, max: 20_000 })).map(([piece, times]) => piece.repeat(times)),
);

// ---------------------------------------------------------------------------------------------------------------
// What every result must satisfy
// ---------------------------------------------------------------------------------------------------------------

const MISSING: readonly MissingField[] = ['ref', 'percent_or_stage', 'points', 'fields', 'caseNumber', 'party', 'facts'];

const EXAMPLE_MARK = '例如：';

/** The input for a failure message, shortened: long inputs would drown the report. */
function show(input: string): string {
  return input.length <= 200 ? JSON.stringify(input) : `${JSON.stringify(input.slice(0, 200))}… (${input.length} code units)`;
}

/**
 * Fails with `message` unless `condition` holds. Cheaper than `expect` on the path that passes, which is the one
 * that runs tens of thousands of times here.
 */
function check(condition: boolean, message: () => string): void {
  if (!condition) expect.fail(message());
}

/**
 * Parses without the safety net first, so a bug that parseCommand would hide behind `unknown` fails the test;
 * then checks what must hold for every result.
 */
function parseChecked(input: string): Command {
  let unguarded: Command;
  try {
    unguarded = parseCommandUnguarded(input);
  } catch (error) {
    expect.fail(`parseCommandUnguarded threw on ${show(input)}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
  const cmd = parseCommand(input);
  expectSame(cmd, unguarded, `${show(input)}: parseCommand and parseCommandUnguarded differ`);
  expectWellFormed(input, cmd);
  return cmd;
}

/** What must hold for every input, whatever it is. */
function expectWellFormed(input: string, cmd: Command): void {
  const where = () => `${show(input)} → ${JSON.stringify(cmd).slice(0, 1000)}`;
  check(COMMAND_NAMES.includes(cmd.command), () => `unknown command name: ${where()}`);
  if (cmd.percent !== null) {
    check(Number.isFinite(cmd.percent) && cmd.percent >= 0 && cmd.percent <= 100, () => `percent outside 0–100: ${where()}`);
    check(!Object.is(cmd.percent, -0), () => `percent is -0 (JSON shows it as 0): ${where()}`);
  }
  if (cmd.command === 'complete') check(cmd.percent === 100, () => `完成 without 100%: ${where()}`);
  if (cmd.ref !== null) {
    check(/^\S+号$/.test(cmd.ref), () => `ref not in canonical form: ${where()}`);
    check(cmd.refParts !== null && formatRef(cmd.refParts) === cmd.ref, () => `ref and refParts disagree: ${where()}`);
  } else {
    check(cmd.refParts === null, () => `refParts without ref: ${where()}`);
  }
  check(cmd.missing.every((field) => MISSING.includes(field)), () => `unknown missing field: ${where()}`);
  expectHelpfulHint(cmd, where);
  check(normalizeText(cmd.text) === cmd.text, () => `the text is not in normal form: ${where()}`);
  expectSame(JSON.parse(JSON.stringify(cmd)), cmd, `JSON round trip changes ${where()}`);
}

/**
 * Deep equality (-0 and 0 differ), checked cheaply first; on a mismatch, a diff for small values and a short
 * message for large ones.
 */
function expectSame(actual: unknown, expected: unknown, context: string): void {
  if (isDeepStrictEqual(actual, expected)) return;
  if (JSON.stringify(expected).length < 2000) expect(actual, context).toEqual(expected);
  expect.fail(`${context}: not the same command`);
}

/**
 * Whenever the message was not understood or is incomplete or wrong, the hint is a Chinese sentence ending in a
 * correct example, and that example parses to a complete command of the same kind; otherwise there is no hint.
 */
function expectHelpfulHint(cmd: Command, where: () => string): void {
  const needsHint = cmd.command === 'unknown' || cmd.missing.length > 0 || cmd.problems.length > 0;
  if (!needsHint) {
    check(cmd.hint === null, () => `a hint for a complete command: ${where()}`);
    return;
  }
  const hint = cmd.hint ?? '';
  check(/[\u4e00-\u9fff]{4}/.test(hint), () => `no Chinese explanation: ${where()}`);
  const at = hint.indexOf(EXAMPLE_MARK);
  check(at > 0, () => `no explanation before the example, or no example: ${where()}`);
  expectCorrectExample(hint.slice(at + EXAMPLE_MARK.length), cmd.command, where);
}

/** Examples already checked: there are few of them, and each is checked once. */
const correctExamples = new Set<string>();

function expectCorrectExample(example: string, command: Command['command'], where: () => string): void {
  const key = `${command} ${example}`;
  if (correctExamples.has(key)) return;
  const parsed = parseCommandUnguarded(example);
  const context = `the example ${JSON.stringify(example)} parses to ${JSON.stringify(parsed)}; in ${where()}`;
  check(parsed.command !== 'unknown', () => `not understood: ${context}`);
  check(parsed.missing.length === 0 && parsed.problems.length === 0 && parsed.hint === null, () => `incomplete: ${context}`);
  if (command !== 'unknown') check(parsed.command === command, () => `an example of another command: ${context}`);
  correctExamples.add(key);
}

/** The command without the note that the raw message was cut (the normalised text never needs cutting). */
function withoutLengthNote(cmd: Command): Command {
  return { ...cmd, problems: cmd.problems.filter((p) => p.field !== 'text'), hint: null };
}

// ---------------------------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------------------------

describe('parseCommand never throws and always answers usefully', () => {
  it('on strings of the grammar\'s alphabet', () => {
    fc.assert(fc.property(alphabetString(40), (input) => void parseChecked(input)), { numRuns: 3000 });
  });

  it('on random Unicode: binary, graphemes, any code unit including lone surrogates', () => {
    fc.assert(fc.property(randomUnicode, (input) => void parseChecked(input)), { numRuns: 2500 });
  });

  it('on near-miss commands: typos, full-width, traditional characters, other brackets, mixed numerals', () => {
    fc.assert(fc.property(nearMiss, (input) => void parseChecked(input)), { numRuns: 3000 });
  });

  it('on long inputs (up to ~20 KB), quickly, noting that the message was cut', () => {
    fc.assert(
      fc.property(longInput, (input) => {
        const started = performance.now();
        const cmd = parseChecked(input);
        expect(performance.now() - started).toBeLessThan(500);
        if (input.length > MAX_INPUT_LENGTH) {
          expect(cmd.problems.at(-1)).toEqual({ field: 'text', value: `${input.length}`, reason: `消息太长，只读取了前${MAX_INPUT_LENGTH}个字` });
        }
      }),
      // Shrinking a 20 KB counterexample can take minutes: the time limit stops it with the best one so far.
      { numRuns: 40, interruptAfterTimeLimit: 4000 },
    );
  });

  it('answers pathological 10 KB inputs quickly', () => {
    const inputs = [
      '一'.repeat(10_000),
      '1'.repeat(10_000),
      `进度 ${'十'.repeat(10_000)}`,
      '[2021]'.repeat(2000),
      `上报\n${'案号:1\n'.repeat(2000)}`,
      '14号 '.repeat(2500),
      '百分之'.repeat(4000),
      '〔2021〕'.repeat(2000),
      '六成'.repeat(5000),
      `进度 ${'14号 60% '.repeat(1500)}`,
      '\uD800'.repeat(10_000),
      '㎡'.repeat(10_000),
    ];
    for (const input of inputs) {
      const started = performance.now();
      const cmd = parseChecked(input);
      expect(performance.now() - started).toBeLessThan(500);
      expect(cmd.problems.at(-1)?.field).toBe('text');
    }
  });
});

describe('counterexamples fast-check found, kept as examples', () => {
  it('keeps the normalised text within the bound when ㎡ expands to 平方米, so it is its own normal form', () => {
    const cmd = parseChecked('㎡'.repeat(1366));
    expect(cmd.text.length).toBeLessThanOrEqual(MAX_INPUT_LENGTH);
    expect(parseChecked(cmd.text)).toEqual(cmd);
  });

  it.each([
    ['进度 -5% 14号', { ref: '14号', percent: null, problems: ['percent'] }],
    ['进度 -0.1% 富检行公建〔1900〕1', { ref: '富检行公建[1900]1号', percent: null, problems: ['percent'] }],
    ['进度 1号 -0%', { ref: '1号', percent: 0, problems: [] }],
    ['进度 已恢复林地一亩 〔1900〕1 0%', { ref: '[1900]1号', percent: 0, problems: [] }],
    ['进度 百分之六十 〔2021〕14号', { ref: '[2021]14号', percent: 60, problems: [] }],
    ['进度 未启动 〔1900〕1', { ref: '[1900]1号', percent: null, problems: [] }],
    ['富检行公建 〔2021〕14号 60%', { ref: '富检行公建[2021]14号', percent: 60, problems: [] }],
  ])('%s', (text, expected) => {
    const cmd = parseChecked(text);
    expect({ ref: cmd.ref, percent: cmd.percent, problems: cmd.problems.map((p) => p.field) }).toEqual(expected);
    expect(Object.is(cmd.percent, -0)).toBe(false);
  });
});

describe('parseCommand understands progress updates, whatever the order and form', () => {
  const ORDERS = [
    ['ref', 'pct', 'meas'],
    ['pct', 'ref', 'meas'],
    ['pct', 'meas', 'ref'],
    ['ref', 'meas', 'pct'],
    ['meas', 'ref', 'pct'],
    ['meas', 'pct', 'ref'],
  ] as const;

  it('reads the same reference and percentage with the reference before or after the figures', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PROGRESS_WORDS),
        anyRef,
        validPercent,
        fc.option(measures),
        fc.constantFrom(...ORDERS),
        fc.tuple(SEPARATOR, SEPARATOR, SEPARATOR),
        (word, ref, pct, meas, order, [s0, s1, s2]) => {
          const parts = { ref: ref.text, pct: pct.text, meas: meas?.text ?? '' };
          const [a, b, c] = order.map((key) => parts[key]);
          const text = `${word}${s0}${a}${s1}${b}${c === '' ? '' : `${s2}${c}`}`;
          const cmd = parseChecked(text);
          expect(
            { command: cmd.command, ref: cmd.ref, percent: cmd.percent, missing: cmd.missing, problems: cmd.problems },
            JSON.stringify(text),
          ).toEqual({ command: 'progress', ref: ref.ref, percent: pct.value, missing: [], problems: [] });
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('reads the same without a command word: 14号 60% …, 60% 14号 …', () => {
    fc.assert(
      fc.property(anyRef, validPercent, fc.option(measures), fc.boolean(), SEPARATOR, SEPARATOR, (ref, pct, meas, refFirst, s1, s2) => {
        const [a, b] = refFirst ? [ref.text, pct.text] : [pct.text, ref.text];
        const text = `${a}${s1}${b}${meas ? `${s2}${meas.text}` : ''}`;
        const cmd = parseChecked(text);
        expect({ command: cmd.command, ref: cmd.ref, percent: cmd.percent, missing: cmd.missing }, JSON.stringify(text)).toEqual({
          command: 'progress',
          ref: ref.ref,
          percent: pct.value,
          missing: [],
        });
      }),
      { numRuns: 1000 },
    );
  });

  it('reads a bare number right after the reference, or before it, as the percentage: 进度 14号 60 / 进度 60 14号', () => {
    fc.assert(
      fc.property(anyRef, fc.integer({ min: 0, max: 100 }), fc.boolean(), fc.option(measures), (ref, p, refFirst, meas) => {
        const [a, b] = refFirst ? [ref.text, String(p)] : [String(p), ref.text];
        const text = `进度 ${a} ${b}${meas ? ` ${meas.text}` : ''}`;
        const cmd = parseChecked(text);
        expect({ ref: cmd.ref, percent: cmd.percent }, JSON.stringify(text)).toEqual({ ref: ref.ref, percent: p });
      }),
      { numRuns: 500 },
    );
  });

  it('reads a stage word instead of a percentage, with the reference before or after it', () => {
    const phrasings = Object.entries(STAGES).flatMap(([stage, words]) => words.map((word) => ({ stage, word })));
    fc.assert(
      fc.property(anyRef, fc.constantFrom(...phrasings), fc.option(measures), fc.boolean(), (ref, { stage, word }, meas, refFirst) => {
        const [a, b] = refFirst ? [ref.text, word] : [word, ref.text];
        const text = `进度 ${a} ${b}${meas ? ` ${meas.text}` : ''}`;
        const cmd = parseChecked(text);
        const understood = { command: cmd.command, ref: cmd.ref, stage: cmd.command === 'progress' ? cmd.stage : null, missing: cmd.missing };
        expect(understood, JSON.stringify(text)).toEqual({ command: 'progress', ref: ref.ref, stage, missing: [] });
      }),
      { numRuns: 500 },
    );
  });

  it('never takes money or area in the measures for the percentage: 进度 <ref> <p>% <item><n>万元/亩', () => {
    fc.assert(
      fc.property(anyRef, fc.integer({ min: 0, max: 100 }), measure, fc.boolean(), (ref, p, m, measuresFirst) => {
        const text = measuresFirst ? `进度 ${ref.text} ${m.text} ${p}%` : `进度 ${ref.text} ${p}% ${m.text}`;
        const cmd = parseChecked(text);
        const context = JSON.stringify(text);
        expect(cmd.command, context).toBe('progress');
        expect(cmd.percent, context).toBe(p);
        const quantities = cmd.command === 'progress' ? cmd.quantities : [];
        expect(quantities.map((q) => [q.value, q.unit]), context).toContainEqual([m.value, m.unit]);
      }),
      { numRuns: 1500 },
    );
  });

  it('does not invent a percentage from money or area alone, and asks for one', () => {
    fc.assert(
      fc.property(anyRef, measures, (ref, meas) => {
        const text = `进度 ${ref.text} ${meas.text}`;
        const cmd = parseChecked(text);
        const context = JSON.stringify(text);
        expect({ command: cmd.command, ref: cmd.ref, percent: cmd.percent, missing: cmd.missing }, context).toEqual({
          command: 'progress',
          ref: ref.ref,
          percent: null,
          missing: ['percent_or_stage'],
        });
        const values = cmd.command === 'progress' ? cmd.quantities.map((q) => q.value) : [];
        expect(values, context).toEqual(meas.list.map((m) => m.value));
      }),
      { numRuns: 800 },
    );
  });

  it('never records a percentage below 0 or above 100: it asks again, with a problem on the percentage and a hint', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PROGRESS_WORDS),
        anyRef,
        fc.oneof(impossiblePercent, fc.integer({ min: 101, max: 9999 }).map((p) => ({ text: String(p), bare: true }))),
        fc.option(measures),
        fc.boolean(),
        (word, ref, bad, meas, refFirst) => {
          // A bare number is a percentage only right after the reference.
          const first = 'bare' in bad || refFirst;
          const text = `${word} ${first ? `${ref.text} ${bad.text}` : `${bad.text} ${ref.text}`}${meas ? ` ${meas.text}` : ''}`;
          const cmd = parseChecked(text);
          const context = JSON.stringify(text);
          expect(cmd.command, context).toBe('progress');
          expect(cmd.percent, context).toBeNull();
          expect(cmd.problems.map((p) => p.field), context).toContain('percent');
          expect(cmd.missing, context).toContain('percent_or_stage');
          expect(cmd.hint, context).toMatch(/例如：进度/);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('flags a percentage in 完成 that is not 100%, and still records 完成 as 100%', () => {
    fc.assert(
      fc.property(anyRef, fc.oneof(validPercent.filter((p) => p.value !== 100), impossiblePercent), (ref, pct) => {
        const text = `完成 ${ref.text} ${pct.text}`;
        const cmd = parseChecked(text);
        expect({ command: cmd.command, ref: cmd.ref, percent: cmd.percent }, JSON.stringify(text)).toEqual({ command: 'complete', ref: ref.ref, percent: 100 });
        expect(cmd.problems.map((p) => p.field), JSON.stringify(text)).toContain('percent');
      }),
      { numRuns: 500 },
    );
  });
});

describe('parseCommand does not depend on how the text was typed', () => {
  const typedAnyhow = fc.oneof(wellFormedCommand, nearMiss, alphabetString(40), randomUnicode);
  /** Mostly short messages, now and then one of up to ~20 KB (they cost a hundred times more). */
  const shortOrLong = fc.oneof({ arbitrary: typedAnyhow, weight: 60 }, { arbitrary: longInput, weight: 1 });

  it('full-width input parses to the same result as its half-width form', () => {
    fc.assert(
      fc.property(shortOrLong, (input) => {
        expectSame(parseChecked(toFullWidth(input)), parseCommand(input), show(input));
      }),
      { numRuns: 2000, interruptAfterTimeLimit: 4000 },
    );
  });

  it('traditional characters parse to the same result as simplified ones', () => {
    fc.assert(
      fc.property(fc.oneof(wellFormedCommand, nearMiss), (input) => {
        expectSame(parseChecked(toTraditional(input)), parseCommand(input), show(input));
      }),
      { numRuns: 1000 },
    );
  });

  it('extra spaces of any width between the parts, and any brackets around the year, change nothing', () => {
    // 上报 keeps its field values as written (案号 with its brackets), so it is left out here.
    const commands = wellFormedCommand.filter((command) => !command.startsWith('上报'));
    fc.assert(
      fc.property(commands, fc.constantFrom(...BRACKETS), SPACE, (input, [open, close], space) => {
        const variant = input.replace(BRACKETED_YEAR, `${open}$1${close}`).replace(/ /g, space);
        // `text` keeps the brackets as typed; everything understood must be the same.
        const { text: _variantText, ...understood } = parseChecked(variant);
        const { text: _baseText, ...expected } = parseCommand(input);
        expectSame(understood, expected, JSON.stringify([input, variant]));
      }),
      { numRuns: 1000 },
    );
  });

  it('Chinese and Arabic numerals in the reference and the percentage mean the same', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999 }), fc.integer({ min: 0, max: 100 }), fc.boolean(), fc.boolean(), (serial, p, cnSerial, cnPercent) => {
        const text = `进度 ${cnSerial ? chineseNumeral(serial) : serial}号 ${cnPercent ? `百分之${chineseNumeral(p)}` : `${p}%`}`;
        const cmd = parseChecked(text);
        expect({ ref: cmd.ref, percent: cmd.percent }, JSON.stringify(text)).toEqual({ ref: `${serial}号`, percent: p });
      }),
      { numRuns: 500 },
    );
  });

  it('is a function of the normalised text: normalising is idempotent and parsing the normalised form gives the same command', () => {
    fc.assert(
      fc.property(shortOrLong, (input) => {
        const context = show(input);
        const cmd = parseChecked(input);
        expect(normalizeText(cmd.text) === cmd.text, `${context}: normalising is not idempotent`).toBe(true);
        const again = parseChecked(cmd.text);
        expect(again.problems.filter((p) => p.field === 'text'), `${context}: the normalised text was cut again`).toEqual([]);
        if (input.length <= MAX_INPUT_LENGTH) expectSame(again, cmd, context);
        else expectSame(withoutLengthNote(again), withoutLengthNote(cmd), context);
        expectSame(parseChecked(again.text), again, context);
      }),
      { numRuns: 1500, interruptAfterTimeLimit: 4000 },
    );
  });
});
