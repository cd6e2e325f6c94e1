import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../src/commands/index.js';
import { findQuantities } from '../../../src/commands/quantities.js';

/** The fields of a parsed command a test names, so each case states only what it is about. */
function pick(cmd: object, expected: object): Record<string, unknown> {
  return Object.fromEntries(Object.keys(expected).map((key) => [key, (cmd as Record<string, unknown>)[key]]));
}

describe('parseCommand on figures taken back in the same message', () => {
  it.each([
    ['9号 进度50% 不对，是55% 已追缴植被恢复费2万元', { command: 'progress', percent: 55, measures: '已追缴植被恢复费2万元' }],
    ['9号 进度50%，哦不对，55%', { command: 'progress', percent: 55, measures: null }],
    ['9号进度60%更正一下是65%', { command: 'progress', percent: 65, measures: null }],
    ['9号 进度五成 说错了 是六成', { command: 'progress', percent: 60 }],
    ['进度 9号 50%,不对,应该是55%', { command: 'progress', percent: 55 }],
  ])('records only the corrected figure of %s', (text, expected) => {
    expect(pick(parseCommand(text), expected)).toEqual(expected);
  });

  it('records nothing when a figure is taken back and none replaces it: 9号 进度50% 不对', () => {
    expect(pick(parseCommand('9号 进度50% 不对'), { command: 0, percent: 0 })).toEqual({ command: 'unknown', percent: null });
  });
});

describe('parseCommand on questions about a figure', () => {
  it.each(['9号 进度到七成了吗', '9号进度有没有到60%', '9号 上次报的60%是不是错了', '9号 进度60%还是70%来着', '9号 进度60% 对吗', '进度 9号 到七成了吗', '9号 书面回复了吗'])(
    'reads %s as a 查询 of 9号, not as news',
    (text) => {
      expect(pick(parseCommand(text), { command: 0, ref: 0, percent: 0 })).toEqual({ command: 'query', ref: '9号', percent: null });
    },
  );

  it('still records a figure beside a question of its own: 9号 进度80%了，还需要上传什么材料吗？', () => {
    expect(pick(parseCommand('9号 进度80%了，还需要上传什么材料吗？'), { command: 0, percent: 0 })).toEqual({ command: 'progress', percent: 80 });
  });
});

describe('parseCommand on a part of the work', () => {
  it.each([
    ['21号 进度40% 已查处3起,其中2起已结案,1起在办', { percent: 40, stage: null }],
    ['21号 已查处3起,其中2起已结案', { percent: null, stage: null, missing: ['percent_or_stage'] }],
    ['21号 追缴补偿费十五万元 占应追缴的三成', { percent: null, measures: '追缴补偿费十五万元 占应追缴的三成', missing: ['percent_or_stage'] }],
    ['21号 追缴补偿费十五万 恢复矿山生态两成', { percent: null, missing: ['percent_or_stage'] }],
  ])('takes no overall figure or stage from %s', (text, expected) => {
    expect(pick(parseCommand(text), expected)).toEqual(expected);
  });

  it.each([['14号 已恢复林地120亩 60%', 60], ['14号整改60%', 60], ['14号 目前60%', 60], ['14号 已完成六成', 60]])('still reads the progress of %s', (text, percent) => {
    expect(parseCommand(text).percent).toBe(percent);
  });
});

describe('parseCommand on a written reply in natural words', () => {
  it.each([
    ['9号已于11月28日书面回复检察院', '已于11月28日书面回复检察院'],
    ['9号已于十一月二十八号书面回复检察院', '已于十一月二十八号书面回复检察院'],
    ['9号 我们11.28已经书面回复了', '11.28已经书面回复了'],
    ['9号 已函复', '已函复'],
  ])('reads %s as the written reply', (text, points) => {
    expect(pick(parseCommand(text), { command: 0, ref: 0, points: 0 })).toEqual({ command: 'reply', ref: '9号', points });
  });

  it.each(['9号 还没书面回复', '9号 准备书面回复'])('does not record %s as a reply', (text) => {
    expect(parseCommand(text).command).not.toBe('reply');
  });
});

describe('parseCommand leaves no fragments in the measures', () => {
  it('reads the year written after a short reference as part of it: 14号(2022) 进度90%', () => {
    for (const text of ['14号(2022) 进度90%', '进度 14号（2022年） 90%']) {
      expect(pick(parseCommand(text), { ref: 0, percent: 0, measures: 0 })).toEqual({ ref: '[2022]14号', percent: 90, measures: null });
    }
  });

  it('drops a hedge after the figure: 9号整改进度百分之六十吧应该', () => {
    expect(pick(parseCommand('9号整改进度百分之六十吧应该'), { percent: 0, measures: 0 })).toEqual({ percent: 60, measures: null });
    expect(pick(parseCommand('9号 60% 应该下月完成'), { measures: 0 })).toEqual({ measures: '应该下月完成' });
  });

  it('reads 15w as 15万 in money: 追缴补偿费15w', () => {
    expect(findQuantities('追缴补偿费15w').map((q) => [q.item, q.base])).toEqual([['补偿费', { value: 150000, unit: '元' }]]);
  });
});

describe('parseCommand after the re-test of the natural-words fixes', () => {
  it('records a figure reported with a question about the wording, or beside an earlier plan (进度60% 你们看对不对)', () => {
    for (const text of ['9号 进度60% 你们看对不对', '9号 进度60% 不知道这样报对不对', '9号 进度60% 原定70%来着 因天气延误']) {
      expect(pick(parseCommand(text), { command: 0, percent: 0 }), text).toEqual({ command: 'progress', percent: 60 });
    }
    for (const text of ['9号 进度60% 对吗', '9号 进度60%还是70%来着']) expect(parseCommand(text).command, text).toBe('query');
  });

  it('records no written reply not yet made (书面回复还没寄出, 明天寄出, 准备于…寄出); a figure beside it is the update', () => {
    expect(pick(parseCommand('9号 书面回复还没寄出 进度60%'), { command: 0, percent: 0 })).toEqual({ command: 'progress', percent: 60 });
    for (const text of ['9号 书面回复明天寄出', '9号 书面回复准备于12月5日寄出']) expect(parseCommand(text).command, text).toBe('unknown');
    expect(parseCommand('9号已于11月28日书面回复检察院').command).toBe('reply');
  });

  it('keeps this message\'s figure when it says an earlier report was wrong (进度55% 上次报的50%不对)', () => {
    expect(pick(parseCommand('9号 进度55% 上次报的50%不对'), { command: 0, percent: 0 })).toEqual({ command: 'progress', percent: 55 });
    expect(parseCommand('9号 进度50% 不对').command).toBe('unknown');
  });
});

describe('parseCommand: 整改完成 as the label of the figure', () => {
  it('leaves no 整改 in the measures of 14号 整改完成80%', () => {
    expect(pick(parseCommand('14号 整改完成80%'), { percent: 0, measures: 0 })).toEqual({ percent: 80, measures: null });
    expect(pick(parseCommand('进度 14号 整改完成80% 补植苗木'), { percent: 0, measures: 0 })).toEqual({ percent: 80, measures: '补植苗木' });
  });
});
