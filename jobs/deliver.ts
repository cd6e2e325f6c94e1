import { randomUUID } from 'node:crypto';
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { deliveryModel, recordDelivery, robotKeyHash } from '../src/models/delivery.js';
import { queueNames } from '../src/queue/names.js';
import { settleSlots, takeSlots, type SlotWindow } from '../src/queue/rate-limit.js';
import { prosecutorsRobot, type Delivery } from '../src/queue/delivery.js';
import { endSendTurn, takeSendTurn } from '../src/queue/send-turn.js';
import { agencyModel } from '../src/models/agency.js';
import { staleLeadDelivery } from '../src/leads/stale-lead-delivery.js';
import type { DeliveryRecord } from '../src/models/delivery.js';
import { WecomApiError } from '../src/wecom/errors.js';
import { partsFor } from '../src/wecom/split-text.js';
import type { MessageBody, SendResult } from '../src/wecom/outbound-message.js';
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
 * How long a multi-part message keeps its group's turn without coming back for it: past the longest wait one of its
 * parts can have (a robot's minute, the longest backoff, a stalled job taken over), so another message never
 * slips in between its parts, and short enough that a message whose job was removed does not hold the group long.
 */
const sendTurnMs = 15 * 60_000;

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

  /** Puts the job back until the group's turn is its own (another multi-part message is going out there). */
  async function waitForTurn(key: string, holder: string, job: Job, token: string | undefined): Promise<void> {
    const wait = await takeSendTurn(deps.redis, key, holder, sendTurnMs);
    if (wait === 0) return;
    await job.moveToDelayed(Date.now() + Math.min(wait, 2000), token);
    throw new DelayedError();
  }

  /**
   * Sends one part of a multi-part message, its tries counted on it alone (a 45009 on part 2 uses up none of part
   * 3's): resolves true when sent, false when refused for good (recorded failed); a refusal for the moment puts the
   * job back for a backoff, to start again at this part.
   */
  async function sendPart(part: Delivery, attempts: number, job: Job, token: string | undefined): Promise<boolean> {
    try {
      const result = await send(part, job, token);
      await record(part, { state: 'sent', sentAt: new Date(deps.now()), msgid: result?.msgid, invalidUsers: result?.invalidUsers, errcode: 0 }, attempts);
      if (result?.invalidUsers.length) deps.logger.warn({ deliveryId: part.id, invalidUsers: result.invalidUsers }, 'some receivers are invalid');
      return true;
    } catch (error) {
      if (!(error instanceof WecomApiError)) throw error;
      const giveUp = !error.isRetryable || attempts >= (job.opts.attempts ?? 1);
      await record(part, { state: giveUp ? 'failed' : 'queued', errcode: error.errcode, errmsg: error.errmsg }, attempts);
      if (giveUp) return false;
      const backoffMs = typeof job.opts.backoff === 'object' ? (job.opts.backoff.delay ?? 2000) : (job.opts.backoff ?? 2000);
      await job.moveToDelayed(Date.now() + backoffMs * 2 ** (attempts - 1), token);
      throw new DelayedError();
    }
  }

  /**
   * Sends a multi-part message's parts one after another, each recorded under `<id>_<n>`: a part already sent (the
   * job back from a wait, or taken over after its worker died) is not sent again, and a later part waits for an
   * earlier one. One refused for good is recorded failed and the rest still go, the job then failing to show it. A
   * robot's group is this message's alone until its last part is sent (see takeSendTurn).
   */
  async function sendInOrder(delivery: Delivery, parts: MessageBody[], job: Job, token: string | undefined) {
    const turn = delivery.target.kind === 'robot' ? `${prefix}:turn:robot:${robotKeyHash(await robotKey(delivery.target))}` : undefined;
    const refused: string[] = [];
    try {
      for (const [n, body] of parts.entries()) {
        const part: Delivery = { id: `${delivery.id}_${n}`, target: delivery.target, body, source: delivery.source };
        const prior = await deliveryModel(deps.mongo).findById(part.id, { state: 1, attempts: 1 }).lean();
        if (prior?.state === 'sent') continue;
        if (prior?.state !== 'failed' && turn) await waitForTurn(turn, delivery.id, job, token);
        if (prior?.state === 'failed' || !(await sendPart(part, (prior?.attempts ?? 0) + 1, job, token))) refused.push(part.id);
      }
    } catch (error) {
      // Waiting (a rate limit, a backoff) keeps the group's turn; anything else gives it up for the retry.
      if (turn && !(error instanceof DelayedError)) await endSendTurn(deps.redis, turn, delivery.id).catch(() => undefined);
      throw error;
    }
    if (turn) await endSendTurn(deps.redis, turn, delivery.id);
    if (refused.length) throw new UnrecoverableError(`WeCom refused ${refused.join(', ')}; the other parts were sent`);
    return { parts: parts.length };
  }

  return {
    queue: queueNames.deliver,
    concurrency: 8,
    async process(job: Job<Delivery>, token?: string) {
      const delivery = job.data;
      if (delivery.parts) return sendInOrder(delivery, delivery.parts, job, token);
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
      // Whoever queued it, a text WeCom takes only in parts goes in parts, in order: sent whole, WeCom refuses it
      // (40058) and nobody gets it — a send-back whose reason made it long never reached the agency.
      const parts = partsFor(delivery.body, delivery.target.kind);
      if (parts.length > 1) return sendInOrder(delivery, parts, job, token);
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
