import type { Job, Queue } from 'bullmq';

/** Received messages left unhandled this long make /healthz answer 503: staff have been waiting for minutes. */
export const inboundStalledAfterMs = 5 * 60_000;

/**
 * How many messages must be failing, one of them for {@link inboundStalledAfterMs}, for /healthz to answer 503: one
 * poison message retries for an hour while everything else is handled, which is a warning, not an outage a monitor
 * should restart the bot for; a full disk fails every message.
 */
export const inboundFailingForOutage = 3;

/** How much of the inbound queue is looked at for retrying jobs; a backlog beyond this is stalled anyway. */
const scanLimit = 500;

/** The inbound queue as /healthz reports it: what waits, what is failing and retrying, and who takes it. */
export interface InboundHealth {
  waiting: number;
  /** Seconds since the oldest waiting message was received; null when none waits. */
  oldestWaitingSeconds: number | null;
  /** Messages whose handling failed at least once and waits for its next try. */
  retrying: number;
  oldestRetryingSeconds: number | null;
  /** Live workers of the inbound queue (BullMQ's named connections); null where Redis refuses CLIENT LIST. */
  workers: number | null;
}

function oldestSeconds(jobs: Array<Job | undefined>, now: number): number | null {
  const stamps = jobs.filter((j): j is Job => j !== undefined).map((j) => j.timestamp);
  return stamps.length ? Math.max(0, Math.round((now - Math.min(...stamps)) / 1000)) : null;
}

export async function inboundHealth(queue: Queue, now: number): Promise<InboundHealth> {
  const [waiting, oldestWaiting, tried, workers] = await Promise.all([
    queue.getWaitingCount(),
    // Waiting jobs are pushed at the head and taken from the tail: ascending order starts with the oldest.
    queue.getJobs(['wait'], 0, 0, true),
    queue.getJobs(['delayed', 'active'], 0, scanLimit - 1),
    queue.getWorkersCount().catch(() => null),
  ]);
  // A message that failed (a full disk, a database refusing writes) retries for about an hour before it is a dead
  // letter; meanwhile only its attempts show that nothing is being handled.
  const retrying = tried.filter((j) => j !== undefined && j.attemptsMade > 0);
  return { waiting, oldestWaitingSeconds: oldestSeconds(oldestWaiting, now), retrying: retrying.length, oldestRetryingSeconds: oldestSeconds(retrying, now), workers };
}

/** What an operator must hear about the inbound queue, and whether it counts as down (messages stalled). */
export function inboundWarnings(health: InboundHealth): { stalled: boolean; warnings: string[] } {
  const warnings: string[] = [];
  const limit = inboundStalledAfterMs / 1000;
  const waited = health.oldestWaitingSeconds ?? 0;
  const retried = health.oldestRetryingSeconds ?? 0;
  const stalled = waited > limit || (retried > limit && health.retrying >= inboundFailingForOutage);
  if (health.workers === 0) warnings.push(`no worker is taking inbound messages (${health.waiting} waiting): start the worker role (npm start, or --role worker)`);
  if (waited > limit) warnings.push(`inbound messages are not being handled: the oldest has waited ${Math.floor(waited / 60)} min (${health.waiting} waiting)`);
  if (retried > limit) warnings.push(`inbound messages keep failing: ${health.retrying} retrying, the oldest received ${Math.floor(retried / 60)} min ago; see the log (job failed; will retry) and /admin/queues`);
  return { stalled, warnings };
}
