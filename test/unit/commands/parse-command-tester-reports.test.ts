import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../src/commands/parse-command.js';
import { parseProsecutorCommand } from '../../../src/commands/prosecutor-commands.js';
import { findStage } from '../../../src/commands/stages.js';
import type { Command } from '../../../src/commands/types.js';

/** The fields of `command` named in `expected`, so each row asserts exactly the fields it lists. */
function pick(command: Command, expected: Record<string, unknown>): Record<string, unknown> {
  const record: Record<string, unknown> = command;
  return Object.fromEntries(Object.keys(expected).map((key) => [key, record[key]]));
}

describe('parseCommand on a part’s percentage beside the overall progress', () => {
  it.each<[string, Record<string, unknown>]>([
    ['21号 进度50% 其中东片区完成80%', { command: 'progress', ref: '21号', percent: 50, measures: '其中东片区完成80%', problems: [] }],
    ['21号 其中东片区完成80%，整体进度50%', { command: 'progress', percent: 50, measures: '其中东片区完成80%' }],
    ['21号 整体进度50%，其中东片区进度80%', { command: 'progress', percent: 50 }],
    ['进度 60% 其中罚款到位率80%', { command: 'progress', percent: 60, measures: '其中罚款到位率80%' }],
    ['21号 东片区完成80%', { command: 'progress', percent: null, missing: ['percent_or_stage'] }],
  ])('takes the overall figure, never the part’s: %s', (text, expected) => {
    expect(pick(parseCommand(text), expected)).toEqual(expected);
  });

  it.each(['21号 进度50% 完成80%', '进度 21号 50% 完成80%'])('asks when two figures are equally plausible: %s', (text) => {
    const cmd = parseCommand(text);
    expect(cmd.percent).toBeNull();
    expect(cmd.problems.map((p) => p.field)).toEqual(['percent']);
  });
});

describe('parseCommand on a correction after a reference', () => {
  it.each(['21号进度应为35%，上条有误', '21号进度更正为35%', '21号 修改为35%', '21号 刚才写错了 应该是35%', '进度 21号 应为35%', '21号 更正：进度35%'])(
    'records nothing and points at 撤回: %s',
    (text) => {
      const cmd = parseCommand(text);
      expect(pick(cmd, { command: 'unknown', suggested: 'undo', ref: '21号' })).toEqual({ command: 'unknown', suggested: 'undo', ref: '21号' });
      expect(cmd.hint).toContain('撤回');
    },
  );

  it.each([
    ['21号 整改进度80%，原台账有误已更正', 80],
    ['21号 经核查原处罚数据有误，已重新核定，进度60%', 60],
    ['21号 群众举报的情况有误，已答复，进度60%', 60],
  ])('records news that something else was wrong as progress: %s', (text, percent) => {
    expect(pick(parseCommand(text), { command: 'progress', percent })).toEqual({ command: 'progress', percent });
  });

  it.each(['21号 进度60% 之前上报的面积有误', '21号 进度有误', '21号 上条有误'])('takes 有误 about the sender’s own report for a correction: %s', (text) => {
    expect(parseCommand(text)).toMatchObject({ command: 'unknown', suggested: 'undo' });
  });

  it.each<[string, Record<string, unknown>]>([
    ['14号 纠正违规合同12份 60%', { command: 'progress', percent: 60, measures: '纠正违规合同12份' }],
    ['21号 违建已改为绿地 60%', { command: 'progress', percent: 60, measures: '违建已改为绿地' }],
  ])('still records news that only contains a correcting word: %s', (text, expected) => {
    expect(pick(parseCommand(text), expected)).toEqual(expected);
  });
});

describe('parseCommand on opening words before the reference', () => {
  it.each<[string, Record<string, unknown>]>([
    ['汇报一下21号的进展，目前进度六成', { command: 'progress', ref: '21号', percent: 60, missing: [] }],
    ['跟您汇报一下，我们21号 进度60%', { command: 'progress', ref: '21号', percent: 60, missing: [] }],
    ['我单位14号 完成了', { command: 'complete', ref: '14号', percent: 100 }],
  ])('finds the reference after them: %s', (text, expected) => {
    expect(pick(parseCommand(text), expected)).toEqual(expected);
  });
});

describe('parseCommand on completion wording', () => {
  it.each<[string, Record<string, unknown>]>([
    ['21号 整改工作已全部完成 非法采矿点全部关停', { command: 'complete', ref: '21号', percent: 100, note: '非法采矿点全部关停' }],
    ['21号 整改已全部完成', { command: 'complete', ref: '21号', percent: 100, note: null }],
    ['报告一下，21号检察建议我们已经全部整改到位了', { command: 'complete', ref: '21号', percent: 100, note: null }],
  ])('reads a completion: %s', (text, expected) => {
    expect(pick(parseCommand(text), expected)).toEqual(expected);
  });

  it.each(['21号基本完成了', '21号 基本整改到位'])('reads “basically done” as part of the work and asks for the figures: %s', (text) => {
    expect(pick(parseCommand(text), { command: 'progress', stage: null, percent: null, missing: [] })).toEqual({
      command: 'progress', stage: null, percent: null, missing: ['percent_or_stage'],
    });
    expect(findStage(text)).toBeNull();
  });
});

describe('parseCommand on what testers saw recorded that nobody said (round 4)', () => {
  it.each(['21号 还差30%', '21号 还剩两成没完成'])('asks for the part done when only what is left is given: %s', (text) => {
    const cmd = parseCommand(text);
    expect(cmd).toMatchObject({ command: 'progress', percent: null });
    expect(cmd.problems.map((p) => p.reason).join()).toContain('尚未完成的部分');
  });

  it.each(['21号 还差两成就完成了', '21号 还差一点就整改到位了', '21号 已完成拆除，复绿还没开始'])('records no stage for work nearly done or a part not begun: %s', (text) => {
    expect(parseCommand(text)).toMatchObject({ command: 'progress', stage: null, missing: ['percent_or_stage'] });
  });

  it.each(['21号 整改还没开始', '21号 目前还没开始'])('still reads the whole work not begun: %s', (text) => {
    expect(parseCommand(text)).toMatchObject({ command: 'progress', stage: '未启动' });
  });

  it.each(['21号 整改到位了吗', '21号 已整改完毕了没有'])('takes a question naming a stage for a question, recording nothing: %s', (text) => {
    expect(parseCommand(text).command).toBe('query');
  });

  it('does not guess whether 0.8 is 80% or 0.8%, and keeps 0 as not begun', () => {
    expect(parseCommand('进度 21号 0.8')).toMatchObject({ percent: null, problems: [expect.objectContaining({ field: 'percent' })] });
    expect(parseCommand('进度 21号 0').percent).toBe(0);
  });
});

describe('parseProsecutorCommand on a review said in a prosecutor\'s own words (round 4)', () => {
  it.each<[string, Record<string, unknown>]>([
    ['9号 照片看了，可以，验收通过', { action: 'accept', ref: '9号', note: '照片看了,可以' }],
    ['9号 照片看了 同意验收', { action: 'accept', ref: '9号' }],
    ['9号 整改不到位 退回', { action: 'send_back', ref: '9号', note: '整改不到位' }],
    ['9号 基本到位，但照片少，验收通过', { action: 'unclear', unclear: 'doubt' }],
  ])('reads %s', (text, expected) => {
    expect(parseProsecutorCommand(text, { refFirst: true })).toMatchObject({ command: 'review', ...expected });
  });

  it('reads nothing of the kind from agency staff, whose 验收 is their own check', () => {
    expect(parseProsecutorCommand('9号 照片看了 同意验收')).toBeNull();
  });
});

describe('parseCommand keeps what was not a measure out of the measures (round 4)', () => {
  it('sets a question asked beside the update aside', () => {
    expect(parseCommand('21号 进度80%了，还需要上传什么材料吗？')).toMatchObject({ command: 'progress', percent: 80, measures: null, aside: '还需要上传什么材料吗' });
  });

  it('takes 还是 before a restated figure as part of its label', () => {
    expect(parseCommand('2021年14号 补植照片明天补发，现在进度还是九成')).toMatchObject({ percent: 90, measures: '补植照片明天补发' });
  });
});

