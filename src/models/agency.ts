import { Schema, type Connection, type Model } from 'mongoose';

/** An administrative enforcement agency (行政执法单位), e.g. 林业局. */
export interface AgencyRecord {
  /** Short code, e.g. linye. */
  _id: string;
  name: string;
  /** Domains (领域) of its cases. */
  domains: string[];
  /** The group robot's webhook key (a credential). */
  robotKey?: string;
  /** Userids of the prosecutors responsible for this agency. */
  prosecutors: string[];
  /**
   * Chat ids of the agency's own working groups: the bot answers its staff there in the group. In any other group
   * (joint groups, groups with outsiders) their answers — cases, parties, deadlines — go to them privately.
   */
  chats?: string[];
  /** Per-agency deadline settings; defaults apply where unset. */
  settings?: AgencySettings;
  active: boolean;
}

/** How one agency wants its deadline notices. */
export interface AgencySettings {
  /** Local hour (0-23) from which its morning digest goes out; default 8. */
  digestHour?: number;
  /** Days before a due date on which staff are reminded; default [7, 3, 1]. */
  reminderDays?: number[];
  /** A recommendation due within this many days is listed as due soon; default 7. */
  dueSoonDays?: number;
  /** Months after an accepted rectification at which the follow-up check (回头看) is due; default 3. */
  followUpMonths?: number;
}

const schema = new Schema<AgencyRecord>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true, unique: true },
    domains: { type: [String], default: [] },
    robotKey: String,
    prosecutors: { type: [String], default: [] },
    chats: { type: [String], default: undefined },
    settings: { digestHour: Number, reminderDays: { type: [Number], default: undefined }, dueSoonDays: Number, followUpMonths: Number },
    active: { type: Boolean, default: true },
  },
  { collection: 'agencies', versionKey: false },
);

export function agencyModel(connection: Connection): Model<AgencyRecord> {
  return (connection.models.Agency as Model<AgencyRecord> | undefined) ?? connection.model<AgencyRecord>('Agency', schema);
}
