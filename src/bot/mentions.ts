import { matchCommandWord, normalizeText } from '../commands/index.js';
import { parseProsecutorCommand } from '../commands/prosecutor-commands.js';

/** A group message as the bot reads it. */
export interface GroupText {
  /** The text without @mentions; undefined when the message has none (a photo). */
  text: string | undefined;
  /**
   * The message @mentions someone besides the bot. WeCom delivers a group message to the bot only when it is
   * @mentioned, so a second distinct name is a colleague's.
   */
  toOthers: boolean;
}

/** The @mentions at the start of a group message: the bot's name, and the colleagues addressed with it. */
const LEADING_MENTIONS = /^(?:\s*[@＠]\S+(?:\s+|$))+/;

/**
 * An @mention anywhere: `@` or `＠` at the start or after a space (not an e-mail's `a@b.com`, nor `<@all>`), then the
 * name up to the next space; the spaces after it on the same line go with it.
 */
const MENTION = /(?<=^|\s)[@＠]([^\s@＠]+)[^\S\n]*/g;

/**
 * A group message as written to the bot: WeCom delivers `@衔接助手 某木材厂` in groups, and an answer read with the
 * mention recorded `@衔接助手 某木材厂` as the party and did not understand `@衔接助手 确认`. Mentions later in the text
 * (`… 已补植 @赵六 请核对`) are taken out too: a colleague asked to look is no measure of the rectification. Other
 * chats are read as written.
 */
export function readMentions(text: string | undefined, chatType: string | undefined): GroupText {
  if (text === undefined || chatType !== 'group') return { text, toOthers: false };
  const names = new Set([...text.matchAll(MENTION)].map((m) => m[1]));
  const bare = text.replace(LEADING_MENTIONS, '').replace(MENTION, '');
  // 只 @衔接助手 with nothing after it: they want to know what the bot does.
  return { text: bare.trim() === '' && text.trim() !== '' ? '帮助' : bare, toOthers: names.size > 1 };
}

/**
 * Whether a group message that also @mentions colleagues is still meant for the bot: it starts with a command
 * (`@衔接助手 @张三 进度 14号 60%`, `… 查询 14号`, `… 线索`). Otherwise it is people talking to each other (`@衔接助手
 * @张三 14号现在进度多少了？你报一下60%还是70%`), and nothing in it is the sender's own report or question.
 */
export function commandForBot(text: string): boolean {
  return matchCommandWord(normalizeText(text)) !== null || parseProsecutorCommand(text) !== null;
}

/** What the sender of a group message addressed to colleagues as well is told: nothing was recorded, and how to ask. */
export const addressedToOthersText =
  '这条消息同时@了其他同事，衔接助手没有记录，也没有作为查询办理。如需衔接助手办理，请以命令开头发送，例如「@衔接助手 进度 14号 60% 已恢复林地」「@衔接助手 查询 14号」，或只@衔接助手。';
