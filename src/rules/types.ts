/**
 * The shapes of the lead rule engine (线索规则): rules are data (rules/seed-rules.json), facts are built from
 * records by build-facts.ts, and evaluate.ts turns both into firings a prosecutor can check value by value.
 */

import type { CaseInput } from '../models/case.js';

/**
 * Lead kinds (线索类型), as in domain.md §2: 公益诉讼线索, 刑事线索, 职务犯罪线索, 不规范执法; and `prompt` (提醒), an
 * alert to the reviewing prosecutor that no statistic counts as a lead (domain.md §4.8).
 */
export const LEAD_KINDS = ['pil', 'criminal', 'duty_crime', 'irregular', 'prompt'] as const;
export type LeadKind = (typeof LEAD_KINDS)[number];

/** The record a rule looks at: an enforcement case or a recommendation with its progress. */
export const RULE_SUBJECTS = ['case', 'recommendation'] as const;
export type RuleSubject = (typeof RULE_SUBJECTS)[number];

/** Comparison operators of a {@link FactCondition}. */
/**
 * `contains` finds a word anywhere; `affirms` only where the text does not negate it (损失未追缴 does not affirm 追缴,
 * see negation.ts), for words that say something happened.
 */
export const CONDITION_OPS = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'exists', 'missing', 'in', 'contains', 'affirms'] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];

/**
 * One comparison of a fact with a literal `value` or with `params[param]`, e.g.
 * `{ "fact": "derived.daysSinceDecision", "op": "gte", "param": "days" }`.
 */
export interface FactCondition {
  /** Dotted path into the facts: `case.finePaid`, `recommendation.status`, `derived.daysOverdue`. */
  fact: string;
  op: ConditionOp;
  /** The literal to compare with (a list for `in`; a word or a list of words for `contains` and `affirms`). */
  value?: unknown;
  /** Compare with this entry of the rule's params instead of `value`, so operators can move the threshold. */
  param?: string;
}

/** A rule's condition: a small JSON tree of all / any / not over fact comparisons. */
export type Condition = { all: Condition[] } | { any: Condition[] } | { not: Condition } | FactCondition;

/** One lead rule (线索规则), a row of data that operators can switch off or re-threshold without a deploy. */
export interface Rule {
  /** Stable id, e.g. R01-fine-unpaid; a lead is unique per record + rule id (+ `raisedPer` value). */
  id: string;
  /** Short Chinese title shown on the alert card. */
  title: string;
  kind: LeadKind;
  /** Domains (领域) it applies to; empty = all. */
  domains: string[];
  subject: RuleSubject;
  enabled: boolean;
  /** Thresholds operators may change, e.g. `{ days: 90 }`. */
  params: Record<string, number>;
  condition: Condition;
  /** Chinese template; `{case.fineYuan}`, `{daysOverdue}` (a derived fact) and `{params.days}` are filled in. */
  explanation: string;
  /** The law the rule rests on, e.g. 《行政诉讼法》第二十五条第四款. */
  legalBasis: string;
  /** For operators: why the rule reads what it reads (JSON has no comments). */
  note?: string;
  /**
   * A fact whose value tells one occurrence from the next, so the same record can raise the rule again: R08 reads
   * `recommendation.dueOn`, one lead per due date, so a second overdue on a new due date raises a new lead.
   */
  raisedPer?: string;
  /**
   * Raises the lead as another kind when this condition holds too. R08: a 提醒 on a recommendation's first overdue,
   * a `pil` lead from the second (domain.md §4.8: "alert …, and a `pil` lead after a second overdue").
   */
  escalate?: { kind: LeadKind; condition: Condition };
}

/** A versioned rule file; every lead records the version that produced it. */
export interface RuleSet {
  version: number;
  rules: Rule[];
}

/** One rule that fired, with everything a prosecutor needs to check it. */
export interface Firing {
  ruleId: string;
  /** The rule set's version. */
  ruleVersion: number;
  kind: LeadKind;
  title: string;
  /** The explanation template with every placeholder filled; a missing value reads （未填写）. */
  explanation: string;
  /** Each fact (and param) that decided the condition, by path, with its value. */
  values: Record<string, unknown>;
  legalBasis: string;
  /** When the evaluation ran (ISO instant). */
  evaluatedAt: string;
  /** The rule's `raisedPer` value as text (e.g. the due date 2026-03-31); absent for rules raised once per record. */
  occurrence?: string;
}

/**
 * A case's own fields as rules see them: the reported fields (dates already YYYY-MM-DD there) without the
 * quantities, which rules read through derived facts, plus the stored status and agency.
 */
export type CaseFacts = Omit<CaseInput, 'caseType' | 'quantities'> & {
  caseType?: string;
  status: 'open' | 'closed';
  agency?: string;
};

/** A recommendation's own fields as rules see them; dates as YYYY-MM-DD in the configured time zone. */
export interface RecommendationFacts {
  ref: string;
  agency?: string;
  title?: string;
  status: string;
  /** The status in Chinese for explanations (已发出, 整改中 …). */
  statusText: string;
  percent?: number;
  urgent?: boolean;
  issuedOn?: string;
  receivedOn?: string;
  dueOn?: string;
  repliedOn?: string;
  completedOn?: string;
  domain?: string;
}

/** Values computed from the records for the rules; absent when the records do not allow computing them. */
export interface DerivedFacts {
  /** Today in the configured time zone. */
  today: string;
  /** The case's facts, violation, decision and legal basis as one text, for word conditions. */
  caseText?: string;
  /**
   * What the case records about the fine's execution, in words that keep "not recorded" apart from a recorded
   * "no" (案件记录罚款未缴纳 … / 案件未记录罚款缴纳及强制执行情况); absent without a fine.
   */
  fineExecutionText?: string;
  /** The sentence of the case record saying a licence expired and the activity went on (see licence-facts.ts). */
  licenceExpiryStatement?: string;
  daysSinceDecision?: number;
  daysSinceFiled?: number;
  /** Forest land (林地) in 亩, from named quantities, else from areaMu when the text speaks of forest. */
  forestLandMu?: number;
  /** Farmland (耕地/农田) in 亩, the same way. */
  farmlandMu?: number;
  /** The forest land and farmland stated, in words (林地15亩、耕地6亩). */
  landAreaText?: string;
  /** The case's area in 亩: areaMu, else the sum of its area quantities. */
  areaMu?: number;
  /** Fine per 亩 of that area. */
  fineYuanPerMu?: number;
  /**
   * The same to the nearest 元, as a threshold per 亩 is written (6667 for 10元/m²): the fine at the legal minimum,
   * 40000元 on 6亩 (6666.67), does not fall below it by the rounding of the threshold.
   */
  fineYuanPerMuRounded?: number;
  /** Loss (损失) in 元 from the case's quantities. */
  stateLossYuan?: number;
  /**
   * Other cases of the same party and agency filed (or, without a filing date, decided) after this case's decision;
   * a case with neither date is not counted, since whether it came later is unknown.
   */
  laterDatedCases?: number;
  laterDatedCaseNumbers?: string[];
  /**
   * The same, dating a case with neither date by its entry into the platform: an imported ledger's old cases then
   * passed as later ones. Read only by rule sets stored before R03 was revised, which a `rules reseed` replaces;
   * kept so that they evaluate, and their leads are withdrawn, as the rule versions say.
   */
  laterCasesOfSameParty?: number;
  laterCaseNumbers?: string[];
  /** Days past the recommendation's due date (0 when not past it). */
  daysOverdue?: number;
  /** How many due dates of the recommendation passed while it was open (see overdueEpisodes()). */
  overdueEpisodes?: number;
  /** The latest completion report (完成) not taken back, and its evidence. */
  lastCompleteReportOn?: string;
  daysSinceCompleteReport?: number;
  lastCompleteHasEvidence?: boolean;
  lastCompleteEvidenceCount?: number;
}

/** Everything rules may read: `case.*`, `recommendation.*`, `derived.*`. */
export interface Facts {
  case?: CaseFacts;
  recommendation?: RecommendationFacts;
  derived: DerivedFacts;
}

/** The roots a fact path may start with. */
export const FACT_ROOTS = ['case', 'recommendation', 'derived'] as const;
export type FactRoot = (typeof FACT_ROOTS)[number];

/** Every field under each root, so the validator can reject a misspelt fact instead of never firing. */
export const FACT_FIELDS: { readonly [R in FactRoot]: ReadonlyArray<keyof Required<Facts>[R]> } = {
  case: [
    'caseNumber', 'caseType', 'party', 'facts', 'violation', 'legalBasis', 'decision', 'fineYuan', 'finePaid', 'enforced',
    'areaMu', 'filedOn', 'decidedOn', 'domain', 'campaign', 'status', 'agency',
  ],
  recommendation: [
    'ref', 'agency', 'title', 'status', 'statusText', 'percent', 'urgent', 'issuedOn', 'receivedOn', 'dueOn', 'repliedOn',
    'completedOn', 'domain',
  ],
  derived: [
    'today', 'caseText', 'fineExecutionText', 'licenceExpiryStatement', 'daysSinceDecision', 'daysSinceFiled', 'forestLandMu', 'farmlandMu', 'landAreaText', 'areaMu', 'fineYuanPerMu', 'fineYuanPerMuRounded',
    'stateLossYuan', 'laterDatedCases', 'laterDatedCaseNumbers', 'laterCasesOfSameParty', 'laterCaseNumbers', 'daysOverdue', 'overdueEpisodes', 'lastCompleteReportOn',
    'daysSinceCompleteReport', 'lastCompleteHasEvidence', 'lastCompleteEvidenceCount',
  ],
};
