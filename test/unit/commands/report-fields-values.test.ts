import { describe, expect, it } from 'vitest';
import { parseReportFields, readCaseStatus } from '../../../src/commands/report-fields.js';
import { dateInAnswer } from '../../../src/commands/written-dates.js';

describe('parseReportFields: values that hold more than one thing', () => {
  it('ends a case number at its 号 and reads the glued label after it as a field', () => {
    const { fields, unread } = parseReportFields('案号富市监罚〔2026〕234号 当事人张某 违法事实 超范围经营 罚款：3千元');
    expect(fields).toMatchObject({ caseNumber: '富市监罚〔2026〕234号', party: '张某', facts: '超范围经营', fineYuan: 3000 });
    expect(unread).toEqual([]);
  });

  it.each(['富林罚[2024]44号', '富林罚(2024)第44号'])('lists text after the case number %s as not recorded', (number) => {
    const { fields, unread } = parseReportFields(`案号：${number} 待补充\n当事人：赵某\n违法事实：毁林`);
    expect(fields.caseNumber).toBe(number);
    expect(unread).toEqual(['待补充']);
  });

  it.each([
    ['5000元（已缴）', true, false],
    ['5000元(已缴纳)', true, false],
    ['5000元 尚未缴纳', false, false],
    ['5000元（部分缴纳）', false, true],
  ])('reads the payment in 罚款：%s', (value, paid, partial) => {
    const { fields, extras, problems } = parseReportFields(`罚款：${value}\n当事人：某店`);
    expect(fields.fineYuan).toBe(5000);
    expect(extras.payment).toMatchObject({ paid, partial });
    expect(problems).toEqual([]);
  });

  it('keeps a warning written with the fine as the decision in words, not as unread text', () => {
    const { fields, extras, unread } = parseReportFields('罚款：警告并处罚款三千元 没收违法所得：两百');
    expect([fields.fineYuan, extras.fineDecision, extras.confiscationYuan]).toEqual([3000, '警告并处罚款三千元', 200]);
    expect(unread).toEqual([]);
  });

  it('takes the fine labelled 罚款 in 处罚决定 when there is no 罚款 field, and no other amount', () => {
    expect(parseReportFields('当事人：某店\n处罚决定：罚款20万元').fields.fineYuan).toBe(200_000);
    expect(parseReportFields('当事人：某店\n处罚决定：警告，没收违法所得2000元').fields.fineYuan).toBeUndefined();
    expect(parseReportFields('处罚决定：罚款20万元\n罚款：5万元').fields.fineYuan).toBe(50_000);
  });

  it('keeps a 罚款 written on the decision\'s line in the decision, with what the decision says of the hearing', () => {
    const { fields, extras, unread } = parseReportFields('当事人：某店\n处罚决定：没收违法所得，罚款10万元，已告知听证');
    expect([fields.decision, fields.fineYuan, unread]).toEqual(['没收违法所得，罚款10万元，已告知听证', 100_000, []]);
    expect(extras).toEqual({});
    const confiscated = parseReportFields('处罚决定：警告，没收违法所得2000元，罚款1万元，已缴纳');
    expect([confiscated.fields.decision, confiscated.fields.fineYuan, confiscated.extras.confiscationYuan, confiscated.extras.payment?.paid])
      .toEqual(['警告，没收违法所得2000元，罚款1万元，已缴纳', 10_000, 2000, true]);
    // On a line of its own, 罚款 is its own field again.
    const ownLine = parseReportFields('处罚决定：责令恢复原状\n罚款5000元');
    expect([ownLine.fields.decision, ownLine.fields.fineYuan]).toEqual(['责令恢复原状', 5000]);
  });

  it('keeps what a 罚款 value says of the procedure as the decision in words', () => {
    const { fields, extras, unread } = parseReportFields('当事人：某店\n罚款：10万元，已告知听证');
    expect([fields.fineYuan, extras.fineDecision, unread]).toEqual([100_000, '罚款10万元，已告知听证', []]);
    expect(parseReportFields('罚款：5000元，联系人李四').unread).toEqual(['联系人李四']);
  });

  it.each([
    ['是否结案：是', 'closed'], ['结案情况：已结案', 'closed'], ['案件状态：已办结', 'closed'],
    ['是否结案：否', 'open'], ['结案情况：尚未结案', 'open'], ['案件状态：在办', 'open'],
  ])('reads %s as %s', (line, status) => {
    const { extras, problems } = parseReportFields(`当事人：某店\n${line}`);
    expect([extras.status, problems]).toEqual([status, []]);
  });

  it('asks about a 结案 value it cannot read instead of guessing', () => {
    const { extras, problems } = parseReportFields('当事人：某店\n是否结案：待定');
    expect(extras.status).toBeUndefined();
    expect(problems).toEqual([{ field: 'status', value: '待定', reason: '结案情况没有看懂，请写“已结案”或“未结案”' }]);
    expect(['是', '已经结案了', '否', '未结', '还没结案', '没有', '不知道'].map(readCaseStatus)).toEqual(['closed', 'closed', 'open', 'open', 'open', 'open', null]);
  });

  it('drops the problem of a value a later one replaced', () => {
    const { fields, problems } = parseReportFields('当事人：某店\n日期：上周\n日期：\n2026年11月20日');
    expect(fields.date).toBe('2026-11-20');
    expect(problems).toEqual([]);
  });
});

describe('dateInAnswer', () => {
  it.each([
    ['哦写错了 是11月22号', '2026-11-22'],
    ['11.22', '2026-11-22'],
    ['11-22', '2026-11-22'],
    ['应为2026年11月2日', '2026-11-02'],
    ['12月1日', '2025-12-01'],
  ])('reads %s as %s on 2026-11-30', (text, iso) => {
    expect(dateInAnswer(text, '2026-11-30')).toBe(iso);
  });

  it.each(['上周', '11月22日或11月23日', '2月30日', '执法人员于11月22日检查发现该店销售过期面包12袋，货值金额240元'])('reads no date in %j', (text) => {
    expect(dateInAnswer(text, '2026-11-30')).toBeNull();
  });
});
