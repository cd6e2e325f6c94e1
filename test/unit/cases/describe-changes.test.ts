import { describe, expect, it } from 'vitest';
import { describeChanges, shown } from '../../../src/cases/describe-changes.js';

const isWellFormed = (text: string) => (text as string & { isWellFormed(): boolean }).isWellFormed(); // not in the ES2023 lib

describe('describeChanges', () => {
  it('shortens a long party between characters: round 9\'s 79×B + 😀 shows no half emoji', () => {
    const party = `${'B'.repeat(79)}😀有限公司`;
    const [line] = describeChanges([{ field: 'party', from: '丁公司', to: party }]);
    expect(line).toBe(`当事人：丁公司 → ${'B'.repeat(79)}😀…`);
    expect(isWellFormed(line!)).toBe(true);
  });

  it('keeps a value of up to max characters whole, however many UTF-16 units its emoji take', () => {
    expect(shown('party', '😀'.repeat(60), 60)).toBe('😀'.repeat(60));
    expect(shown('party', '👨‍👩‍👧'.repeat(62), 60)).toBe(`${'👨‍👩‍👧'.repeat(60)}…`);
    expect(shown('fineYuan', 5000, 60)).toBe('5,000 元');
  });
});
