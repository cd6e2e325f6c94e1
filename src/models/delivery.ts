import { createHash } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';
import type { Delivery } from '../queue/delivery.js';

/** One outbound message and what became of it (the `deliveries` collection). */
export interface DeliveryRecord {
  _id: string;
  /** app (message/send), robot (group webhook) or aibot (long-connection reply). */
  channel: 'app' | 'robot' | 'aibot' | 'card';
  /** Userids, a hash of the robot key (the key itself is a secret), or the request id. */
  target: string;
  msgtype: string;
  payload: Record<string, unknown>;
  /** The inbound message this answers, if any. */
  source?: string;
  /** `skipped`: not sent, because what it said no longer held when its turn came (see `skipReason`). */
  state: 'queued' | 'sent' | 'failed' | 'skipped';
  /** Why a skipped delivery was not sent, e.g. its lead was decided while its alert card waited in the queue. */
  skipReason?: string;
  attempts: number;
  errcode?: number;
  errmsg?: string;
  msgid?: string;
  invalidUsers?: string[];
  responseCode?: string;
  createdAt: Date;
  sentAt?: Date;
}

const schema = new Schema<DeliveryRecord>(
  {
    _id: { type: String, required: true },
    channel: { type: String, required: true },
    target: { type: String, required: true },
    msgtype: { type: String, required: true },
    payload: { type: Schema.Types.Mixed, required: true },
    source: { type: String, index: true },
    state: { type: String, required: true, enum: ['queued', 'sent', 'failed', 'skipped'] },
    skipReason: String,
    attempts: { type: Number, required: true, default: 0 },
    errcode: Number,
    errmsg: String,
    msgid: String,
    invalidUsers: [String],
    responseCode: String,
    createdAt: { type: Date, required: true },
    sentAt: Date,
  },
  { collection: 'deliveries', versionKey: false },
);
schema.index({ state: 1, createdAt: -1 });

/** The `deliveries` model on a given connection. */
export function deliveryModel(connection: Connection): Model<DeliveryRecord> {
  return (connection.models.Delivery as Model<DeliveryRecord> | undefined) ?? connection.model<DeliveryRecord>('Delivery', schema);
}

/** A robot key is a credential: records and Redis keys carry its hash. */
export function robotKeyHash(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

/** Upserts what became of one delivery attempt; the first write also stores what was sent and to whom. */
export async function recordDelivery(connection: Connection, delivery: Delivery, update: Partial<DeliveryRecord>, now: Date): Promise<void> {
  const { target } = delivery;
  const robot = (t: { of?: string; key?: string }) => (t.of ? `robot:${t.of}` : robotKeyHash(t.key ?? ''));
  const to = target.kind === 'app' ? target.touser.join('|') : target.kind === 'robot' ? robot(target) : target.kind === 'card' ? target.responseCode : target.reqId;
  await deliveryModel(connection).updateOne(
    { _id: delivery.id },
    {
      $set: update,
      $setOnInsert: { channel: target.kind, target: to, msgtype: delivery.body.msgtype, payload: delivery.body, source: delivery.source, createdAt: now },
    },
    { upsert: true },
  );
}
