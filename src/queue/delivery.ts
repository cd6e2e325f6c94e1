import type { Redis } from 'ioredis';
import type { MessageBody } from '../wecom/outbound-message.js';
import { queueNames } from './names.js';
import { createProducer } from './producer.js';

/** The robot of the prosecutors' group (PROSECUTOR_ROBOT_KEY), as a robot target names it. */
export const prosecutorsRobot = '@prosecutors';

/** Where an outbound message goes. */
export type DeliveryTarget =
  | { kind: 'app'; touser: string[] }
  /**
   * A group robot, named by whose it is — an agency's id, or {@link prosecutorsRobot} — and looked up when sent: the
   * webhook key is a secret, and a job's data is kept for days in Redis and shown on the queue board. (`key` is what
   * jobs queued before carried.)
   */
  | { kind: 'robot'; of?: string; key?: string }
  /** A reply to a long-connection request, sent back over that connection. */
  | {
      kind: 'aibot';
      reqId: string;
      /** The sender, who gets the reply as an app message when it cannot go over the connection (older jobs: none). */
      userid?: string;
      /** When the reply was queued (ms, the injected clock): the connection is tried for a limited time from then. */
      queuedAt?: number;
      /** The greeting on entering the chat: WeCom takes it as aibot_respond_welcome_msg, within 5 s, and only then. */
      welcome?: boolean;
    }
  /** Replaces the buttons of a clicked card for every recipient (update_template_card with the click's response_code). */
  | {
      kind: 'card';
      responseCode: string;
      replaceName: string;
      /** Who gets the body as a text, under this delivery id, when WeCom refuses the update for good. */
      orElse?: { id: string; touser: string[] };
    };

/** One outbound message; `id` makes queuing it twice a no-op. */
export interface Delivery {
  id: string;
  target: DeliveryTarget;
  /**
   * The message; with `parts`, the first of them (what the queue board shows). An app or robot text or markdown
   * longer than WeCom takes in one message is sent in parts all the same, cut between lines, as with `parts`.
   */
  body: MessageBody;
  /**
   * A message WeCom takes only in several parts (a long digest, a long list), sent by this one job in this order —
   * never two at once, a later part never before an earlier one, even when one is held back by a rate limit or a
   * refusal — each part recorded in `deliveries` as `<id>_<n>` (n from 0). App and robot targets only.
   */
  parts?: MessageBody[];
  /** The inbound message id this answers, if any. */
  source?: string;
}

/** The delivery of `parts` as one message in order (see {@link Delivery.parts}); part n is recorded as `<id>_<n>`. */
export function inOrder(id: string, target: DeliveryTarget, parts: MessageBody[]): Delivery {
  const [first] = parts;
  if (!first) throw new Error(`delivery ${id} has no parts`);
  return { id, target, body: first, parts };
}

/** Producer of outbound messages: app and robot messages go to `deliver`, long-connection replies to `aibot-reply`. */
export interface DeliveryQueue {
  send(delivery: Delivery): Promise<void>;
  close(): Promise<void>;
}

export function createDeliveryQueue(connection: Redis, prefix: string): DeliveryQueue {
  const deliver = createProducer<Delivery>(queueNames.deliver, connection, prefix, { attempts: 10, backoffMs: 2000, keepCompletedDays: 7 });
  // Long-connection replies are retried 1, 2, 4, 8 … s apart, outlasting the SDK's own reconnect backoff (1 s, 2 s,
  // 4 s …), until the reply processor's time over the connection is up and it sends the reply as an app message.
  const aibot = createProducer<Delivery>(queueNames.aibotReply, connection, prefix, { attempts: 10, backoffMs: 1000, keepCompletedDays: 1 });
  return {
    async send(delivery) {
      const queue = delivery.target.kind === 'aibot' ? aibot : deliver;
      await queue.add(delivery.target.kind, delivery, { jobId: delivery.id });
    },
    close: async () => {
      await deliver.close();
      await aibot.close();
    },
  };
}
