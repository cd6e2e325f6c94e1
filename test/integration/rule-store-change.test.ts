import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from 'mongoose';
import { connectMongo } from '../../src/db/connect.js';
import { changeRule, currentRuleSet, isSensibleThreshold, RuleChangeError } from '../../src/leads/rule-store.js';
import { auditModel } from '../../src/models/audit.js';
import { isolate } from '../support/isolation.js';

const now = new Date('2026-11-30T02:00:00Z');

describe('changing a rule (real MongoDB-wire server)', () => {
  const ns = isolate('rulechange');
  let mongo: Connection;
  const versionsStored = () => mongo.collection('rulesets').countDocuments();
  const refusal = (params: Record<string, number>) => changeRule(mongo, 'R01-fine-unpaid', { params }, 'ops', now).then(() => 'accepted', (e: unknown) => {
    expect(e).toBeInstanceOf(RuleChangeError);
    return (e as Error).message;
  });
  beforeAll(async () => {
    mongo = await connectMongo(ns.mongoUri);
  });
  afterAll(async () => {
    await mongo.dropDatabase();
    await mongo.close();
  });

  it('makes no version and audits nothing when the rule already is as asked', async () => {
    const disabled = await changeRule(mongo, 'R07-large-fine-no-hearing', { enabled: false }, 'ops', now);
    expect(disabled).toMatchObject({ version: 2, changed: true });
    const stored = await versionsStored();
    expect(await changeRule(mongo, 'R07-large-fine-no-hearing', { enabled: false }, 'ops', now)).toMatchObject({ version: 2, changed: false });
    expect(await changeRule(mongo, 'R01-fine-unpaid', { params: { days: 90 } }, 'ops', now)).toMatchObject({ version: 2, changed: false });
    expect(await changeRule(mongo, 'R01-fine-unpaid', { enabled: true, params: { days: 90 } }, 'ops', now)).toMatchObject({ version: 2, changed: false });
    expect(await versionsStored()).toBe(stored);
    expect(await auditModel(mongo).countDocuments({ action: 'rules.change' })).toBe(1);
    expect((await currentRuleSet(mongo)).version).toBe(2);
  });

  it('refuses days and counts that are not whole numbers in range, and amounts or areas not above 0', async () => {
    const before = await versionsStored();
    expect(await refusal({ days: 1e9 })).toBe('rule R01-fine-unpaid: days must be a whole number from 1 to 3650 (days), not 1000000000');
    expect(await refusal({ days: 0 })).toMatch(/not 0$/);
    expect(await refusal({ days: -5 })).toMatch(/not -5$/);
    expect(await refusal({ days: 2.5 })).toMatch(/not 2.5$/);
    expect(await refusal({ days: Number.NaN })).toMatch(/not NaN$/);
    const area = await changeRule(mongo, 'R04-land-criminal-threshold', { params: { otherForestMu: 0 } }, 'ops', now).catch((e: Error) => e.message);
    expect(area).toBe('rule R04-land-criminal-threshold: otherForestMu must be a number above 0 and at most 1000000 (mu), not 0');
    // Nor so large it can never be reached.
    await expect(changeRule(mongo, 'R04-land-criminal-threshold', { params: { protectedForestMu: 1e308 } }, 'ops', new Date())).rejects.toThrow('protectedForestMu must be a number above 0 and at most 1000000 (mu)');
    expect(await versionsStored()).toBe(before);
    expect(await refusal({ days: 3650 })).toBe('accepted');
  });

  it('reads the range from the threshold\'s unit', () => {
    expect([isSensibleThreshold('days', 1), isSensibleThreshold('cases', 1), isSensibleThreshold('cases', 0)]).toEqual([true, true, false]);
    expect([isSensibleThreshold('hearingFineYuan', 0.5), isSensibleThreshold('hearingFineYuan', Infinity), isSensibleThreshold('minLossYuan', -1)]).toEqual([true, false, false]);
  });
});
