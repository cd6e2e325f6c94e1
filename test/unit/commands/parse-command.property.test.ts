import { describe, expect, it } from 'vitest';
import { formatRef } from '../../../src/commands/document-ref.js';
import { normalizeText } from '../../../src/commands/normalize-text.js';
import { parseCommand, parseCommandUnguarded } from '../../../src/commands/parse-command.js';
import { COMMAND_NAMES, type Command, type MissingField } from '../../../src/commands/types.js';

/** A small seeded PRNG (mulberry32), so a failure names a seed that reproduces it. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Pieces the grammar cares about, plus noise: full-width forms, every bracket, numerals, units, emoji, lone surrogates. */
const ALPHABET = [
  ...'进度完成查询回复上报撤回待办帮助号亩份万元百分之成一二两三四五六七八九十百千万亿零〇点第年月日已整改中立案罚款缴纳恢复林地合同富检行公建',
  ...'〔〕[]［］()（）【】〖〗{}<>《》%％:：,，;；、。.!?？ 　\t\n\r-—~@#',
  ...'0123456789０１２３４５６７８９abcXYZｈｅｌｐ進號畝萬兩',
  '😀', '👍🏻', '\u200b', '\ufeff', '\u0000', '\uD800', '\uDC00', '\uFFFF', 'é', 'ß', 'ا', '한',
  '进度 ', '14号', '60%', '百分之六十', '六成', '富检行公建〔2021〕14号', '120亩', '50万元', '已恢复林地', '完成了', '上报\n', '案号:', '罚款:',
];

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

const MISSING: readonly MissingField[] = ['ref', 'percent_or_stage', 'points', 'fields', 'caseNumber', 'party', 'facts'];

function randomString(next: () => number, maxPieces: number): string {
  let text = '';
  const pieces = Math.floor(next() * maxPieces);
  for (let i = 0; i < pieces; i += 1) text += ALPHABET[Math.floor(next() * ALPHABET.length)] ?? '';
  return text;
}

/** A real phrase with one to three small edits: a character inserted, deleted, doubled or two swapped. */
function nearMiss(next: () => number): string {
  const chars = [...(PHRASES[Math.floor(next() * PHRASES.length)] ?? '')];
  const edits = 1 + Math.floor(next() * 3);
  for (let e = 0; e < edits; e += 1) {
    const at = Math.floor(next() * (chars.length + 1));
    const kind = Math.floor(next() * 4);
    if (kind === 0) chars.splice(at, 0, ALPHABET[Math.floor(next() * ALPHABET.length)] ?? '');
    else if (kind === 1) chars.splice(at, 1);
    else if (kind === 2) chars.splice(at, 0, chars[at] ?? '');
    else [chars[at], chars[at + 1]] = [chars[at + 1] ?? '', chars[at] ?? ''];
  }
  return chars.join('');
}

/** Random code units over the whole BMP and beyond, unpaired surrogates included. */
function randomUnicode(next: () => number): string {
  let text = '';
  const length = Math.floor(next() * 30);
  for (let i = 0; i < length; i += 1) {
    text += next() < 0.1 ? String.fromCodePoint(0x10000 + Math.floor(next() * 0xfffff)) : String.fromCharCode(Math.floor(next() * 0x10000));
  }
  return text;
}

function toFullWidth(text: string): string {
  return [...text].map((c) => (c === ' ' ? '\u3000' : c >= '!' && c <= '~' ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c)).join('');
}

/**
 * What must hold for every input, whatever it is. Parses without the safety net first, so a bug that
 * parseCommand would hide behind `unknown` fails the test.
 */
function expectWellFormed(input: string, cmd: Command): void {
  expect(() => parseCommandUnguarded(input), JSON.stringify(input)).not.toThrow();
  const context = JSON.stringify(input);
  expect(COMMAND_NAMES, context).toContain(cmd.command);
  if (cmd.percent !== null) {
    expect(Number.isFinite(cmd.percent) && cmd.percent >= 0 && cmd.percent <= 100, context).toBe(true);
  }
  if (cmd.ref !== null) {
    expect(cmd.ref, context).toMatch(/^\S+号$/);
    expect(cmd.refParts && formatRef(cmd.refParts), context).toBe(cmd.ref);
  } else {
    expect(cmd.refParts, context).toBeNull();
  }
  for (const field of cmd.missing) expect(MISSING, context).toContain(field);
  if (cmd.missing.length > 0 || cmd.problems.length > 0 || cmd.command === 'unknown') expect(cmd.hint, context).toMatch(/例如：/);
  expect(normalizeText(cmd.text), context).toBe(cmd.text);
  expect(JSON.parse(JSON.stringify(cmd)), context).toEqual(cmd);
}

describe('parseCommand, property-style', () => {
  it('never throws and returns a well-formed command for 3000 random strings of the grammar\'s alphabet', () => {
    const next = random(20210314);
    for (let i = 0; i < 3000; i += 1) {
      const input = randomString(next, 40);
      expectWellFormed(input, parseCommand(input));
    }
  });

  it('never throws on 2000 near-miss commands (real phrases with typos)', () => {
    const next = random(14);
    for (let i = 0; i < 2000; i += 1) {
      const input = nearMiss(next);
      expectWellFormed(input, parseCommand(input));
    }
  });

  it('never throws on 2000 strings of random Unicode, unpaired surrogates included', () => {
    const next = random(60);
    for (let i = 0; i < 2000; i += 1) {
      const input = randomUnicode(next);
      expectWellFormed(input, parseCommand(input));
    }
  });

  it('answers 10 KB of junk quickly', () => {
    const next = random(120);
    let junk = '';
    while (junk.length < 10_000) junk += randomString(next, 100);
    const inputs = [
      junk.slice(0, 10_000),
      '一'.repeat(10_000),
      '1'.repeat(10_000),
      `进度 ${'十'.repeat(10_000)}`,
      '[2021]'.repeat(2000),
      `上报\n${'案号:1\n'.repeat(2000)}`,
      '14号 '.repeat(2500),
      '百分之'.repeat(4000),
    ];
    for (const input of inputs) {
      const started = performance.now();
      const cmd = parseCommand(input);
      expect(performance.now() - started).toBeLessThan(500);
      expectWellFormed(input, cmd);
      expect(cmd.problems.at(-1)?.field).toBe('text');
    }
  });

  it('understands a message the same whether it is typed half-width or full-width', () => {
    for (const phrase of PHRASES) expect(parseCommand(toFullWidth(phrase))).toEqual(parseCommand(phrase));
  });

  it('is a function of the normalised text: parsing the normalised form gives the same command', () => {
    const next = random(7);
    for (let i = 0; i < 1000; i += 1) {
      const input = next() < 0.5 ? nearMiss(next) : randomString(next, 30);
      expect(parseCommand(normalizeText(input)), JSON.stringify(input)).toEqual(parseCommand(input));
    }
  });
});
