import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import type { Config } from './config.js';
import type { Logger } from './log.js';
import type { DeliveryQueue } from './queue/delivery.js';
import type { EvaluationQueue } from './queue/evaluation-queue.js';
import type { WecomApiClient } from './wecom/api-client.js';
import type { WebhookClient } from './wecom/webhook-client.js';

/** Everything a job processor may use; built once per process by the runtime (or a test). */
export interface WorkerDeps {
  config: Config;
  mongo: Connection;
  /** Command connection (token cache, rate limits, conversations). */
  redis: Redis;
  logger: Logger;
  api: WecomApiClient;
  webhook: WebhookClient;
  deliveries: DeliveryQueue;
  evaluations: EvaluationQueue;
  /** Milliseconds since the epoch. */
  now: () => number;
  /** Robot webhook limit per key: WeCom allows 20 messages a minute. */
  robotLimit?: { messages: number; windowMs: number };
}
