import { describe, expect, it } from 'vitest';
import { dateOnly } from '../../../src/calendar/local-date.js';
import { deadlineState } from '../../../src/api/deadline-state.js';
import { recommendationLine } from '../../../src/rectification/describe.js';
import type { RecommendationRecord } from '../../../src/models/recommendation.js';

// 2026-12-01 03:31 in Beijing; the reply is due 2027-01-13, 43 days on.
const now = new Date('2026-11-30T19:31:00Z');
const awaiting = {
  ref: '富检行公建[2021]14号', title: '督促恢复林地', status: 'completed', percent: 100, dueOn: dateOnly('2027-01-13'), completedAt: new Date('2026-11-30T02:00:00Z'),
} as RecommendationRecord; // only the fields the deadline reads

describe('deadlineState of a completion awaiting review, the reply still owed', () => {
  it('keeps the light and the days left, and says the state without the due date and days again', () => {
    expect(deadlineState(awaiting, now, 'Asia/Shanghai')).toEqual({ light: 'green', daysLeft: 43, repliedOn: null, text: '已于 2026-11-30 报完成，待检察官审核；尚未书面回复' });
  });

  it('leaves chat\'s line, which has no such columns, with the due date and the days left', () => {
    expect(recommendationLine(awaiting, now, 'Asia/Shanghai')).toContain('已于 2026-11-30 报完成，待检察官审核；尚未书面回复，回复期限 2027-01-13（还剩 43 天）');
  });
});
