import type { Logger } from '../log.js';
import { messageLogModel } from '../models/message-log.js';
import { inOrder, type DeliveryQueue, type DeliveryTarget } from '../queue/delivery.js';
import type { EvaluationQueue } from '../queue/evaluation-queue.js';
import type { InboundMessage } from '../wecom/inbound-message.js';
import type { MessageBody } from '../wecom/outbound-message.js';
import { splitBody } from '../wecom/split-text.js';
import { isAgencyRole, type StaffRecord } from '../models/staff.js';
import { agencyModel } from '../models/agency.js';
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

/**
 * Where replies to a message go: back over the long connection (to the sender through the app if that cannot be
 * done in time), or to the sender through the app.
 */
function replyTarget(message: InboundMessage, queuedAt: number): DeliveryTarget {
  if (message.channel === 'aibot' && message.replyTo && message.event?.name === 'enter_chat') return { kind: 'aibot', reqId: message.replyTo.reqId, welcome: true, queuedAt };
  if (message.channel === 'aibot' && message.replyTo) return { kind: 'aibot', reqId: message.replyTo.reqId, userid: message.from, queuedAt };
  return { kind: 'app', touser: [message.from] };
}

/**
 * A message as WeCom takes it on the target's channel: an app or robot text or markdown longer than WeCom allows is
 * sent in parts (a long-connection reply may be ten times longer, and goes whole).
 */
function withinLimit(body: MessageBody, target: DeliveryTarget): MessageBody[] {
  return target.kind === 'app' || target.kind === 'robot' ? splitBody(body) : [body];
}

/**
 * Whether the sender's answers may be posted in the group they asked in: only agency staff, and only in a group the
 * operator registered as their agency's own (`agency add --chats`). A prosecutor's answers (线索, every agency's 待办)
 * and staff answers in a joint group or one with outsiders (parties, facts, deadlines) go to the sender privately.
 */
async function answersInGroup(services: HandlerServices, staff: StaffRecord, chatId: string | undefined): Promise<boolean> {
  if (!isAgencyRole(staff.role) || !chatId || !staff.agency) return false;
  const agency = await agencyModel(services.mongo).findById(staff.agency, { chats: 1 }).lean();
  return agency?.chats?.includes(chatId) ?? false;
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

  const sender = replyTarget(message, deps.services.now());
  const privately = message.chatType === 'group' && ctx.staff !== undefined && !(await answersInGroup(deps.services, ctx.staff, message.chatId));
  const toSender: DeliveryTarget = privately ? { kind: 'app', touser: [message.from] } : sender;
  for (const [index, item] of ctx.outbox.entries()) {
    const target = item.target ?? toSender;
    const id = `${message.id}#out${index}`.replace(/:/g, '_');
    const parts = withinLimit(item.body, target);
    // A long answer's parts go as one job, so they arrive in order (each part its own job raced in the queue).
    await deps.deliveries.send(parts.length > 1 ? { ...inOrder(id, target, parts), source: message.id } : { id, target, body: parts[0]!, source: message.id });
  }
  if (privately && ctx.outbox.some((item) => !item.target)) {
    const why = isAgencyRole(ctx.staff!.role) ? '本群不是登记的本单位工作群，案件和检察建议的信息不在群里显示' : '检察院的工作信息不在群里显示';
    await deps.deliveries.send({ id: `${message.id}#group`.replace(/:/g, '_'), target: sender, body: { msgtype: 'text', text: { content: `已通过应用消息私下回复您（${why}）。` } }, source: message.id });
  }
  for (const subject of ctx.changed) await deps.evaluations?.request({ subject, cause: message.id });
  await log.updateOne({ _id: message.id }, { $set: { state: 'handled', handledAt: new Date(deps.services.now()), replies: ctx.outbox.length, parsed: ctx.parsed } });
  // Who sent what kind, read as which command, answered how: the message's text stays out of the log.
  deps.logger.info({ messageId: message.id, from: message.from, kind: message.kind, command: ctx.parsed?.command, replies: ctx.outbox.length }, 'message handled');
  return { replies: ctx.outbox.length, duplicate: false };
}
