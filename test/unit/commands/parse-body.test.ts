import { describe, expect, it } from 'vitest';
import { parseProgressBody } from '../../../src/commands/parse-body.js';
import { normalizeText } from '../../../src/commands/normalize-text.js';

/** What the body of a message says, read as parse-command reads it (normalised, on one line). */
function read(text: string) {
  const body = parseProgressBody(normalizeText(text));
  return {
    ref: body.ref?.ref ?? null,
    percent: body.percent?.value ?? null,
    measures: body.measures,
    problems: body.problems.map((problem) => problem.field),
  };
}

describe('parseProgressBody with several percentages', () => {
  it('takes the percentage labelled as the progress and keeps one qualifying a measure in the measures', () => {
    expect(read('21号 已恢复植被面积的80%，整体进度60%')).toEqual({ ref: '21号', percent: 60, measures: '已恢复植被面积的80%', problems: [] });
    expect(read('14号 补植树苗500株,成活率90%,总体完成70%')).toEqual({ ref: '14号', percent: 70, measures: '补植树苗500株,成活率90%', problems: [] });
  });

  it('asks when two percentages remain and none is named the progress', () => {
    expect(read('14号 面积的80% 成活率60%')).toMatchObject({ percent: null, problems: ['percent'] });
    expect(read('14号 拆除60%,清运40%')).toMatchObject({ percent: null, problems: ['percent'] });
  });

  it('asks when a labelled percentage contradicts the one right after the reference', () => {
    expect(read('21号 50% 完成80%')).toMatchObject({ percent: null, problems: ['percent'] });
    expect(read('21号 五成，整体进度八成')).toMatchObject({ percent: null, problems: ['percent'] });
  });

  it('takes the figure once when the one after the reference and the labelled one agree', () => {
    expect(read('14号 60% 整体进度60%')).toMatchObject({ ref: '14号', percent: 60, problems: [] });
  });

  it('does not take a lone rate (成活率90%) for the progress', () => {
    expect(read('14号 补植树苗500株,成活率90%')).toEqual({ ref: '14号', percent: null, measures: '补植树苗500株,成活率90%', problems: [] });
  });
});

describe('parseProgressBody with ranges and qualifiers', () => {
  it.each(['进度60%-70%', '60-70%', '百分之六十到七十', '六到七成', '六七成'])('asks which figure of the range %s is meant', (figure) => {
    expect(read(`14号 ${figure}`)).toMatchObject({ percent: null, problems: ['percent'] });
  });

  // An upper bound only: recording 80% would overstate the work done.
  it.each(['14号 80%以下', '14号 进度不到80%', '14号 低于八成', '14号 完成率未达到60%'])('asks for the figure when %s is only an upper bound', (text) => {
    expect(read(text)).toMatchObject({ percent: null, problems: ['percent'] });
  });

  it.each([
    ['14号 达到80%以上', 80],
    ['14号 80%左右', 80],
    ['14号 约80%', 80],
    ['14号 进度差不多百分之三十吧', 30],
  ])('reads %s as %d%% and leaves no qualifier behind', (text, percent) => {
    expect(read(text)).toEqual({ ref: '14号', percent, measures: null, problems: [] });
  });
});

describe('parseProgressBody measures', () => {
  it('keeps the words of the sender and drops only the figures, their label and chat filler', () => {
    expect(read('21号那个非法采矿的 我们这边已经查处了三家 进度差不多百分之三十吧')).toMatchObject({
      percent: 30,
      measures: '那个非法采矿的 我们这边已经查处了三家',
    });
    expect(read('14号 又关停了两个矿点，还在继续整改 四成吧')).toMatchObject({ percent: 40, measures: '又关停了两个矿点,还在继续整改' });
  });

  it('names the quantity by the verb when only the doer stands before it', () => {
    const body = parseProgressBody('21号 我们这边已经查处了三家 进度30%');
    expect(body.quantities.map((q) => [q.item, q.value, q.unit])).toEqual([['查处', 3, '家']]);
  });
});
