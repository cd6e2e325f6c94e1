import { daysBetween, localDate, ymd } from '../calendar/local-date.js';
import type { Change } from '../models/change.js';
import type { ProgressRecord } from '../models/progress.js';
import { openStatuses, type RecommendationRecord, type RecommendationStatus } from '../models/recommendation.js';
import type { DerivedFacts, RecommendationFacts } from './types.js';

/** The recommendation fields rules read (检察建议); a stored RecommendationRecord fits. */
export type RecommendationLike = Pick<RecommendationRecord, 'ref' | 'status'> &
  Partial<Pick<RecommendationRecord,
    '_id' | 'agency' | 'title' | 'percent' | 'urgent' | 'issuedOn' | 'receivedOn' | 'dueOn' | 'repliedAt' | 'completedAt' | 'domain'>> & {
    history?: ReadonlyArray<Pick<Change, 'at' | 'action' | 'detail'>>;
  };

/** Recommendation statuses in the words of the alert card. */
export const STATUS_TEXT: Readonly<Record<RecommendationStatus, string>> = {
  issued: '已发出',
  received: '已收到',
  rectifying: '整改中',
  completed: '已报告整改完成',
  reviewed_done: '经审查已整改',
  reviewed_not_done: '经审查未整改到位',
  litigation: '已提起诉讼',
};

/** The recommendation's own fields, dates as YYYY-MM-DD (instants in `timeZone`). */
export function recommendationFacts(r: RecommendationLike, timeZone: string): RecommendationFacts {
  return {
    ref: r.ref, agency: r.agency, title: r.title, status: r.status, statusText: STATUS_TEXT[r.status] ?? r.status,
    percent: r.percent, urgent: r.urgent,
    issuedOn: r.issuedOn && ymd(r.issuedOn), receivedOn: r.receivedOn && ymd(r.receivedOn), dueOn: r.dueOn && ymd(r.dueOn),
    repliedOn: r.repliedAt && localDate(r.repliedAt, timeZone), completedOn: r.completedAt && localDate(r.completedAt, timeZone),
    domain: r.domain,
  };
}

/** A stored date-only value or a YYYY-MM-DD string, as YYYY-MM-DD; anything else as undefined. */
function dateValue(value: unknown): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : ymd(value);
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : undefined;
}

/**
 * History actions that correct the due date in force rather than set a new period: `due_recomputed` is written when
 * the receipt date or the urgent flag is registered or corrected (src/admin/registry.ts), so the replaced date was
 * never the agency's real deadline, and its passing is no overdue.
 */
export const DUE_CORRECTIONS: ReadonlySet<string> = new Set(['due_recomputed']);

/** History entries that replaced a due date with a new period (not a correction), with the date they replaced. */
export function dueResets(r: Pick<RecommendationLike, 'history'>): Array<{ at: Date; previousDueOn: string }> {
  return (r.history ?? []).flatMap((change) => {
    const previousDueOn = dateValue(change.detail?.previousDueOn);
    return previousDueOn === undefined || DUE_CORRECTIONS.has(change.action) ? [] : [{ at: change.at, previousDueOn }];
  });
}

/**
 * How many due dates passed while the recommendation was open. Earlier due dates are the `previousDueOn` of
 * history entries that set a new period (e.g. a due date re-set after 审查未整改; corrections do not count); each
 * counts when it was replaced after it had passed. The current due date counts when it is past and the
 * recommendation still open, or when completion was reported after it.
 */
export function overdueEpisodes(r: RecommendationLike, today: string, timeZone: string): number {
  const earlier = dueResets(r).filter((reset) => localDate(reset.at, timeZone) > reset.previousDueOn).length;
  const dueOn = r.dueOn && ymd(r.dueOn);
  if (dueOn === undefined) return earlier;
  const completedOn = r.completedAt && localDate(r.completedAt, timeZone);
  const isOpen = openStatuses.includes(r.status);
  const current = (isOpen && today > dueOn) || (completedOn !== undefined && completedOn > dueOn);
  return earlier + (current ? 1 : 0);
}

/** Days past the due date (0 before and on it) and the number of overdue episodes. */
export function overdueFacts(r: RecommendationLike, today: string, timeZone: string): Partial<DerivedFacts> {
  const dueOn = r.dueOn && ymd(r.dueOn);
  return {
    daysOverdue: dueOn === undefined ? undefined : Math.max(0, daysBetween(dueOn, today)),
    overdueEpisodes: overdueEpisodes(r, today, timeZone),
  };
}

/**
 * The latest completion report (完成) not taken back (撤回), how long ago it was, and its evidence — with the evidence
 * of a written reply (回复) made after it: photos sent after 完成 then 回复 attach to the reply, and are the
 * completion's evidence all the same (R09 would otherwise call it a completion without evidence).
 */
export function completeReportFacts(
  progress: ReadonlyArray<Pick<ProgressRecord, 'kind' | 'createdAt'> & Partial<Pick<ProgressRecord, 'evidence' | 'revoked'>>>,
  today: string,
  timeZone: string,
): Partial<DerivedFacts> {
  const latest = progress
    .filter((p) => p.kind === 'complete' && !p.revoked)
    .reduce<(typeof progress)[number] | undefined>((best, p) => (!best || p.createdAt.getTime() > best.createdAt.getTime() ? p : best), undefined);
  if (!latest) return {};
  const reportedOn = localDate(latest.createdAt, timeZone);
  const laterReplies = progress.filter((p) => p.kind === 'reply' && !p.revoked && p.createdAt.getTime() > latest.createdAt.getTime());
  const evidenceCount = [latest, ...laterReplies].reduce((sum, p) => sum + (p.evidence?.length ?? 0), 0);
  return {
    lastCompleteReportOn: reportedOn,
    daysSinceCompleteReport: daysBetween(reportedOn, today),
    lastCompleteHasEvidence: evidenceCount > 0,
    lastCompleteEvidenceCount: evidenceCount,
  };
}
