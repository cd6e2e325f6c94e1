import { describe, expect, it } from 'vitest';
import { finalLeadKind, isPrompt, leadFigures, statNames, type PlatformStats } from '../../../src/leads/stats.js';
import type { LeadKind, LeadRecord } from '../../../src/models/lead.js';

/** The tester's 14 leads: 6 PIL (one transferred to the supervisory commission), 1 criminal, 7 irregular (3 rejected). */
const testerLeads: Array<[LeadKind, LeadRecord['status']]> = [
  ['pil', 'open'], ['pil', 'open'], ['pil', 'accept'], ['pil', 'accept'], ['pil', 'open'], ['pil', 'supervision'],
  ['criminal', 'open'],
  ['irregular', 'open'], ['irregular', 'accept'], ['irregular', 'open'], ['irregular', 'open'],
  ['irregular', 'reject'], ['irregular', 'reject'], ['irregular', 'reject'],
];

const leadKindFigures = ['generalViolations', 'pilLeads', 'criminalLeads', 'irregularEnforcement', 'dutyCrimeLeads'] as const;

function tally(leads: Array<[LeadKind, LeadRecord['status']]>): Record<keyof PlatformStats, number> {
  const totals = Object.fromEntries(Object.keys(statNames).map((k) => [k, 0])) as Record<keyof PlatformStats, number>;
  for (const [kind, status] of leads) for (const figure of leadFigures(kind, status)) totals[figure]++;
  return totals;
}

describe('lead figures (domain.md §5)', () => {
  it('counts each lead once, under the kind it ends as, and rejected leads under none', () => {
    const totals = tally(testerLeads);
    expect(totals).toMatchObject({ pilLeads: 5, pilCases: 2, criminalLeads: 1, irregularEnforcement: 4, dutyCrimeLeads: 1, generalViolations: 0 });
    const counted = leadKindFigures.reduce((n, k) => n + totals[k], 0);
    const rejected = testerLeads.filter(([, status]) => status === 'reject').length;
    expect(counted + rejected).toBe(testerLeads.length);
  });

  it('moves a transferred lead to the kind it was transferred as', () => {
    expect(finalLeadKind('pil', 'supervision')).toBe('duty_crime');
    expect(finalLeadKind('irregular', 'criminal')).toBe('criminal');
    expect(finalLeadKind('duty_crime', 'criminal')).toBe('criminal');
    expect(leadFigures('pil', 'supervision')).toEqual(['dutyCrimeLeads']);
    expect(leadFigures('criminal', 'supervision')).toEqual(['dutyCrimeLeads']);
  });

  it('counts a withdrawn lead (its data corrected) under none, whatever its kind', () => {
    for (const kind of ['pil', 'criminal', 'duty_crime', 'irregular', 'general_violation'] as const) {
      expect(leadFigures(kind, 'withdrawn')).toEqual([]);
      expect(leadFigures(kind, 'reject')).toEqual([]);
    }
  });

  it('counts a 提醒 (prompt: a first overdue, a completion without evidence) under no figure unless transferred', () => {
    for (const status of ['open', 'accept', 'reject', 'withdrawn'] as const) {
      expect(leadFigures('prompt', status)).toEqual([]);
      expect(isPrompt('prompt', status)).toBe(true);
    }
    expect(leadFigures('prompt', 'criminal')).toEqual(['criminalLeads']);
    expect(isPrompt('prompt', 'criminal')).toBe(false);
    expect(isPrompt('pil', 'open')).toBe(false);
  });

  it('counts an administrative PIL case only for an accepted PIL lead, besides the PIL lead itself', () => {
    expect(leadFigures('pil', 'accept')).toEqual(['pilLeads', 'pilCases']);
    expect(leadFigures('pil', 'open')).toEqual(['pilLeads']);
    expect(leadFigures('irregular', 'accept')).toEqual(['irregularEnforcement']);
    expect(leadFigures('general_violation', 'open')).toEqual(['generalViolations']);
  });
});
