import { bareSerialAtStart, findRef, type RefMatch } from './document-ref.js';
import { findPercentRanges, findPercents, type PercentMatch } from './percent.js';
import { findQuantities, UNITS } from './quantities.js';
import { findStage, type StageMatch } from './stages.js';
import type { Problem, Quantity } from './types.js';

/** What the text after a progress-like command word holds. */
export type ProgressBody = {
  ref: RefMatch | null;
  percent: PercentMatch | null;
  stage: StageMatch | null;
  /** The text left after taking out the reference, the percentage and a leading stage word. */
  measures: string | null;
  quantities: Quantity[];
  /** Figures that cannot be recorded as they are (a range, two percentages and none named the progress): ask. */
  problems: Problem[];
};

/** A bare number standing alone at the start: `60` in `进度 14号 60 已恢复林地`. */
const BARE_NUMBER = /^(\d{1,4}(?:\.\d{1,3})?)(?=$|[\s,;、。])/;

/**
 * Words that only introduce the percentage right after them (目前整改进度60%, 已完成三分之二, 进行到一半了) and
 * words that only qualify it (60%左右): taken out with it, so they do not end up in the recorded measures.
 */
const PERCENT_LABEL = new RegExp(
  '(?:(?:目前|现在|当前|截至目前|截止目前)[的,]?)?' +
    // 整改 labels the percentage with a word for progress or as a word of its own glued to it (14号 整改60%):
    // 还在继续整改 四成 keeps its 整改.
    '(?:(?:整改)?(?:工作)?的?(?:整体|总体|总)?(?:进度|进展|完成率|完成比例|完成度)|整体|总体|(?<![^\\s,;、。])整改(?:工作)?(?=$))?' +
    // 进度还是九成, 进度仍然是八成: the figure restated, its 还是 part of the label.
    '(?:还是|仍是|仍然是|依然是|还|仍)?(?:为|是)?(?:已经?)?(?:基本)?(?:差不多|大概|大约|大致|估计|约|接近|将近|超过)?' +
    '(?:(?:整改)?完成了?|达到了?|达|进行到了?|推进到了?|到了?)?(?:差不多|大概|大约|约|接近|将近|超过)?[\\s:=]*$',
);
// 百分之六十吧应该: a hedge after the figure (应该, 估计) qualifies it too, when nothing follows it in its clause.
const PERCENT_QUALIFIER = /^\s?(?:以上|左右|上下|多|出头)?(?:了|啦)?(?:的(?:整改)?(?:任务|工作量|工作|进度)?)?(?:了|啦)?(?:吧|啊|哈|呢|哦)*(?:\s?(?:应该|估计|大概|可能|差不多)(?:是|吧|的)?(?:吧|啊)?(?=$|[\s,.;。!]))?/;

/** A label that names the percentage as the overall progress (整体进度60%, 已完成六成). */
const PROGRESS_LABEL = /进度|进展|整体|总体|完成/;

/** Words right before a percentage that make it a part of a measure (面积的80%, 成活率90%, 成活率=85%, 占60%). */
const MEASURE_PERCENT = /(?:的|率|占比?)(?:为|是|达到?|约|已达)?\s?[:=]?\s?$/;

/**
 * Whether the percentage after `before` is a share of one item of the work rather than of the whole: 面积的80%,
 * 占应追缴的三成, or glued to the item's words with no label between (恢复矿山生态两成, 林地恢复了60%).
 */
function ofItem(before: string): boolean {
  if (MEASURE_PERCENT.test(before)) return true;
  // 还差30%, 不到80%: asked about below as what is left or a bound, not taken for an item's share.
  if (REMAINING_BEFORE.test(before) || BELOW_BEFORE.test(before)) return false;
  const label = labelBefore(before);
  const head = before.slice(0, before.length - label.length);
  return !PROGRESS_LABEL.test(label) && !/[\s:]/.test(label) && /[\u4e00-\u9fff]$/.test(head) && !/(?:整改|工作|目前|现在|当前)$/.test(head);
}

/**
 * A rate (成活率90%, 覆盖率达到95%, 成活率=85%) is a measure even when it is the only percentage in the message; 完成率 is
 * the progress's own label, which is read first.
 */
const RATE_PERCENT = /率(?:为|是|达到?|约|已达)?\s?[:=]?\s?$/;

/** Chat filler at the end of what was said (…还在继续整改吧): not part of the measures. */
const TRAILING_FILLER = /[\s,]*(?:吧|啊|哈|呢|哦)+$/;

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
  const ref = knownRef ?? locateRef(body, (after) => findPercents(after).length > 0 || BARE_NUMBER.test(after.trim()));
  let rest = knownRef ? body : cut(body, ref);
  const choice = choosePercent(rest);
  const percent = choice.problem ? null : (choice.percent ?? bareNumberPercent(rest));
  rest = cut(rest, percent && withLabels(rest, percent));
  const found = findStage(rest);
  // 已完成六成 / 完成了60%: the completion word describes the percentage, it is not a stage of its own.
  const stage = found?.stage === '已完成' && percent?.valid && percent.value < 100 ? null : found;
  let measures = tidyMeasures(stage && isLeadingWord(rest, stage) ? rest.slice(stage.index + stage.raw.length) : rest);
  // 进度 60% 14 已恢复林地: a lone number right after the figures names the recommendation; what was taken out
  // before it was the figures, so it cannot be the percentage, and it is not a quantity when no unit follows.
  const serial = ref || knownRef || !(percent || stage) ? null : serialAfterFigures(measures ?? '');
  if (serial) measures = tidyMeasures(measures!.slice(serial.length));
  const problems = choice.problem ? [choice.problem] : [];
  return { ref: ref ?? serial, percent, stage, measures, quantities: findQuantities(measures ?? ''), problems };
}

/** A percentage, or a range of them, that may be the progress. */
type Candidate = { percent: PercentMatch | null; raw: string; index: number };

/**
 * The percentage that is the overall progress: the one labelled as such (整体进度60%), else the only one, else the
 * only one not qualifying a measure (面积的80%, 成活率90%). A range (60%-70%) or two percentages with nothing to tell
 * them apart are a problem, so the sender is asked rather than one figure guessed.
 */
function choosePercent(text: string): { percent: PercentMatch | null; problem: Problem | null } {
  const ranges = findPercentRanges(text);
  const inRange = (p: PercentMatch) => ranges.some((r) => p.index >= r.index && p.index < r.index + r.raw.length);
  const candidates: Candidate[] = [
    ...findPercents(text).filter((p) => !inRange(p)).map((p) => ({ percent: p, raw: p.raw, index: p.index })),
    ...ranges.map((r) => ({ percent: null, raw: r.raw, index: r.index })),
  ].sort((a, b) => a.index - b.index);
  const before = (c: Candidate) => text.slice(Math.max(0, c.index - MAX_LABEL_LENGTH), c.index);
  // 60%还是70%, 六成或七成: two figures offered as alternatives are undecided, like a range; whichever was labelled or
  // free, one was recorded (你报一下60%还是70% recorded 70%).
  const either = candidates.find((c, i) => i > 0 && ALTERNATIVE.test(text.slice(candidates[i - 1]!.index + candidates[i - 1]!.raw.length, c.index)));
  if (either) {
    const raw = text.slice(candidates[candidates.indexOf(either) - 1]!.index, either.index + either.raw.length);
    return { percent: null, problem: { field: 'percent', value: raw, reason: `“${raw}”没有说定，请写明确定的完成比例` } };
  }
  // 其中东片区完成80%: the figure of a part is never the overall progress, labelled or not.
  const whole = candidates.filter((c) => !ofPart(before(c)));
  const labelled = whole.filter((c) => PROGRESS_LABEL.test(labelBefore(before(c))));
  const free = whole.filter((c) => !ofItem(before(c)));
  // 进度 14号 50% 完成80%: a figure right after the reference stands where the progress is written, so a labelled
  // figure that differs from it contradicts it rather than wins over it.
  const placed = whole.find((c) => /^[\s,:]*$/.test(text.slice(0, c.index)) && !labelled.includes(c));
  const chosen = distinctFigures(placed && labelled.length > 0 ? [placed, ...labelled] : labelled.length > 0 ? labelled : candidates.length === 1 ? whole : free);
  // 占应追缴的三成, 恢复矿山生态两成, 成活率90%: a share of one item, even alone, is not the whole work's progress.
  if (whole.length === 0 || (candidates.length === 1 && labelled.length === 0 && (RATE_PERCENT.test(before(candidates[0]!)) || ofItem(before(candidates[0]!))))) {
    return { percent: null, problem: null };
  }
  if (chosen.length !== 1) {
    const raws = candidates.map((c) => `“${c.raw}”`).join('');
    return { percent: null, problem: { field: 'percent', value: candidates.map((c) => c.raw).join('、'), reason: `消息里有${candidates.length}个比例（${raws}），请写明整体整改进度是多少（如“整体进度60%”）` } };
  }
  // chosen.length === 1 was checked just above; TypeScript does not narrow arrays by length.
  const [only] = chosen as [Candidate];
  if (only.percent === null) {
    return { percent: null, problem: { field: 'percent', value: only.raw, reason: `“${only.raw}”是一个范围，请写明确定的完成比例` } };
  }
  // 还差30%: what is left, not what is done; recording 30% would say the opposite of the sender.
  if (REMAINING_BEFORE.test(before(only))) {
    return { percent: null, problem: { field: 'percent', value: only.raw, reason: `“${only.raw}”是尚未完成的部分，请写明已完成的比例（如“已完成70%”）` } };
  }
  // 不到80%, 80%以下: only a bound from above; recording 80% would overstate the work done (80%以上 is a floor, kept).
  const after = text.slice(only.index + only.raw.length);
  if (BELOW_BEFORE.test(before(only)) || BELOW_AFTER.test(after)) {
    return { percent: null, problem: { field: 'percent', value: only.raw, reason: `“${only.raw}”只是一个上限，请写明确定的完成比例` } };
  }
  return { percent: only.percent, problem: null };
}

/** The candidates, or only the last when all say the same figure (进度 14号 60% 整体进度60%). */
function distinctFigures(candidates: Candidate[]): Candidate[] {
  const values = new Set(candidates.map((c) => (c.percent ? c.percent.value : c.raw)));
  return values.size === 1 && candidates.length > 1 ? candidates.slice(-1) : candidates;
}

/** What joins two figures offered as alternatives: 60%还是70%, 六成或者七成. */
const ALTERNATIVE = /^\s?(?:还是|或者?是?|抑或)\s?$/;

/** Words that make a percentage what is left to do: 还差30%, 还剩两成, 剩余20%. */
const REMAINING_BEFORE = /(?:还差|还剩|只差|就差|尚差|剩下|剩余|尚余)\s?(?:约|大概|大约)?\s?$/;

/** Words that make a percentage an upper bound: 不到80%, 低于八成, 80%以下. */
const BELOW_BEFORE = /(?:不到|不足|低于|少于|未达到?|没到|没有达到)\s?$/;
const BELOW_AFTER = /^\s?(?:以下|之下|以内|不到)/;

/** Longer than any label; reading no further back keeps a message full of percentages linear. */
const MAX_LABEL_LENGTH = 32;

/** A part of the work right before a percentage's label: 东片区完成80%, 拆除部分完成90%, 资金方面完成70%. */
const PART_BEFORE = /(?:片区|部分|方面|区域|地块|路段|标段|点位|乡镇|街道|社区)(?:的)?\s?$/;

/** Labels that name the whole work, which no part word before them can narrow (东片区整体进度 is still a part, though). */
const WHOLE_LABEL = /整体|总体|总/;

/**
 * Whether the percentage after `before` is the figure of a part of the work: its label is preceded by a part word
 * (东片区完成80%) or its clause starts with 其中 (进度50% 其中东片区完成80%), and the label does not say 整体/总体.
 */
function ofPart(before: string): boolean {
  const label = labelBefore(before);
  if (WHOLE_LABEL.test(label)) return false;
  const head = before.slice(0, before.length - label.length);
  const clause = head.slice(head.search(/[^,;.!?。、]*$/));
  return PART_BEFORE.test(head) || clause.includes('其中');
}

/** The words before a percentage that label it (see {@link PERCENT_LABEL}). */
function labelBefore(before: string): string {
  return PERCENT_LABEL.exec(before.slice(-MAX_LABEL_LENGTH))?.[0] ?? '';
}

/** {@link tidy}, and chat filler at the end (吧, 啊, 呢) dropped. */
function tidyMeasures(text: string): string | null {
  const tidied = tidy(text);
  return tidied === null ? null : tidy(tidied.replace(TRAILING_FILLER, ''));
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
  const found = labelBefore(before);
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
  // 进度 0.8: a share written as a fraction (80%) or 0.8%? Not a figure to guess; refused, so the sender is asked.
  return { value, valid: value <= 100 && (value === 0 || value >= 1), raw: match[1], index: text.length - trimmed.length };
}

/** A stage word that is the whole first word of the text (整改中，已拆除…), not the start of a phrase (已立案查处). */
function isLeadingWord(text: string, stage: StageMatch): boolean {
  const before = text.slice(0, stage.index);
  const after = text.charAt(stage.index + stage.raw.length);
  return /^[\s,.;:、。]*$/.test(before) && (after === '' || /[\s,.;:、。!]/.test(after));
}
