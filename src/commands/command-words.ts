import type { CommandName } from './types.js';

/** A command other than `unknown`: one that a word can start. */
export type KnownCommand = Exclude<CommandName, 'unknown'>;

/**
 * The words that start each command, with the synonyms and common typos staff use (代办 for 待办, 回覆 for 回复).
 * Matching is on the normalised text, so full-width and traditional forms are already folded.
 */
export const COMMAND_WORDS: readonly { command: KnownCommand; words: readonly string[] }[] = [
  { command: 'help', words: ['帮助', '菜单', '使用说明', '怎么用', '命令', 'help', '?'] },
  { command: 'todo', words: ['我的待办', '待办事项', '待办', '代办', '我的任务', 'todo'] },
  { command: 'query', words: ['查询', '查一下', '查下', '查看', '查查', '查', 'query'] },
  { command: 'progress', words: ['整改进度', '汇报进度', '更新进度', '报进度', '进度', '进展', 'progress'] },
  { command: 'complete', words: ['整改完成', '已完成', '完成', '办结', 'complete', 'done'] },
  { command: 'reply', words: ['书面回复', '回复', '回覆', '答复', 'reply'] },
  { command: 'report', words: ['上报案件', '案件上报', '新增案件', '上报', 'report'] },
  { command: 'amend', words: ['更正案件', '修改案件', '案件更正', '案件修改', '更正上报', '修改上报'] },
  { command: 'undo', words: ['撤回', '撤销', '撤消', 'undo'] },
];

/** A command word at the start of a message and the text after it. */
export type CommandWordMatch = {
  command: KnownCommand;
  word: string;
  /** The text after the word, without the separators that follow it (space, colon, comma …). */
  rest: string;
  /** Whether a Chinese character follows the word directly (已完成拆除), so it may be the start of a longer phrase. */
  glued: boolean;
};

/** Every word with its command, longest first so that 查一下 wins over 查 and 我的待办 over 待办. */
const ENTRIES = COMMAND_WORDS.flatMap(({ command, words }) => words.map((word) => ({ command, word }))).sort(
  (a, b) => b.word.length - a.word.length,
);

/**
 * Separators between a command word and its arguments: 进度：14号, 进度,14号, 进度-14号. A hyphen right before a
 * digit is a minus sign and stays (进度 -5% 14号 is an impossible percentage to ask about, not 5%).
 */
const SEPARATORS = /^(?:[\s:,.;、—~]|-(?!\d))+/;

/**
 * The command word the text starts with, if any. ASCII words match in any case but not as the start of a
 * longer word (`helpful` is not `help`); Chinese words may be glued to what follows (`进度14号60%`).
 */
export function matchCommandWord(text: string): CommandWordMatch | null {
  for (const { command, word } of ENTRIES) {
    const head = text.slice(0, word.length);
    if (head.toLowerCase() !== word) continue;
    if (/^[a-z]+$/.test(word) && /^[a-z]/i.test(text.charAt(word.length))) continue;
    return { command, word, rest: text.slice(word.length).replace(SEPARATORS, ''), glued: /[\u4e00-\u9fff]/.test(text.charAt(word.length)) };
  }
  return null;
}
