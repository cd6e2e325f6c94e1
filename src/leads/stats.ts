import type { Connection } from 'mongoose';
import { localDate } from '../calendar/local-date.js';
import { caseModel } from '../models/case.js';
import { leadModel, type LeadRecord } from '../models/lead.js';

/** The platform's published figures (domain.md §5), overall and by domain. */
export interface PlatformStats {
  casesEntered: number;
  generalViolations: number;
  pilLeads: number;
  /** PIL leads a prosecutor accepted (立案办理): administrative PIL cases handled. */
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

/** Which figures one lead counts toward: by its kind, and by what the prosecutor decided. */
function leadFields(kind: LeadRecord['kind'], status: LeadRecord['status']): Array<keyof PlatformStats> {
  const fields: Array<keyof PlatformStats> = [];
  if (kind === 'pil') fields.push('pilLeads');
  if (kind === 'pil' && status === 'accept') fields.push('pilCases');
  if (kind === 'criminal' || status === 'criminal') fields.push('criminalLeads');
  if (kind === 'irregular') fields.push('irregularEnforcement');
  if (kind === 'duty_crime' || status === 'supervision') fields.push('dutyCrimeLeads');
  if (kind === 'general_violation') fields.push('generalViolations');
  return fields;
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
}

/**
 * Counts cases and leads in one pass over their few counted fields. A plain find (no $facet, $lookup or date
 * operators, which FerretDB v1 lacks) so it runs on both servers; it reads one small projection per record.
 */
export async function statsBreakdown(mongo: Connection, filter: StatsFilter): Promise<StatsBreakdown> {
  const total = empty();
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
    if (fields.length === 0 || !inRange(at)) return;
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
    count(c.domain, c.campaign, c.createdAt, ['casesEntered']);
  }
  for await (const l of leadModel(mongo).find({ ...(filter.agency ? { 'subject.agency': filter.agency } : {}), ...range }, { kind: 1, status: 1, subject: 1, createdAt: 1 }).lean().cursor()) {
    count(l.subject.domain, l.subject.campaign, l.createdAt, leadFields(l.kind, l.status));
  }
  const rows = (table: Map<string, PlatformStats>, order: (a: string, b: string) => number) =>
    [...table.entries()].sort(([a], [b]) => order(a, b)).map(([key, s]) => ({ key, ...s }));
  const byName = (a: string, b: string) => a.localeCompare(b, 'zh');
  return { total, byDomain: rows(tables.byDomain, byName), byCampaign: rows(tables.byCampaign, byName), byMonth: rows(tables.byMonth, (a, b) => a.localeCompare(b)) };
}

/** The figures overall and by domain (the chat command 统计). */
export async function platformStats(mongo: Connection, timeZone = 'Asia/Shanghai'): Promise<{ total: PlatformStats; byDomain: Record<string, PlatformStats> }> {
  const { total, byDomain } = await statsBreakdown(mongo, { timeZone });
  return { total, byDomain: Object.fromEntries(byDomain.map(({ key, ...s }) => [key, s])) };
}
