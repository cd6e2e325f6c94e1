import type { Connection } from 'mongoose';
import { matchCommandWord, normalizeText, parseCommand } from '../commands/index.js';
import { parseProsecutorCommand } from '../commands/prosecutor-commands.js';
import { staffModel } from '../models/staff.js';

/** A group message as the bot reads it. */
export interface GroupText {
  /** The text without @mentions; undefined when the message has none (a photo). */
  text: string | undefined;
  /**
   * The message speaks to a colleague besides the bot: a colleague @mentioned at its start beside the bot, or within
   * its text (`…，@赵六 您看下`). A colleague @mentioned only at its end (`@衔接助手 14号整改进度八成 @赵六`) is
   * copied in, and @所有人 is nobody in particular.
   */
  toOthers: boolean;
}

/** One @mention in a text: where it stands (with the spaces after it) and the name. */
interface Mention {
  start: number;
  end: number;
  name: string;
  /** Right after a word (已通知@赵六), not after a space or punctuation: the name is part of the sentence. */
  glued: boolean;
}

/**
 * Web and e-mail addresses, whose `@` mentions nobody (zhang_san@lin.gov.cn, https://example.com/@li); `<@all>` is
 * markdown's mention, typed as text.
 */
const NOT_MENTIONS = /\b(?:https?|ftp):\/\/\S+|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+|<[@＠]/g;
/** What ends a name WeCom puts after @: a space, another @, punctuation. */
const NAME = /[^\s@＠，。、；：！？,;:!?（）()【】「」“”"]+/y;
const NAME_END = /[\s@＠，。、；：！？,;:!?（）()【】「」“”"]/;
/** Further words of a Latin name (`@Tony Wang`): capitalised, letters only, before a space, punctuation or the end. */
const LATIN_NAME = /^[A-Za-z][A-Za-z.'-]*$/;
const LATIN_NAME_WORD = / ([A-Z][A-Za-z.'-]*)(?=[\s@＠，。、；：！？,;:!?]|$)/y;
/** What stands before an @ that is not glued to a word. */
const SEPARATOR = /[\s\p{P}\p{S}]/u;
/** @所有人 (WeCom's @all in a group) and @all: everyone, not a colleague asked something. */
const EVERYONE = /^(?:所有人|all)$/i;

/**
 * The @mentions of a text: `@` or `＠` at the start, after a space or punctuation (`，@赵六`) or straight after a word
 * (`已通知@赵六`, `4.5万元@衔接助手`), but not an e-mail's or a URL's `@`, nor `<@all>`. WeCom delivers the text only
 * (the long connection's frame lists nobody mentioned), so a name runs to the next space or punctuation, or is one of
 * `knownNames` (bound staff, whose names may have a space: `@Tony Wang`); a Latin name takes capitalised words after it.
 */
function findMentions(text: string, knownNames: readonly string[]): Mention[] {
  const skipped = [...text.matchAll(NOT_MENTIONS)].map((m) => [m.index, m.index + m[0].length] as const);
  const longestFirst = [...knownNames].filter((name) => name !== '').sort((a, b) => b.length - a.length);
  const mentions: Mention[] = [];
  for (let at = text.search(/[@＠]/); at !== -1; at = indexOfAt(text, at + 1)) {
    if (skipped.some(([start, end]) => start <= at && at < end) || mentions.some((m) => at < m.end)) continue;
    const name = nameAt(text, at + 1, longestFirst);
    if (!name) continue;
    const after = at + 1 + name.length;
    const spaces = /^[^\S\n]*/.exec(text.slice(after))![0].length;
    mentions.push({ start: at, end: after + spaces, name, glued: at > 0 && !SEPARATOR.test(text[at - 1]!) });
  }
  return mentions;
}

function indexOfAt(text: string, from: number): number {
  const rest = text.slice(from).search(/[@＠]/);
  return rest === -1 ? -1 : from + rest;
}

/** The name written at `at` (just after the @), or '' when none is. */
function nameAt(text: string, at: number, knownNames: readonly string[]): string {
  const known = knownNames.find((name) => text.startsWith(name, at) && (at + name.length === text.length || NAME_END.test(text[at + name.length]!)));
  if (known) return known;
  NAME.lastIndex = at;
  let name = NAME.exec(text)?.[0] ?? '';
  if (!LATIN_NAME.test(name)) return name;
  for (let words = 0; words < 2; words += 1) {
    LATIN_NAME_WORD.lastIndex = at + name.length;
    const word = LATIN_NAME_WORD.exec(text);
    if (!word) break;
    name += word[0];
  }
  return name;
}

/**
 * Whether the message speaks to a colleague, not to the bot alone. WeCom delivers a group message to the bot only
 * when it is @mentioned, so with a single name mentioned it is the bot's. With more, the message is the bot's when it
 * opens with one name (the bot's: not a colleague's known name) and the others stand only at its end, copied in.
 */
function speaksToOthers(text: string, mentions: Mention[], knownNames: readonly string[]): { toOthers: boolean; bot: string | undefined } {
  const named = mentions.filter((m) => !EVERYONE.test(m.name));
  const names = new Set(named.map((m) => m.name));
  if (names.size <= 1) return { toOthers: false, bot: named[0]?.name };
  const leading = new Set(named.filter((m) => isLeading(text, m, mentions)).map((m) => m.name));
  const [opening] = leading;
  if (leading.size !== 1 || knownNames.includes(opening!)) return { toOthers: true, bot: undefined };
  return { toOthers: named.some((m) => m.name !== opening && !isTrailing(text, m, mentions)), bot: opening };
}

/** Nothing but spaces and other mentions before it. */
function isLeading(text: string, mention: Mention, mentions: Mention[]): boolean {
  return withoutMentions(text.slice(0, mention.start), mentions.filter((m) => m.end <= mention.start)).trim() === '';
}

/** Nothing but spaces, punctuation and other mentions after it. */
function isTrailing(text: string, mention: Mention, mentions: Mention[]): boolean {
  const after = mentions.filter((m) => m.start >= mention.end).map((m) => ({ ...m, start: m.start - mention.end, end: m.end - mention.end }));
  return /^[\s\p{P}\p{S}]*$/u.test(withoutMentions(text.slice(mention.end), after));
}

function withoutMentions(text: string, mentions: Mention[], keepName: (m: Mention) => boolean = () => false): string {
  let out = '';
  let at = 0;
  for (const m of mentions) {
    out += text.slice(at, m.start) + (keepName(m) ? text.slice(m.start + 1, m.end) : '');
    at = m.end;
  }
  return out + text.slice(at);
}

/**
 * A group message as written to the bot: WeCom delivers `@衔接助手 某木材厂` in groups, and an answer read with the
 * mention recorded `@衔接助手 某木材厂` as the party and did not understand `@衔接助手 确认`. Mentions later in the text
 * (`… 已补植 @赵六 请核对`, `已追缴4.5万元@衔接助手`) are taken out too: a colleague asked to look is no measure of the
 * rectification. A colleague's name written into a sentence (`已通知@赵六`) stays in it, without the @. Other chats are
 * read as written. `knownNames` are the names of bound staff (see mentionableNames).
 */
export function readMentions(text: string | undefined, chatType: string | undefined, knownNames: readonly string[] = []): GroupText {
  if (text === undefined || chatType !== 'group') return { text, toOthers: false };
  const mentions = findMentions(text, knownNames);
  const { toOthers, bot } = speaksToOthers(text, mentions, knownNames);
  const bare = withoutMentions(text, mentions, (m) => m.glued && m.name !== bot && !EVERYONE.test(m.name)).replace(/^\s+/, '');
  // 只 @衔接助手 with nothing after it: they want to know what the bot does.
  return { text: bare.trim() === '' && text.trim() !== '' ? '帮助' : bare, toOthers };
}

/** The names a group message may @mention besides the bot's: those of bound staff, for names with a space. */
export async function mentionableNames(mongo: Connection): Promise<string[]> {
  const staff = await staffModel(mongo).find({}, { name: 1 }).lean();
  return staff.map((s) => s.name);
}

/** Speaking to someone (你, 您): with a colleague mentioned, that is the colleague, not the bot. */
const SECOND_PERSON = /[你您]/;

/**
 * How a group message that also speaks to colleagues is still meant for the bot: it starts with a command (`@衔接助手
 * @张三 进度 14号 60%`, `… 查询 14号`, `… 线索`), or it asks for something that records nothing (`@衔接助手 @张三
 * 14号进展如何`, `… 看一下待办`): answering it harms nothing. Otherwise (null) it is people talking to each other
 * (`@衔接助手 @张三 14号现在进度多少了？你报一下60%还是70%`), and nothing in it is the sender's own report or question.
 */
export function addressedToBot(text: string): 'command' | 'lookup' | null {
  const normalized = normalizeText(text);
  if (matchCommandWord(normalized) !== null || parseProsecutorCommand(text) !== null) return 'command';
  const { command } = parseCommand(text);
  return (command === 'query' || command === 'todo' || command === 'help') && !SECOND_PERSON.test(normalized) ? 'lookup' : null;
}

/** What the sender of a group message addressed to colleagues as well is told: nothing was recorded, and how to ask. */
export const addressedToOthersText =
  '这条消息同时@了其他同事，衔接助手没有记录，也没有作为查询办理。如需衔接助手办理，请以命令开头发送，例如「@衔接助手 进度 14号 60% 已恢复林地」「@衔接助手 查询 14号」，或只@衔接助手。';
