/**
 * What the pipeline is compared with, on the same servers in the same run: a raw insertMany into the same
 * MongoDB-wire server (the storage ceiling), single-document inserts (one write per round trip), and BullMQ
 * with a processor that does nothing (the queue's own cost).
 */
import { Worker } from 'bullmq';
import type { Connection } from 'mongoose';
import { createProducer } from '../../src/queue/producer.js';
import { createWorkerRedis } from '../../src/queue/connection.js';
import type { MessageLog } from '../../src/models/message-log.js';
import type { BenchEnvironment } from './environment.js';

/** As jobs/inbound.ts: how many messages one worker process handles at once. */
const inboundConcurrency = 8;

/** A message-log document as the bot stores one `帮助` (see src/bot/receive.ts), number `i`. */
function messageLogDocument(i: number, now: Date): MessageLog {
  const id = `msg:ceiling${i}`;
  const message = { id, channel: 'app', kind: 'text', from: 'zhangsan', text: '帮助', sentAt: now.getTime() };
  return { _id: id, channel: 'app', kind: 'text', from: 'zhangsan', text: '帮助', sentAt: now, receivedAt: now, message, state: 'handled', handledAt: now, replies: 1 };
}

/** Documents per second that sequential raw insertMany batches store into a scratch collection (dropped after). */
export async function insertCeiling(mongo: Connection, count: number, batchSize = 1000): Promise<number> {
  const collection = mongo.collection<MessageLog>('bench_insert_ceiling');
  const now = new Date();
  const start = performance.now();
  for (let from = 0; from < count; from += batchSize) {
    const batch = Array.from({ length: Math.min(batchSize, count - from) }, (_, k) => messageLogDocument(from + k, now));
    await collection.insertMany(batch, { ordered: false });
  }
  const seconds = (performance.now() - start) / 1000;
  await collection.drop().catch(() => undefined);
  return Math.round(count / seconds);
}

/**
 * Documents per second that `connections` concurrent insertOne calls store: the rate of one write per
 * round trip, which is how the bot writes (each message is its own upsert and update).
 */
export async function insertOneRate(mongo: Connection, count: number, connections: number): Promise<number> {
  const collection = mongo.collection<MessageLog>('bench_insert_one');
  const now = new Date();
  let next = 0;
  const start = performance.now();
  await Promise.all(Array.from({ length: connections }, async () => {
    for (let i = next++; i < count; i = next++) await collection.insertOne(messageLogDocument(i, now));
  }));
  const seconds = (performance.now() - start) / 1000;
  await collection.drop().catch(() => undefined);
  return Math.round(count / seconds);
}

/**
 * Jobs per second through BullMQ with a no-op processor: `count` jobs added one at a time by `connections`
 * concurrent producers (as the web role adds one per callback, with the inbound queue's options), taken by a
 * worker with the inbound processor's concurrency; timed from the first add to the last completion.
 */
export async function bullmqNoop(env: BenchEnvironment, count: number, connections: number): Promise<number> {
  const name = 'bench-noop';
  const queue = createProducer<MessageLog['message']>(name, env.redis, env.runId, { attempts: 8, backoffMs: 1000, keepCompletedDays: 3 });
  const connection = createWorkerRedis(env.redisUrl);
  const worker = new Worker(name, async () => undefined, { connection, prefix: env.runId, concurrency: inboundConcurrency });
  let completed = 0;
  let lastCompletion = 0;
  const allDone = new Promise<void>((resolve) => {
    worker.on('completed', () => {
      lastCompletion = performance.now();
      if (++completed === count) resolve();
    });
  });
  await worker.waitUntilReady();
  const now = new Date();
  const start = performance.now();
  let next = 0;
  // Jobs carry a message like the inbound queue's, so that Redis moves as many bytes.
  await Promise.all(Array.from({ length: connections }, async () => {
    for (let i = next++; i < count; i = next++) await queue.add('text', messageLogDocument(i, now).message, { jobId: `noop${i}` });
  }));
  await allDone;
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  await connection.quit();
  return Math.round(count / ((lastCompletion - start) / 1000));
}
