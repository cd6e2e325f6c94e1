import { generateReqId, type WSClient } from '@wecom/aibot-node-sdk';
import type { Job } from 'bullmq';
import { UnrecoverableError } from 'bullmq';
import type { Connection } from 'mongoose';
import type { Logger } from '../src/log.js';
import type { Delivery, DeliveryQueue } from '../src/queue/delivery.js';
import { recordDelivery } from '../src/models/delivery.js';
import { queueNames } from '../src/queue/names.js';
import { markdownLiteral } from '../src/wecom/markdown-literal.js';
import { splitBody } from '../src/wecom/split-text.js';
import type { JobProcessor } from './index.js';

/**
 * How long a reply keeps trying over the long connection after it was queued: the SDK reconnects 1, 2, 4, 8, 16 s
 * after successive failures, so a minute outlasts five failed reconnects; after that the user is better served by an
 * app message now than by a reply that may never come. (Our protocol notes and the SDK set no time limit on a reply to
 * a req_id — only welcome messages and card updates must come within 5 s; WeCom refuses a req_id it no longer takes,
 * 846605, and such a refusal goes to the app at once.)
 */
export const connectionRetryMs = 60_000;

/** WeCom takes a greeting within 5 s of the enter_chat event, and never after. */
const welcomeWindowMs = 5000;

/** What the reply processor uses. */
export interface AibotReplyDeps {
  client: WSClient;
  mongo: Connection;
  /** Where a reply that cannot go over the connection is queued as an app message. */
  deliveries: DeliveryQueue;
  logger: Logger;
  /** Milliseconds since the epoch (the injected clock). */
  now: () => number;
}

/** A refusal WeCom answered over the connection (the SDK rejects with the ack frame): retrying cannot mend it. */
function refusal(error: unknown): { errcode: number; errmsg: string } | undefined {
  if (!error || typeof error !== 'object' || !('errcode' in error) || typeof error.errcode !== 'number') return undefined;
  return { errcode: error.errcode, errmsg: 'errmsg' in error ? String(error.errmsg) : '' };
}

/**
 * Sends replies back over the long connection they answer. Runs only in the process that holds the connection:
 * text and markdown go as one finished stream message (a text with its markdown syntax neutralised: markdownLiteral),
 * cards as a card reply. While the connection is down the reply is retried (BullMQ backoff) for
 * {@link connectionRetryMs}; a reply WeCom refuses, or still not sent by then, goes to the sender as an app message
 * instead, once (its delivery id derives from the reply's), as the plain text it is.
 */
export function createAibotReplyProcessor(deps: AibotReplyDeps): JobProcessor {
  const { client, mongo, now } = deps;

  async function sendOverConnection(delivery: Delivery & { target: { kind: 'aibot' } }): Promise<void> {
    const frame = { headers: { req_id: delivery.target.reqId } };
    const { body } = delivery;
    if (delivery.target.welcome && body.msgtype === 'text') {
      await client.replyWelcome(frame, { msgtype: 'text', text: { content: body.text.content } });
    } else if (body.msgtype === 'template_card') {
      // The SDK's card type is stricter than WeCom's JSON; the card was built to WeCom's shape.
      await client.replyTemplateCard(frame, body.template_card as never);
    } else {
      // WeCom renders a stream as markdown: a text answer — which quotes what agencies typed — must show as typed, not
      // as the links, bold claims or headings someone wrote into a party name or a measure.
      const content = body.msgtype === 'text' ? markdownLiteral(body.text.content) : body.markdown.content;
      await client.replyStream(frame, generateReqId('stream'), content, true);
    }
  }

  /** Queues the reply to the sender through the app, and records why the connection was not used. */
  async function sendAsAppMessage(job: Job<Delivery>, userid: string, why: { errcode?: number; errmsg: string }) {
    const delivery = job.data;
    const ids = splitBody(delivery.body).map((body, part) => ({ id: `${delivery.id}_app${part ? `.${part}` : ''}`, body }));
    for (const { id, body } of ids) await deps.deliveries.send({ id, target: { kind: 'app', touser: [userid] }, body, source: delivery.source });
    const errmsg = `${why.errmsg}; sent as an app message instead (${ids.map((i) => i.id).join(', ')})`;
    await recordDelivery(mongo, delivery, { state: 'failed', attempts: job.attemptsMade + 1, ...(why.errcode === undefined ? {} : { errcode: why.errcode }), errmsg }, new Date(now()));
    deps.logger.warn({ deliveryId: delivery.id, reason: why.errmsg }, 'long-connection reply sent as an app message instead');
    return { fallback: ids.map((i) => i.id) };
  }

  return {
    queue: queueNames.aibotReply,
    concurrency: 4,
    async process(job: Job<Delivery>) {
      const delivery = job.data;
      const { target } = delivery;
      if (target.kind !== 'aibot') throw new UnrecoverableError(`target ${target.kind} is not a long-connection reply`);
      const age = target.queuedAt === undefined ? 0 : now() - target.queuedAt;
      try {
        await sendOverConnection({ ...delivery, target });
      } catch (error) {
        const refused = refusal(error);
        const reason = refused ?? { errmsg: error instanceof Error ? error.message : String(error) };
        const lastTry = refused !== undefined || age >= (target.welcome ? welcomeWindowMs : connectionRetryMs) || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        if (lastTry && target.userid) return sendAsAppMessage(job, target.userid, reason);
        await recordDelivery(mongo, delivery, { state: lastTry ? 'failed' : 'queued', attempts: job.attemptsMade + 1, ...reason }, new Date(now()));
        if (refused) throw new UnrecoverableError(`WeCom refused the reply: ${refused.errcode} ${refused.errmsg}`);
        throw error instanceof Error ? error : new Error(reason.errmsg);
      }
      await recordDelivery(mongo, delivery, { state: 'sent', sentAt: new Date(now()), attempts: job.attemptsMade + 1, errcode: 0 }, new Date(now()));
      return { reqId: target.reqId };
    },
  };
}
