import { describe, expect, it } from 'vitest';
import { describeValue, FACT_LABELS, PARAM_LABELS } from '../../../src/rules/labels.js';
import { FACT_FIELDS, FACT_ROOTS } from '../../../src/rules/types.js';
import { seedRuleSet } from './rule-fixtures.js';

describe('value labels', () => {
  it('names every fact rules can read and every seed threshold in Chinese, short enough for a card row', () => {
    const labels = [
      ...FACT_ROOTS.flatMap((root) => FACT_FIELDS[root].map((field) => describeValue(`${root}.${String(field)}`, 1).label)),
      ...seedRuleSet().rules.flatMap((rule) => Object.keys(rule.params).map((name) => describeValue(`params.${name}`, 1).label)),
    ];
    for (const label of labels) {
      expect(label).toMatch(/^[\u4e00-\u9fff]{2,8}$/);
    }
    expect(Object.keys(FACT_LABELS.derived).sort()).toEqual([...FACT_FIELDS.derived].sort());
    expect(Object.keys(PARAM_LABELS)).toContain('minFineYuanPerMu');
  });

  it.each([
    ['case.finePaid', undefined, '罚款已缴纳', '未记录'],
    ['case.finePaid', false, '罚款已缴纳', '否'],
    ['case.enforced', true, '已强制执行', '是'],
    ['case.status', 'open', '发现时案件状态', '未结案'],
    ['recommendation.status', 'received', '发现时状态', '已收到'],
    ['derived.fineYuanPerMu', 1312.3359580052493, '每亩罚款', '1312.34元'],
    ['derived.areaMu', 381, '涉案面积', '381亩'],
    ['case.fineYuan', 500_000, '罚款金额', '500000元'],
    ['derived.daysOverdue', 53, '逾期天数', '53日'],
    ['derived.laterCaseNumbers', ['2号', '3号'], '此后立案案号', '2号、3号'],
    ['params.otherForestMu', 10, '其他林地标准', '10亩'],
    ['params.hearingFineYuan', 100_000, '听证罚款标准', '100000元'],
    ['params.minFineYuanPerMu', 6667, '每亩罚款下限', '6667元'],
    ['params.days', 90, '提示天数', '90日'],
    ['recommendation.dueOn', '2026-03-31', '回复期限', '2026-03-31'],
  ])('shows %s = %j as %s：%s', (path, value, label, text) => {
    expect(describeValue(path, value)).toEqual({ label, text });
  });
});
