import { parseCommand } from './parse-command.js';
import type { ProgressCommand, Problem } from './types.js';

/**
 * Words around a refused figure that only qualify it, taken out with it: the label (完成了, 整体进度), a hedge (大概),
 * the bound or remainder words the parser refused it for (不到, 还差, 以下), and chat filler after it (吧). Left in,
 * they would become the measures (措施：完成了) or turn the figure answered next into a bound again (不到⏎75%).
 */
const QUALIFIER_BEFORE = /(?:(?:整体|总体|总|整改)?(?:进度|进展|完成率|已经?完成了?|完成了?|达到了?|到了|目前|现在|当前|约|大概|大约|差不多|估计|可能|应该|不到|不足|低于|少于|未达到?|没到|没有达到|还差|还剩|只差|就差|尚差|剩下|剩余|尚余)[\s:]?)+$/;
const QUALIFIER_AFTER = /^\s?(?:以下|之下|以内|不到|左右|上下)?(?:了|吧|啊|呢|哈|哦)*/;
/** 70%还是75%我再确认下: the sender's own doubt about the figure, no measure. */
const DOUBT_AFTER = /^[\s,]?(?:我|我们)?(?:再|还要|还得|要|得)?(?:确认|核实|核对|问问|问一下|看看|查一下|查查|了解)(?:一下|下)?(?:吧|啊|哈)*/;

/**
 * 进度 14号 六成还是七成 / 60%-70% / 不到80% / 120%: the update as if its refused figure had not been written, with the
 * problem the figure was refused for, so the bot can ask for the figure and keep the update waiting on it — the bare
 * figure sent next completes it (handlers/index.ts reads an answer with the message that asked). Null when taking the
 * figure out leaves no update that a bare figure completes: no recommendation named, two percentages of which one may
 * be a measure's, a stage written beside the figure, or any other problem.
 */
export function withoutUndecidedFigure(cmd: ProgressCommand): { waiting: ProgressCommand; problem: Problem } | null {
  const [problem, ...others] = cmd.problems;
  if (!problem || others.length > 0 || problem.field !== 'percent' || cmd.ref === null || cmd.stage !== null) return null;
  // Several figures joined (消息里有2个比例): one of them may be a measure's own, which must stay.
  const at = cmd.text.indexOf(problem.value);
  if (problem.value.includes('、') || at < 0 || cmd.text.lastIndexOf(problem.value) !== at) return null;
  const head = cmd.text.slice(0, at).replace(QUALIFIER_BEFORE, '');
  const tail = cmd.text.slice(at + problem.value.length).replace(QUALIFIER_AFTER, '').replace(DOUBT_AFTER, '');
  const [before, after] = [head.replace(/[\s,;]+$/, ''), tail.replace(/^[\s,;]+/, '')];
  // 已拆除，六成还是七成，已补植: the clauses on either side stay apart as they were written.
  const joint = before && after ? (/[,;]\s*$/.test(head) || /^\s*[,;]/.test(tail) ? ',' : ' ') : '';
  const bare = `${before}${joint}${after}`;
  // 14号 进度六七成了 leaves 14号, which alone asks about the recommendation: the command word says it is news.
  const text = parseCommand(bare).command === 'progress' ? bare : `进度 ${bare}`;
  const waiting = parseCommand(text);
  if (waiting.command !== 'progress' || !completedByFigure(waiting, cmd.ref)) return null;
  // A figure sent on its own must finish it, as the answer will be read (the message, a line break, the answer).
  const answered = parseCommand(`${text}\n60%`);
  return answered.command === 'progress' && answered.percent === 60 && answered.problems.length === 0 && answered.ref === cmd.ref ? { waiting, problem } : null;
}

/** Whether the update names `ref` and lacks only its figure. */
function completedByFigure(cmd: ProgressCommand, ref: string): boolean {
  return cmd.ref === ref && cmd.problems.length === 0 && cmd.percent === null && cmd.stage === null && cmd.missing.length === 1 && cmd.missing[0] === 'percent_or_stage';
}
