import { randomUUID } from 'node:crypto';
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { deliveryModel, recordDelivery, robotKeyHash } from '../src/models/delivery.js';
import { queueNames } from '../src/queue/names.js';
import { settleSlots, takeSlots, type SlotWindow } from '../src/queue/rate-limit.js';
import { prosecutorsRobot, type Delivery } from '../src/queue/delivery.js';
import { agencyModel } from '../src/models/agency.js';
import { staleLeadDelivery } from '../src/leads/stale-lead-delivery.js';
import type { DeliveryRecord } from '../src/models/delivery.js';
import { WecomApiError } from '../src/wecom/errors.js';
import type { SendResult } from '../src/wecom/outbound-message.js';
import type { WorkerDeps } from '../src/worker-deps.js';
import type { JobProcessor } from './index.js';

/**
 * Added to each member window: WeCom counts a message when it arrives, by its own clock and perhaps to the second,
 * so a slot the bot frees exactly one window after its send ended could still be inside WeCom's window.
 */
export const memberWindowMarginMs = 1000;

/** Longer than any paced send can last (a 10-second call, a token refresh and the call again). */
const sendInFlightMs = 60_000;

/**
 * Sends app messages (message/send) and group-robot messages, pacing each robot key and each member to WeCom's
 * limits. Busy, rate-limited and 5xx answers are retried with backoff; other refusals fail at once.
 */
export function createDeliverProcessor(deps: WorkerDeps): JobProcessor {
  const limit = deps.robotLimit ?? { messages: 20, windowMs: 60_000 };
  const prefix = `${deps.config.QUEUE_PREFIX}:ratelimit`;

  const record = (delivery: Delivery, update: Partial<DeliveryRecord>, attempts: number) =>
    recordDelivery(deps.mongo, delivery, { ...update, attempts }, new Date(deps.now()));

  /** The windows a message to these members counts in: a minute's and an hour's per member (userids are case-insensitive). */
  const memberWindows = (touser: string[]): SlotWindow[] =>
    touser.includes('@all') ? [] : [...new Set(touser.map((id) => id.toLowerCase()))].flatMap((id) => [
      { key: `${prefix}:member:${id}:minute`, limit: deps.config.WECOM_MEMBER_MESSAGES_PER_MINUTE, windowMs: 60_000 + memberWindowMarginMs },
      { key: `${prefix}:member:${id}:hour`, limit: deps.config.WECOM_MEMBER_MESSAGES_PER_HOUR, windowMs: 3_600_000 + memberWindowMarginMs },
    ]);

  /**
   * Takes the slots and sends, or puts the job back to wait for them (not an attempt: nothing was refused). The slots
   * count from when the send ends, not when it starts: WeCom counts the message on arrival, which a slow call delays,
   * and a slot dated at the start would leave the window while WeCom still counts its message (it then discards one).
   */
  async function paced<T>(windows: SlotWindow[], job: Job, token: string | undefined, send: () => Promise<T>): Promise<T> {
    const slot = randomUUID();
    const wait = await takeSlots(deps.redis, windows, deps.now(), { slot, inFlightMs: sendInFlightMs });
    if (wait > 0) {
      // Look again within a twentieth of the wait (a second at least): a clock moved by a test is seen within seconds,
      // and a message waiting out a member's hourly limit is not polled every second for an hour.
      await job.moveToDelayed(Date.now() + Math.min(wait, Math.max(1000, wait / 20)), token);
      throw new DelayedError();
    }
    try {
      return await send();
    } finally {
      // A refused or failed call keeps its slot too: whether WeCom counted it cannot be told. A slot left unsettled
      // (Redis away) still counts until its in-flight time has passed, which errs on the safe side; failing the job
      // here would send again what WeCom took.
      await settleSlots(deps.redis, windows, slot, deps.now()).catch((error: unknown) => deps.logger.warn({ err: error, deliveryId: job.id }, 'could not date a rate-limit slot'));
    }
  }

  /** The webhook key of a robot target, looked up now (the job names whose robot it is, not its secret key). */
  async function robotKey(target: { of?: string; key?: string }): Promise<string> {
    if (target.key) return target.key;
    const key = target.of === prosecutorsRobot ? deps.config.PROSECUTOR_ROBOT_KEY : (await agencyModel(deps.mongo).findById(target.of, { robotKey: 1 }).lean())?.robotKey;
    if (!key) throw new UnrecoverableError(`no group robot is configured for ${target.of ?? 'this message'}`);
    return key;
  }

  async function send(delivery: Delivery, job: Job, token?: string): Promise<SendResult | undefined> {
    const { target } = delivery;
    if (target.kind === 'app') {
      // WeCom discards, without an error, what exceeds a member's limit: only pacing here keeps such a message.
      return paced(memberWindows(target.touser), job, token, () => deps.api.sendMessage(target.touser, delivery.body));
    }
    if (target.kind === 'robot') {
      const key = await robotKey(target);
      await paced([{ key: `${prefix}:robot:${robotKeyHash(key)}`, limit: limit.messages, windowMs: limit.windowMs }], job, token, () => deps.webhook.send(key, delivery.body));
      return undefined;
    }
    if (target.kind === 'card') {
      await deps.api.updateTemplateCard({ responseCode: target.responseCode, replaceName: target.replaceName });
      return undefined;
    }
    throw new UnrecoverableError(`target ${target.kind} is not delivered by the ${queueNames.deliver} queue`);
  }

  return {
    queue: queueNames.deliver,
    concurrency: 8,
    async process(job: Job<Delivery>, token?: string) {
      const delivery = job.data;
      // A job that runs again after its worker died mid-run (stalled) must not send what WeCom already took.
      const prior = await deliveryModel(deps.mongo).findById(delivery.id, { state: 1, msgid: 1 }).lean();
      if (prior?.state === 'sent') return { msgid: prior.msgid, already: true };
      // Asked at every turn (a job waiting for a rate-limit slot comes back here): a lead can be decided meanwhile.
      const skipReason = await staleLeadDelivery(deps.mongo, delivery, deps.config.TZ);
      if (skipReason) {
        await record(delivery, { state: 'skipped', skipReason }, job.attemptsMade);
        deps.logger.info({ deliveryId: delivery.id, skipReason }, 'delivery skipped');
        return { skipped: skipReason };
      }
      try {
        const result = await send(delivery, job, token);
        await record(delivery, { state: 'sent', sentAt: new Date(deps.now()), msgid: result?.msgid, invalidUsers: result?.invalidUsers, responseCode: result?.responseCode, errcode: 0 }, job.attemptsMade + 1);
        if (result?.invalidUsers.length) deps.logger.warn({ deliveryId: delivery.id, invalidUsers: result.invalidUsers }, 'some receivers are invalid');
        return { msgid: result?.msgid, responseCode: result?.responseCode };
      } catch (error) {
        if (error instanceof DelayedError) throw error;
        if (error instanceof WecomApiError) {
          const finalTry = !error.isRetryable || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
          await record(delivery, { state: finalTry ? 'failed' : 'queued', errcode: error.errcode, errmsg: error.errmsg }, job.attemptsMade + 1);
          // A card that cannot be updated still owes its recipients the news, now rather than at the next evaluation.
          if (finalTry && delivery.target.kind === 'card' && delivery.target.orElse) {
            const { id, touser } = delivery.target.orElse;
            await deps.deliveries.send({ id, target: { kind: 'app', touser }, body: delivery.body, source: delivery.source });
          }
          if (!error.isRetryable) throw new UnrecoverableError(error.message);
        }
        throw error;
      }
    },
  };
}
