import type { Command } from '../src/commands/index.js';
import { parseCommand } from '../src/commands/index.js';
import type { Middleware } from '../src/bot/context.js';
import type { CommandHandler, EventHandler } from '../src/bot/handler.js';
import { help } from './help.js';
import { welcome } from './welcome.js';

/** Every command handler. Adding a command is one new file and one line here. */
export const commandHandlers: CommandHandler[] = [help];

/** Every event handler. */
export const eventHandlers: EventHandler[] = [welcome];

const commandNames: Record<Command['command'], string> = {
  help: '帮助', todo: '待办', query: '查询', progress: '进度', complete: '完成',
  reply: '回复', report: '上报', undo: '撤回', unknown: '',
};

/** Reads the command out of a text message and remembers what was understood. */
const parse: Middleware = async (ctx, next) => {
  if (ctx.message.text !== undefined && ctx.message.kind !== 'event') {
    ctx.parsed = parseCommand(ctx.message.text);
  }
  await next();
};

/** Runs the handler for the parsed command or event, with a polite answer when there is none. */
const dispatch: Middleware = async (ctx) => {
  const { message } = ctx;
  if (message.kind === 'event') {
    const handler = eventHandlers.find((h) => h.events.includes(message.event?.name ?? ''));
    if (handler) await handler.handle(ctx);
    return;
  }
  const cmd = ctx.parsed as unknown as Command | undefined;
  if (!cmd) {
    ctx.reply('已收到。如需报告整改进展，请先发送「进度 <文号> <百分比> <措施>」，再发送照片或文件作为证据；发送「帮助」查看全部指令。');
    return;
  }
  const handler = commandHandlers.find((h) => h.command === cmd.command);
  if (handler) return handler.handle(ctx, cmd);
  if (cmd.command === 'unknown') {
    ctx.reply(cmd.hint ?? '抱歉，没有看懂这条消息。发送「帮助」查看可以办理的事项，例如「进度 14号 60% 已恢复林地120亩」。');
    return;
  }
  ctx.reply(`抱歉，「${commandNames[cmd.command]}」暂时无法办理，请稍后再试或联系检察院管理员。`);
};

/** The handler chain every message goes through. */
export function buildChain(): Middleware[] {
  return [parse, dispatch];
}
