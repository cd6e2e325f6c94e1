import type { Logger } from '../log.js';
import type { InboundMessage } from '../wecom/inbound-message.js';
import type { MessageBody, TemplateCard } from '../wecom/outbound-message.js';

/**
 * Everything one message's handling sees: the normalised message, a reply sink and a child logger.
 * Nothing deeper sees a Koa context, raw XML or a BullMQ job.
 */
export interface BotContext {
  message: InboundMessage;
  logger: Logger;
  /** The time handling started (injected clock). */
  now: Date;
  /** Replies collected by the chain; delivered by the inbound job once the chain has run. */
  readonly replies: MessageBody[];
  reply(text: string): void;
  replyMarkdown(markdown: string): void;
  replyCard(card: TemplateCard): void;
  /** What the parser understood, for the message log. */
  parsed?: Record<string, unknown>;
}

export function createContext(message: InboundMessage, logger: Logger, now: Date): BotContext {
  const replies: MessageBody[] = [];
  return {
    message,
    logger: logger.child({ messageId: message.id }),
    now,
    replies,
    reply: (content) => void replies.push({ msgtype: 'text', text: { content } }),
    replyMarkdown: (content) => void replies.push({ msgtype: 'markdown', markdown: { content } }),
    replyCard: (card) => void replies.push({ msgtype: 'template_card', template_card: card }),
  };
}

/** One step of the chain: do something, and call `next` to go on. */
export type Middleware = (ctx: BotContext, next: () => Promise<void>) => Promise<void>;

/** Composes middleware into one function, like koa-compose: each runs around the ones after it. */
export function compose(middleware: Middleware[]): (ctx: BotContext) => Promise<void> {
  return (ctx) => {
    const dispatch = async (i: number): Promise<void> => {
      const step = middleware[i];
      if (step) await step(ctx, () => dispatch(i + 1));
    };
    return dispatch(0);
  };
}
