import type { Connection } from 'mongoose';
import { deliveryModel, type DeliveryRecord } from '../../src/models/delivery.js';
import type { FakeWecom } from './fake-wecom/index.js';

/** What reached WeCom through message/send, set against what the bot recorded as sent. */
export interface AppDeliveryAudit {
  /** The bot's app deliveries (the `deliveries` collection, channel app). */
  deliveries: DeliveryRecord[];
  /** msgids WeCom returned for every accepted message/send, in order. */
  accepted: string[];
  /** msgids the bot recorded for its sent deliveries. */
  recorded: string[];
}

/**
 * Reads both sides of outbound app messages. Each delivery records the msgid WeCom returned, so `accepted` and
 * `recorded` hold the same msgids exactly when every delivery reached WeCom once: a message sent twice shows up as
 * an accepted msgid the bot never recorded (the fake gives every accepted call a new msgid).
 */
export async function auditAppDeliveries(fake: FakeWecom, mongo: Connection): Promise<AppDeliveryAudit> {
  const deliveries = await deliveryModel(mongo).find({ channel: 'app' }).lean();
  const accepted = fake.requests
    .filter((r) => r.path === '/cgi-bin/message/send' && (r.response as { errcode?: number }).errcode === 0)
    .map((r) => String((r.response as { msgid?: string }).msgid));
  const recorded = deliveries.filter((d) => d.state === 'sent').map((d) => String(d.msgid));
  return { deliveries, accepted, recorded };
}
