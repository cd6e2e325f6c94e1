import { generateReqId, type WSClient } from '@wecom/aibot-node-sdk';
import type { Job } from 'bullmq';
import { UnrecoverableError } from 'bullmq';
import type { Connection } from 'mongoose';
import type { Delivery } from '../src/queue/delivery.js';
import { recordDelivery } from '../src/models/delivery.js';
import { queueNames } from '../src/queue/names.js';
import type { JobProcessor } from './index.js';

/**
 * Sends replies back over the long connection they answer. Runs only in the process that holds
 * the connection: text and markdown go as one finished stream message, cards as a card reply.
 */
export function createAibotReplyProcessor(client: WSClient, mongo: Connection, now: () => number): JobProcessor {
  return {
    queue: queueNames.aibotReply,
    concurrency: 4,
    async process(job: Job<Delivery>) {
      const { target, body } = job.data;
      if (target.kind !== 'aibot') throw new UnrecoverableError(`target ${target.kind} is not a long-connection reply`);
      const frame = { headers: { req_id: target.reqId } };
      if (body.msgtype === 'template_card') {
        // The SDK's card type is stricter than WeCom's JSON; the card was built to WeCom's shape.
        await client.replyTemplateCard(frame, body.template_card as never);
      } else {
        const content = body.msgtype === 'text' ? body.text.content : body.markdown.content;
        await client.replyStream(frame, generateReqId('stream'), content, true);
      }
      await recordDelivery(mongo, job.data, { state: 'sent', sentAt: new Date(now()), attempts: job.attemptsMade + 1, errcode: 0 }, new Date(now()));
      return { reqId: target.reqId };
    },
  };
}
