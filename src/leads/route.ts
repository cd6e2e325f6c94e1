import type { Connection } from 'mongoose';
import { agencyModel } from '../models/agency.js';
import type { LeadRecord } from '../models/lead.js';
import { staffModel, type StaffRecord } from '../models/staff.js';

/** Who may hold a lead now: the active prosecutors and admins, and each agency's prosecutors and name. */
export interface LeadBindings {
  /** Active prosecutors and admins by userid: only they decide leads. */
  deciders: Map<string, Pick<StaffRecord, '_id' | 'name' | 'role' | 'domains'>>;
  agencies: Map<string, { name: string; prosecutors: string[] }>;
}

/** Reads the bindings once, for every lead a list or a check goes through. */
export async function loadBindings(mongo: Connection): Promise<LeadBindings> {
  const staff = await staffModel(mongo).find({ active: true, role: { $in: ['prosecutor', 'admin'] } }, { name: 1, role: 1, domains: 1 }).lean();
  const agencies = await agencyModel(mongo).find({}, { name: 1, prosecutors: 1 }).lean();
  return {
    deciders: new Map(staff.map((s) => [s._id, s])),
    agencies: new Map(agencies.map((a) => [a._id, { name: a.name, prosecutors: a.prosecutors ?? [] }])),
  };
}

/**
 * Who receives a lead's alert: the prosecutors responsible for the agency, and those responsible for the
 * domain; when nobody is, the lead admins (role admin), so that no alert goes unseen.
 */
export function alertRecipientsFor(bindings: LeadBindings, subject: Pick<LeadRecord['subject'], 'agency' | 'domain'>): string[] {
  const prosecutors = [...bindings.deciders.values()].filter((s) => s.role === 'prosecutor');
  const byAgency = (bindings.agencies.get(subject.agency)?.prosecutors ?? []).filter((id) => bindings.deciders.get(id)?.role === 'prosecutor');
  const byDomain = subject.domain ? prosecutors.filter((s) => s.domains?.includes(subject.domain!)).map((s) => s._id) : [];
  const chosen = [...byAgency, ...byDomain];
  if (chosen.length) return [...new Set(chosen)];
  return [...bindings.deciders.values()].filter((s) => s.role === 'admin').map((s) => s._id);
}

/** {@link alertRecipientsFor}, reading the bindings. */
export async function leadRecipients(mongo: Connection, lead: Pick<LeadRecord, 'subject'>): Promise<string[]> {
  return alertRecipientsFor(await loadBindings(mongo), lead.subject);
}

/**
 * The people responsible for a lead now, the one rule for deciding it, listing it and reminding or escalating it:
 * those its alert went to (or it was handed over to) who are still active prosecutors or admins; when none is left
 * (unbound, or rebound as agency staff), those a new alert would go to now — the agency's prosecutors, else the
 * admins. A prosecutor who leaves does not keep the leads, and whoever takes the agency over may act on them at once;
 * the lead check then hands them over (hand-over.ts), so that the new people are told and recorded.
 */
export function responsibleFor(bindings: LeadBindings, lead: Pick<LeadRecord, 'subject' | 'alert'>): string[] {
  const still = (lead.alert?.recipients ?? []).filter((id) => bindings.deciders.has(id));
  return still.length ? still : alertRecipientsFor(bindings, lead.subject);
}

/** {@link responsibleFor}, reading the bindings. */
export async function leadResponsible(mongo: Connection, lead: Pick<LeadRecord, 'subject' | 'alert'>): Promise<string[]> {
  return responsibleFor(await loadBindings(mongo), lead);
}

/** The names of these people (王检察官、李检察官), the userid for one no longer bound. */
export async function namesOf(mongo: Connection, userids: readonly string[]): Promise<string> {
  const staff = await staffModel(mongo).find({ _id: { $in: [...userids] } }, { name: 1 }).lean();
  const names = new Map(staff.map((s) => [s._id, s.name]));
  return userids.map((id) => names.get(id) ?? id).join('、');
}
