import { describe, expect, it } from 'vitest';
import { isAboutTopic } from '../../../src/rectification/topic.js';

const forestLand = { title: '督促恢复被非法占用林地', requirements: '依法收回被非法占用的林地381亩并恢复植被' };
const restorationFee = { title: '督促追缴森林植被恢复费', requirements: '追缴欠缴的森林植被恢复费并依法处罚' };

describe('isAboutTopic', () => {
  it.each([
    ['恢复林地', forestLand, true],
    ['林地', forestLand, true],
    ['占用林地 恢复', forestLand, true],
    ['恢复林地', restorationFee, false],
    ['植被恢复费', restorationFee, true],
    ['依法处罚', restorationFee, true],
    ['采矿', forestLand, false],
    ['', forestLand, false],
  ])('「%s」 fits %o: %s', (topic, rec, expected) => {
    expect(isAboutTopic(rec, topic)).toBe(expected);
  });
});
