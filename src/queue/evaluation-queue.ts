import type { Redis } from 'ioredis';
import { queueNames } from './names.js';
import { createProducer } from './producer.js';

/** A record whose leads must be (re-)evaluated. */
export interface EvaluationJob {
  subject: { kind: 'case' | 'recommendation'; id: string };
  /** What caused it (a message id, `sweep:<date>`); part of the job id so each cause evaluates once. */
  cause: string;
}

/** Producer of `evaluate-leads` jobs. */
export interface EvaluationQueue {
  request(job: EvaluationJob): Promise<void>;
  close(): Promise<void>;
}

export function evaluationJobId(job: EvaluationJob): string {
  return `${job.subject.kind}_${job.subject.id}_${job.cause}`.replace(/:/g, '_');
}

export function createEvaluationQueue(connection: Redis, prefix: string): EvaluationQueue {
  const queue = createProducer<EvaluationJob>(queueNames.evaluateLeads, connection, prefix, { attempts: 5, backoffMs: 2000, keepCompletedDays: 3 });
  return {
    async request(job) {
      await queue.add('evaluate', job, { jobId: evaluationJobId(job) });
    },
    close: () => queue.close(),
  };
}
