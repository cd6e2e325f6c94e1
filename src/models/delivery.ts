import { Schema, type Connection, type Model } from 'mongoose';

/** One outbound message and what became of it (the `deliveries` collection). */
export interface DeliveryRecord {
  _id: string;
  /** app (message/send), robot (group webhook) or aibot (long-connection reply). */
  channel: 'app' | 'robot' | 'aibot';
  /** Userids, a hash of the robot key (the key itself is a secret), or the request id. */
  target: string;
  msgtype: string;
  payload: Record<string, unknown>;
  /** The inbound message this answers, if any. */
  source?: string;
  state: 'queued' | 'sent' | 'failed';
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
    state: { type: String, required: true, enum: ['queued', 'sent', 'failed'] },
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
