import { describe, expect, it } from 'vitest';
import { daysAgo, firingOf, forestCase, itHonoursItsThreshold, seedRuleSet } from './rule-fixtures.js';

const rules = seedRuleSet();

describe('R01-fine-unpaid (罚款决定后逾期未见缴纳或强制执行)', () => {
  const unpaid = { fineYuan: 50_000, finePaid: false, enforced: false };
  itHonoursItsThreshold({
    ruleId: 'R01-fine-unpaid',
    fires: { case: forestCase({ ...unpaid, decidedOn: daysAgo(90) }) },
    short: { case: forestCase({ ...unpaid, decidedOn: daysAgo(89) }) },
    mentions: ['罚款50000元', '作出于2026-01-01', '截至发现之日（2026-04-01）已90日', '90日起提示', '案件记录罚款未缴纳且未强制执行'],
    values: { 'case.fineYuan': 50_000, 'case.finePaid': false, 'case.enforced': false, 'derived.daysSinceDecision': 90, 'params.days': 90 },
    param: { name: 'days', stopAt: 91, startAt: 89 },
  });

  it('stays silent once the fine is paid or enforced', () => {
    expect(firingOf(rules, 'R01-fine-unpaid', { case: forestCase({ ...unpaid, finePaid: true, decidedOn: daysAgo(200) }) })).toBeUndefined();
    expect(firingOf(rules, 'R01-fine-unpaid', { case: forestCase({ ...unpaid, enforced: true, decidedOn: daysAgo(200) }) })).toBeUndefined();
  });

  it('says that payment and enforcement were not recorded, rather than that the fine went unpaid', () => {
    const firing = firingOf(rules, 'R01-fine-unpaid', { case: forestCase({ fineYuan: 50_000, decidedOn: daysAgo(120) }) });
    expect(firing?.values).toMatchObject({ 'case.finePaid': undefined, 'case.enforced': undefined });
    expect(firing?.explanation).toContain('案件未记录罚款缴纳及强制执行情况');
    expect(firing?.explanation).not.toMatch(/记录罚款未缴纳|未缴纳且未强制执行，/);
    expect(firing?.title).not.toContain('未缴纳');
  });

  it.each([
    [{ finePaid: false }, '案件记录罚款未缴纳，未记录是否强制执行'],
    [{ enforced: false }, '案件未记录罚款是否缴纳，记录未强制执行'],
    [{ finePaid: false, enforced: false }, '案件记录罚款未缴纳且未强制执行'],
  ])('keeps a recorded "no" apart from an unrecorded value: %j', (recorded, words) => {
    const firing = firingOf(rules, 'R01-fine-unpaid', { case: forestCase({ fineYuan: 50_000, decidedOn: daysAgo(120), ...recorded }) });
    expect(firing?.explanation).toContain(words);
  });

  it('stays silent without a fine or a decision date', () => {
    expect(firingOf(rules, 'R01-fine-unpaid', { case: forestCase({ ...unpaid, fineYuan: 0, decidedOn: daysAgo(200) }) })).toBeUndefined();
    expect(firingOf(rules, 'R01-fine-unpaid', { case: forestCase({ ...unpaid, decidedOn: undefined }) })).toBeUndefined();
  });
});

describe('R02-rectification-unchecked (责令改正或恢复原状后逾期未复查)', () => {
  const ordered = { decision: '责令限期恢复原状，并处罚款20000元', status: 'open' as const };
  itHonoursItsThreshold({
    ruleId: 'R02-rectification-unchecked',
    fires: { case: forestCase({ ...ordered, decidedOn: daysAgo(90) }) },
    short: { case: forestCase({ ...ordered, decidedOn: daysAgo(89) }) },
    mentions: ['（2026-01-01）', '责令限期恢复原状，并处罚款20000元', '截至发现之日（2026-04-01）已90日', '90日起提示'],
    values: { 'case.status': 'open', 'derived.daysSinceDecision': 90, 'params.days': 90 },
    param: { name: 'days', stopAt: 91, startAt: 89 },
  });

  it('stays silent when the case is closed or a re-inspection is recorded', () => {
    expect(firingOf(rules, 'R02-rectification-unchecked', { case: forestCase({ ...ordered, status: 'closed', decidedOn: daysAgo(200) }) })).toBeUndefined();
    const checked = forestCase({ ...ordered, facts: '非法占用林地，已复查恢复到位', decidedOn: daysAgo(200) });
    expect(firingOf(rules, 'R02-rectification-unchecked', { case: checked })).toBeUndefined();
  });

  it('fires when the record says the re-inspection was not made', () => {
    expect(firingOf(rules, 'R02-rectification-unchecked', { case: forestCase({ ...ordered, facts: '非法占用林地，尚未复查', decidedOn: daysAgo(200) }) })).toBeDefined();
  });

  it('stays silent for a decision that orders nothing to be rectified', () => {
    expect(firingOf(rules, 'R02-rectification-unchecked', { case: forestCase({ decision: '罚款5000元', decidedOn: daysAgo(200) }) })).toBeUndefined();
  });
});

describe('R03-violation-continuing (处罚后违法行为持续)', () => {
  const penalised = forestCase({ decidedOn: daysAgo(100) });
  const laterCase = forestCase({ _id: 'case-2', caseNumber: '富林罚〔2026〕9号', filedOn: daysAgo(10), decidedOn: undefined });
  const sameDayCase = forestCase({ _id: 'case-3', caseNumber: '富林罚〔2026〕5号', filedOn: daysAgo(100), decidedOn: undefined });
  itHonoursItsThreshold({
    ruleId: 'R03-violation-continuing',
    fires: { case: penalised, sameParty: [penalised, laterCase, sameDayCase] },
    short: { case: penalised, sameParty: [penalised, sameDayCase] },
    mentions: ['某木业有限公司', '2025-12-22', '又立案1件', '富林罚〔2026〕9号', '达到1件'],
    values: { 'derived.laterDatedCases': 1, 'params.cases': 1 },
    param: { name: 'cases', stopAt: 2, startAt: 0 },
  });

  it('stays silent for a case without a decision', () => {
    expect(firingOf(rules, 'R03-violation-continuing', { case: forestCase({ decidedOn: undefined }), sameParty: [laterCase] })).toBeUndefined();
  });

  it('stays silent when the other case has no date, however late it was entered (戚某: a 〔2025〕 case after a 2026 penalty)', () => {
    const imported = forestCase({ _id: 'case-4', caseNumber: '富林罚〔2025〕88号', filedOn: undefined, decidedOn: undefined, createdAt: daysAgo(1) });
    expect(firingOf(rules, 'R03-violation-continuing', { case: penalised, sameParty: [penalised, imported] })).toBeUndefined();
  });
});

describe('R07-large-fine-no-hearing (较大数额罚款未告知听证)', () => {
  itHonoursItsThreshold({
    ruleId: 'R07-large-fine-no-hearing',
    fires: { case: forestCase({ fineYuan: 100_000, decision: '罚款100000元' }) },
    short: { case: forestCase({ fineYuan: 99_999, decision: '罚款99999元' }) },
    mentions: ['罚款100000元', '标准100000元'],
    values: { 'case.fineYuan': 100_000, 'params.hearingFineYuan': 100_000 },
    param: { name: 'hearingFineYuan', stopAt: 100_001, startAt: 99_999 },
  });

  it('stays silent when the record shows the hearing notice', () => {
    const heard = forestCase({ fineYuan: 500_000, decision: '经告知听证权利，当事人未申请听证，罚款500000元' });
    expect(firingOf(rules, 'R07-large-fine-no-hearing', { case: heard })).toBeUndefined();
  });

  it('reads the notice in 备注, and a party declining the hearing as notified', () => {
    expect(firingOf(rules, 'R07-large-fine-no-hearing', { case: forestCase({ fineYuan: 150_000, note: '已于2026年3月10日告知听证权利' }) })).toBeUndefined();
    expect(firingOf(rules, 'R07-large-fine-no-hearing', { case: forestCase({ fineYuan: 150_000, note: '当事人未申请听证' }) })).toBeUndefined();
  });

  it('fires when the record says the hearing was not notified', () => {
    const firing = firingOf(rules, 'R07-large-fine-no-hearing', { case: forestCase({ fineYuan: 150_000, decision: '罚款150000元，未告知听证' }) });
    expect(firing?.explanation).toContain('案件记录未见告知听证权利');
  });
});

describe('R11-missing-legal-basis (处罚决定缺少法律依据)', () => {
  itHonoursItsThreshold({
    ruleId: 'R11-missing-legal-basis',
    fires: { case: forestCase({ legalBasis: undefined }) },
    short: { case: forestCase({ legalBasis: '《森林法》第七十八条' }) },
    mentions: ['富林罚〔2026〕1号', '罚款50000元'],
    values: { 'case.caseType': '处罚', 'case.legalBasis': undefined },
  });

  it('stays silent for an inspection case without a decision', () => {
    expect(firingOf(rules, 'R11-missing-legal-basis', { case: forestCase({ caseType: '检查', decision: undefined, legalBasis: undefined }) })).toBeUndefined();
  });
});
