import { ymd } from '../calendar/local-date.js';
import type { RecommendationRecord } from '../models/recommendation.js';

/**
 * What a change to a recommendation was decided on: the receipt date and the due date (YYYY-MM-DD, null for none)
 * the person saw — a dashboard form shows them when it is loaded, and may be submitted minutes later.
 */
export interface BasedOn {
  receivedOn?: string | null;
  dueOn?: string | null;
}

/**
 * A change refused because the recommendation no longer shows what it was decided on: a colleague registered the
 * receipt or set a period meanwhile. Applying it would silently replace their decision (and move a legal deadline)
 * with one made without knowing it. `current` is the record as it is now.
 */
export class StaleChangeError extends Error {
  constructor(readonly current: RecommendationRecord) {
    super(`${current.ref} changed since the change was prepared`);
    this.name = 'StaleChangeError';
  }
}

const dayOf = (date: Date | undefined) => (date ? ymd(date) : null);

/** Whether `rec` still shows every value `basedOn` names. */
export function isAsSeen(rec: Pick<RecommendationRecord, 'receivedOn' | 'dueOn'>, basedOn: BasedOn): boolean {
  if (basedOn.receivedOn !== undefined && dayOf(rec.receivedOn) !== basedOn.receivedOn) return false;
  if (basedOn.dueOn !== undefined && dayOf(rec.dueOn) !== basedOn.dueOn) return false;
  return true;
}

/**
 * The filter that makes a write apply only to the record as it was read (none without `basedOn`): a change made by
 * another request between the read and the write leaves the write unapplied, to be refused, rather than overwritten.
 */
export function asReadFilter(rec: Pick<RecommendationRecord, 'receivedOn' | 'dueOn'>, basedOn: BasedOn | undefined): Record<string, unknown> {
  return basedOn ? { receivedOn: rec.receivedOn ?? null, dueOn: rec.dueOn ?? null } : {};
}
