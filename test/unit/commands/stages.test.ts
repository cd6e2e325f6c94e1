import { describe, expect, it } from 'vitest';
import { findStage } from '../../../src/commands/stages.js';

describe('findStage', () => {
  it.each([
    ['整改中', '整改中'],
    ['正在整改，已拆除3处', '整改中'],
    ['已整改完毕', '已整改'],
    ['已立案查处', '已立案'],
    ['通过验收', '已验收'],
    ['全部完成', '已完成'],
  ])('reads %s as the stage %s', (text, stage) => {
    expect(findStage(text)?.stage).toBe(stage);
  });

  it('skips a negated stage word and keeps looking', () => {
    expect(findStage('未完成')).toBeNull();
    expect(findStage('尚未立案')).toBeNull();
    expect(findStage('没有整改到位，整改中')).toEqual({ stage: '整改中', raw: '整改中', index: 7 });
  });
});
