import { CHINESE_NUMERAL_CHARS, parseNumber, roundTo6 } from './chinese-numerals.js';
import { quantityItem } from './quantity-item.js';
import type { BaseUnit, Quantity } from './types.js';

/**
 * Units staff write after a figure, with their conversion to a base unit where rules compare figures
 * (money in 元, area in 亩, volume in 立方米, weight in 吨); counts have no base.
 */
export const UNITS: Readonly<Record<string, { base: BaseUnit; factor: number } | null>> = {
  亿元: { base: '元', factor: 100_000_000 },
  万元: { base: '元', factor: 10_000 },
  千元: { base: '元', factor: 1000 },
  元: { base: '元', factor: 1 },
  块钱: { base: '元', factor: 1 },
  平方公里: { base: '亩', factor: 1500 },
  平方米: { base: '亩', factor: 0.0015 },
  平米: { base: '亩', factor: 0.0015 },
  公顷: { base: '亩', factor: 15 },
  亩: { base: '亩', factor: 1 },
  立方米: { base: '立方米', factor: 1 },
  方: { base: '立方米', factor: 1 },
  公斤: { base: '吨', factor: 0.001 },
  千克: { base: '吨', factor: 0.001 },
  斤: { base: '吨', factor: 0.0005 },
  吨: { base: '吨', factor: 1 },
  克: { base: '吨', factor: 0.000001 },
  公里: null, 千米: null, 米: null,
  份: null, 株: null, 棵: null, 处: null, 个: null, 户: null, 件: null, 宗: null, 起: null, 家: null, 人: null,
  次: null, 辆: null, 台: null, 张: null, 条: null, 块: null, 头: null, 只: null, 箱: null, 袋: null, 车: null,
};

/** What may not follow a unit character for it to be a unit: 3个月 is a duration; 次日, 人民, 三方面, 起诉 are words. */
const NOT_A_UNIT_WHEN_FOLLOWED_BY: Readonly<Record<string, string>> = {
  // 两个半月, 一个半小时: a duration, as 3个月 is.
  个: '月|工作日|小时|百分点|多月|半(?:月|小时|钟头)',
  次: '日',
  人: '民',
  方: '面|案|式|法|向',
  起: '诉|草',
  条: '例',
  克: '服|隆',
};

/** Unit alternatives, longest first so 平方米 wins over 米 and 万元 over 元. */
const UNIT_ALTERNATION = Object.keys(UNITS)
  .sort((a, b) => b.length - a.length)
  .map((unit) => (NOT_A_UNIT_WHEN_FOLLOWED_BY[unit] ? `${unit}(?!${NOT_A_UNIT_WHEN_FOLLOWED_BY[unit]})` : unit))
  .join('|');

/**
 * 三亩半, 两吨半, 一个半: half a unit more, after a whole number of it. Not a half of something else (五千元半年内缴清,
 * 三亩半山腰), nor after money, where 元半 is no way of writing 0.5 元.
 */
const HALF = '(?<half>半(?![年月天日时周夜山坡腰岛价数]))?';

/** Numeral + unit pairs that are words, not figures: 一起 (together), 一方 (a party), 一块 (together) …. */
const IDIOMS = new Set(['一起', '一块', '一方', '一头', '一家', '一条', '一次', '一人', '一件']);

/** An Arabic number that does not stop before a digit, so a run of digits is read one way only. */
const ARABIC = '\\d{1,12}(?:,\\d{3})*(?:\\.\\d{1,4})?(?!\\d)';

/**
 * A figure and its unit. A bare 万 after a figure (罚款50万, typed 罚款50w too) is money when the text around it is about money;
 * a figure may mix Arabic numbers and Chinese units (1.2万亩, 12万5千元). 120余亩 / 200多吨 count as 120 and 200:
 * the least that was said, which is what a threshold may safely be compared with. Not after 第 (an ordinal) or
 * inside a longer number.
 */
const QUANTITY = new RegExp(
  `(?<![\\d.${CHINESE_NUMERAL_CHARS}第])` +
    `(?<number>(?:${ARABIC}|[${CHINESE_NUMERAL_CHARS}]){1,16}?)` +
    `(?:余|多)?\\s?(?:(?<unit>${UNIT_ALTERNATION})${HALF}|(?<bareWan>万|[wW](?![a-zA-Z]))(?![${CHINESE_NUMERAL_CHARS}\\d]|${UNIT_ALTERNATION}))`,
  'g',
);

/** Words that make a bare 万 mean 万元. */
const MONEY_CONTEXT = /款|费|金|资|赔|罚|缴|损|税|元|钱/;

const MULTIPLIERS: Readonly<Record<string, number>> = { 千: 1000, 万: 10_000, 亿: 100_000_000 };

/**
 * 一万五千元 is 15000 元, not 一万五 (15000) 千元: when the first character of a unit (千元, 万元, 千克, 千米) also
 * continues the numeral into a different number, the numeral takes it. 五十万元 stays 50 万元, which is the same.
 */
function splitNumeralFromUnit(numberText: string, unit: string): { numberText: string; unit: string } {
  const multiplier = MULTIPLIERS[unit.charAt(0)];
  const rest = unit.slice(1);
  if (multiplier === undefined || !(rest in UNITS)) return { numberText, unit };
  const alone = parseNumber(numberText);
  const joined = parseNumber(`${numberText}${unit.charAt(0)}`);
  return joined !== null && alone !== null && roundTo6(alone * multiplier) !== joined
    ? { numberText: `${numberText}${unit.charAt(0)}`, unit: rest }
    : { numberText, unit };
}

/**
 * Every figure with a unit in the text, in order, each with what was counted:
 * `已恢复林地120亩，解除合同12份，罚款已缴纳50万元` → 林地 120 亩, 合同 12 份, 罚款 50 万元 (500000 元).
 */
export function findQuantities(text: string): Quantity[] {
  const found: Quantity[] = [];
  let previousEnd = 0;
  for (const match of text.matchAll(QUANTITY)) {
    const end = match.index + match[0].length;
    const quantity = toQuantity(text, match, previousEnd);
    if (quantity) {
      found.push(quantity);
      previousEnd = end;
    }
  }
  return found;
}

function toQuantity(text: string, match: RegExpExecArray | RegExpMatchArray, previousEnd: number): Quantity | null {
  const groups = match.groups ?? {};
  const index = match.index ?? 0;
  const end = index + match[0].length;
  if (groups.number !== undefined && /^[^\d]/.test(groups.number) && isWordNotFigure(match[0], text.charAt(end))) return null;
  const split = groups.unit === undefined ? null : splitNumeralFromUnit(groups.number ?? '', groups.unit);
  const value = parseNumber(split?.numberText ?? groups.number ?? '');
  if (value === null) return null;
  const item = quantityItem(text, index, end, previousEnd);
  let unit = split?.unit;
  if (unit === undefined) {
    // A bare 万 is money only in a money context (罚款50万); elsewhere it is a multiplier without a unit.
    if (!MONEY_CONTEXT.test(`${item ?? ''}${text.slice(Math.max(previousEnd, index - 6), index)}`)) return null;
    unit = '万元';
  }
  if (unit === '块' && isSpokenYuan(text, index, end, previousEnd, item)) unit = '块钱';
  const conversion = UNITS[unit] ?? null;
  // 三亩半 is 3.5 亩; a half after a fraction (1.5亩半) or after money says nothing sensible, and the figure is left as it was.
  const half = groups.half !== undefined && Number.isInteger(value) && conversion?.base !== '元';
  const figure = half ? value + 0.5 : value;
  const raw = groups.half !== undefined && !half ? match[0].slice(0, -1) : match[0];
  const base = conversion ? { value: roundTo6(figure * conversion.factor), unit: conversion.base } : null;
  return { item, value: figure, unit, raw, base };
}

/** Words that make 块 the spoken 元: those of {@link MONEY_CONTEXT}, and paying (交了两千块). */
const SPOKEN_YUAN_CONTEXT = new RegExp(`${MONEY_CONTEXT.source}|交|付`);

/** What 块 counts when it is a piece: land (5块地, 2块林地, 3块田) or an object (石碑, 木板, 砖). */
const PIECE_OF = /^[地田林耕荒菜宅山坡空场农土石岩木板碑砖瓦牌匾钢铁玻布]/;

/**
 * 罚了他3万块, 交了两千块: 块 is the spoken 元 where the words before it are about money, unless land or an object
 * follows it (罚他补种5块地, 罚了2块林地的树), which makes it a piece whatever came before.
 */
function isSpokenYuan(text: string, index: number, end: number, previousEnd: number, item: string | null): boolean {
  if (PIECE_OF.test(text.slice(end))) return false;
  return SPOKEN_YUAN_CONTEXT.test(`${item ?? ''}${text.slice(Math.max(previousEnd, index - 6), index)}`);
}

/** One-character units that also start common words (处理, 方案, 个人, 起来, 条件 …). */
const AMBIGUOUS_UNITS = new Set(['处', '个', '方', '起', '家', '人', '次', '条', '块', '头', '只', '件', '张', '台', '车', '米', '份']);

/**
 * 统一处理, 三方协议, 两个人, 一起: a one-character Chinese numeral glued to an ambiguous one-character unit is
 * a word when more text follows, and some pairs are idioms wherever they stand. 十亩左右 stays a figure.
 */
function isWordNotFigure(raw: string, next: string): boolean {
  if (IDIOMS.has(raw)) return true;
  return raw.length === 2 && AMBIGUOUS_UNITS.has(raw.charAt(1)) && /[\u4e00-\u9fff]/.test(next);
}

/** Items that name a fine (罚款, 罚金, 罚没款), as opposed to 没收违法所得 or 货值金额 in the same sentence. */
const FINE_ITEM = /罚款|罚金|罚没/;

/**
 * The fine in 元 among the quantities of a 罚款 field: the amount whose item names a fine, else the only amount
 * in 元; null when several amounts name no fine (没收违法所得2000元，货值金额1万元), so the sender is asked.
 *
 * @example fineAmount(findQuantities('没收违法所得2000元，罚款1万元')) === 10000
 */
export function fineAmount(quantities: readonly Quantity[]): number | null {
  const money = quantities.filter((quantity) => quantity.base?.unit === '元');
  const fines = money.filter((quantity) => quantity.item !== null && FINE_ITEM.test(quantity.item));
  const chosen = fines.length === 1 ? fines[0] : fines.length === 0 && money.length === 1 ? money[0] : undefined;
  return chosen?.base?.value ?? null;
}
