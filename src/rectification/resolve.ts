import type { Connection } from 'mongoose';
import type { RefParts } from '../commands/index.js';
import { openStatuses, recommendationModel, type RecommendationRecord } from '../models/recommendation.js';

/** How a reference in a message maps onto the sender's agency's recommendations. */
export type Resolution =
  | { kind: 'found'; recommendation: RecommendationRecord }
  /** Several match (e.g. 14号 of 2021 and of 2022): the sender must choose. */
  | { kind: 'ambiguous'; candidates: RecommendationRecord[] }
  /** No reference given: the agency's open recommendations to choose from. */
  | { kind: 'missing'; candidates: RecommendationRecord[] }
  | { kind: 'not_found' }
  /** It exists, but belongs to another agency. */
  | { kind: 'other_agency'; recommendation: RecommendationRecord };

/**
 * Resolves `ref` within `agency`: a full number matches exactly; a short form (14号) matches the
 * serial among the agency's recommendations, open ones first.
 */
export async function resolveRecommendation(mongo: Connection, agency: string, ref: string | null, parts: RefParts | null): Promise<Resolution> {
  const model = recommendationModel(mongo);
  if (!ref || !parts) {
    const candidates = await model.find({ agency, status: { $in: openStatuses } }).sort({ dueOn: 1 }).lean();
    return { kind: 'missing', candidates };
  }
  if (parts.prefix !== null || parts.year !== null) {
    const exact = await model.findOne({ ref }).lean();
    if (exact) return exact.agency === agency ? { kind: 'found', recommendation: exact } : { kind: 'other_agency', recommendation: exact };
    const query: Record<string, unknown> = { agency, refSerial: parts.serial };
    if (parts.year !== null) query.refYear = parts.year;
    const near = await model.find(query).lean();
    return near.length === 1 ? { kind: 'found', recommendation: near[0]! } : near.length > 1 ? { kind: 'ambiguous', candidates: near } : { kind: 'not_found' };
  }
  const all = await model.find({ agency, refSerial: parts.serial }).sort({ issuedOn: -1 }).lean();
  const open = all.filter((r) => openStatuses.includes(r.status));
  const pool = open.length ? open : all;
  if (pool.length === 1) return { kind: 'found', recommendation: pool[0]! };
  if (pool.length > 1) return { kind: 'ambiguous', candidates: pool };
  const elsewhere = await model.findOne({ refSerial: parts.serial, agency: { $ne: agency }, status: { $in: openStatuses } }).lean();
  return elsewhere ? { kind: 'other_agency', recommendation: elsewhere } : { kind: 'not_found' };
}
