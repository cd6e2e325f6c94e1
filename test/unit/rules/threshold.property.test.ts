/**
 * Property-based tests of the thresholds (issue 6, point 2), with fast-check: for any param and any value, a
 * rule fires exactly when the value reaches the param. A failure prints the seed and the shrunk counterexample.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { roundTo6 } from '../../../src/commands/chinese-numerals.js';
import { changeRule, daysAgo, firingOf, forestCase, recommendation, seedRuleSet } from './rule-fixtures.js';

const rules = seedRuleSet();

describe('seed thresholds', () => {
  it('R01 fires exactly when the days since the decision reach params.days', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 400 }), fc.integer({ min: 0, max: 400 }), (days, since) => {
      const record = forestCase({ fineYuan: 1000, finePaid: false, decidedOn: daysAgo(since) });
      const firing = firingOf(changeRule(rules, 'R01-fine-unpaid', { params: { days } }), 'R01-fine-unpaid', { case: record });
      expect(firing !== undefined).toBe(since >= days);
      if (firing) expect(firing.explanation).toContain(`${days}日起提示`);
    }));
  });

  it('R07 fires exactly when the fine reaches params.hearingFineYuan', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 1, max: 10_000_000 }), (limit, fine) => {
      const firing = firingOf(changeRule(rules, 'R07-large-fine-no-hearing', { params: { hearingFineYuan: limit } }), 'R07-large-fine-no-hearing', { case: forestCase({ fineYuan: fine }) });
      expect(firing !== undefined).toBe(fine >= limit);
    }));
  });

  it('R08 fires exactly when the days overdue reach params.days', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 120 }), fc.integer({ min: -60, max: 120 }), (days, overdue) => {
      const firing = firingOf(changeRule(rules, 'R08-recommendation-overdue', { params: { days } }), 'R08-recommendation-overdue', { recommendation: recommendation({ dueOn: daysAgo(overdue) }) });
      expect(firing !== undefined).toBe(overdue >= days);
    }));
  });

  it('R05 fires exactly when the fine per 亩, to the nearest 元, falls below params.minFineYuanPerMu', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 50_000 }), fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 5_000_000 }), (floor, areaMu, fine) => {
      const record = forestCase({ facts: '擅自改变林地用途', areaMu, fineYuan: fine });
      const firing = firingOf(changeRule(rules, 'R05-fine-below-range', { params: { minFineYuanPerMu: floor } }), 'R05-fine-below-range', { case: record });
      // Math.round(fine / areaMu) < floor, in whole numbers: fine / areaMu < floor - 0.5.
      expect(firing !== undefined).toBe(2 * fine < (2 * floor - 1) * areaMu);
    }));
  });

  it('R05 never fires on a fine of 10元/m² under the seed threshold, and always at 9元/m²', () => {
    // Areas in whole m² converted to 亩 as quantities are (1 m² = 0.0015 亩, rounded to 6 decimals).
    fc.assert(fc.property(fc.integer({ min: 100, max: 1_000_000 }), (squareMetres) => {
      const areaMu = roundTo6(squareMetres * 0.0015);
      const at = (yuanPerSquareMetre: number) => firingOf(rules, 'R05-fine-below-range', { case: forestCase({ facts: '擅自改变林地用途', areaMu, fineYuan: yuanPerSquareMetre * squareMetres }) });
      expect(at(10)).toBeUndefined();
      expect(at(9)).toBeDefined();
    }));
  });
});
