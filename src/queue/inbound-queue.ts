import type { Redis } from 'ioredis';
import type { InboundMessage } from '../wecom/inbound-message.js';
import { queueNames } from './names.js';
import { createProducer } from './producer.js';

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

/**
 * Tries per received message. With exponential backoff from 1 s the last try comes about 1 h 8 min after the
 * first, so a database outage of that long loses nothing; after that the message waits in the failed list
 * (Bull Board) for an operator's retry.
 */
export const inboundAttempts = 13;

export function createInboundQueue(connection: Redis, prefix: string): InboundQueue {
  // Ids are remembered for days, far past WeCom's retry window, so a late retry is still recognised.
  const queue = createProducer<InboundMessage>(queueNames.inbound, connection, prefix, { attempts: inboundAttempts, backoffMs: 1000, keepCompletedDays: 3 });
  return {
    async enqueue(message) {
      await queue.add(message.kind, message, { jobId: inboundJobId(message) });
    },
    close: () => queue.close(),
  };
}
