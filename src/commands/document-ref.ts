import { CHINESE_NUMERAL_CHARS, parseChineseNumber } from './chinese-numerals.js';
import { findPercent } from './percent.js';
import { findStage } from './stages.js';
import type { RefParts } from './types.js';

/**
 * Document numbers (文号) of recommendations: `富检行公建〔2021〕14号` and the forms staff type for it.
 *
 * Canonical form: half-width, no spaces, the year in ASCII square brackets, the serial without leading zeros
 * and with 号: `富检行公建[2021]14号`. 〔〕 (and ﹝﹞, 〘〙, ⦗⦘ drawn like it), ［］, [], （）, (), 【】 and 〖〗 around the year all
 * normalise to it,
 * so a reference matches whichever way it was typed. A short form stays short (`14号`, from 14号, 第14号,
 * 十四号 or a bare 14 where a reference is expected); resolving it against the sender's agency is the
 * handler's job.
 */

/** A document number found in text, with where it was. */
export type RefMatch = { ref: string; parts: RefParts; index: number; length: number };

const CJK = '\\u4e00-\\u9fff';
// 〔〕 and the brackets drawn like them (﹝﹞, ︹︺, 〘〙, ⦗⦘, ❲❳, which official documents and PDFs use), and the others typed.
const OPEN = '[\\[(〔【〖{<《﹝︹〘⦗❲「〈]';
const CLOSE = '[\\])〕】〗}>》﹞︺〙⦘❳」〉]';
const YEAR = '(?<year>(?:19|20)\\d{2}|[〇零一二三四五六七八九]{4})';
const SERIAL_CHARS = '零〇一二两三四五六七八九十百';
const SERIAL = `(?<serial>\\d{1,6}|[${SERIAL_CHARS}]{1,6})`;

/**
 * Full form: optional organ prefix, bracketed year, serial, optional 号 (the brackets already make it a 文号); or
 * the year written with 年 (富检行公建2021年14号), where 号 is required, since a date has no 号 right after 年.
 */
const FULL_REF = new RegExp(
  `(?<prefix>[${CJK}]{0,12})(?<gap>\\s?)(?:${OPEN}\\s?${YEAR}\\s?${CLOSE}\\s?(?:第\\s?)?${SERIAL}(?:\\s?号)?|` +
    `(?<yearWord>(?:19|20)\\d{2})\\s?年\\s?(?:第\\s?)?(?<serialWord>\\d{1,6}|[${SERIAL_CHARS}]{1,6})\\s?号)`,
);

/**
 * Short form: serial + 号. Not after 月 or a numeral, where 14号 is a day of the month (3月14号) or part of a
 * larger number.
 */
const SHORT_REF = new RegExp(`(?<![\\d月${CHINESE_NUMERAL_CHARS}])(?:第\\s?)?${SERIAL}\\s?号`, 'g');

/** Words that are never part of an organ's abbreviation but often stand right before a reference. */
const LEADING_NOISE = /^(?:关于|对于|对|就|针对|根据|按照|落实|收到|贯彻|有关|涉及|文号|编号|建议书?|检察建议书?|的)+/;

/**
 * Words that say what a reference names, around it: 关于14号检察建议, 检察建议14号, 建议书第14号, 14号文, 对14号建议的….
 * They make a short form a reference even where it is glued to other words, and are taken out with it.
 */
const NAMING_WORDS = '(?:(?:关于|对于|针对|对|就)(?:检察建议书?|建议书?|文号|编号)?|检察建议书?|建议书?|文号|编号)[\\s:]?';
const NAMING_BEFORE = new RegExp(`${NAMING_WORDS}$`);
const NAMING_AT_START = new RegExp(`^${NAMING_WORDS}`);
const NAMING_AFTER = /^(?:检察建议书?|建议书?|文)?(?:的)?/;

/** The canonical string of a reference; see the module comment. */
export function formatRef(parts: RefParts): string {
  const head = parts.year === null ? '' : `${parts.prefix ?? ''}[${parts.year}]`;
  return `${head}${parts.serial}号`;
}

/** The reference a whole string stands for, canonicalised, or null when the string is not exactly one reference. */
export function normalizeRef(text: string): string | null {
  const trimmed = text.trim();
  const match = refAtStart(trimmed) ?? bareSerialAtStart(trimmed);
  return match && match.length === trimmed.length ? match.ref : null;
}

/**
 * A reference starting at index 0 of `text` (full form or short form), or null. Naming words around it
 * (检察建议14号, 关于14号建议的) belong to the match.
 */
export function refAtStart(text: string): RefMatch | null {
  const naming = NAMING_AT_START.exec(text)?.[0] ?? '';
  const rest = text.slice(naming.length);
  const full = findFullRef(rest);
  if (full && full.index === 0) return withNaming(text, { ...full, index: naming.length });
  const [short] = rest.matchAll(SHORT_REF);
  const found = short?.index === 0 ? withYearAfter(rest, shortMatch(short)) : null;
  if (!found) return null;
  const match = withNaming(text, { ...found, index: naming.length });
  // 对14号地块…: after a bare preposition a number glued to the next word is that word's (a plot, a room), not a 文号.
  const prepositionOnly = PREPOSITION.test(naming) && match.length === naming.length + found.length;
  return prepositionOnly && isCjk(text.charAt(match.index + match.length)) ? null : match;
}

const PREPOSITION = /^(?:关于|对于|针对|对|就)[\s:]?$/;

/** The match widened over the naming words right before and after it. */
function withNaming(text: string, match: RefMatch): RefMatch {
  const before = NAMING_BEFORE.exec(text.slice(0, match.index))?.[0] ?? '';
  const after = NAMING_AFTER.exec(text.slice(match.index + match.length))?.[0] ?? '';
  return { ...match, index: match.index - before.length, length: before.length + match.length + after.length };
}

/**
 * A bare serial (`14`) at index 0, for places where a reference is expected (`查询 14`); not when the number
 * is followed by a unit, a percent sign, 成 or 号-less text glued to it.
 */
export function bareSerialAtStart(text: string): RefMatch | null {
  const match = /^(\d{1,6})(?=$|[\s,;、。])/.exec(text);
  if (!match?.[1]) return null;
  const parts: RefParts = { prefix: null, year: null, serial: Number(match[1]) };
  return { ref: formatRef(parts), parts, index: 0, length: match[1].length };
}

/** The leftmost full-form reference anywhere in the text. */
export function findFullRef(text: string): RefMatch | null {
  const match = FULL_REF.exec(text);
  const groups = match?.groups;
  if (!match || !groups) return null;
  const year = parseYear(groups.year ?? groups.yearWord ?? '');
  const serial = parseSerial(groups.serial ?? groups.serialWord ?? '');
  if (year === null || serial === null) return null;
  const rawPrefix = groups.prefix ?? '';
  const gap = groups.gap ?? '';
  const denoised = withoutFigures(rawPrefix).replace(LEADING_NOISE, '');
  // An organ abbreviation has at least two characters (富检…); one character is the end of another word (120亩 [2021]…).
  // Across a space only the procuratorate's abbreviation (富检行公建 〔2021〕14号) is a prefix; any other word is the
  // end of what came before the reference (百分之六十 〔2021〕14号, 整改中 〔2021〕14号, 已恢复林地 〔2021〕14号).
  const organ = gap === '' || denoised.includes('检');
  const prefix = denoised.length < 2 || !organ ? '' : denoised;
  const skipped = rawPrefix.length - prefix.length + (prefix === '' ? gap.length : 0);
  const parts: RefParts = { prefix: prefix === '' ? null : prefix, year, serial };
  const length = match[0].length - skipped;
  return { ref: formatRef(parts), parts, index: match.index + skipped, length };
}

/**
 * Finds the reference a message is about: a full form anywhere, else a short form at the start, else a short
 * form standing alone as a word (`… 14号 …`, not `3号地块`).
 */
export function findRef(text: string): RefMatch | null {
  const full = findFullRef(text);
  const atStart = refAtStart(text);
  // 14号(2022) 90%: the bracketed year belongs to the 14号 before it, not to a 文号 (2022)90 after it.
  if (full && !(atStart?.parts.year && full.index < atStart.index + atStart.length)) return full;
  if (atStart) return atStart;
  for (const match of text.matchAll(SHORT_REF)) {
    const found = shortMatch(match);
    if (!found) continue;
    const named = withNaming(text, found);
    const before = text.charAt(named.index - 1);
    const after = text.charAt(named.index + named.length);
    if (!isWordChar(before) && !isCjk(before) && !isWordChar(after) && !isCjk(after)) return withYearBefore(text, named) ?? named;
  }
  return null;
}

/**
 * A year set off before a short form by what no bracket pair of the full form reads (富检行公建-2023-9号,
 * 富检行公建2023/9号, 〔2023〕 typed with a bracket not listed in OPEN): the 文号 has a year, and must not be taken for
 * the short form, which would match the agency's 9号 of another year. Read as the full form with that year, it matches
 * that year's recommendation or none (and is refused as such).
 */
const YEAR_BEFORE = new RegExp(`(?<prefix>[${CJK}]{0,12})[^\\w${CJK}]{0,3}(?<!\\d)(?<year>(?:19|20)\\d{2})[^\\w${CJK}]{1,3}$`);

/** The short form widened over a year written before it (YEAR_BEFORE), or null when there is none. */
function withYearBefore(text: string, match: RefMatch): RefMatch | null {
  const written = YEAR_BEFORE.exec(text.slice(0, match.index));
  const year = written ? parseYear(written.groups?.year ?? '') : null;
  if (!written || year === null) return null;
  const rawPrefix = written.groups?.prefix ?? '';
  const organ = withoutFigures(rawPrefix).replace(LEADING_NOISE, '');
  // As across a gap in the full form: only the procuratorate's abbreviation (富检行公建) is a prefix, any other word is
  // what came before the reference.
  const prefix = organ.length >= 2 && organ.includes('检') ? organ : null;
  const start = written.index + (prefix === null ? rawPrefix.length : rawPrefix.length - organ.length);
  const parts: RefParts = { prefix, year, serial: match.parts.serial };
  return { ref: formatRef(parts), parts, index: start, length: match.index + match.length - start };
}

/**
 * A second short reference in what is left of a message (14号、15号 进度60%, 14号和15号都完成了): after a list
 * separator or a space, before the end, a separator, 都/也/均 or figures. 3号地块, 3号 地块 and 已清理3号 are not.
 */
export function listedShortRef(text: string): RefMatch | null {
  for (const match of text.matchAll(SHORT_REF)) {
    const before = text.charAt(match.index - 1);
    const rest = text.slice(match.index + match[0].length);
    // Across a space only figures or a command word (15号 30%, 15号 进度…) make it a reference: 3号 地块 is a plot.
    const ends = /^(?:$|[,.;、都也均])/.test(rest) || (/^\s/.test(rest) && /^\s*(?:\d|进度|进展|已?完成|已?整改|百分之|[一二三四五六七八九十]成)/.test(rest));
    if ((before === '' || /[\s,、和及与]/.test(before)) && ends) return shortMatch(match);
  }
  return null;
}

/**
 * What follows the last percentage or stage word in a would-be prefix: an organ's abbreviation holds neither, so
 * in `进度 六成〔2021〕14号` or `整改中〔2021〕14号` the words glued to the bracket belong to the progress, not the number.
 */
function withoutFigures(prefix: string): string {
  let rest = prefix;
  for (let figure = findPercent(rest) ?? findStage(rest); figure; figure = findPercent(rest) ?? findStage(rest)) {
    rest = rest.slice(figure.index + figure.raw.length);
  }
  return rest;
}

/** A year in brackets right after a short form (14号(2022), 14号（2022年）): the 文号's year, written last. */
const YEAR_AFTER = new RegExp(`^\\s?${OPEN}\\s?${YEAR}\\s?年?\\s?${CLOSE}`);

/** The short form widened over the year written after it, which then makes it a full reference. */
function withYearAfter(text: string, match: RefMatch | null): RefMatch | null {
  if (!match) return null;
  const after = YEAR_AFTER.exec(text.slice(match.index + match.length));
  const year = after ? parseYear(after.groups?.year ?? '') : null;
  if (!after || year === null) return match;
  const parts: RefParts = { ...match.parts, year };
  return { ref: formatRef(parts), parts, index: match.index, length: match.length + after[0].length };
}

function shortMatch(match: RegExpMatchArray): RefMatch | null {
  const serial = parseSerial(match.groups?.serial ?? '');
  if (serial === null || match.index === undefined) return null;
  const parts: RefParts = { prefix: null, year: null, serial };
  return { ref: formatRef(parts), parts, index: match.index, length: match[0].length };
}

function parseYear(text: string): number | null {
  const year = /^\d{4}$/.test(text) ? Number(text) : parseChineseNumber(text);
  return year !== null && year >= 1900 && year <= 2099 ? year : null;
}

function parseSerial(text: string): number | null {
  const serial = /^\d+$/.test(text) ? Number(text) : parseChineseNumber(text);
  return serial !== null && Number.isInteger(serial) && serial > 0 && serial < 1_000_000 ? serial : null;
}

function isCjk(char: string): boolean {
  return /[\u4e00-\u9fff]/.test(char);
}

/** A character that glues to a following number, so the number is not a reference on its own. */
function isWordChar(char: string): boolean {
  return /[\da-z.]/i.test(char);
}
