import { describe, expect, it } from 'vitest';
import { recommendationChoiceCard } from '../../../src/bot/choice-card.js';
import { characters } from '../../../src/wecom/split-text.js';
import type { RecommendationRecord } from '../../../src/models/recommendation.js';
import { malformedStrings } from '../../support/fake-wecom/well-formed.js';

const recommendation = (ref: string, title: string) => ({ _id: ref, ref, title }) as RecommendationRecord; // only the fields the card reads

describe('recommendationChoiceCard', () => {
  // 富检行公建[2021]14号 督促依法整改 is 21 characters: the 60 UTF-16 units once kept ended inside an emoji.
  const candidates = [recommendation('富检行公建[2021]14号', `督促依法整改${'😀'.repeat(20)}`), recommendation('富检行公建[2022]14号', '督促恢复林地')];
  const question = `「14号${'😀'.repeat(120)}」对应多份检察建议，您指的是哪一份？请点选，或重新发送完整文号。`;
  const card = recommendationChoiceCard('pick-1', question, candidates);

  it('cuts every field between characters, never inside an emoji', () => {
    expect(malformedStrings(card)).toEqual([]);
  });

  it('keeps each row within the 26 characters WeCom shows, with the 文号 whole', () => {
    const values = card.horizontal_content_list!.map((row) => row.value!);
    for (const value of values) expect(characters(value).length).toBeLessThanOrEqual(26);
    expect(values[0]).toMatch(/^富检行公建\[2021\]14号 督促依法整改😀+…$/u);
    expect(values[1]).toBe('富检行公建[2022]14号 督促恢复林地');
  });

  it('asks its question in the card\'s text, which shows 112 characters (the title\'s line shows 30)', () => {
    expect(card.main_title).toEqual({ title: '请选择检察建议' });
    expect(characters(card.sub_title_text as string)).toHaveLength(112);
    expect(card.sub_title_text).toMatch(/^「14号😀+…$/u);
    expect(recommendationChoiceCard('pick-2', '您要查询的是哪一份检察建议？', candidates).sub_title_text).toBe('您要查询的是哪一份检察建议？');
  });

  it('labels each button with its number and the 文号\'s year and number, whole', () => {
    expect(card.button_list!.map((b) => b.text)).toEqual(['1. [2021]14号', '2. [2022]14号']);
    const odd = recommendationChoiceCard('pick-3', '？', [recommendation(`${'检'.repeat(10)}${'😀'.repeat(10)}14号`, '督促')]);
    expect(odd.button_list![0]!.text).toBe(`1. ${'检'.repeat(10)}${'😀'.repeat(6)}…`);
    expect(malformedStrings(odd)).toEqual([]);
  });
});
