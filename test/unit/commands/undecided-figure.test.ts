import { describe, expect, it } from 'vitest';
import { parseCommand, type ProgressCommand } from '../../../src/commands/index.js';
import { withoutUndecidedFigure } from '../../../src/commands/undecided-figure.js';

function progress(text: string): ProgressCommand {
  const cmd = parseCommand(text);
  if (cmd.command !== 'progress') throw new Error(`${text} is no progress update: ${cmd.command}`);
  return cmd;
}

describe('withoutUndecidedFigure', () => {
  it.each([
    ['进度 富检行公建〔2022〕14号 完成了六成还是七成吧', '富检行公建[2022]14号', null],
    ['进度 9号 70%还是75%我再确认下', '9号', null],
    ['进度 14号 60%-70% 已恢复林地', '14号', '已恢复林地'],
    ['进度 14号 不到80% 已追缴罚款', '14号', '已追缴罚款'],
    ['9号 80%以下 已补植', '9号', '已补植'],
    ['进度 14号 还差30% 已拆除', '14号', '已拆除'],
    ['进度 14号 120% 已拆除', '14号', '已拆除'],
    ['14号进度六七成了', '14号', null],
    ['关于14号检察建议，目前整改进度六七成，已恢复林地', '14号', '已恢复林地'],
    ['进度 14号 已拆除，整体进度六成还是七成，已补植3亩', '14号', '已拆除,已补植3亩'],
  ])('takes the figure of 「%s」 out, leaving an update a bare figure completes', (text, ref, measures) => {
    const taken = withoutUndecidedFigure(progress(text));
    expect(taken?.problem.field).toBe('percent');
    expect([taken?.waiting.ref, taken?.waiting.measures, taken?.waiting.missing]).toEqual([ref, measures, ['percent_or_stage']]);
    const answered = parseCommand(`${taken!.waiting.text}\n七成`);
    expect([answered.command, answered.ref, answered.percent, answered.problems]).toEqual(['progress', ref, 70, []]);
  });

  it.each([
    ['进度 14号 60% 面积的80%', 'two percentages: one may be a measure\'s'],
    ['进度 六成还是七成', 'no recommendation named'],
    ['进度 14号 整改中 六成还是七成', 'a stage written beside the figure'],
    ['进度 14号 60% 已恢复林地', 'nothing refused'],
  ])('leaves 「%s」 as it is (%s)', (text) => {
    expect(withoutUndecidedFigure(progress(text))).toBeNull();
  });
});

describe('the example in a hint', () => {
  it('names the recommendation the message named, not another one', () => {
    expect(parseCommand('进度 富检行公建〔2022〕14号 六成还是七成').hint).toContain('例如：进度 富检行公建[2022]14号 60%');
    expect(parseCommand('进度 9号 已拆除').hint).toContain('例如：进度 9号 60%');
    expect(parseCommand('回复 富检行公建〔2022〕14号').hint).toContain('例如：回复 富检行公建[2022]14号 ');
  });

  it('keeps the usual example when the message named none', () => {
    expect(parseCommand('进度 已拆除 60%').hint).toContain('例如：进度 富检行公建〔2021〕14号 60% 已恢复林地120亩');
  });
});
