import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { InboundMessage } from '../wecom/inbound-message.js';
import { queueNames } from './names.js';

/** The producer side of the `inbound` queue, shared by every receiver. */
export interface InboundQueue {
  /**
   * Keeps the message in Redis under its dedupe key; resolves only once Redis has it.
   * A second delivery of the same key (WeCom retries) adds no second job.
   */
  enqueue(message: InboundMessage): Promise<void>;
  close(): Promise<void>;
}

/** BullMQ job ids may not contain ':' as a whole id part in some versions; keep ids plain. */
export function inboundJobId(message: Pick<InboundMessage, 'id'>): string {
  return message.id.replace(/:/g, '_');
}

export function createInboundQueue(connection: Redis, prefix: string): InboundQueue {
  const queue = new Queue<InboundMessage>(queueNames.inbound, {
    connection,
    prefix,
    defaultJobOptions: {
      attempts: 8,
      backoff: { type: 'exponential', delay: 1000 },
      // Completed ids are kept long past WeCom's retry window so a late retry is still recognised.
      removeOnComplete: { age: 3 * 24 * 3600, count: 200_000 },
      // Failed jobs stay for the operator (dead letters).
      removeOnFail: false,
    },
  });
  // Errors surface on the add() promise; the event would otherwise crash the process.
  queue.on('error', () => undefined);
  return {
    async enqueue(message) {
      await queue.add(message.kind, message, { jobId: inboundJobId(message) });
    },
    close: () => queue.close(),
  };
}
