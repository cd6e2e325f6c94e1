import type { Connection } from 'mongoose';
import { caseModel } from '../models/case.js';
import { leadModel } from '../models/lead.js';

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

const empty = (): PlatformStats => ({ casesEntered: 0, generalViolations: 0, pilLeads: 0, pilCases: 0, criminalLeads: 0, irregularEnforcement: 0, dutyCrimeLeads: 0 });

/**
 * Counts with $group only (no $facet or $lookup, which FerretDB v1 lacks), so it runs on both servers.
 */
export async function platformStats(mongo: Connection): Promise<{ total: PlatformStats; byDomain: Record<string, PlatformStats> }> {
  const byDomain: Record<string, PlatformStats> = {};
  const total = empty();
  const bucket = (domain: unknown) => (byDomain[String(domain ?? '未分类')] ??= empty());

  const cases = await caseModel(mongo).aggregate<{ _id: string | null; n: number }>([{ $group: { _id: '$domain', n: { $sum: 1 } } }]);
  for (const row of cases) {
    bucket(row._id).casesEntered += row.n;
    total.casesEntered += row.n;
  }
  const leads = await leadModel(mongo).aggregate<{ _id: { domain: string | null; kind: string; status: string }; n: number }>([
    { $group: { _id: { domain: '$subject.domain', kind: '$kind', status: '$status' }, n: { $sum: 1 } } },
  ]);
  for (const { _id, n } of leads) {
    const add = (field: keyof PlatformStats) => {
      bucket(_id.domain)[field] += n;
      total[field] += n;
    };
    if (_id.kind === 'pil') add('pilLeads');
    if (_id.kind === 'pil' && _id.status === 'accept') add('pilCases');
    if (_id.kind === 'criminal' || _id.status === 'criminal') add('criminalLeads');
    if (_id.kind === 'irregular') add('irregularEnforcement');
    if (_id.kind === 'duty_crime' || _id.status === 'supervision') add('dutyCrimeLeads');
    if (_id.kind === 'general_violation') add('generalViolations');
  }
  return { total, byDomain };
}
