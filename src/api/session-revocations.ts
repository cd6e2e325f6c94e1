import { Schema, type Connection, type Model } from 'mongoose';

/** A dashboard session ended by logout before its expiry. Kept until it would have expired, then pruned. */
interface RevokedSession {
  /** The session id carried in the cookie. */
  _id: string;
  /** The principal it was issued to, for the operator reading the collection. */
  name: string;
  expiresAt: Date;
  revokedAt: Date;
}

const schema = new Schema<RevokedSession>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    expiresAt: { type: Date, required: true, index: true },
    revokedAt: { type: Date, required: true },
  },
  { collection: 'api_revoked_sessions', versionKey: false },
);

function revokedSessionModel(connection: Connection): Model<RevokedSession> {
  return (connection.models.ApiRevokedSession as Model<RevokedSession> | undefined) ?? connection.model<RevokedSession>('ApiRevokedSession', schema);
}

/**
 * The sessions logout ended. A session cookie is signed and carries its own expiry, so only a server-side record
 * can end it sooner: a copy of the cookie must stop working when its owner logs out. Stored in the database every
 * web process shares, so logging out through one ends the session on all of them.
 */
export interface SessionRevocations {
  /** Ends session `id` (issued to `name`) until `expiresAt`, when the cookie expires by itself anyway. */
  revoke(session: { id: string; name: string; expiresAt: Date }, now: Date): Promise<void>;
  isRevoked(id: string): Promise<boolean>;
}

/** The revocations kept in `mongo`. */
export function sessionRevocations(mongo: Connection): SessionRevocations {
  const model = revokedSessionModel(mongo);
  return {
    async revoke(session, now) {
      await model.updateOne({ _id: session.id }, { $setOnInsert: { name: session.name, expiresAt: session.expiresAt, revokedAt: now } }, { upsert: true });
      // Expired sessions are refused by their cookie's own expiry; their records are no longer needed.
      await model.deleteMany({ expiresAt: { $lte: now } });
    },
    async isRevoked(id) {
      return (await model.exists({ _id: id })) !== null;
    },
  };
}
