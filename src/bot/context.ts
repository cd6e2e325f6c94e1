import type { Connection } from 'mongoose';
import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { StaffRecord } from '../models/staff.js';
import type { DeliveryTarget } from '../queue/delivery.js';
import type { WecomApiClient } from '../wecom/api-client.js';
import type { InboundMessage } from '../wecom/inbound-message.js';
import type { MessageBody, TemplateCard } from '../wecom/outbound-message.js';

/** What handlers may use besides the message: storage, conversation state, the media API, the clock. */
export interface HandlerServices {
  config: Config;
  mongo: Connection;
  redis: Redis;
  /** For downloading evidence through the media API. */
  api: WecomApiClient;
  now: () => number;
}

/** A message the chain wants sent: to the sender (no target) or to someone else (a prosecutor …). */
export interface Outgoing {
  body: MessageBody;
  target?: DeliveryTarget;
}

/**
 * Everything one message's handling sees: the normalised message, the sender's staff record, a reply
 * sink and a child logger. Nothing deeper sees a Koa context, raw XML or a BullMQ job.
 */
export interface BotContext {
  message: InboundMessage;
  /** The sender, once identified (undefined for an unknown userid). */
  staff?: StaffRecord;
  services: HandlerServices;
  logger: Logger;
  /** The time handling started (injected clock). */
  now: Date;
  /** Messages collected by the chain; delivered by the inbound job once the chain has run. */
  readonly outbox: Outgoing[];
  reply(text: string): void;
  replyMarkdown(markdown: string): void;
  replyCard(card: TemplateCard): void;
  /** Sends a text to other members through the app (e.g. the responsible prosecutors). */
  notify(userids: string[], text: string): void;
  /** Sends a message to other members, or to a group robot, in any shape. */
  send(target: DeliveryTarget, body: MessageBody): void;
  /** Replaces the buttons of the card the sender just clicked, for every recipient. */
  updateClickedCard(replaceName: string): void;
  /** Records and cases whose leads must be re-evaluated after this message. */
  readonly changed: Array<{ kind: 'case' | 'recommendation'; id: string }>;
  markChanged(kind: 'case' | 'recommendation', id: string): void;
  /** What the parser understood, for the message log. */
  parsed?: Record<string, unknown>;
}

export function createContext(message: InboundMessage, services: HandlerServices, logger: Logger): BotContext {
  const outbox: Outgoing[] = [];
  const changed: BotContext['changed'] = [];
  return {
    changed,
    markChanged: (kind, id) => {
      if (!changed.some((c) => c.kind === kind && c.id === id)) changed.push({ kind, id });
    },
    send: (target, body) => void outbox.push({ target, body }),
    updateClickedCard: (replaceName) => {
      const responseCode = message.event?.responseCode;
      if (responseCode) outbox.push({ target: { kind: 'card', responseCode, replaceName }, body: { msgtype: 'text', text: { content: replaceName } } });
    },
    message,
    services,
    logger: logger.child({ messageId: message.id }),
    now: new Date(services.now()),
    outbox,
    reply: (content) => void outbox.push({ body: { msgtype: 'text', text: { content } } }),
    replyMarkdown: (content) => void outbox.push({ body: { msgtype: 'markdown', markdown: { content } } }),
    replyCard: (card) => void outbox.push({ body: { msgtype: 'template_card', template_card: card } }),
    notify: (userids, content) => {
      const touser = [...new Set(userids)].filter(Boolean);
      if (touser.length) outbox.push({ body: { msgtype: 'text', text: { content } }, target: { kind: 'app', touser } });
    },
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
