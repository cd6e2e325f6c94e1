import { describe, expect, it } from 'vitest';
import { dateOnly } from '../../../src/calendar/local-date.js';
import { deadlineStateText } from '../../../src/rectification/describe.js';
import type { RecommendationRecord } from '../../../src/models/recommendation.js';

const now = new Date('2026-12-01T02:00:00Z');
const base = { ref: '富检行公建[2026]32号', title: '督促整改', percent: 100, dueOn: dateOnly('2026-11-02') } as const;
const state = (r: Partial<RecommendationRecord>) => deadlineStateText({ ...base, status: 'rectifying', ...r }, now, 'Asia/Shanghai').text;

describe('deadlineStateText once the rectification was accepted', () => {
  it('still says a written reply came late', () => {
    expect(state({ status: 'reviewed_done', reviewedAt: new Date('2026-11-30T02:00:00Z'), repliedAt: new Date('2026-11-30T02:00:00Z') }))
      .toBe('审核通过（2026-11-30）；逾期 28 天后于 2026-11-30 书面回复');
  });

  it('does not call late a reply after an acceptance on or before the due date (the acceptance ended the countdown)', () => {
    // Accepted 2026-10-30 (before the due date 11-02); the reply came 11-04, after every reminder had stopped.
    expect(state({ status: 'reviewed_done', reviewedAt: new Date('2026-10-30T02:00:00Z'), repliedAt: new Date('2026-11-04T02:00:00Z') }))
      .toBe('审核通过（2026-10-30）；审核通过后于 2026-11-04 书面回复');
    // Accepted after the due date: the reply was already overdue when the countdown ended.
    expect(state({ status: 'reviewed_done', reviewedAt: new Date('2026-11-03T02:00:00Z'), repliedAt: new Date('2026-11-04T02:00:00Z') }))
      .toBe('审核通过（2026-11-03）；逾期 2 天后于 2026-11-04 书面回复');
  });

  it('says when no written reply was received at all', () => {
    expect(state({ status: 'reviewed_done', reviewedAt: new Date('2026-11-30T02:00:00Z') })).toBe('审核通过（2026-11-30）；未收到书面回复');
  });
});
