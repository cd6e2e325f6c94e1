import type { Connection } from 'mongoose';
import { agencyModel } from '../models/agency.js';
import { leadModel } from '../models/lead.js';
import { recommendationModel } from '../models/recommendation.js';
import { staffModel } from '../models/staff.js';
import { responsibleProsecutors } from '../rectification/review.js';

/** What a prosecutor (检察官) is still answerable for, so an operator can hand it on before they leave. */
export interface ProsecutorDuties {
  /** Agencies whose `prosecutors` name them: their alerts, updates and reviews go to them. */
  agencies: string[];
  /** Completions reported (status completed) that they are among the reviewers of. */
  awaitingReview: number;
  /** Open leads and 提醒 whose alert went to them: once they leave, the next lead check hands them on (hand-over.ts). */
  openLeads: number;
}

/** The agencies that name `userid` as their prosecutor, and the completions awaiting that person's review. */
export async function prosecutorDuties(mongo: Connection, userid: string): Promise<ProsecutorDuties> {
  const agencies = await agencyModel(mongo).find({ prosecutors: userid }, { prosecutors: 1 }).sort({ _id: 1 }).lean();
  const named = new Map(agencies.map((a) => [a._id, a.prosecutors]));
  const completed = await recommendationModel(mongo)
    .find({ status: 'completed', $or: [{ prosecutors: userid }, { agency: { $in: [...named.keys()] } }] }, { prosecutors: 1, agency: 1 })
    .lean();
  // A recommendation naming its own prosecutors is theirs alone; the agency's are the fallback (see review.ts).
  const awaitingReview = completed.filter((r) => responsibleProsecutors(r, named.get(r.agency) ?? []).includes(userid)).length;
  const openLeads = await leadModel(mongo).countDocuments({ status: 'open', 'alert.recipients': userid });
  return { agencies: agencies.map((a) => a._id), awaitingReview, openLeads };
}

/** A warning line about duties left with `userid`, or undefined when there are none. */
export function dutiesWarning(userid: string, duties: ProsecutorDuties): string | undefined {
  if (duties.agencies.length === 0 && duties.awaitingReview === 0 && duties.openLeads === 0) return undefined;
  const leads = duties.openLeads ? ` Open leads and 提醒 sent to them: ${duties.openLeads}; once they are no longer a prosecutor, the next lead check in working time hands these to the agency's prosecutors (else the admins), who are told.` : '';
  return `warning: ${userid} is still named as prosecutor by agencies: ${duties.agencies.join(', ') || '(none)'}; recommendations awaiting their review: ${duties.awaitingReview}. ` +
    `Reassign them: npm run admin -- agency add <id> --name <名称> --prosecutors <userid>${leads ? `.${leads}` : ''}`;
}

/** Those of `userids` that are not bound (active) as a prosecutor or admin, in the order given. */
export async function notProsecutors(mongo: Connection, userids: readonly string[]): Promise<string[]> {
  const bound = await staffModel(mongo).find({ _id: { $in: [...userids] }, active: true, role: { $in: ['prosecutor', 'admin'] } }, { _id: 1 }).lean();
  const ok = new Set(bound.map((s) => s._id));
  return userids.filter((u) => !ok.has(u));
}

/**
 * A warning line when `userid` was an active admin and no active admin is left after a bind or unbind: escalations
 * with no PROSECUTOR_ROBOT_KEY go to the admins by app message, so they would then reach nobody.
 */
export async function lastAdminWarning(mongo: Connection, userid: string, wasActiveAdmin: boolean): Promise<string | undefined> {
  if (!wasActiveAdmin) return undefined;
  if (await staffModel(mongo).exists({ active: true, role: 'admin' })) return undefined;
  return `warning: ${userid} was the last active admin; the platform now has none, and escalations sent to admins by app message reach nobody. ` +
    'Bind another: npm run admin -- bind <userid> --name <姓名> --role admin';
}
