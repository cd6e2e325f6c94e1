import { Queue } from 'bullmq';
import { createCommandRedis } from '../../src/queue/connection.js';
import { createDeliveryQueue, type Delivery, type DeliveryQueue } from '../../src/queue/delivery.js';
import { queueNames } from '../../src/queue/names.js';
import type { Isolated } from './isolation.js';

/**
 * The delivery queue of an isolated namespace with no worker on it, for tests of what a run queues to send: `deliveries`
 * to pass to the code under test, `queued()` what it queued (oldest first, ties by id), `close()` empties and closes all.
 */
export function queuedDeliveries(ns: Isolated): { deliveries: DeliveryQueue; queued: () => Promise<Delivery[]>; close: () => Promise<void> } {
  const redis = createCommandRedis(ns.redisUrl, { enableOfflineQueue: true });
  const deliveries = createDeliveryQueue(redis, ns.prefix);
  const deliverQueue = new Queue<Delivery>(queueNames.deliver, { connection: redis, prefix: ns.prefix });
  return {
    deliveries,
    queued: async () => (await deliverQueue.getJobs(['waiting'])).sort((a, b) => a.timestamp - b.timestamp || a.id!.localeCompare(b.id!)).map((j) => j.data),
    close: async () => {
      await deliverQueue.obliterate({ force: true });
      await deliverQueue.close();
      await deliveries.close();
      await redis.quit();
    },
  };
}
