/**
 * Stage words (阶段 / 节点) that can stand in for a percentage in a progress update, e.g.
 * `进度 14号 整改中 已拆除违建3处`.
 */

/** Canonical stage → the phrasings staff use for it. */
export const STAGES: Readonly<Record<string, readonly string[]>> = {
  未启动: ['未启动', '尚未启动', '还没开始', '尚未开始'],
  已制定方案: ['已制定方案', '已制定整改方案', '整改方案已制定', '方案已制定', '方案已制定好'],
  整改中: ['整改中', '正在整改', '整改进行中', '已启动整改', '已启动', '推进中', '正在推进', '进行中', '正在办理', '办理中'],
  已立案: ['已立案', '立案查处'],
  已处罚: ['已处罚', '已作出处罚', '已下达处罚决定', '已作出处罚决定'],
  已执行: ['已执行', '执行完毕', '已强制执行', '申请强制执行'],
  已移送: ['已移送', '已移交'],
  已整改: ['已整改', '整改完毕', '已整改完毕', '整改到位', '已整改到位', '整改完成'],
  已验收: ['已验收', '验收合格', '通过验收', '已复查', '复查合格'],
  已结案: ['已结案', '结案', '已办结', '办结'],
  已完成: ['已完成', '全部完成', '已全部完成', '完成了', '已经完成'],
};

/** A stage word found in text. */
export type StageMatch = { stage: string; raw: string; index: number };

/** A phrasing and its 已经 form where it has 已 (已立案 → 已经立案, 方案已制定 → 方案已经制定). */
const withYijing = (word: string): string[] => (word.includes('已') && !word.includes('已经') ? [word, word.replace('已', '已经')] : [word]);

const SYNONYMS: ReadonlyMap<string, string> = new Map(
  Object.entries(STAGES).flatMap(([stage, words]) => words.flatMap(withYijing).map((word): [string, string] => [word, stage])),
);

/** Longest phrasings first, so that 已整改完毕 wins over 已整改. */
const STAGE_PATTERN = new RegExp(
  [...SYNONYMS.keys()].sort((a, b) => b.length - a.length).join('|'),
  'g',
);

/**
 * Words that negate a following stage word, put it in the future or make it partial: 未完成, 没有整改到位, 尚未立案,
 * 快完成了, 预计下周完成, 还差两成就完成了, 基本完成了 (basically done: part of the work, so the figures are asked for).
 */
const NEGATION = /(?:[未没不无]有?|(?:快要?|即将|将要|马上|接近|争取|预计|计划|准备|力争)[^,.;:!?。、\s]{0,4}|(?:还差|还剩|只差|就差)[^,.;:!?。、\s]{0,6}|(?:基本|大体|大致|初步|差不多)上?(?:已经?)?)$/;

/** The leftmost stage word that is not negated, or null. */
export function findStage(text: string): StageMatch | null {
  for (const match of text.matchAll(STAGE_PATTERN)) {
    if (NEGATION.test(text.slice(Math.max(0, match.index - 8), match.index))) continue;
    const stage = SYNONYMS.get(match[0]);
    if (stage === undefined) continue;
    if (WHOLE_ONLY.has(stage) && !ENDS_THE_WORK.test(text.slice(match.index + match[0].length))) continue;
    const clauseHead = text.slice(0, match.index).split(/[,.;:!?。、]/).at(-1)!.trim();
    // 已完成拆除，复绿还没开始: a part of the work not begun is not the stage of the whole.
    if (stage === NOT_STARTED && !WHOLE_SUBJECT.test(clauseHead)) continue;
    // 已查处3起，其中2起已结案: the stage of some of the cases, not of the recommendation.
    if (SOME_OF_SEVERAL.test(clauseHead)) continue;
    return { stage, raw: match[0], index: match.index };
  }
  return null;
}

/** A clause about some of several items (其中2起, 3起案件, 两处): the stage word after it is theirs, not the whole work's. */
const SOME_OF_SEVERAL = /其中|(?:\d+|[一二两三四五六七八九十]+)\s?(?:起|件|宗|处|个|家|户)(?:案件|违建|企业)?\s?$/;

/** The stage of work not begun, and what may be said to have not begun for it to be the whole work's. */
const NOT_STARTED = '未启动';
const WHOLE_SUBJECT = /^(?:目前|现在|暂时|当前|我们|我局|整改|整改工作|工作|项目|任务|都|还|尚|仍)*$/;

/**
 * Stages that mean all the work is done: only when nothing follows that says what was done (已完成拆除, 已完成一部分,
 * 已整改3处 report a part of the work, not the stage).
 */
const WHOLE_ONLY: ReadonlySet<string> = new Set(['已完成', '已整改']);
const ENDS_THE_WORK = /^(?:$|[\s,.;:!?。、~]|整改|工作|任务|了|啦)/;
