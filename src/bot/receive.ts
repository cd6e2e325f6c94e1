import type { Connection } from 'mongoose';
import type { Logger } from '../log.js';
import { messageLogModel } from '../models/message-log.js';
import type { DeliveryQueue, DeliveryTarget } from '../queue/delivery.js';
import type { InboundMessage } from '../wecom/inbound-message.js';
import { compose, createContext, type Middleware } from './context.js';

export interface ReceiveDeps {
  mongo: Connection;
  deliveries: DeliveryQueue;
  logger: Logger;
  now: () => number;
  /** The handler chain (identify → rate-limit → parse → handler). */
  chain: Middleware[];
}

/** Where replies to a message go: back over the long connection, or to the sender through the app. */
function replyTarget(message: InboundMessage): DeliveryTarget {
  if (message.channel === 'aibot' && message.replyTo) return { kind: 'aibot', reqId: message.replyTo.reqId };
  return { kind: 'app', touser: [message.from] };
}

/**
 * The single entry point for a received message, whatever channel it came from: logs it once,
 * runs the handler chain and queues the replies. Safe to run again for the same message (a retried
 * job): a handled message is not handled twice, and replies carry ids derived from the message.
 */
export async function receive(message: InboundMessage, deps: ReceiveDeps): Promise<{ replies: number; duplicate: boolean }> {
  const log = messageLogModel(deps.mongo);
  const now = new Date(deps.now());
  const existing = await log.findOneAndUpdate(
    { _id: message.id },
    {
      $setOnInsert: {
        channel: message.channel, kind: message.kind, from: message.from, text: message.text,
        sentAt: new Date(message.sentAt), receivedAt: now, message: { ...message }, state: 'received',
      },
    },
    { upsert: true, returnDocument: 'before' },
  ).lean();
  if (existing?.state === 'handled') return { replies: existing.replies ?? 0, duplicate: true };

  const ctx = createContext(message, deps.logger, now);
  await compose(deps.chain)(ctx);

  const target = replyTarget(message);
  for (const [index, body] of ctx.replies.entries()) {
    await deps.deliveries.send({ id: `${message.id}#reply${index}`.replace(/:/g, '_'), target, body, source: message.id });
  }
  await log.updateOne({ _id: message.id }, { $set: { state: 'handled', handledAt: new Date(deps.now()), replies: ctx.replies.length, parsed: ctx.parsed } });
  return { replies: ctx.replies.length, duplicate: false };
}
