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
  active: boolean;
}

const schema = new Schema<AgencyRecord>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true, unique: true },
    domains: { type: [String], default: [] },
    robotKey: String,
    prosecutors: { type: [String], default: [] },
    active: { type: Boolean, default: true },
  },
  { collection: 'agencies', versionKey: false },
);

export function agencyModel(connection: Connection): Model<AgencyRecord> {
  return (connection.models.Agency as Model<AgencyRecord> | undefined) ?? connection.model<AgencyRecord>('Agency', schema);
}
