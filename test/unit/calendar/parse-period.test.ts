import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../../../src/calendar/deadline.js';

describe('parsePeriod', () => {
  it.each([
    ['15d', 15, 'day'], ['15D', 15, 'day'], ['15天', 15, 'day'], ['15日', 15, 'day'], [' 30d ', 30, 'day'],
    ['十五天', 15, 'day'], ['三十日', 30, 'day'], ['2m', 2, 'month'], ['2个月', 2, 'month'], ['两个月', 2, 'month'],
    ['一个月', 1, 'month'], ['十二个月', 12, 'month'],
  ])('reads %j as %i %s(s)', (text, count, unit) => {
    expect(parsePeriod(text)).toEqual({ count, unit });
  });

  it.each(['', '15', 'd', '2月', '两月', '3w', '0d', '-5d', '1.5m', '2 months', '十万天', '二二天', '3661d', '121m'])(
    'refuses %j and says what is accepted',
    (text) => {
      expect(() => parsePeriod(text)).toThrow(`written like 15d, 15天, 2m, 2个月 or 两个月 (got "${text}")`);
    },
  );
});
