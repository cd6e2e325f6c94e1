import { describe, expect, it } from 'vitest';
import { dateOnly } from '../../../src/calendar/local-date.js';
import { leadStillStands, occurrenceOf, recordedFactsUnchanged, type RaisedLead } from '../../../src/rules/as-raised.js';
import type { FactsInput } from '../../../src/rules/build-facts.js';
import type { Rule } from '../../../src/rules/types.js';
import { changeRule, daysAgo, firingOf, forestCase, instantDaysAgo, recommendation, seedRuleSet, TZ } from './rule-fixtures.js';

const rules = seedRuleSet();
const rule = (id: string, set = rules): Rule => set.rules.find((r) => r.id === id)!;
const R01 = 'R01-fine-unpaid';
const R08 = 'R08-recommendation-overdue';
const R09 = 'R09-complete-without-evidence';

/** The lead the rule raised on these records 10 days before NOW, as it would be stored. */
function raisedTenDaysAgo(ruleId: string, input: FactsInput): RaisedLead {
  const at = instantDaysAgo(10);
  const firing = firingOf(rules, ruleId, input, at);
  if (!firing) throw new Error(`${ruleId} did not fire`);
  return { at, values: firing.values };
}
const stands = (ruleId: string, input: FactsInput, lead: RaisedLead, set = rules) => leadStillStands(rule(ruleId, set), set.version, input, lead, TZ);

describe('leadStillStands: a lead whose data was corrected against one overtaken by events', () => {
  // Received 2026-01-01, due 2026-03-02: 20 days overdue when the lead was raised on 2026-03-22.
  const overdue = recommendation({ status: 'received', receivedOn: dateOnly('2026-01-01'), dueOn: dateOnly('2026-03-02') });
  const lead = raisedTenDaysAgo(R08, { recommendation: overdue });

  it('stands while nothing changed', () => {
    expect(stands(R08, { recommendation: overdue }, lead)).toBe(true);
  });

  it('falls when the receipt date is corrected so that the recommendation was not overdue then', () => {
    const corrected = { ...overdue, receivedOn: dateOnly('2026-02-20'), dueOn: dateOnly('2026-04-20'),
      history: [{ at: instantDaysAgo(1), action: 'due_recomputed', detail: { previousDueOn: dateOnly('2026-03-02') } }] };
    expect(stands(R08, { recommendation: corrected }, lead)).toBe(false);
  });

  it('falls when the correction keeps it overdue but on another due date (the lead states the wrong one)', () => {
    const corrected = { ...overdue, dueOn: dateOnly('2026-03-10'), history: [{ at: instantDaysAgo(1), action: 'due_recomputed', detail: { previousDueOn: dateOnly('2026-03-02') } }] };
    expect(stands(R08, { recommendation: corrected }, lead)).toBe(false);
  });

  it('stands when the agency completed after the lead was raised, or a new period was set after it', () => {
    expect(stands(R08, { recommendation: { ...overdue, status: 'completed', percent: 100, completedAt: instantDaysAgo(2) } }, lead)).toBe(true);
    const reset = { ...overdue, status: 'reviewed_not_done' as const, dueOn: daysAgo(-30), history: [{ at: instantDaysAgo(3), action: 'due_reset', detail: { previousDueOn: dateOnly('2026-03-02') } }] };
    expect(stands(R08, { recommendation: reset }, lead)).toBe(true);
    expect(occurrenceOf(rule(R08), 1, { recommendation: reset }, lead, TZ)).toBe('2026-03-02');
  });

  it('reads the due date of a lead raised before leads recorded it from the records as of its raising', () => {
    const { 'recommendation.dueOn': _dueOn, ...older } = lead.values;
    expect(occurrenceOf(rule(R08), 1, { recommendation: overdue }, { at: lead.at, values: older }, TZ)).toBe('2026-03-02');
  });
});

describe('leadStillStands on cases and completion reports', () => {
  const unpaid = forestCase({ fineYuan: 50_000, decidedOn: daysAgo(120) });
  const lead = raisedTenDaysAgo(R01, { case: unpaid });

  it('stands when the fine was paid later, or an operator raised the threshold since', () => {
    expect(stands(R01, { case: { ...unpaid, finePaid: true } }, lead)).toBe(true);
    const stricter = changeRule(rules, R01, { params: { days: 200 } });
    expect(stands(R01, { case: unpaid }, lead, stricter)).toBe(true);
  });

  it('falls when the decision date is corrected to one that was not yet 90 days old', () => {
    expect(stands(R01, { case: { ...unpaid, decidedOn: daysAgo(95) } }, lead)).toBe(false);
  });

  it('stands when the photo was sent after the lead was raised', () => {
    const completed = recommendation({ status: 'completed', percent: 100, completedAt: instantDaysAgo(15) });
    const report = { _id: 'm1', kind: 'complete' as const, createdAt: instantDaysAgo(15), evidence: [] };
    const r09 = raisedTenDaysAgo(R09, { recommendation: completed, progress: [report] });
    const photo = { sha256: 'c'.repeat(64), contentType: 'image/jpeg', size: 1, messageId: 'm2', at: instantDaysAgo(2) };
    expect(stands(R09, { recommendation: completed, progress: [{ ...report, evidence: [photo] }] }, r09)).toBe(true);
    expect(stands(R09, { recommendation: completed, progress: [{ ...report, revoked: { at: instantDaysAgo(14), by: 'z', messageId: 'm3' } }] }, r09)).toBe(false);
  });
});

describe('recordedFactsUnchanged: whether the data a lead stated was corrected, whatever the rules say now', () => {
  const road = forestCase({ facts: '未经批准擅自占用林地12亩修建运材便道', areaMu: 12, decidedOn: daysAgo(120) });
  const lead = raisedTenDaysAgo('R05-fine-below-range', { case: road });

  it('holds on the records it was raised on, and when the matter moved on (the fine paid since)', () => {
    expect(recordedFactsUnchanged({ case: road }, lead, TZ)).toBe(true);
    expect(recordedFactsUnchanged({ case: { ...road, finePaid: true } }, lead, TZ)).toBe(true);
  });

  it('fails when a figure it states was corrected, a threshold changed since aside', () => {
    expect(recordedFactsUnchanged({ case: { ...road, areaMu: 8 } }, lead, TZ)).toBe(false);
    expect(recordedFactsUnchanged({ case: road }, { ...lead, values: { ...lead.values, 'params.minFineYuanPerMu': 1 } }, TZ)).toBe(true);
  });
});
