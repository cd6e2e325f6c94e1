import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { dateField, datesInOrder, pastDateField } from '../../../src/api/dates.js';

/** The app's clock at 2026-11-30 01:00 in Shanghai, which is still 2026-11-29 in UTC. */
const deps = { now: () => Date.parse('2026-11-30T01:00:00+08:00'), config: { TZ: 'Asia/Shanghai' } } as Parameters<typeof pastDateField>[1];
const messages = (result: { success: boolean; error?: z.ZodError }) => result.error?.issues.map((i) => i.message) ?? [];

describe('API dates', () => {
  it('takes real days only, never rolling an impossible one over', () => {
    const date = dateField('决定日期');
    for (const ok of ['2026-02-28', '2028-02-29', '2026-12-31']) expect(date.safeParse(ok).success, ok).toBe(true);
    for (const bad of ['2026-02-29', '2026-02-30', '2026-11-31', '2026-13-01', '2026-00-10', '2026-2-3', '2026-02-28T00:00:00Z', ' 2026-02-28']) {
      expect(messages(date.safeParse(bad)), bad).toEqual([`决定日期「${bad}」不是有效的日期，应为 YYYY-MM-DD 格式的真实日期，如 2026-02-28`]);
    }
  });

  it('refuses a past-event date later than today in the configured time zone, with one message for an impossible one', () => {
    const date = pastDateField('收到日期', deps);
    expect(date.safeParse('2026-11-30').success).toBe(true);
    expect(messages(date.safeParse('2026-12-01'))).toEqual(['收到日期「2026-12-01」晚于今天（2026-11-30），不能填写将来的日期']);
    expect(messages(date.safeParse('2099-02-30'))).toHaveLength(1);
  });

  it('names the later of two dates out of order, and compares only real dates', () => {
    const schema = z.object({ filedOn: dateField('立案日期').optional(), decidedOn: dateField('决定日期').optional() }).superRefine(datesInOrder('filedOn', 'decidedOn', '决定日期不能早于立案日期'));
    const early = schema.safeParse({ filedOn: '2026-11-10', decidedOn: '2026-11-01' });
    expect(early.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['decidedOn', '决定日期不能早于立案日期（filedOn 2026-11-10，decidedOn 2026-11-01）']]);
    expect(schema.safeParse({ filedOn: '2026-11-10', decidedOn: '2026-11-10' }).success).toBe(true);
    expect(schema.safeParse({ decidedOn: '2026-11-01' }).success).toBe(true);
    expect(schema.safeParse({ filedOn: '2026-11-10', decidedOn: '2026-02-30' }).error?.issues).toHaveLength(1);
  });
});
