import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../src/commands/parse-command.js';
import type { Command } from '../../../src/commands/types.js';

/** The fields of `command` named in `expected`, so each row asserts exactly the fields it lists. */
function pick(command: Command, expected: Record<string, unknown>): Record<string, unknown> {
  const record: Record<string, unknown> = command;
  return Object.fromEntries(Object.keys(expected).map((key) => [key, record[key]]));
}

const short14 = { prefix: null, year: null, serial: 14 };
const full14 = { prefix: '富检行公建', year: 2021, serial: 14 };
const forest120 = { item: '林地', value: 120, unit: '亩', raw: '120亩', base: { value: 120, unit: '亩' } };

describe('parseCommand on the phrases staff actually type (domain §6, DESIGN §5, issue 5)', () => {
  it.each<[string, Record<string, unknown>]>([
    [
      '进度 14号 60% 已恢复林地120亩',
      { command: 'progress', ref: '14号', refParts: short14, percent: 60, stage: null, measures: '已恢复林地120亩', quantities: [forest120], missing: [], problems: [], hint: null },
    ],
    [
      '富检行公建[2021]14号 完成了，照片稍后发',
      { command: 'complete', ref: '富检行公建[2021]14号', refParts: full14, percent: 100, note: '照片稍后发', missing: [], hint: null },
    ],
    [
      '百分之八十 解除合同12份',
      {
        command: 'progress', ref: null, percent: 80, stage: null, measures: '解除合同12份',
        quantities: [{ item: '合同', value: 12, unit: '份', raw: '12份', base: null }], missing: ['ref'],
      },
    ],
    ['待办', { command: 'todo', ref: null, percent: null, missing: [], hint: null }],
    ['查一下14号', { command: 'query', ref: '14号', refParts: short14, percent: null, missing: [] }],
    ['撤回', { command: 'undo', ref: null, percent: null, missing: [], hint: null }],
    ['罚款已经缴了', { command: 'unknown', ref: null, percent: null, suggested: 'progress', quantities: [], text: '罚款已经缴了' }],
    [
      '进度 富检行公建〔2021〕14号 60% 已恢复林地120亩',
      { command: 'progress', ref: '富检行公建[2021]14号', refParts: full14, percent: 60, measures: '已恢复林地120亩', quantities: [forest120], missing: [] },
    ],
    ['完成 14号 …', { command: 'complete', ref: '14号', percent: 100, note: '…', missing: [] }],
    ['查询 14号', { command: 'query', ref: '14号', missing: [] }],
    ['帮助', { command: 'help', topic: null, ref: null, percent: null, missing: [] }],
  ])('%s', (text, expected) => {
    expect(pick(parseCommand(text), expected)).toEqual(expected);
  });
});

describe('parseCommand, each command in several phrasings', () => {
  it.each<[string, Record<string, unknown>]>([
    ['帮助', { command: 'help', topic: null }],
    ['help', { command: 'help', topic: null }],
    ['HELP', { command: 'help', topic: null }],
    ['?', { command: 'help', topic: null }],
    ['？', { command: 'help', topic: null }],
    ['菜单', { command: 'help', topic: null }],
    ['幫助 進度', { command: 'help', topic: '进度' }],
    ['我的待办', { command: 'todo' }],
    ['todo', { command: 'todo' }],
    ['代办', { command: 'todo' }],
    ['待辦事項', { command: 'todo' }],
    ['查询 富检行公建（2021）14号', { command: 'query', ref: '富检行公建[2021]14号' }],
    ['查 14号', { command: 'query', ref: '14号' }],
    ['查询14', { command: 'query', ref: '14号' }],
    ['14号', { command: 'query', ref: '14号' }],
    ['14号 什么时候到期？', { command: 'query', ref: '14号' }],
    ['14号 查询', { command: 'query', ref: '14号' }],
    ['查询待办', { command: 'todo' }],
    ['进度14号60%', { command: 'progress', ref: '14号', percent: 60, measures: null, missing: [] }],
    ['进度：14号，60%，罚款已缴纳50万元', { command: 'progress', ref: '14号', percent: 60, measures: '罚款已缴纳50万元' }],
    ['进度　１４號　６０％　已恢復林地一百二十畝', { command: 'progress', ref: '14号', percent: 60, measures: '已恢复林地一百二十亩' }],
    ['進度 14號 六成 罰款已繳納50萬元', { command: 'progress', ref: '14号', percent: 60, measures: '罚款已缴纳50万元' }],
    ['进度 14号 六成五', { command: 'progress', ref: '14号', percent: 65 }],
    ['进度 14号 一半 补种树苗五百株', { command: 'progress', percent: 50, quantities: [{ item: '树苗', value: 500, unit: '株', raw: '五百株', base: null }] }],
    ['进度 14 60%', { command: 'progress', ref: '14号', percent: 60 }],
    ['进度 14号 60', { command: 'progress', ref: '14号', percent: 60 }],
    ['进度 60 已恢复林地', { command: 'progress', ref: null, percent: 60, measures: '已恢复林地', missing: ['ref'] }],
    ['进度 14号 整改中 已拆除违建3处', { command: 'progress', ref: '14号', percent: null, stage: '整改中', measures: '已拆除违建3处', missing: [] }],
    ['进度 14号 已立案', { command: 'progress', stage: '已立案', measures: null, missing: [] }],
    ['进度 14号 已整改完毕', { command: 'progress', stage: '已整改', percent: null, missing: [] }],
    ['60% 富检行公建[2021]14号 已恢复林地120亩', { command: 'progress', ref: '富检行公建[2021]14号', percent: 60, measures: '已恢复林地120亩' }],
    ['已恢复林地120亩 富检行公建（2021）14号 百分之六十', { command: 'progress', ref: '富检行公建[2021]14号', percent: 60, measures: '已恢复林地120亩' }],
    ['富检行公建（2021）14号 进度60%', { command: 'progress', ref: '富检行公建[2021]14号', percent: 60, measures: null }],
    ['十四号 六成', { command: 'progress', ref: '14号', percent: 60 }],
    ['14号 完成80%', { command: 'progress', ref: '14号', percent: 80 }],
    ['进度 14号 已完成六成 罚款已缴纳', { command: 'progress', ref: '14号', percent: 60, stage: null, measures: '罚款已缴纳' }],
    ['整改中 14号 已清理垃圾3吨', { command: 'progress', ref: '14号', stage: '整改中', measures: '已清理垃圾3吨' }],
    ['完成 14号 已全部恢复林地', { command: 'complete', ref: '14号', percent: 100, note: '已全部恢复林地', problems: [] }],
    ['完成14号', { command: 'complete', ref: '14号', percent: 100, note: null }],
    ['14号 已完成整改。', { command: 'complete', ref: '14号', percent: 100, note: null }],
    ['富检行公建〔2021〕14号整改完毕', { command: 'complete', ref: '富检行公建[2021]14号', percent: 100 }],
    ['回复 14号 已于3月5日书面回复，附整改报告', { command: 'reply', ref: '14号', points: '已于3月5日书面回复,附整改报告', missing: [] }],
    ['书面回复：富检行公建[2021]14号 已按期整改', { command: 'reply', ref: '富检行公建[2021]14号', points: '已按期整改' }],
    ['答复 14 林地已全部恢复', { command: 'reply', ref: '14号', points: '林地已全部恢复' }],
    ['撤回上一条', { command: 'undo', ref: null }],
    ['撤销', { command: 'undo', ref: null }],
    ['撤回 14号', { command: 'undo', ref: '14号' }],
    ['@衔接助手 进度 14号 60%', { command: 'progress', ref: '14号', percent: 60 }],
    // Figures glued to the bracket of a number belong to the progress, not to the number's organ prefix.
    ['进度 六成〔2021〕14号', { command: 'progress', ref: '[2021]14号', percent: 60, measures: null, missing: [] }],
    ['进度 整改中〔2021〕14号 已拆除违建3处', { command: 'progress', ref: '[2021]14号', stage: '整改中', measures: '已拆除违建3处' }],
    ['进度 百分之六十富检行公建〔2021〕14号', { command: 'progress', ref: '富检行公建[2021]14号', percent: 60 }],
    // A lone number right after the figures is the reference, unless a unit or a date word makes it a quantity.
    ['进度 60% 14 已恢复林地', { command: 'progress', ref: '14号', percent: 60, measures: '已恢复林地', missing: [] }],
    ['进度 六成 14，已恢复林地', { command: 'progress', ref: '14号', percent: 60, measures: '已恢复林地' }],
    ['进度 整改中 14 已拆除违建', { command: 'progress', ref: '14号', stage: '整改中', measures: '已拆除违建' }],
    ['60% 14', { command: 'progress', ref: '14号', percent: 60, measures: null }],
    ['进度 60% 120 亩已恢复', { command: 'progress', ref: null, percent: 60, missing: ['ref'] }],
    ['进度 60% 3 处违建已拆除', { command: 'progress', ref: null, measures: '3 处违建已拆除', missing: ['ref'] }],
    ['进度 60% 5 月底前完成', { command: 'progress', ref: null, measures: '5 月底前完成', missing: ['ref'] }],
    ['进度 60% 已恢复林地 14', { command: 'progress', ref: null, missing: ['ref'] }],
    // The words that name a recommendation around its number are part of the reference, not of the measures.
    ['检察建议14号 进度60%', { command: 'progress', ref: '14号', percent: 60, measures: null, missing: [] }],
    ['建议书14号，已补种树苗3000株，进度七成', { command: 'progress', ref: '14号', percent: 70, measures: '已补种树苗3000株' }],
    ['关于14号检察建议，目前整改进度60%，已恢复林地120亩', { command: 'progress', ref: '14号', percent: 60, measures: '已恢复林地120亩' }],
    ['14号建议 整改60%', { command: 'progress', ref: '14号', percent: 60, measures: null }],
    ['14号文 进度80%', { command: 'progress', ref: '14号', percent: 80, measures: null }],
    ['进度 60% 检察建议14号', { command: 'progress', ref: '14号', percent: 60, measures: null }],
    ['对14号建议的整改已完成', { command: 'complete', ref: '14号', percent: 100, note: null }],
    ['关于富检行公建〔2021〕14号检察建议，整改进度80%', { command: 'progress', ref: '富检行公建[2021]14号', percent: 80, measures: null }],
    ['富检行公建2021年14号 进度60%', { command: 'progress', ref: '富检行公建[2021]14号', percent: 60, measures: null }],
    ['2021年14号 六成', { command: 'progress', ref: '[2021]14号', percent: 60 }],
    // …but a number glued to another word after a bare preposition is that word's, and a date is a date.
    ['对14号地块进行了整改 60%', { command: 'progress', ref: null, missing: ['ref'] }],
    ['进度 2021年3月14号 60%', { command: 'progress', ref: null, missing: ['ref'] }],
    // Words that only introduce or qualify the percentage are not measures; fractions and 六十% are percentages.
    ['14号 约60%', { command: 'progress', ref: '14号', percent: 60, measures: null }],
    ['14号 进行到一半了', { command: 'progress', ref: '14号', percent: 50, measures: null }],
    ['14号 完成了三分之二', { command: 'progress', ref: '14号', percent: 67, stage: null, measures: null }],
    ['14号 六十%', { command: 'progress', ref: '14号', percent: 60, missing: [] }],
    ['14号 已拆除违建房屋，完成60%左右', { command: 'progress', ref: '14号', percent: 60, measures: '已拆除违建房屋' }],
    ['14号 已经完成了80%的整改任务', { command: 'progress', ref: '14号', percent: 80, stage: null, measures: null }],
    // A stage said with 已经, a stage still to come, completion in other words.
    ['14号 已经立案了', { command: 'progress', ref: '14号', stage: '已立案', missing: [] }],
    ['14号 方案已经制定好了', { command: 'progress', ref: '14号', stage: '已制定方案', missing: [] }],
    ['14号 快完成了', { command: 'progress', ref: '14号', stage: null, missing: ['percent_or_stage'] }],
    ['14号 预计下周整改到位', { command: 'progress', ref: '14号', stage: null, missing: ['percent_or_stage'] }],
    // Part of the work done is not the stage 已完成; a negated word before the figures stays in the measures.
    ['14号 完成了一部分', { command: 'progress', stage: null, missing: ['percent_or_stage'] }],
    ['14号 已完成拆除，复绿未完成', { command: 'progress', stage: null, measures: '已完成拆除,复绿未完成', missing: ['percent_or_stage'] }],
    ['14号 已整改3处违建', { command: 'progress', stage: null, missing: ['percent_or_stage'] }],
    ['14号 已完成整改工作', { command: 'complete', ref: '14号', percent: 100 }],
    ['进度 14号 已整改，等待复查', { command: 'progress', stage: '已整改', measures: '等待复查', missing: [] }],
    ['14号 整改未完成 60%', { command: 'progress', percent: 60, measures: '整改未完成' }],
    // 完成 at the start of a phrase about part of the work is not the command.
    ['完成了一部分 14号', { command: 'unknown', suggested: 'progress' }],
    ['已完成拆除 14号 复绿中', { command: 'unknown', suggested: 'progress' }],
    ['完成14号 大部分', { command: 'progress', ref: '14号', missing: ['percent_or_stage'] }],
    ['已完成14号的一半', { command: 'complete', ref: '14号', percent: 100, problems: [{ field: 'percent', value: '一半', reason: '“完成”表示已全部完成，但消息里写的是“一半”；如未全部完成，请用“进度”' }] }],
    ['完成整改 14号', { command: 'complete', ref: '14号', note: null }],
    ['完成了，照片稍后发 14号', { command: 'complete', ref: '14号', note: '照片稍后发' }],
    ['14号 已全部整改完成，附照片', { command: 'complete', ref: '14号', percent: 100, note: '附照片' }],
    ['14号 百分百完成', { command: 'complete', ref: '14号', percent: 100, note: null }],
    // Two recommendations in one update: asked to send them apart, never recorded on the first.
    ['14号、15号 进度60%', { command: 'progress', ref: '14号', problems: [{ field: 'ref', value: '15号', reason: '一条消息只能报告一份检察建议，这条还提到了“15号”，请分别发送' }] }],
    ['14号和15号都完成了', { command: 'progress', ref: '14号', problems: [{ field: 'ref', value: '15号', reason: '一条消息只能报告一份检察建议，这条还提到了“15号”，请分别发送' }] }],
    ['完成 14号、15号', { command: 'complete', ref: '14号', problems: [{ field: 'ref', value: '15号', reason: '一条消息只能报告一份检察建议，这条还提到了“15号”，请分别发送' }] }],
    ['进度 14号 60% 已清理3号地块', { command: 'progress', ref: '14号', problems: [] }],
    ['进度 14号 60% 清理 3号 地块', { command: 'progress', ref: '14号', problems: [] }],
    // Questions about the progress are queries, not progress without figures.
    ['14号进展如何', { command: 'query', ref: '14号' }],
    ['进度 14号怎么样了', { command: 'query', ref: '14号' }],
    ['14号 回复 已整改，为什么还要补充', { command: 'reply', ref: '14号', points: '已整改,为什么还要补充' }],
    ['14号还剩几天', { command: 'query', ref: '14号' }],
    ['查询 恢复林地', { command: 'query', ref: null, topic: '恢复林地' }],
    ['查一下林地那个建议的情况', { command: 'query', ref: null, topic: '林地' }],
    ['查询 14号', { command: 'query', ref: '14号', topic: null }],
    ['查询 {"$gt": ""}', { command: 'query', ref: null, topic: null }],
    ['看一下待办', { command: 'todo' }],
    ['我还有哪些待办？', { command: 'todo' }],
    ['帮我看看待办有哪些', { command: 'todo' }],
  ])('%s', (text, expected) => {
    expect(pick(parseCommand(text), expected)).toEqual(expected);
  });
});

describe('parseCommand on 上报', () => {
  it('reads one field per line with full-width colons and normalises money, area, date and domain', () => {
    const text = '上报\n案号：富林罚〔2021〕3号\n当事人：张某\n违法事实：擅自改变林地用途\n罚款：1.5万元\n面积：0.8公顷\n日期：2021年3月5日\n领域：生态环境';
    expect(pick(parseCommand(text), { command: 'report', fields: {}, missing: [], problems: [] })).toEqual({
      command: 'report',
      fields: {
        caseNumber: '富林罚〔2021〕3号',
        party: '张某',
        facts: '擅自改变林地用途',
        fineYuan: 15_000,
        areaMu: 12,
        date: '2021-03-05',
        domain: '生态环境和资源保护',
      },
      missing: [],
      problems: [],
    });
  });

  it('reads fields written on one line and keeps unknown labels as written', () => {
    const cmd = parseCommand('上报 案号:富林罚[2021]3号 当事人:张某 违法事实:滥伐林木 罚款:5000 备注:已立案');
    expect(pick(cmd, { fields: {}, rawFields: {}, quantities: [] })).toEqual({
      fields: { caseNumber: '富林罚[2021]3号', party: '张某', facts: '滥伐林木', fineYuan: 5000 },
      rawFields: { 案号: '富林罚[2021]3号', 当事人: '张某', 违法事实: '滥伐林木', 罚款: '5000', 备注: '已立案' },
      quantities: [],
    });
    const withUnit = parseCommand('上报 罚款:1.5万元');
    expect(withUnit.command === 'report' && withUnit.quantities).toEqual([
      { item: '罚款', value: 1.5, unit: '万元', raw: '1.5万元', base: { value: 15_000, unit: '元' } },
    ]);
  });

  it('asks for every field when 上报 comes alone, and for the required ones that are missing', () => {
    expect(pick(parseCommand('上报'), { command: 'report', fields: {}, missing: [] })).toEqual({ command: 'report', fields: {}, missing: ['fields'] });
    expect(parseCommand('上报\n当事人：张某').missing).toEqual(['caseNumber', 'facts']);
  });

  it('refuses a date that does not exist and an unreadable fine, with the reason', () => {
    const cmd = parseCommand('上报\n案号：3号\n当事人：张某\n违法事实：占地\n日期：2021-02-30\n罚款：若干');
    expect(cmd.problems.map((p) => [p.field, p.value])).toEqual([
      ['date', '2021-02-30'],
      ['fine', '若干'],
    ]);
    expect(cmd.hint).toContain('例如：上报');
  });
});

describe('parseCommand on incomplete and malformed messages', () => {
  it.each<[string, Record<string, unknown>]>([
    ['', { command: 'unknown', suggested: 'help', text: '' }],
    ['   　 ', { command: 'unknown', suggested: 'help', text: '' }],
    ['进度', { command: 'progress', ref: null, percent: null, missing: ['ref', 'percent_or_stage'] }],
    ['进度 14号', { command: 'progress', ref: '14号', missing: ['percent_or_stage'] }],
    ['进度 14号 已恢复林地120亩', { command: 'progress', percent: null, quantities: [forest120], missing: ['percent_or_stage'] }],
    ['进度 14号 未完成 已恢复林地50亩', { command: 'progress', stage: null, missing: ['percent_or_stage'] }],
    ['完成', { command: 'complete', ref: null, missing: ['ref'] }],
    ['查询', { command: 'query', ref: null, missing: ['ref'] }],
    ['回复 14号', { command: 'reply', ref: '14号', missing: ['points'] }],
    ['回复', { command: 'reply', missing: ['ref', 'points'] }],
    // A correction is not news: recording 35% would keep both figures; the sender is pointed at 撤回.
    ['不对 应该是35%', { command: 'unknown', suggested: 'undo', percent: null }],
    ['不好意思刚才说错了，罚款是15.2万不是12.5万', { command: 'unknown', suggested: 'undo' }],
    ['上一条写错了怎么改', { command: 'unknown', suggested: 'undo' }],
    ['上条有误', { command: 'unknown', suggested: 'undo' }],
    ['刚才发的有误，请删除', { command: 'unknown', suggested: 'undo' }],
    ['检察官审核了吗', { command: 'unknown', suggested: 'query' }],
    ['上条写错 应该是35%', { command: 'unknown', suggested: 'undo' }],
    ['14', { command: 'unknown', suggested: 'query' }],
    ['查处违法占地3处', { command: 'unknown', suggested: 'progress' }],
    ['撤销处罚决定3件', { command: 'unknown', suggested: 'progress' }],
    ['当事人张某', { command: 'unknown', suggested: 'report' }],
    ['3月14号已缴纳罚款', { command: 'unknown', ref: null, suggested: 'progress' }],
    ['helpful tips', { command: 'unknown' }],
    ['😀😀', { command: 'unknown', text: '😀😀' }],
  ])('%j', (text, expected) => {
    const cmd = parseCommand(text);
    expect(pick(cmd, expected)).toEqual(expected);
    expect(cmd.hint).toMatch(/例如：\S/);
  });

  // 报错/发错 inside news are not corrections of the message.
  it.each(['14号 核查举报错误信息2条 进度60%', '14号 进度60% 已清理发错的宣传单'])('records %j as progress', (text) => {
    expect(parseCommand(text)).toMatchObject({ command: 'progress', percent: 60 });
  });

  it.each(['你好', '在吗？', '您好！'])('answers the greeting %j with the menu', (text) => {
    expect(parseCommand(text)).toMatchObject({ command: 'help', hint: null });
  });

  it.each([
    ['进度 14号 120%', '120%'],
    ['进度 14号 百分之一百二十', '百分之一百二十'],
    ['进度 14号 十二成', '十二成'],
    ['进度 14号 -5%', '-5%'],
    ['进度 14号 150', '150'],
  ])('asks again instead of recording the impossible percentage in %s', (text, raw) => {
    const cmd = parseCommand(text);
    expect(pick(cmd, { command: 0, percent: 0, missing: 0 })).toEqual({ command: 'progress', percent: null, missing: ['percent_or_stage'] });
    expect(cmd.problems).toEqual([{ field: 'percent', value: raw, reason: `“${raw}”不是有效的完成比例（应在0到100之间）` }]);
    expect(cmd.hint).toContain('例如：进度');
  });

  it('keeps money and area out of the percentage', () => {
    const cmd = parseCommand('进度 14号 罚款已缴纳50万元 已恢复林地120亩');
    expect(pick(cmd, { percent: 0, missing: 0 })).toEqual({ percent: null, missing: ['percent_or_stage'] });
    expect(cmd.command === 'progress' && cmd.quantities.map((q) => q.base)).toEqual([
      { value: 500_000, unit: '元' },
      { value: 120, unit: '亩' },
    ]);
  });

  it('flags a completion that names a smaller percentage, and still records 完成 as 100%', () => {
    const cmd = parseCommand('完成 14号 80%');
    expect(pick(cmd, { command: 0, percent: 0 })).toEqual({ command: 'complete', percent: 100 });
    expect(cmd.problems.map((p) => p.field)).toEqual(['percent']);
    expect(cmd.hint).toContain('进度');
  });

  it('notes that an over-long message was cut', () => {
    const cmd = parseCommand(`进度 14号 60% ${'很'.repeat(10_000)}`);
    expect(pick(cmd, { command: 0, ref: 0, percent: 0 })).toEqual({ command: 'progress', ref: '14号', percent: 60 });
    expect(cmd.problems).toEqual([{ field: 'text', value: '10011', reason: '消息太长，只读取了前4096个字' }]);
  });
});
