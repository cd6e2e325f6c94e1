import type { Command } from '../commands/index.js';
import type { BotContext } from './context.js';

/** A chat command's handler: one file in handlers/, registered in handlers/index.ts. */
export interface CommandHandler<C extends Command = Command> {
  /** The parsed command it handles. */
  command: C['command'];
  handle(ctx: BotContext, cmd: C): Promise<void>;
}

/** A WeCom event's handler (enter_agent, template_card_event …). */
export interface EventHandler {
  /** WeCom event names it handles. */
  events: string[];
  handle(ctx: BotContext): Promise<void>;
}
