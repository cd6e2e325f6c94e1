import type { Connection } from 'mongoose';
import { agencyModel } from '../models/agency.js';
import { notFound } from './errors.js';
import type { Principal } from './tokens.js';

/** The agency a list is limited to: an agency admin's own, whatever was asked; otherwise the filter asked for. */
export function agencyScope(principal: Principal, requested?: string): string | undefined {
  return principal.role === 'agency_admin' ? principal.agency : requested;
}

/** An agency admin asking for another agency's record gets 404, as if it did not exist. */
export function assertVisible(principal: Principal, agency: string | undefined, what: string): void {
  if (principal.role === 'agency_admin' && agency !== principal.agency) throw notFound(what);
}

/** Agency id → name, for display. */
export async function agencyNames(mongo: Connection): Promise<Map<string, string>> {
  return new Map((await agencyModel(mongo).find({}, { name: 1 }).lean()).map((a) => [a._id, a.name]));
}
