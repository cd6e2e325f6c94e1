import type { Connection } from 'mongoose';
import { localDate, ymd } from '../calendar/local-date.js';
import { deliveryModel } from '../models/delivery.js';
import type { RecommendationRecord } from '../models/recommendation.js';

/**
 * The delivery id under which releases up to 2026-11-30 (before the staff's notices were batched per agency and day)
 * sent one recommendation's reminder: `remind_<recommendation>_<due day>_<days before>`, with the characters job ids
 * do not take as `_` — e.g. remind_富检行公建_2026_5号_2026-12-08_7.
 */
export function olderReminderId(recommendation: string, dueDay: string, daysBefore: number): string {
  return `remind_${recommendation}_${dueDay}_${daysBefore}`.replace(/[:[\]]/g, '_');
}

/** Where remindedByOlderRelease looks. */
export interface OlderReminderQuery {
  mongo: Connection;
  timeZone: string;
  /** The agency's reminder marks (days before the due date), as the older release used them too. */
  offsets: readonly number[];
  today: string;
  /** Today's mark of a due day, as the run now computes it (reminderDueToday). */
  markOf: (dueDay: string) => number | undefined;
}

/**
 * Of `items`, those an older release's run already reminded the staff of today, one message each: on the day of an
 * upgrade, the old code's morning run may have sent them before the new code's first run, which would send them again
 * under its own batch's id. Such a delivery counts when it was sent or is still being retried (`queued`), and is
 * today's mark — that release counted marks in calendar days, so its mark may differ from the one computed now — or
 * was recorded today. Read by `_id` alone, a few per recommendation at a mark.
 */
export async function remindedByOlderRelease(query: OlderReminderQuery, items: readonly RecommendationRecord[]): Promise<RecommendationRecord[]> {
  const reminded: RecommendationRecord[] = [];
  for (const r of items) {
    const dueDay = ymd(r.dueOn!);
    const mark = query.markOf(dueDay);
    for (const offset of query.offsets) {
      const sent = await deliveryModel(query.mongo).findById(olderReminderId(r._id, dueDay, offset), { state: 1, createdAt: 1 }).lean();
      if (!sent || (sent.state !== 'sent' && sent.state !== 'queued')) continue;
      if (offset === mark || localDate(sent.createdAt, query.timeZone) === query.today) {
        reminded.push(r);
        break;
      }
    }
  }
  return reminded;
}
