import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../src/commands/index.js';
import type { AmendCommand, ReportCommand } from '../../../src/commands/types.js';

const report = (body: string) => parseCommand(`上报\n案号：富林罚〔2026〕201号\n${body}`) as ReportCommand;

describe('labels beside the party on a 处罚决定书 line (round 9b chatday, S1)', () => {
  it.each([
    ['当事人：富阳某木业有限公司 法定代表人：王五', '富阳某木业有限公司', '法定代表人：王五'],
    ['当事人：某木业公司 地址：富阳区银湖街道', '某木业公司', '地址：富阳区银湖街道'],
    ['当事人：某公司 统一社会信用代码：91330183MA2XXXXX1', '某公司', '统一社会信用代码：91330183MA2XXXXX1'],
    ['当事人：王某 身份证号：330183197503XXXXXX', '王某', '身份证号：330183197503XXXXXX'],
    ['当事人：某餐饮店（个体工商户） 经营者：陈某', '某餐饮店(个体工商户)', '经营者：陈某'],
    ['当事人：某公司 负责人：赵某', '某公司', '负责人：赵某'],
    ['当事人：某公司，法定代表人：王五', '某公司', '法定代表人：王五'],
    ['当事人：某公司 住所=富阳区银湖街道', '某公司', '住所：富阳区银湖街道'],
    ['当事人：某公司 曾用名：某厂', '某公司', '曾用名：某厂'],
  ])('%s: the party ends at the label, which is listed as not recorded', (line, party, unread) => {
    const cmd = report(`${line}\n违法事实：滥伐林木12株`);
    expect([cmd.fields.party, cmd.fields.facts, cmd.unread]).toEqual([party, '滥伐林木12株', [unread]]);
  });

  it('ends a decision at 执法人员', () => {
    const cmd = report('当事人：某公司\n违法事实：滥伐\n处罚决定：罚款15600元 执法人员：张三、李四');
    expect([cmd.fields.decision, cmd.fields.fineYuan, cmd.unread]).toEqual(['罚款15600元', 15600, ['执法人员：张三、李四']]);
  });

  it('keeps such a label after a comma inside the facts as text of them, and ends the facts at one after ；', () => {
    expect(report('当事人：甲\n违法事实：在其经营场所，地址：某村，擅自砍伐林木12株').fields.facts).toBe('在其经营场所,地址:某村,擅自砍伐林木12株');
    const ended = report('当事人：甲\n违法事实：滥伐林木；执法人员：张三');
    expect([ended.fields.facts, ended.unread]).toEqual(['滥伐林木', ['执法人员：张三']]);
  });

  it('corrects the party alone when its line names the legal representative', () => {
    const cmd = parseCommand('更正 富林罚〔2026〕140号 当事人：某公司 法定代表人：王五') as AmendCommand;
    expect([cmd.fields, cmd.unread]).toEqual([{ party: '某公司' }, ['法定代表人：王五']]);
  });

  it('keeps measured values in the facts, on the facts\' line or a line of their own', () => {
    expect(report('当事人：某公司\n违法事实：超标排放污水 pH=3.2 氨氮=25mg/L').fields.facts).toBe('超标排放污水 pH=3.2 氨氮=25mg/L');
    expect(report('当事人：某公司\n违法事实：滥伐 蓄积量=12.3立方米 株数=56株').fields.facts).toBe('滥伐 蓄积量=12.3立方米 株数=56株');
    const ownLine = report('当事人：某公司\n违法事实：超标排放污水\npH=3.2');
    expect([ownLine.fields.facts, ownLine.unread]).toEqual(['超标排放污水\npH=3.2', []]);
  });

  it('lists a line of its own written with = (联系人=李四) instead of adding it to the facts', () => {
    const cmd = report('当事人：某公司\n违法事实：超标排放污水 pH=3.2\n联系人=李四\n备用联系人=赵六');
    expect([cmd.fields.facts, cmd.unread]).toEqual(['超标排放污水 pH=3.2', ['联系人：李四', '备用联系人：赵六']]);
  });

  it('keeps markup with an attribute in the party', () => {
    expect(report('当事人：某木业公司 <font color="warning">已撤回</font>\n违法事实：滥伐').fields.party).toBe('某木业公司 <font color="warning">已撤回</font>');
  });
});

describe('a 上报 pasted from a Word form (round 9b chatday, M6)', () => {
  const fields = { caseNumber: '富林罚〔2026〕141号', party: '富阳某竹木加工厂', facts: '滥伐林木', fineYuan: 3000 };

  it.each([
    ['full-width spaces', '案　　号：富林罚〔2026〕141号\n当　事　人：富阳某竹木加工厂\n违法事实：滥伐林木\n罚　　款：3000元'],
    ['ASCII spaces', '案  号: 富林罚〔2026〕141号\n当 事 人: 富阳某竹木加工厂\n违 法 事 实: 滥伐林木\n罚 款:3000元'],
    ['several on a line', '案　　号：富林罚〔2026〕141号　当　事　人：富阳某竹木加工厂\n违法事实：滥伐林木　罚　　款：3000元'],
  ])('reads labels letter-spaced with %s', (_spaces, body) => {
    const cmd = parseCommand(`上报\n${body}`) as ReportCommand;
    expect([cmd.fields, cmd.unread, cmd.missing]).toEqual([fields, [], []]);
  });

  it.each([
    ['一、', ['一、', '二、', '三、', '四、']],
    ['1．', ['1．', '2．', '3．', '4．']],
    ['1、', ['1、', '2、', '3、', '4、']],
    ['（一）', ['（一）', '（二）', '（三）', '（四）']],
    ['(1)', ['(1)', '(2)', '(3)', '(4)']],
    ['①', ['①', '②', '③', '④']],
  ])('reads labels numbered %s', (_style, marks) => {
    const labels = ['案号：富林罚〔2026〕141号', '当事人：富阳某竹木加工厂', '违法事实：滥伐林木', '罚款：3000元'];
    const cmd = parseCommand(`上报\n${labels.map((label, i) => `${marks[i]}${label}`).join('\n')}`) as ReportCommand;
    expect([cmd.fields, cmd.unread, cmd.missing]).toEqual([fields, [], []]);
  });

  it('reads labels both numbered and letter-spaced', () => {
    const cmd = parseCommand('上报\n一、案　　号：富林罚〔2026〕141号\n二、当　事　人：富阳某竹木加工厂\n三、违　法　事　实：滥伐林木\n四、罚　　款：3000元') as ReportCommand;
    expect([cmd.fields, cmd.unread, cmd.missing]).toEqual([fields, [], []]);
  });

  it('still names the cases of numbered items each with its own 案号', () => {
    const cmd = parseCommand('上报\n1．案号：富林罚〔2026〕503号\n2．案号：富林罚〔2026〕504号') as ReportCommand;
    expect(cmd.severalCases).toEqual(['富林罚〔2026〕503号', '富林罚〔2026〕504号']);
  });

  it('keeps numbered facts in the facts, also when their items start with a label word', () => {
    expect(report('当事人：甲\n违法事实：\n1. 占用林地2.5亩；\n2. 拒不整改').fields.facts).toBe('1. 占用林地2.5亩;\n2. 拒不整改');
    const listed = report('当事人：甲\n违法事实：\n1.时间：2026年5月\n2.地点：某村');
    expect([listed.fields.facts, listed.fields.date, listed.unread]).toEqual(['1.时间:2026年5月\n2.地点:某村', undefined, []]);
    const numbered = parseCommand('上报\n一、案号：富林罚〔2026〕141号\n二、当事人：甲\n三、违法事实：\n1.时间：2026年5月\n2.地点：某村') as ReportCommand;
    expect([numbered.fields.party, numbered.fields.facts, numbered.fields.date, numbered.unread]).toEqual(['甲', '1.时间:2026年5月\n2.地点:某村', undefined, []]);
  });

  it('keeps a 罚款： inside the decision in it, rather than refusing it as two fines', () => {
    const cmd = report('当事人：富阳某竹木加工厂\n违法事实：非法占用林地\n处罚决定：责令限期恢复原状，罚款：每平方米10元，共计23345元');
    expect([cmd.fields.decision, cmd.problems, cmd.unread]).toEqual(['责令限期恢复原状,罚款:每平方米10元,共计23345元', [], []]);
  });

  it('still reads a 罚款： with an amount after the decision as the fine', () => {
    const cmd = report('当事人：某公司\n违法事实：滥伐\n处罚决定：没收违法所得，罚款：5000元，已缴纳');
    expect([cmd.fields.fineYuan, cmd.extras.payment?.paid, cmd.problems]).toEqual([5000, true, []]);
  });
});

describe('a rate written with = or a colon in a progress update (round 9b chatday, m6)', () => {
  it.each([
    ['进度9号 已补植3.5亩 成活率=85%', null, '已补植3.5亩 成活率=85%'],
    ['进度9号 已补植3.5亩 成活率：85%', null, '已补植3.5亩 成活率:85%'],
    ['进度9号 已补植3.5亩 覆盖=85%', null, '已补植3.5亩 覆盖=85%'],
    ['进度9号 60% 已补植3.5亩 成活率=85%', 60, '已补植3.5亩 成活率=85%'],
    ['进度9号 已补植3.5亩 完成率=85%', 85, '已补植3.5亩'],
    ['进度9号 已补植3.5亩 整体进度=85%', 85, '已补植3.5亩'],
  ])('%s records progress %s', (text, percent, measures) => {
    const cmd = parseCommand(text);
    expect([cmd.percent ?? null, cmd.command === 'progress' ? cmd.measures : undefined]).toEqual([percent, measures]);
  });
});
