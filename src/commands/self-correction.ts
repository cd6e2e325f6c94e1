/**
 * A value the sender corrects while writing it (面积：12亩，不对，是21亩; 罚款2万元 已缴纳，不对，还没缴): the value taken
 * back is never recorded. The correction replaces what it corrects when that is plain; a correction with nothing
 * after it is left to a question.
 */
import { findQuantities } from './quantities.js';

/**
 * 不对 / 说错了 / 写错了 / 更正一下 starting a clause (after punctuation, a space, or a figure: 12亩不对是21亩), and ending
 * one or leading into the new value (是21亩, 应该是21亩). Not 不对外开放, nor 当事人知道错了.
 */
const RETRACTION = /(?<=^|[,，;；。!！\s\d亩元万%号])(?:哦|噢|呃|啊)?[,，\s]*(?:不对|说错了|写错了|打错了|搞错了|弄错了|记错了|更正一下|纠正一下)(?:了|啊|哦)?(?:[,，;；。!！\s]+|(?=应该|应为|应是|是)|$)(?:应该是|应该为|应为|应是|是)?/;

/** Where a clause ends: the part of a value one correction takes back is its last clause. */
const CLAUSE_END = /[,，;；。!！\s]+/g;

/** The value as corrected; `unclear` when a correction gives no new value (面积：12亩，不对). */
export type Corrected = { value: string; corrected: boolean; unclear: boolean };

/**
 * The value with each correction applied, in order: a new figure alone (不对，是21亩) replaces the last figure of the
 * same unit before it (罚款三十万元 → 罚款二十万元, wherever in the clause it stood); anything else replaces the last
 * clause (已缴纳，不对，还没缴 → 还没缴).
 */
export function applySelfCorrections(value: string): Corrected {
  let text = value;
  let corrected = false;
  for (let match = RETRACTION.exec(text); match; match = RETRACTION.exec(text)) {
    corrected = true;
    const before = text.slice(0, match.index).replace(/[,，;；。!！\s]+$/, '');
    const after = text.slice(match.index + match[0].length).replace(/^[,，;；。!！\s]+/, '');
    if (!after.replace(/[,，;；。!！\s]+/g, '')) return { value, corrected, unclear: true };
    text = before ? replaceLast(before, after) : after;
  }
  return { value: text, corrected, unclear: false };
}

function replaceLast(before: string, after: string): string {
  const figure = loneFigure(after);
  if (figure) {
    const taken = findQuantities(before).filter((q) => q.base?.unit === figure.unit).at(-1);
    const at = taken ? before.lastIndexOf(taken.raw) : -1;
    if (taken && at >= 0) return `${before.slice(0, at)}${after}${before.slice(at + taken.raw.length)}`;
  }
  let clauseStart = 0;
  for (const end of before.matchAll(CLAUSE_END)) clauseStart = end.index + end[0].length;
  return `${before.slice(0, clauseStart)}${after}`;
}

/** The unit of a text that is one figure and nothing else (21亩, 二十万元), or null. */
function loneFigure(text: string): { unit: string } | null {
  const quantities = findQuantities(text);
  const only = quantities.length === 1 ? quantities[0]! : null;
  if (!only?.base || text.replace(only.raw, '').replace(/[,，;；。!！\s]+/g, '')) return null;
  return { unit: only.base.unit };
}
