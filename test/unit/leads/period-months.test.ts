import { describe, expect, it } from 'vitest';
import { periodMonths } from '../../../src/leads/stats.js';

describe('periodMonths', () => {
  it('lists every month of a period across the New Year, the quiet ones included', () => {
    expect(periodMonths(['2026-12', '2027-03'], { from: '2026-11-15', to: '2027-03-01' })).toEqual(['2026-11', '2026-12', '2027-01', '2027-02', '2027-03']);
  });

  it('ends a period open at its end, or one reaching past today, at today\'s month', () => {
    expect(periodMonths(['2026-12'], { from: '2026-12-01', today: '2027-03-01' })).toEqual(['2026-12', '2027-01', '2027-02', '2027-03']);
    expect(periodMonths(['2027-01'], { from: '2027-01-01', to: '2027-12-31', today: '2027-03-01' })).toEqual(['2027-01', '2027-02', '2027-03']);
  });

  it('starts a period open at its start at the first month with records; no records and no period is no month', () => {
    expect(periodMonths(['2026-10', '2027-01'], { today: '2027-01-05' })).toEqual(['2026-10', '2026-11', '2026-12', '2027-01']);
    expect(periodMonths([], {})).toEqual([]);
  });

  it('starts a period of more than a century at its first record', () => {
    expect(periodMonths(['2026-12'], { from: '0001-01-01', to: '2027-01-31' })).toEqual(['2026-12', '2027-01']);
  });
});
