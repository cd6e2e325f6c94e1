import { describe, expect, it } from 'vitest';
import { buildAgencyDigest } from '../../../src/digest/build-digest.js';
import { dateOnly } from '../../../src/calendar/local-date.js';
import type { RecommendationRecord } from '../../../src/models/recommendation.js';

const now = new Date('2026-12-09T01:00:00Z'); // 09:00 in Shanghai
function rec(serial: number, dueOn: string): RecommendationRecord {
  const ref = `富检行公建[2026]${serial}号`;
  return { _id: ref, ref, refSerial: serial, agency: 'shichang', title: '督促整改', requirements: '依法查处', cases: [], issuedOn: dateOnly('2026-10-01'), urgent: false, dueOn: dateOnly(dueOn), status: 'received', percent: 0, prosecutors: [], history: [] };
}

describe('buildAgencyDigest with an agency window longer than a week', () => {
  it('lists what is due beyond 7 days under green, as 待办 and the board light it, and counts it on time', () => {
    const digest = buildAgencyDigest('富阳区市场监管局', [rec(40, '2026-12-21'), rec(41, '2026-12-12')], ['qianqi'], now, 'Asia/Shanghai', 12);
    expect(digest.markdown).toContain('**🟡 7日内到期（1）**\n- 富检行公建[2026]41号');
    expect(digest.markdown).toContain('**🟢 12日内到期（1）**\n- 富检行公建[2026]40号');
    expect(digest.markdown).toContain('记分卡：按期 1 · 临期 1 · 逾期 0 🟡');
  });

  it('names its window in the heading when it is shorter than a week', () => {
    const digest = buildAgencyDigest('富阳区市场监管局', [rec(41, '2026-12-12')], ['qianqi'], now, 'Asia/Shanghai', 3);
    expect(digest.markdown).toContain('**🟡 3日内到期（1）**');
  });
});
