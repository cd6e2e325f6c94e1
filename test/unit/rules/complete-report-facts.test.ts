import { describe, expect, it } from 'vitest';
import { completeReportFacts } from '../../../src/rules/recommendation-facts.js';

const TZ = 'Asia/Shanghai';
const at = (iso: string) => new Date(`${iso}+08:00`);
const photo = { sha256: 'a'.repeat(64), contentType: 'image/jpeg' };

describe('completeReportFacts: the evidence of the latest completion', () => {
  it('counts photos on a written reply made after the completion (完成, 回复, then the photos)', () => {
    const facts = completeReportFacts([
      { kind: 'complete', createdAt: at('2026-11-20T10:00:00'), evidence: [] },
      { kind: 'reply', createdAt: at('2026-11-20T10:05:00'), evidence: [photo, photo] },
    ] as never, '2026-11-25', TZ);
    expect(facts).toMatchObject({ lastCompleteHasEvidence: true, lastCompleteEvidenceCount: 2, daysSinceCompleteReport: 5 });
  });

  it('does not count a reply before the completion, nor one taken back', () => {
    const facts = completeReportFacts([
      { kind: 'reply', createdAt: at('2026-11-19T10:00:00'), evidence: [photo] },
      { kind: 'complete', createdAt: at('2026-11-20T10:00:00'), evidence: [] },
      { kind: 'reply', createdAt: at('2026-11-20T11:00:00'), evidence: [photo], revoked: true },
    ] as never, '2026-11-25', TZ);
    expect(facts).toMatchObject({ lastCompleteHasEvidence: false, lastCompleteEvidenceCount: 0 });
  });
});
