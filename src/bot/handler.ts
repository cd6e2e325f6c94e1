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
  /** Narrower test (e.g. the button key's prefix of a template_card_event). */
  matches?(ctx: BotContext): boolean;
  handle(ctx: BotContext): Promise<void>;
}

/** A handler for a kind of message that is not a command (photos, files …). */
export interface KindHandler {
  kinds: Array<import('../wecom/inbound-message.js').InboundKind>;
  handle(ctx: BotContext): Promise<void>;
}

/** A prosecutors' command handler (线索, 统计); only prosecutors and admins reach it. */
export interface ProsecutorCommandHandler<C extends import('../commands/prosecutor-commands.js').ProsecutorCommand = import('../commands/prosecutor-commands.js').ProsecutorCommand> {
  command: C['command'];
  handle(ctx: BotContext, cmd: C): Promise<void>;
}
