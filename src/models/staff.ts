import { Schema, type Connection, type Model } from 'mongoose';

/** Roles: agency staff (执法人员) and agency admins act for one agency; prosecutors (检察官) and admins for all. */
export const roles = ['staff', 'agency_admin', 'prosecutor', 'admin'] as const;
export type Role = (typeof roles)[number];

/** A person bound to a WeCom userid. */
export interface StaffRecord {
  /** WeCom userid. */
  _id: string;
  name: string;
  mobile?: string;
  /** Agency code; absent for prosecutors and admins. */
  agency?: string;
  role: Role;
  /** Prosecutors: the domains (领域) whose leads they receive. */
  domains?: string[];
  active: boolean;
  boundAt: Date;
  boundBy: string;
}

const schema = new Schema<StaffRecord>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    mobile: String,
    agency: { type: String, index: true },
    role: { type: String, required: true, enum: roles },
    domains: { type: [String], default: undefined },
    active: { type: Boolean, default: true },
    boundAt: { type: Date, required: true },
    boundBy: { type: String, required: true },
  },
  { collection: 'staff', versionKey: false },
);

export function staffModel(connection: Connection): Model<StaffRecord> {
  return (connection.models.Staff as Model<StaffRecord> | undefined) ?? connection.model<StaffRecord>('Staff', schema);
}

/** True for roles that act for one agency only. */
export function isAgencyRole(role: Role): boolean {
  return role === 'staff' || role === 'agency_admin';
}
