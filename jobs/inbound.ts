import type { Job } from 'bullmq';
import { buildChain } from '../handlers/index.js';
import { receive } from '../src/bot/receive.js';
import { queueNames } from '../src/queue/names.js';
import type { InboundMessage } from '../src/wecom/inbound-message.js';
import type { WorkerDeps } from '../src/worker-deps.js';
import type { JobProcessor } from './index.js';

/** Handles every received message: the handler chain, then its replies into the deliver queues. */
export function createInboundProcessor(deps: WorkerDeps): JobProcessor {
  const chain = buildChain({ contact: deps.config.ADMIN_CONTACT });
  const services = { config: deps.config, mongo: deps.mongo, redis: deps.redis, api: deps.api, now: deps.now };
  return {
    queue: queueNames.inbound,
    concurrency: 8,
    process: (job: Job<InboundMessage>) =>
      receive(job.data, { services, deliveries: deps.deliveries, evaluations: deps.evaluations, logger: deps.logger, chain }),
  };
}
