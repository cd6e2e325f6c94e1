import { bareSerialAtStart, findRef, type RefMatch } from './document-ref.js';
import { findPercent, type PercentMatch } from './percent.js';
import { findQuantities, UNITS } from './quantities.js';
import { findStage, type StageMatch } from './stages.js';
import type { Quantity } from './types.js';

/** What the text after a progress-like command word holds. */
export type ProgressBody = {
  ref: RefMatch | null;
  percent: PercentMatch | null;
  stage: StageMatch | null;
  /** The text left after taking out the reference, the percentage and a leading stage word. */
  measures: string | null;
  quantities: Quantity[];
};

/** A bare number standing alone at the start: `60` in `进度 14号 60 已恢复林地`. */
const BARE_NUMBER = /^(\d{1,4}(?:\.\d{1,3})?)(?=$|[\s,;、。])/;

/**
 * Words that only introduce the percentage right after them (目前整改进度60%, 已完成三分之二, 进行到一半了) and
 * words that only qualify it (60%左右): taken out with it, so they do not end up in the recorded measures.
 */
const PERCENT_LABEL = /(?:(?:目前|现在|当前|截至目前)[的,]?)?(?:已经?)?(?:整改(?:工作)?)?(?:进度|进展|完成率|完成比例|完成度)?(?:为|是)?(?:已经?)?(?:基本)?(?:完成了?|达到了?|达|约|大约|大概|接近|将近|进行到了?|推进到了?|到了?)?[\s:]*$/;
const PERCENT_QUALIFIER = /^\s?(?:左右|上下|多)?(?:了|啦)?(?:的(?:整改)?(?:任务|工作量|工作|进度)?)?/;

/** Separators and spaces left at the ends of a text after parts of it were taken out. */
const EDGE_SEPARATORS = /^[\s,.;:、。!?\-—~]+|[\s,.;:、。!?\-—~]+$/g;

/**
 * Reads `<文号> <百分比或阶段> <措施和数量>` in any order: the reference before or after the figures, a
 * percentage in any form, a stage word instead of (or with) the percentage, and the measures with their
 * quantities. Money and areas in the measures (50万元, 120亩) are quantities, never the percentage.
 *
 * A bare number is accepted where the grammar expects one: right after the reference it is the percentage
 * (`进度 14号 60`); at the very start it is the reference only when a percentage follows (`进度 14 60%`),
 * otherwise it is the percentage (`进度 60 已恢复林地`).
 */
export function parseProgressBody(body: string, knownRef: RefMatch | null = null): ProgressBody {
  const ref = knownRef ?? locateRef(body, (after) => findPercent(after) !== null || BARE_NUMBER.test(after.trim()));
  let rest = knownRef ? body : cut(body, ref);
  const percent = findPercent(rest) ?? bareNumberPercent(rest);
  rest = cut(rest, percent && withLabels(rest, percent));
  const found = findStage(rest);
  // 已完成六成 / 完成了60%: the completion word describes the percentage, it is not a stage of its own.
  const stage = found?.stage === '已完成' && percent?.valid && percent.value < 100 ? null : found;
  let measures = tidy(stage && isLeadingWord(rest, stage) ? rest.slice(stage.index + stage.raw.length) : rest);
  // 进度 60% 14 已恢复林地: a lone number right after the figures names the recommendation; what was taken out
  // before it was the figures, so it cannot be the percentage, and it is not a quantity when no unit follows.
  const serial = ref || knownRef || !(percent || stage) ? null : serialAfterFigures(measures ?? '');
  if (serial) measures = tidy(measures!.slice(serial.length));
  return { ref: ref ?? serial, percent, stage, measures, quantities: findQuantities(measures ?? '') };
}

/** Characters that make a number before them a quantity, a date or a larger number rather than a serial. */
const NOT_AFTER_SERIAL = new RegExp(`^[${[...new Set(Object.keys(UNITS).map((unit) => unit.charAt(0)))].join('')}年月日天号周时点分秒万千百亿%成倍]`);

/** A bare serial at the start of what is left after the figures (`14 已恢复林地`, `14`), unless a unit or date word follows it. */
function serialAfterFigures(text: string): RefMatch | null {
  const bare = bareSerialAtStart(text);
  if (!bare) return null;
  const next = text.slice(bare.length).replace(/^[\s,;、。]+/, '');
  return NOT_AFTER_SERIAL.test(next) ? null : bare;
}

/**
 * The reference a command's arguments are about: a full 文号 anywhere, a short one at the start or standing
 * alone, else a bare serial at the start when `allowBare` agrees for the text after it.
 */
export function locateRef(body: string, allowBare: (after: string) => boolean = () => true): RefMatch | null {
  const found = findRef(body);
  if (found) return found;
  const bare = bareSerialAtStart(body);
  return bare && allowBare(body.slice(bare.length)) ? bare : null;
}

/** The text with the matched span replaced by a space (so the words around it do not run together). */
export function cut(text: string, span: { index: number; length: number } | null): string {
  return span ? `${text.slice(0, span.index)} ${text.slice(span.index + span.length)}` : text;
}

/** Collapses the spaces left by cutting and drops separators at both ends; null when nothing is left. */
export function tidy(text: string): string | null {
  const tidied = text.replace(/ {2,}/g, ' ').replace(EDGE_SEPARATORS, '');
  return tidied === '' ? null : tidied;
}

/** The span of a percentage with the words that introduce or qualify it. */
function withLabels(text: string, percent: PercentMatch): { index: number; length: number } {
  const before = text.slice(0, percent.index);
  const found = PERCENT_LABEL.exec(before)?.[0] ?? '';
  // 整改未完成 60%: a negated word is a statement of its own, not the percentage's label.
  const label = /[未没不无]$/.test(before.slice(0, before.length - found.length)) ? '' : found;
  const end = percent.index + percent.raw.length;
  const qualifier = PERCENT_QUALIFIER.exec(text.slice(end))?.[0] ?? '';
  return { index: percent.index - label.length, length: label.length + percent.raw.length + qualifier.length };
}

function bareNumberPercent(text: string): PercentMatch | null {
  const trimmed = text.trimStart();
  const match = BARE_NUMBER.exec(trimmed);
  if (!match?.[1]) return null;
  const value = Number(match[1]);
  return { value, valid: value >= 0 && value <= 100, raw: match[1], index: text.length - trimmed.length };
}

/** A stage word that is the whole first word of the text (整改中，已拆除…), not the start of a phrase (已立案查处). */
function isLeadingWord(text: string, stage: StageMatch): boolean {
  const before = text.slice(0, stage.index);
  const after = text.charAt(stage.index + stage.raw.length);
  return /^[\s,.;:、。]*$/.test(before) && (after === '' || /[\s,.;:、。!]/.test(after));
}
