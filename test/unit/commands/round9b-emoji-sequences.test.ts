import { describe, expect, it } from 'vitest';
import { caseNumberKey } from '../../../src/import/cell-values.js';
import { identifierForm, normalizeText, withoutInvisible } from '../../../src/commands/normalize-text.js';

// round 9b (chatday) m5: a party …有限责任公司👨‍👩‍👧 was stored as …👨👩👧, the family shown as three people.
describe('invisible characters that make one emoji of several', () => {
  it('keeps a zero-width joiner between pictographs, a flag\'s tags and an emoji\'s variation selector', () => {
    for (const emoji of ['👨\u200D👩\u200D👧', '🏳\uFE0F\u200D🌈', '👩🏽\u200D💻', '❤\uFE0F\u200D🔥', '🏃\u200D♀\uFE0F', '🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}', '©\uFE0F']) {
      expect(withoutInvisible(`某公司${emoji}`)).toBe(`某公司${emoji}`);
      expect(normalizeText(`当事人：某公司${emoji}`)).toBe(`当事人:某公司${emoji}`);
    }
  });

  it('still drops them in case numbers and wherever they join no emoji', () => {
    expect(withoutInvisible('富林罚〔2024〕7\u200D01号 a\u200Db 😀\u200D号 号\u200D😀 〔\uFE0F2024〕 \u{E0041}')).toBe('富林罚〔2024〕701号 ab 😀号 号😀 〔2024〕 ');
    expect(normalizeText('富林罚〔2024〕70\uFE0F1号')).toBe('富林罚〔2024〕701号');
    expect(caseNumberKey('富林罚〔2024〕7\u200D01号')).toBe(caseNumberKey('富林罚〔2024〕701号'));
    // A keycap is read as its digit, as before.
    expect(normalizeText('1\uFE0F\u20E32\uFE0F\u20E30株')).toBe('120株');
  });

  it('compares a party with its emoji family the same however it was typed', () => {
    expect(identifierForm('某公司👨\u200D👩\u200D👧')).toBe(identifierForm('某公司\u200E👨\u200D👩\u200D👧'));
  });
});
