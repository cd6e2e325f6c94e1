import type { EventHandler } from '../src/bot/handler.js';

/** Entering the app or the bot's chat: a short greeting that points to 帮助. */
export const welcome: EventHandler = {
  events: ['enter_agent', 'enter_chat', 'subscribe'],
  async handle(ctx) {
    ctx.reply('您好，我是衔接助手。发送「帮助」查看可以办理的事项，例如「待办」「进度 14号 60% 已恢复林地120亩」。');
  },
};
