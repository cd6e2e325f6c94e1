import { describe, expect, it } from 'vitest';
import { markRestoration } from '../../../src/cases/restoration.js';
import { findQuantities } from '../../../src/commands/quantities.js';
import { normalizeText } from '../../../src/commands/normalize-text.js';
import { landAreas } from '../../../src/rules/quantity-facts.js';

/** The quantities of a report as the bot stores them, and the land areas the rules then see. */
function stored(text: string) {
  const normalized = normalizeText(text);
  const quantities = markRestoration(findQuantities(normalized).map((q) => ({ item: q.item, value: q.value, unit: q.unit })), normalized);
  return { items: quantities.map((q) => q.item), areas: landAreas(undefined, quantities, normalized) };
}

describe('markRestoration', () => {
  it('marks land ordered put back, so no criminal threshold counts it', () => {
    const report = stored('违法事实：张某滥伐林木，已责令补种林地十五亩');
    expect(report.items).toEqual(['补种林地']);
    expect(report.areas.forestLandMu).toBeUndefined();
  });

  it('leaves the damaged land as it is beside the land put back', () => {
    const report = stored('违法事实：非法占用林地12亩，责令恢复林地12亩，补植树苗500株');
    expect(report.items).toEqual(['非法占用林地', '恢复林地', '补植树苗']);
    expect(report.areas.forestLandMu).toBe(12);
  });

  it('does not mark a clause that names the damage too', () => {
    expect(stored('违法事实：擅自开垦并种植耕地8亩').items).toEqual(['耕地']);
  });
});
