import { daysBetween, localDate, ymd } from '../calendar/local-date.js';
import type { CaseRecord } from '../models/case.js';
import type { ProgressRecord } from '../models/progress.js';
import { licenceExpiryStatement } from './licence-facts.js';
import { landAreas, landAreaText, stateLossYuan } from './quantity-facts.js';
import { completeReportFacts, overdueFacts, recommendationFacts, type RecommendationLike } from './recommendation-facts.js';
import type { CaseFacts, DerivedFacts, Facts } from './types.js';

export type { RecommendationLike } from './recommendation-facts.js';

/** The case fields rules read: a stored CaseRecord fits, and so does a plain object in a test. */
export type CaseLike = Pick<CaseRecord, 'caseNumber' | 'party' | 'facts' | 'status'> &
  Partial<Pick<CaseRecord,
    | '_id' | 'agency' | 'caseType' | 'violation' | 'legalBasis' | 'decision' | 'fineYuan' | 'finePaid' | 'enforced'
    | 'areaMu' | 'quantities' | 'filedOn' | 'decidedOn' | 'domain' | 'campaign' | 'note' | 'createdAt'>>;

/** The progress fields rules read (整改进展). */
export type ProgressLike = Pick<ProgressRecord, 'kind' | 'createdAt'> & Partial<Pick<ProgressRecord, '_id' | 'evidence' | 'revoked'>>;

/** The records one evaluation looks at. */
export interface FactsInput {
  case?: CaseLike;
  recommendation?: RecommendationLike;
  /** Progress updates of the recommendation, in any order. */
  progress?: readonly ProgressLike[];
  /** Other cases of the same party and agency (the caller finds them; this case may be among them). */
  sameParty?: readonly CaseLike[];
}

/**
 * The facts the rules read, computed once from the records, `now` and the time zone: the records' own fields
 * (dates as YYYY-MM-DD) and derived values such as days since the decision or days overdue.
 * Date-only fields (decidedOn, dueOn …) are stored as midnight UTC and read as such; instants (completedAt,
 * a progress update's createdAt) are read as calendar dates in `timeZone`.
 */
export function buildFacts(input: FactsInput, now: Date, timeZone: string): Facts {
  const today = localDate(now, timeZone);
  const derived: DerivedFacts = { today };
  const facts: Facts = { derived };
  if (input.case) {
    facts.case = caseFacts(input.case);
    Object.assign(derived, caseDerived(input.case, input.sameParty ?? [], today, timeZone));
  }
  if (input.recommendation) {
    facts.recommendation = recommendationFacts(input.recommendation, timeZone);
    Object.assign(derived, overdueFacts(input.recommendation, today, timeZone), completeReportFacts(input.progress ?? [], today, timeZone));
  }
  return facts;
}

function caseFacts(c: CaseLike): CaseFacts {
  return {
    caseNumber: c.caseNumber, caseType: c.caseType, party: c.party, facts: c.facts, violation: c.violation,
    legalBasis: c.legalBasis, decision: c.decision, fineYuan: c.fineYuan, finePaid: c.finePaid, enforced: c.enforced,
    areaMu: c.areaMu, filedOn: c.filedOn && ymd(c.filedOn), decidedOn: c.decidedOn && ymd(c.decidedOn),
    domain: c.domain, campaign: c.campaign, status: c.status, agency: c.agency,
  };
}

/** Every word recorded about the case, for the rules' word conditions: 备注 too (已告知听证权利 is often written there). */
export function caseText(c: CaseLike): string {
  return [c.facts, c.violation, c.decision, c.legalBasis, c.note].filter((part): part is string => Boolean(part)).join('\n');
}

function caseDerived(c: CaseLike, sameParty: readonly CaseLike[], today: string, timeZone: string): Partial<DerivedFacts> {
  const text = caseText(c);
  const quantities = c.quantities ?? [];
  // Only what happened says which land it was; the legal basis and decision name laws, not parcels.
  const areas = landAreas(c.areaMu, quantities, [c.facts, c.violation ?? ''].join('\n'));
  const decidedOn = c.decidedOn && ymd(c.decidedOn);
  const fineYuanPerMu = c.fineYuan !== undefined && areas.areaMu ? c.fineYuan / areas.areaMu : undefined;
  const later = decidedOn === undefined ? undefined : laterCases(c, sameParty, decidedOn, recordedStart);
  const laterOrEntered = decidedOn === undefined ? undefined : laterCases(c, sameParty, decidedOn, (other) => recordedStart(other) ?? enteredOn(other, timeZone));
  return {
    caseText: text,
    fineExecutionText: fineExecutionText(c),
    licenceExpiryStatement: licenceExpiryStatement(text),
    daysSinceDecision: decidedOn === undefined ? undefined : daysBetween(decidedOn, today),
    daysSinceFiled: c.filedOn && daysBetween(ymd(c.filedOn), today),
    ...areas,
    landAreaText: landAreaText(areas),
    fineYuanPerMu,
    // 40000元 on 6亩 is 6666.67 元/亩, exactly the 10元/m² minimum that thresholds write as 6667: compared to the 元,
    // as the threshold is written, a lawful fine does not fall a fraction of a 元 below it.
    fineYuanPerMuRounded: fineYuanPerMu === undefined ? undefined : Math.round(fineYuanPerMu),
    stateLossYuan: stateLossYuan(quantities),
    laterDatedCases: later?.length,
    laterDatedCaseNumbers: later,
    laterCasesOfSameParty: laterOrEntered?.length,
    laterCaseNumbers: laterOrEntered,
  };
}

/**
 * The fine's execution in words, keeping "the case does not record it" apart from a recorded "no": a lead must not
 * state as fact that a fine went unpaid when nobody recorded whether it was paid. Undefined without a fine.
 */
export function fineExecutionText(c: Pick<CaseLike, 'fineYuan' | 'finePaid' | 'enforced'>): string | undefined {
  if (c.fineYuan === undefined || c.fineYuan <= 0) return undefined;
  if (c.finePaid === true) return '案件记录罚款已缴纳';
  if (c.enforced === true) return '案件记录已强制执行';
  if (c.finePaid === undefined && c.enforced === undefined) return '案件未记录罚款缴纳及强制执行情况';
  if (c.finePaid === undefined) return '案件未记录罚款是否缴纳，记录未强制执行';
  if (c.enforced === undefined) return '案件记录罚款未缴纳，未记录是否强制执行';
  return '案件记录罚款未缴纳且未强制执行';
}

/** When a case began as its record dates it: its filing, else its decision (an imported case may carry only that). */
function recordedStart(c: CaseLike): string | undefined {
  const began = c.filedOn ?? c.decidedOn;
  return began && ymd(began);
}

/** The day a case was entered, in the local time zone. */
function enteredOn(c: CaseLike, timeZone: string): string | undefined {
  return c.createdAt && localDate(c.createdAt, timeZone);
}

/**
 * Case numbers of the other cases that began after `decidedOn` (the penalty), sorted. A case `startOf` cannot date
 * is not counted: whether it came after is unknown, and a 〔2025〕 case without dates is no re-offence after a 2026 penalty.
 */
function laterCases(c: CaseLike, sameParty: readonly CaseLike[], decidedOn: string, startOf: (other: CaseLike) => string | undefined): string[] {
  const isThisCase = (other: CaseLike) => (c._id !== undefined && other._id !== undefined ? other._id === c._id : other.caseNumber === c.caseNumber);
  return sameParty
    .filter((other) => !isThisCase(other))
    .filter((other) => {
      const start = startOf(other);
      return start !== undefined && start > decidedOn;
    })
    .map((other) => other.caseNumber)
    .sort();
}
