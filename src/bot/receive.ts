import type { Logger } from '../log.js';
import { messageLogModel } from '../models/message-log.js';
import type { DeliveryQueue, DeliveryTarget } from '../queue/delivery.js';
import type { EvaluationQueue } from '../queue/evaluation-queue.js';
import type { InboundMessage } from '../wecom/inbound-message.js';
import { compose, createContext, type HandlerServices, type Middleware } from './context.js';

export interface ReceiveDeps {
  services: HandlerServices;
  deliveries: DeliveryQueue;
  /** Where re-evaluation of changed records is requested. */
  evaluations?: EvaluationQueue;
  logger: Logger;
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
  const log = messageLogModel(deps.services.mongo);
  const now = new Date(deps.services.now());
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

  const ctx = createContext(message, deps.services, deps.logger);
  await compose(deps.chain)(ctx);

  const sender = replyTarget(message);
  for (const [index, item] of ctx.outbox.entries()) {
    await deps.deliveries.send({ id: `${message.id}#out${index}`.replace(/:/g, '_'), target: item.target ?? sender, body: item.body, source: message.id });
  }
  for (const subject of ctx.changed) await deps.evaluations?.request({ subject, cause: message.id });
  await log.updateOne({ _id: message.id }, { $set: { state: 'handled', handledAt: new Date(deps.services.now()), replies: ctx.outbox.length, parsed: ctx.parsed } });
  // Who sent what kind, read as which command, answered how: the message's text stays out of the log.
  deps.logger.info({ messageId: message.id, from: message.from, kind: message.kind, command: ctx.parsed?.command, replies: ctx.outbox.length }, 'message handled');
  return { replies: ctx.outbox.length, duplicate: false };
}
