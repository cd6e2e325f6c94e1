import { describe, expect, it } from 'vitest';
import { parseCommand, withYearsFilledIn } from '../../../src/commands/index.js';
import { parseReportFields } from '../../../src/commands/report-fields.js';
import type { AmendCommand, ReportCommand } from '../../../src/commands/types.js';

const report = (text: string) => parseCommand(text) as ReportCommand;
const amend = (text: string) => parseCommand(text) as AmendCommand;

describe('a label word inside the text of another field (round 8, finding 1)', () => {
  it('keeps 当事人未申请听证 in the 备注 of a 更正, and corrects no party', () => {
    const cmd = amend('更正 富林罚〔2026〕150号 备注：已告知听证权利，当事人未申请听证');
    expect(cmd.fields).toEqual({});
    expect(cmd.extras.note).toBe('已告知听证权利,当事人未申请听证');
    expect(cmd.unread).toEqual([]);
  });

  it('takes no party from the text of another field in a 更正, even one that reads as a name', () => {
    const cmd = amend('更正 富林罚〔2026〕150号 备注：已告知，当事人张某到场');
    expect([cmd.fields.party, cmd.extras.note]).toEqual([undefined, '已告知,当事人张某到场']);
    expect(amend('更正 富林罚〔2026〕150号 违法事实：擅自占用林地；当事人拒不整改').fields).toEqual({ facts: '擅自占用林地;当事人拒不整改' });
  });

  it('still corrects the party under a label of its own: with a colon, glued, spaced or on its own line', () => {
    expect(amend('更正 富林罚〔2026〕150号 当事人张某').fields).toEqual({ party: '张某' });
    expect(amend('更正 富林罚〔2026〕150号 当事人 张某').fields).toEqual({ party: '张某' });
    expect(amend('更正 富林罚〔2026〕150号 备注：已告知，当事人：张某').fields).toEqual({ party: '张某' });
    expect(amend('更正 富林罚〔2026〕150号\n备注：已告知\n当事人张某').fields).toEqual({ party: '张某' });
  });

  it.each([
    ['备注：已告知听证权利，当事人未申请听证', '已告知听证权利,当事人未申请听证'],
    ['备注：已送达，当事人无异议', '已送达,当事人无异议'],
    ['备注：已送达，当事人放弃陈述申辩', '已送达,当事人放弃陈述申辩'],
    ['备注：已告知，处罚决定已送达', '已告知,处罚决定已送达'],
    ['备注：已告知听证权利，决定日期前已送达', '已告知听证权利,决定日期前已送达'],
  ])('keeps 「%s」 whole in a 上报 that has not given the party yet', (line, note) => {
    const cmd = report(`上报 案号：富林罚〔2026〕155号 违法事实：滥伐林木 ${line}`);
    expect(cmd.extras.note).toBe(note);
    expect(cmd.fields.party).toBeUndefined();
    expect(cmd.missing).toEqual(['party']);
    expect(cmd.problems).toEqual([]);
  });

  it('reads a name or a figure after a clause break as its field, as voice input writes it', () => {
    expect(report('上报 案号X〔2026〕1号 违法事实擅自占用林地，当事人郑某，罚款二十四万').fields)
      .toEqual({ caseNumber: 'X〔2026〕1号', facts: '擅自占用林地', party: '郑某', fineYuan: 240_000 });
    expect(report('上报 案号X〔2026〕1号 当事人郑某 违法事实擅自占用林地，面积12亩').fields).toMatchObject({ facts: '擅自占用林地', areaMu: 12 });
    // Labels separated by spaces alone, and glued labels, as the README shows them.
    expect(report('上报 当事人郑某 违法事实擅自开垦林地 罚款二十四万 案号富林罚〔2026〕9号').fields)
      .toEqual({ party: '郑某', facts: '擅自开垦林地', fineYuan: 240_000, caseNumber: '富林罚〔2026〕9号' });
    expect(report('上报 案号富林罚〔2024〕44号，当事人赵某，违法事实滥伐林木').fields).toEqual({ caseNumber: '富林罚〔2024〕44号', party: '赵某', facts: '滥伐林木' });
  });
});

describe('立案日期 and 决定日期 (round 8, findings 2 and 3)', () => {
  it('reads 立案日期 as the filing date and 决定日期 as the decision, both on one line', () => {
    const cmd = report('上报 案号富林罚〔2026〕152号 当事人黄某 违法事实擅自改变林地用途建看护房 罚款3335元 未缴纳 立案日期2026年7月1日，决定日期2026年8月20日 法律依据森林法实施条例第四十三条');
    expect(cmd.fields).toMatchObject({ filedOn: '2026-07-01', date: '2026-08-20', legalBasis: '森林法实施条例第四十三条' });
    expect([cmd.unread, cmd.problems]).toEqual([[], []]);
  });

  it('never takes a filing date for the decision', () => {
    const cmd = report('上报 案号：富林罚〔2026〕153号 当事人：周某 违法事实：滥伐林木3立方米 罚款：3000元 立案日期：2026年8月1日');
    expect(cmd.fields.filedOn).toBe('2026-08-01');
    expect(cmd.fields.date).toBeUndefined();
    expect(parseReportFields('立案时间：2026-08-01\n日期：2026-08-20').fields).toMatchObject({ filedOn: '2026-08-01', date: '2026-08-20' });
  });

  it('ends a date without a year at the next label, and fills in the year of each against today', () => {
    const cmd = report('上报 富林罚〔2026〕118号 当事人黄某 违法事实又在原址扩建看护房 面积0.3亩 罚款2000元 立案日期11月10日 决定日期11月11日 法律依据森林法实施条例第四十三条');
    expect(cmd.fields.caseNumber).toBe('富林罚〔2026〕118号');
    expect(cmd.problems.map((p) => [p.value, p.label])).toEqual([['11月10日', '立案日期'], ['11月11日', '决定日期']]);
    const dated = withYearsFilledIn(cmd, '2026-11-12');
    expect(dated.fields).toMatchObject({ filedOn: '2026-11-10', date: '2026-11-11', legalBasis: '森林法实施条例第四十三条' });
    expect([dated.problems, dated.hint, dated.unread, dated.missing]).toEqual([[], null, [], []]);
    // Before 11-11 this year, 11月11日 is last year's.
    expect(withYearsFilledIn(cmd, '2026-11-10').fields.date).toBe('2025-11-11');
  });

  it('fills in the year of a 更正 too, each date in its own field', () => {
    const cmd = withYearsFilledIn(amend('更正 富林罚〔2026〕118号 立案日期：11月10日'), '2026-11-30');
    expect([cmd.fields, cmd.problems]).toEqual([{ filedOn: '2026-11-10' }, []]);
    expect(withYearsFilledIn(amend('更正 富林罚〔2026〕118号 决定日期11月9号'), '2026-11-30').fields).toEqual({ date: '2026-11-09' });
  });

  it('leaves a date taken back, or one it cannot read, to be asked about', () => {
    const taken = report('上报 案号：富林罚〔2026〕1号 当事人：赵某 违法事实：毁林 日期：11月5日，不对');
    expect(withYearsFilledIn(taken, '2026-11-30').problems).toHaveLength(1);
    const unreadable = report('上报 案号：富林罚〔2026〕1号 当事人：赵某 违法事实：毁林 日期：上周');
    expect(withYearsFilledIn(unreadable, '2026-11-30').problems.map((p) => p.value)).toEqual(['上周']);
  });
});

describe('an unlabelled case number right after 上报 (round 8, finding 3)', () => {
  it('reads it as the 案号', () => {
    expect(report('上报 富林罚〔2026〕118号 当事人黄某 违法事实扩建看护房').fields).toEqual({ caseNumber: '富林罚〔2026〕118号', party: '黄某', facts: '扩建看护房' });
    const alone = report('上报 富林罚〔2026〕118号');
    expect([alone.fields, alone.missing]).toEqual([{ caseNumber: '富林罚〔2026〕118号' }, ['party', 'facts']]);
    expect(report('上报\n富林罚(2026)第118号\n当事人：黄某\n违法事实：扩建看护房').fields.caseNumber).toBe('富林罚(2026)第118号');
  });

  it('leaves the number a label gives alone', () => {
    expect(report('上报 案号：富林罚〔2026〕151号 当事人：某公司 违法事实：滥伐林木').fields.caseNumber).toBe('富林罚〔2026〕151号');
    const twice = report('上报 富林罚〔2026〕118号 案号：富林罚〔2026〕119号 当事人黄某 违法事实x');
    expect([twice.fields.caseNumber, twice.severalCases]).toEqual(['富林罚〔2026〕119号', []]);
  });
});

describe('a decision naming another fine than 罚款 (round 8, finding 4)', () => {
  it('asks which fine is right instead of recording either', () => {
    const cmd = report('上报 案号：富市监罚〔2026〕301号 当事人：某小卖部 违法事实：销售过期食品 处罚决定：罚款5000元 罚款：50000元 决定日期：2026年10月20日');
    expect(cmd.problems).toEqual([{ field: 'fine', value: '50000元', reason: '与处罚决定里写的罚款5000元不一致，没有看出哪个是这件案件的罚款' }]);
  });

  it('takes the answer filed under 罚款 as settling it, and asks nothing when both say the same fine', () => {
    const answered = report('上报 案号：富市监罚〔2026〕301号 当事人：某小卖部 违法事实：销售过期食品 处罚决定：罚款5000元 罚款：50000元\n罚款：\n5000元');
    expect([answered.fields.fineYuan, answered.problems]).toEqual([5000, []]);
    const same = report('上报 案号：X〔2026〕2号 当事人：某店 违法事实：无证经营 处罚决定：没收违法所得2000元，罚款1万元 罚款：10000元');
    expect([same.fields.fineYuan, same.problems]).toEqual([10_000, []]);
    const warning = report('上报 案号：X〔2026〕3号 当事人：某店 违法事实：无证经营 处罚决定：警告 罚款：3000元');
    expect([warning.fields.fineYuan, warning.problems]).toEqual([3000, []]);
  });
});
