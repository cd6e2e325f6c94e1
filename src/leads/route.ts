import type { Connection } from 'mongoose';
import { agencyModel } from '../models/agency.js';
import type { LeadRecord } from '../models/lead.js';
import { staffModel } from '../models/staff.js';

/**
 * Who receives a lead's alert: the prosecutors responsible for the agency, and those responsible for the
 * domain; when nobody is, the lead admins (role admin), so that no alert goes unseen.
 */
export async function leadRecipients(mongo: Connection, lead: Pick<LeadRecord, 'subject'>): Promise<string[]> {
  const agency = await agencyModel(mongo).findById(lead.subject.agency).lean();
  const byDomain = lead.subject.domain
    ? await staffModel(mongo).find({ role: 'prosecutor', active: true, domains: lead.subject.domain }).lean()
    : [];
  const active = new Set((await staffModel(mongo).find({ role: 'prosecutor', active: true }).lean()).map((s) => s._id));
  const chosen = [...(agency?.prosecutors ?? []).filter((p) => active.has(p)), ...byDomain.map((s) => s._id)];
  if (chosen.length) return [...new Set(chosen)];
  return (await staffModel(mongo).find({ role: 'admin', active: true }).lean()).map((s) => s._id);
}
