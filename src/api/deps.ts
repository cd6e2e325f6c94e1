import type { Connection } from 'mongoose';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { DeliveryQueue } from '../queue/delivery.js';
import type { EvaluationQueue } from '../queue/evaluation-queue.js';

/** What the API's routes use. */
export interface ApiDeps {
  config: Config;
  mongo: Connection;
  logger: Logger;
  /** Chat notices (e.g. a review's outcome to the agency). */
  deliveries: DeliveryQueue;
  /** Lead re-evaluation after a change made through the API. */
  evaluations: EvaluationQueue;
  now: () => number;
}
