import { Schema, type Connection, type Model } from 'mongoose';

/** One received message (inbound log): dedupe key, what was said, and whether it was handled. */
export interface MessageLog {
  _id: string;
  channel: 'app' | 'aibot';
  kind: string;
  from: string;
  text?: string;
  sentAt: Date;
  receivedAt: Date;
  /** The normalised message as the receiver produced it. */
  message: Record<string, unknown>;
  /** What the parser understood (filled by the handler chain). */
  parsed?: Record<string, unknown>;
  state: 'received' | 'handled';
  handledAt?: Date;
  replies?: number;
}

const schema = new Schema<MessageLog>(
  {
    _id: { type: String, required: true },
    channel: { type: String, required: true },
    kind: { type: String, required: true },
    from: { type: String, required: true, index: true },
    text: String,
    sentAt: { type: Date, required: true },
    receivedAt: { type: Date, required: true },
    message: { type: Schema.Types.Mixed, required: true },
    parsed: Schema.Types.Mixed,
    state: { type: String, required: true, enum: ['received', 'handled'] },
    handledAt: Date,
    replies: Number,
  },
  { collection: 'messages', versionKey: false },
);
schema.index({ from: 1, receivedAt: -1 });

/** The `messages` model on a given connection. */
export function messageLogModel(connection: Connection): Model<MessageLog> {
  return (connection.models.MessageLog as Model<MessageLog> | undefined) ?? connection.model<MessageLog>('MessageLog', schema);
}
