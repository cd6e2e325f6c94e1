import { describe, expect, it } from 'vitest';
import { dateOnly } from '../../../src/calendar/local-date.js';
import { buildFacts } from '../../../src/rules/build-facts.js';
import { FACT_FIELDS } from '../../../src/rules/types.js';
import { daysAgo, forestCase, instantDaysAgo, NOW, recommendation, TZ } from './rule-fixtures.js';

const SHANGHAI = 'Asia/Shanghai';
/** 23:59:59 on 2026-03-31 in Shanghai, and one second later (already 2026-04-01 there, still 03-31 in UTC). */
const LAST_SECOND = new Date('2026-03-31T15:59:59Z');
const MIDNIGHT = new Date('2026-03-31T16:00:00Z');

describe('buildFacts: dates', () => {
  it('takes today in the configured time zone', () => {
    expect(buildFacts({}, MIDNIGHT, SHANGHAI).derived.today).toBe('2026-04-01');
    expect(buildFacts({}, MIDNIGHT, 'UTC').derived.today).toBe('2026-03-31');
  });

  it('counts days since the decision from the local date, turning at local midnight', () => {
    const record = forestCase({ decidedOn: dateOnly('2026-01-01') });
    expect(buildFacts({ case: record }, LAST_SECOND, SHANGHAI).derived.daysSinceDecision).toBe(89);
    expect(buildFacts({ case: record }, MIDNIGHT, SHANGHAI).derived.daysSinceDecision).toBe(90);
    expect(buildFacts({ case: record }, MIDNIGHT, 'UTC').derived.daysSinceDecision).toBe(89);
  });

  it('shows date-only fields as the stored date whatever the time zone', () => {
    const record = forestCase({ decidedOn: dateOnly('2026-01-01'), filedOn: dateOnly('2025-12-01') });
    for (const zone of [SHANGHAI, 'America/Los_Angeles']) {
      const facts = buildFacts({ case: record }, NOW, zone);
      expect(facts.case).toMatchObject({ decidedOn: '2026-01-01', filedOn: '2025-12-01' });
    }
    expect(buildFacts({ case: record }, NOW, TZ).derived.daysSinceFiled).toBe(121);
  });

  it('leaves day counts out when the date is not recorded', () => {
    const derived = buildFacts({ case: forestCase({ decidedOn: undefined }) }, NOW, TZ).derived;
    expect(derived.daysSinceDecision).toBeUndefined();
    expect(derived.laterCasesOfSameParty).toBeUndefined();
    expect(derived.laterDatedCases).toBeUndefined();
  });
});

describe('buildFacts: areas, fines and losses', () => {
  const areasOf = (overrides: Parameters<typeof forestCase>[0]) => buildFacts({ case: forestCase(overrides) }, NOW, TZ).derived;

  it('reads forest land and farmland from named quantities, converting 公顷 and 平方米 to 亩', () => {
    const derived = areasOf({ facts: '占用', quantities: [{ item: '林地', value: 2, unit: '公顷' }, { item: '基本农田', value: 4000, unit: '平方米' }] });
    expect(derived).toMatchObject({ forestLandMu: 30, farmlandMu: 6, areaMu: 30 });
  });

  it('takes the largest figure of a parcel named twice, not the sum', () => {
    const derived = areasOf({ facts: '非法占用林地12亩，已恢复林地12亩', quantities: [{ item: '非法占用林地', value: 12, unit: '亩' }, { item: '林地', value: 12, unit: '亩' }] });
    expect(derived.forestLandMu).toBe(12);
  });

  it('counts the recorded area as forest or farmland when the facts name the land, and leaves the other unknown', () => {
    expect(areasOf({ facts: '非法占用林地', areaMu: 8 })).toMatchObject({ forestLandMu: 8, areaMu: 8, landAreaText: '林地8亩' });
    expect(areasOf({ facts: '非法占用林地', areaMu: 8 }).farmlandMu).toBeUndefined();
    expect(areasOf({ facts: '非法占用耕地', areaMu: 8 })).toMatchObject({ farmlandMu: 8 });
    expect(areasOf({ facts: '非法占用耕地', areaMu: 8 }).forestLandMu).toBeUndefined();
    expect(areasOf({ facts: '在林地和耕地上建房', areaMu: 8 })).toMatchObject({ forestLandMu: 8, farmlandMu: 8, landAreaText: '林地8亩、耕地8亩' });
  });

  it('does not take the name of a law for the kind of land', () => {
    expect(areasOf({ facts: '非法占用耕地', legalBasis: '《森林法》第七十三条', areaMu: 8 }).forestLandMu).toBeUndefined();
  });

  it('does not count land ordered or reported put back as the area of the offence', () => {
    const replanted = areasOf({ facts: '滥伐林木，已责令补种林地十五亩', quantities: [{ item: '补种林地', value: 15, unit: '亩' }] });
    expect([replanted.forestLandMu, replanted.areaMu, replanted.landAreaText]).toEqual([undefined, undefined, undefined]);
    const both = areasOf({ facts: '占用林地12亩，已责令补种林地15亩', quantities: [{ item: '占用林地', value: 12, unit: '亩' }, { item: '补种林地', value: 15, unit: '亩' }] });
    expect([both.forestLandMu, both.areaMu]).toEqual([12, 12]);
  });

  it('divides the fine by the area', () => {
    expect(areasOf({ fineYuan: 20_000, areaMu: 8 }).fineYuanPerMu).toBe(2500);
    expect(areasOf({ fineYuan: 20_000, areaMu: undefined }).fineYuanPerMu).toBeUndefined();
  });

  it('reads a stated loss in 元 from quantities, ignoring counts', () => {
    const derived = areasOf({ quantities: [{ item: '国有财产损失', value: 1.5, unit: '万元' }, { item: '合同', value: 3, unit: '份' }] });
    expect(derived.stateLossYuan).toBe(15_000);
    expect(areasOf({ quantities: [] }).stateLossYuan).toBeUndefined();
  });

  it('joins what the case records into one text for word conditions', () => {
    const derived = areasOf({ facts: '事实', violation: '违法', decision: '决定', legalBasis: '依据' });
    expect(derived.caseText).toBe('事实\n违法\n决定\n依据');
  });
});

describe('buildFacts: the same party', () => {
  const penalised = forestCase({ decidedOn: dateOnly('2026-01-10') });
  const other = (id: string, number: string, dates: Parameters<typeof forestCase>[0]) => forestCase({ _id: id, caseNumber: number, decidedOn: undefined, ...dates });

  it('counts other cases begun after the decision, sorted, without the case itself', () => {
    const sameParty = [
      penalised,
      other('c3', '富林罚〔2026〕30号', { filedOn: dateOnly('2026-03-01') }),
      other('c2', '富林罚〔2026〕20号', { decidedOn: dateOnly('2026-02-01') }),
      other('c0', '富林罚〔2025〕99号', { filedOn: dateOnly('2026-01-10') }),
    ];
    const derived = buildFacts({ case: penalised, sameParty }, NOW, TZ).derived;
    expect(derived.laterDatedCases).toBe(2);
    expect(derived.laterDatedCaseNumbers).toEqual(['富林罚〔2026〕20号', '富林罚〔2026〕30号']);
    expect([derived.laterCasesOfSameParty, derived.laterCaseNumbers]).toEqual([derived.laterDatedCases, derived.laterDatedCaseNumbers]);
  });

  it('does not count a case without filing or decision date: its entry into the platform does not date it', () => {
    // A 2025 case imported on 2026-11-20 without dates: when it began is unknown, so it is no later case.
    const imported = other('c8', '富林罚〔2025〕88号', { createdAt: new Date('2026-11-20T02:00:00Z') });
    const derived = buildFacts({ case: penalised, sameParty: [penalised, imported] }, NOW, TZ).derived;
    expect([derived.laterDatedCases, derived.laterDatedCaseNumbers]).toEqual([0, []]);
  });

  it('keeps, for rule sets stored before R03 was revised, the count that dated such a case by its entry, in the local time zone', () => {
    // Entered at 00:30 on 2026-01-11 in Shanghai, which is still 2026-01-10 in UTC.
    const entered = other('c9', '富林罚〔2026〕40号', { createdAt: new Date('2026-01-10T16:30:00Z') });
    expect(buildFacts({ case: penalised, sameParty: [entered] }, NOW, SHANGHAI).derived.laterCasesOfSameParty).toBe(1);
    expect(buildFacts({ case: penalised, sameParty: [entered] }, NOW, 'UTC').derived.laterCasesOfSameParty).toBe(0);
  });
});

describe('buildFacts: recommendations', () => {
  it('gives days overdue, 0 on the due day, turning at local midnight', () => {
    const rec = recommendation({ dueOn: dateOnly('2026-03-31') });
    expect(buildFacts({ recommendation: rec }, LAST_SECOND, SHANGHAI).derived.daysOverdue).toBe(0);
    expect(buildFacts({ recommendation: rec }, MIDNIGHT, SHANGHAI).derived.daysOverdue).toBe(1);
    expect(buildFacts({ recommendation: recommendation({ dueOn: daysAgo(-5) }) }, NOW, TZ).derived.daysOverdue).toBe(0);
  });

  it('shows the status in Chinese and instants as local dates', () => {
    const rec = recommendation({ status: 'completed', completedAt: MIDNIGHT, repliedAt: LAST_SECOND });
    expect(buildFacts({ recommendation: rec }, NOW, SHANGHAI).recommendation).toMatchObject({
      statusText: '已报告整改完成', completedOn: '2026-04-01', repliedOn: '2026-03-31', dueOn: '2026-03-31', receivedOn: '2026-01-29',
    });
  });

  it.each([
    ['an open recommendation not yet due', { dueOn: daysAgo(-3) }, 0],
    ['an open recommendation past its due date', { dueOn: daysAgo(1) }, 1],
    ['one completed after its due date', { status: 'completed' as const, dueOn: daysAgo(10), completedAt: instantDaysAgo(2) }, 1],
    ['one completed in time', { status: 'completed' as const, dueOn: daysAgo(1), completedAt: instantDaysAgo(2) }, 0],
    ['one whose earlier due date passed before it was re-set', { dueOn: daysAgo(2), history: [{ at: instantDaysAgo(20), action: 'due_reset', detail: { previousDueOn: '2026-03-01' } }] }, 2],
    ['one re-set before the earlier due date', { dueOn: daysAgo(2), history: [{ at: instantDaysAgo(40), action: 'due_reset', detail: { previousDueOn: daysAgo(30) } }] }, 1],
    // A receipt date corrected after the wrong due date passed: that date was never the deadline.
    ['one whose due date was corrected after the wrong one passed', { dueOn: daysAgo(2), history: [{ at: instantDaysAgo(20), action: 'due_recomputed', detail: { previousDueOn: '2026-03-01' } }] }, 1],
  ])('counts overdue episodes of %s', (_name, overrides, episodes) => {
    expect(buildFacts({ recommendation: recommendation(overrides) }, NOW, TZ).derived.overdueEpisodes).toBe(episodes);
  });

  it('reads the latest completion report, dated in the local time zone, with its evidence count', () => {
    const photo = { sha256: 'b'.repeat(64), contentType: 'image/jpeg', size: 10, messageId: 'm-photo', at: NOW };
    const progress = [
      { kind: 'progress' as const, createdAt: instantDaysAgo(9), evidence: [] },
      { kind: 'complete' as const, createdAt: new Date('2026-03-28T16:30:00Z'), evidence: [photo, photo] },
      { kind: 'complete' as const, createdAt: instantDaysAgo(8), evidence: [] },
    ];
    expect(buildFacts({ recommendation: recommendation(), progress }, NOW, SHANGHAI).derived).toMatchObject({
      lastCompleteReportOn: '2026-03-29', daysSinceCompleteReport: 3, lastCompleteHasEvidence: true, lastCompleteEvidenceCount: 2,
    });
    expect(buildFacts({ recommendation: recommendation(), progress }, NOW, 'UTC').derived.lastCompleteReportOn).toBe('2026-03-28');
  });

  it('has no completion facts without a completion report', () => {
    expect(buildFacts({ recommendation: recommendation(), progress: [] }, NOW, TZ).derived.lastCompleteHasEvidence).toBeUndefined();
  });
});

describe('buildFacts: fact names', () => {
  it('produces exactly the fields the validator knows', () => {
    const facts = buildFacts({
      case: forestCase({ facts: '非法占用林地和耕地', violation: 'v', filedOn: daysAgo(40), areaMu: 3, finePaid: false, enforced: false, campaign: '两山', quantities: [{ item: '国有财产损失', value: 1, unit: '元' }] }),
      recommendation: recommendation({ percent: 50, repliedAt: NOW, completedAt: NOW }),
      progress: [{ kind: 'complete', createdAt: NOW, evidence: [] }],
      sameParty: [],
    }, NOW, TZ);
    expect(Object.keys(facts.case ?? {}).sort()).toEqual([...FACT_FIELDS.case].sort());
    expect(Object.keys(facts.recommendation ?? {}).sort()).toEqual([...FACT_FIELDS.recommendation].sort());
    expect(Object.keys(facts.derived).sort()).toEqual([...FACT_FIELDS.derived].sort());
  });
});
