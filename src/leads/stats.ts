import type { Connection } from 'mongoose';
import { localDate } from '../calendar/local-date.js';
import { caseModel } from '../models/case.js';
import { leadModel, type LeadKind, type LeadRecord } from '../models/lead.js';

/**
 * The platform's published figures (domain.md §5), overall and by domain, special campaign and month.
 *
 * What each figure counts, so that prosecutors can check it:
 * - 录入执法案件 casesEntered: enforcement cases entered, by the day they were entered.
 * - The lead figures — 一般违法, 公益诉讼线索, 刑事案件线索, 不规范执法, 职务犯罪线索 — count each lead raised by a rule
 *   once, under the kind it ends as: 转刑事线索 makes it a criminal-case lead and 转监察委 a duty-crime lead,
 *   whatever kind the rule raised it as; otherwise it keeps its kind, open or 受理. A lead a prosecutor rejected
 *   (不予受理: found not to be such a lead) or withdrawn because its data was corrected counts under none. So
 *   those five add up to the leads raised less the rejected and withdrawn ones (see {@link LeadTally}).
 * - 办理行政公益诉讼案件 pilCases: PIL leads a prosecutor accepted (受理) for handling; a part of 公益诉讼线索, not
 *   added to it.
 * - 提醒 (kind `prompt`: a recommendation's first overdue, a completion without evidence) are alerts to the
 *   reviewing prosecutor, not leads: counted under no figure and not among the leads raised, whatever is decided on
 *   them, unless transferred (转刑事线索, 转监察委), which makes them that kind of lead.
 * - 职务犯罪线索 are leads raised or transferred as duty crimes; domain.md §5's "cases opened by the supervisory
 *   commission" would need the commission's answer, which the platform does not receive.
 */
export interface PlatformStats {
  casesEntered: number;
  generalViolations: number;
  pilLeads: number;
  /** PIL leads a prosecutor accepted (立案办理): administrative PIL cases handled; a part of pilLeads. */
  pilCases: number;
  criminalLeads: number;
  irregularEnforcement: number;
  dutyCrimeLeads: number;
}

export const statNames: Record<keyof PlatformStats, string> = {
  casesEntered: '录入执法案件', generalViolations: '一般违法', pilLeads: '公益诉讼线索', pilCases: '办理行政公益诉讼案件',
  criminalLeads: '刑事案件线索', irregularEnforcement: '不规范执法', dutyCrimeLeads: '职务犯罪线索',
};

export const noDomain = '未分类';
export const noCampaign = '无专项';

const empty = (): PlatformStats => ({ casesEntered: 0, generalViolations: 0, pilLeads: 0, pilCases: 0, criminalLeads: 0, irregularEnforcement: 0, dutyCrimeLeads: 0 });

/** Lead statuses counted under no figure: 不予受理, and withdrawn (its data was corrected). */
const uncountedStatuses: ReadonlySet<LeadRecord['status']> = new Set(['reject', 'withdrawn']);

/** The decisions that transfer a lead, with the kind each makes it: 转刑事线索 → criminal, 转监察委 → duty crime. */
export const leadTransfers: Readonly<Partial<Record<LeadRecord['status'], LeadKind>>> = { criminal: 'criminal', supervision: 'duty_crime' };

/** The figure of the leads of each kind; a 提醒 (prompt) counts under none and is no lead raised (see countRecords). */
const kindFigure: Record<Exclude<LeadKind, 'prompt'>, keyof PlatformStats> = {
  general_violation: 'generalViolations', pil: 'pilLeads', criminal: 'criminalLeads', irregular: 'irregularEnforcement', duty_crime: 'dutyCrimeLeads',
};

/**
 * The kind a lead ends as: a transfer (转刑事线索, 转监察委) makes it that kind; undefined when it counts under none
 * (rejected or withdrawn).
 */
export function finalLeadKind(kind: LeadKind, status: LeadRecord['status']): LeadKind | undefined {
  if (uncountedStatuses.has(status)) return undefined;
  return leadTransfers[status] ?? kind;
}

/** Whether a lead stays a 提醒 (prompt), not a lead: raised as one and not transferred, whether open, decided or withdrawn. */
export function isPrompt(kind: LeadKind, status: LeadRecord['status']): boolean {
  return kind === 'prompt' && leadTransfers[status] === undefined;
}

/** The figures one lead counts toward: one lead kind at most, and 办理行政公益诉讼案件 besides for an accepted PIL lead. */
export function leadFigures(kind: LeadKind, status: LeadRecord['status']): Array<keyof PlatformStats> {
  const final = finalLeadKind(kind, status);
  if (!final || final === 'prompt') return [];
  return final === 'pil' && status === 'accept' ? ['pilLeads', 'pilCases'] : [kindFigure[final]];
}

/** How the leads raised split: counted under a figure, rejected (不予受理), withdrawn. raised = counted + rejected + withdrawn. */
export interface LeadTally {
  raised: number;
  counted: number;
  rejected: number;
  withdrawn: number;
  /** 提醒 (prompts) raised besides: alerts to the prosecutor, not leads, so in none of the above. */
  prompts: number;
}

/** The figures overall, by domain, by special campaign (专项) and by month of entry. */
export interface StatsBreakdown {
  total: PlatformStats;
  byDomain: Array<{ key: string } & PlatformStats>;
  byCampaign: Array<{ key: string } & PlatformStats>;
  byMonth: Array<{ key: string } & PlatformStats>;
}

export interface StatsFilter {
  /** Only this agency's records. */
  agency?: string;
  /** Records created from `from` to `to` (YYYY-MM-DD, local dates, both included). */
  from?: string;
  to?: string;
  timeZone: string;
  /** Count cases only and leave every lead figure 0, for readers who may not see lead figures (agency admins). */
  casesOnly?: boolean;
  /** Today's local date (YYYY-MM-DD): a period open at its end has its months up to this one; later ones hold nothing yet. */
  today?: string;
}

/**
 * Counts cases and leads in one pass over their few counted fields. A plain find (no $facet, $lookup or date
 * operators, which FerretDB v1 lacks) so it runs on both servers; it reads one small projection per record.
 */
async function countRecords(mongo: Connection, filter: StatsFilter): Promise<StatsBreakdown & { leads: LeadTally }> {
  const total = empty();
  const leads: LeadTally = { raised: 0, counted: 0, rejected: 0, withdrawn: 0, prompts: 0 };
  const tables = { byDomain: new Map<string, PlatformStats>(), byCampaign: new Map<string, PlatformStats>(), byMonth: new Map<string, PlatformStats>() };
  const created: Record<string, Date> = {};
  // Local dates are compared as UTC midnights widened by a day each side, then checked exactly per record.
  if (filter.from) created.$gte = new Date(Date.parse(`${filter.from}T00:00:00Z`) - 86_400_000);
  if (filter.to) created.$lt = new Date(Date.parse(`${filter.to}T00:00:00Z`) + 2 * 86_400_000);
  const inRange = (at: Date) => {
    const day = localDate(at, filter.timeZone);
    return (!filter.from || day >= filter.from) && (!filter.to || day <= filter.to);
  };
  const count = (domain: string | undefined, campaign: string | undefined, at: Date, fields: Array<keyof PlatformStats>) => {
    if (fields.length === 0) return;
    const month = localDate(at, filter.timeZone).slice(0, 7);
    for (const [table, key] of [[tables.byDomain, domain || noDomain], [tables.byCampaign, campaign || noCampaign], [tables.byMonth, month]] as const) {
      const row = table.get(key) ?? empty();
      table.set(key, row);
      for (const f of fields) row[f]++;
    }
    for (const f of fields) total[f]++;
  };
  const range = Object.keys(created).length ? { createdAt: created } : {};
  for await (const c of caseModel(mongo).find({ ...(filter.agency ? { agency: filter.agency } : {}), ...range }, { domain: 1, campaign: 1, createdAt: 1 }).lean().cursor()) {
    if (inRange(c.createdAt)) count(c.domain, c.campaign, c.createdAt, ['casesEntered']);
  }
  if (filter.casesOnly) return { total, ...tableRows(tables, filter), leads };
  for await (const l of leadModel(mongo).find({ ...(filter.agency ? { 'subject.agency': filter.agency } : {}), ...range }, { kind: 1, status: 1, subject: 1, createdAt: 1 }).lean().cursor()) {
    // A 提醒 to the reviewing prosecutor (a first overdue, a completion without evidence: domain.md §4.8) is no lead.
    if (!inRange(l.createdAt)) continue;
    if (isPrompt(l.kind, l.status)) {
      leads.prompts++;
      continue;
    }
    const figures = leadFigures(l.kind, l.status);
    leads.raised++;
    if (figures.length) leads.counted++;
    else if (l.status === 'reject') leads.rejected++;
    else leads.withdrawn++;
    count(l.subject.domain, l.subject.campaign, l.createdAt, figures);
  }
  return { total, ...tableRows(tables, filter), leads };
}

/**
 * The tables as rows: domains and campaigns in the order of their names (pinyin); every month of the period in
 * order, a month without records as zeros (a chart by month must show a quiet month, not join over it).
 */
function tableRows(tables: Record<'byDomain' | 'byCampaign' | 'byMonth', Map<string, PlatformStats>>, filter: StatsFilter): Pick<StatsBreakdown, 'byDomain' | 'byCampaign' | 'byMonth'> {
  const rows = (table: Map<string, PlatformStats>, order: (a: string, b: string) => number) =>
    [...table.entries()].sort(([a], [b]) => order(a, b)).map(([key, s]) => ({ key, ...s }));
  const byName = (a: string, b: string) => a.localeCompare(b, 'zh');
  const months = periodMonths([...tables.byMonth.keys()].sort(), filter);
  return { byDomain: rows(tables.byDomain, byName), byCampaign: rows(tables.byCampaign, byName), byMonth: months.map((key) => ({ key, ...(tables.byMonth.get(key) ?? empty()) })) };
}

/**
 * The months (YYYY-MM) of a period, first to last: from the month of `from` (else the first with records) to the
 * month of `to` (else today's, else the last with records). Months after today hold no records yet and are left
 * out unless a record is dated there.
 */
export function periodMonths(counted: readonly string[], filter: Pick<StatsFilter, 'from' | 'to' | 'today'>): string[] {
  let first = filter.from?.slice(0, 7) ?? counted[0];
  let last = filter.to?.slice(0, 7) ?? filter.today?.slice(0, 7) ?? counted.at(-1);
  const lastCounted = counted.at(-1) ?? '';
  if (filter.today && last && last > filter.today.slice(0, 7)) last = [filter.today.slice(0, 7), lastCounted].sort().at(-1);
  if (!first || !last) return [...counted];
  // from=0001-01-01 would be 24 000 rows of zeros: a period longer than a century starts at its first record.
  if (Number(last.slice(0, 4)) - Number(first.slice(0, 4)) > maxYearsFilled) first = counted[0] ?? last;
  const months: string[] = [];
  for (let month = first; month <= last; month = nextMonth(month)) months.push(month);
  // Every month with records keeps its row, one dated after today (a clock ahead) included.
  return [...new Set([...months, ...counted])].sort();
}

/** The longest period whose every month is listed (see periodMonths). */
const maxYearsFilled = 100;

/** 2026-12 → 2027-01. */
function nextMonth(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number]; // a YYYY-MM key has both parts
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
}

/** The figures overall, by domain, special campaign and month (the dashboard and GET /api/stats). */
export async function statsBreakdown(mongo: Connection, filter: StatsFilter): Promise<StatsBreakdown> {
  const { total, byDomain, byCampaign, byMonth } = await countRecords(mongo, filter);
  return { total, byDomain, byCampaign, byMonth };
}

/** The figures with how the leads raised split into counted, rejected and withdrawn (the chat command 统计). */
export async function platformStats(mongo: Connection, timeZone = 'Asia/Shanghai'): Promise<StatsBreakdown & { leads: LeadTally }> {
  return countRecords(mongo, { timeZone });
}
