import { describe, expect, it } from 'vitest';
import type { ProgressLike } from '../../../src/rules/build-facts.js';
import { daysAgo, firingOf, instantDaysAgo, itHonoursItsThreshold, recommendation, seedRuleSet } from './rule-fixtures.js';

const rules = seedRuleSet();

describe('R08-recommendation-overdue (检察建议逾期未整改回复)', () => {
  itHonoursItsThreshold({
    ruleId: 'R08-recommendation-overdue',
    fires: { recommendation: recommendation({ dueOn: daysAgo(1) }) },
    short: { recommendation: recommendation({ dueOn: daysAgo(0) }) },
    mentions: ['富检行公建[2021]14号', '回复期限为2026-03-31', '已逾期1日', '1日起提示', '整改中', '累计逾期1次'],
    values: { 'recommendation.status': 'rectifying', 'derived.daysOverdue': 1, 'params.days': 1 },
    param: { name: 'days', stopAt: 2, startAt: 0 },
  });

  it.each(['reviewed_done', 'litigation'] as const)('stays silent once the recommendation is %s', (status) => {
    expect(firingOf(rules, 'R08-recommendation-overdue', { recommendation: recommendation({ status, dueOn: daysAgo(30) }) })).toBeUndefined();
  });

  it('stays silent once the written reply is in, even late', () => {
    expect(firingOf(rules, 'R08-recommendation-overdue', { recommendation: recommendation({ dueOn: daysAgo(30), repliedAt: instantDaysAgo(2) }) })).toBeUndefined();
  });

  it('fires when completion was reported by chat but no written reply came by the due date', () => {
    expect(firingOf(rules, 'R08-recommendation-overdue', { recommendation: recommendation({ status: 'completed', dueOn: daysAgo(3) }) })).toBeDefined();
  });

  it('stays silent before the due date is known (not yet received)', () => {
    expect(firingOf(rules, 'R08-recommendation-overdue', { recommendation: recommendation({ status: 'issued', dueOn: undefined }) })).toBeUndefined();
  });

  it('counts a second overdue episode in its explanation', () => {
    const history = [{ at: instantDaysAgo(20), action: 'due_reset', detail: { previousDueOn: daysAgo(40) } }];
    const firing = firingOf(rules, 'R08-recommendation-overdue', { recommendation: recommendation({ status: 'reviewed_not_done', dueOn: daysAgo(5), history }) });
    expect(firing?.explanation).toContain('累计逾期2次');
  });

  it('is a 提醒 to the prosecutor on the first overdue and a 公益诉讼线索 on the second (domain.md §4.8)', () => {
    const first = firingOf(rules, 'R08-recommendation-overdue', { recommendation: recommendation({ dueOn: daysAgo(5) }) });
    expect(first?.kind).toBe('prompt');
    expect(first?.explanation).toContain('累计逾期1次');
    const history = [{ at: instantDaysAgo(20), action: 'due_reset', detail: { previousDueOn: daysAgo(40) } }];
    const second = firingOf(rules, 'R08-recommendation-overdue', { recommendation: recommendation({ status: 'reviewed_not_done', dueOn: daysAgo(5), history }) });
    expect(second).toMatchObject({ kind: 'pil', values: { 'derived.overdueEpisodes': 2, 'params.episodes': 2 } });
  });

  it('is raised once per due date: the firing names the due date it is about', () => {
    const firing = firingOf(rules, 'R08-recommendation-overdue', { recommendation: recommendation({ dueOn: daysAgo(5) }) });
    expect(firing?.occurrence).toBe('2026-03-27');
    expect(firing?.values).toMatchObject({ 'recommendation.dueOn': '2026-03-27' });
  });

  it('does not fire for a case-only evaluation', () => {
    expect(firingOf(rules, 'R08-recommendation-overdue', {})).toBeUndefined();
  });
});

describe('R09-complete-without-evidence (报告整改完成但未提交证据)', () => {
  const completed = recommendation({ status: 'completed', percent: 100, completedAt: instantDaysAgo(3) });
  const report = (daysAgoReported: number, overrides: Partial<ProgressLike> = {}): ProgressLike => ({
    _id: `msg-${daysAgoReported}`, kind: 'complete', createdAt: instantDaysAgo(daysAgoReported), evidence: [], ...overrides,
  });
  const photo = { sha256: 'a'.repeat(64), contentType: 'image/jpeg', size: 1024, messageId: 'msg-photo', at: instantDaysAgo(1) };

  itHonoursItsThreshold({
    ruleId: 'R09-complete-without-evidence',
    fires: { recommendation: completed, progress: [report(3)] },
    short: { recommendation: completed, progress: [report(2)] },
    mentions: ['富检行公建[2021]14号', '于2026-03-29报告整改完成', '截至发现之日（2026-04-01）已3日', '3日起提示'],
    values: { 'recommendation.status': 'completed', 'derived.lastCompleteHasEvidence': false, 'derived.daysSinceCompleteReport': 3, 'params.days': 3 },
    param: { name: 'days', stopAt: 4, startAt: 2 },
  });

  it('is a 提醒 to the prosecutor, not a 公益诉讼线索 (domain.md §4.8)', () => {
    expect(firingOf(rules, 'R09-complete-without-evidence', { recommendation: completed, progress: [report(3)] })?.kind).toBe('prompt');
  });

  it('stays silent once a photo is attached to the completion report', () => {
    expect(firingOf(rules, 'R09-complete-without-evidence', { recommendation: completed, progress: [report(10, { evidence: [photo] })] })).toBeUndefined();
  });

  it('judges the latest completion report that was not taken back', () => {
    const withdrawn = report(4, { _id: 'msg-late', revoked: { at: instantDaysAgo(4), by: 'zhangsan', messageId: 'msg-undo' } });
    const progress = [report(10, { evidence: [photo] }), withdrawn, report(6, { _id: 'msg-6' })];
    const firing = firingOf(rules, 'R09-complete-without-evidence', { recommendation: completed, progress });
    expect(firing?.values).toMatchObject({ 'derived.daysSinceCompleteReport': 6 });
  });

  it('stays silent while the recommendation is not reported complete', () => {
    expect(firingOf(rules, 'R09-complete-without-evidence', { recommendation: recommendation({ status: 'rectifying' }), progress: [report(10)] })).toBeUndefined();
  });
});

describe('seed explanations word snapshots as what they are', () => {
  // A lead is read days or months after it was raised: what it says of states and counts is as of that day.
  const changing = /\{(?:recommendation\.statusText|recommendation\.status|case\.status|daysSinceDecision|daysOverdue|daysSinceCompleteReport|laterCasesOfSameParty|laterDatedCases|overdueEpisodes)\}|未见|未记载/;

  it('dates every statement that can change after discovery, and never says 目前 or 至今', () => {
    for (const rule of rules.rules) {
      expect(rule.explanation, rule.id).not.toMatch(/目前|至今|现在|当前/);
      if (changing.test(rule.explanation)) expect(rule.explanation, rule.id).toContain('截至发现之日（{today}）');
    }
  });

  it('shows the recommendation status as it was when the lead was raised', () => {
    const firing = firingOf(rules, 'R08-recommendation-overdue', { recommendation: recommendation({ status: 'received', dueOn: daysAgo(53) }) });
    expect(firing?.explanation).toContain('截至发现之日（2026-04-01）已逾期53日');
    expect(firing?.explanation).toContain('发现时状态：已收到');
  });
});
