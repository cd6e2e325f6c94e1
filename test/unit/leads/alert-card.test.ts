import { describe, expect, it } from 'vitest';
import { leadAlertCard, leadValueRows } from '../../../src/leads/alert-card.js';
import type { LeadRecord } from '../../../src/models/lead.js';

/** A lead as the rules stored it before any value was put into words. */
function lead(values: LeadRecord['values']): LeadRecord {
  return {
    _id: 'case:c1:R05-fine-below-range', number: 'XS-2026-0003', kind: 'irregular', ruleId: 'R05-fine-below-range', ruleVersion: 1,
    title: '罚款明显低于法定幅度（按面积计算）', explanation: '…', values, legalBasis: '《森林法实施条例》第四十三条',
    subject: { kind: 'case', id: 'c1', label: '案号 富林罚〔2021〕3号（富阳某农业开发有限公司）', agency: 'linye' },
    status: 'open', createdAt: new Date('2026-04-01T02:00:00Z'), history: [],
  };
}

describe('leadAlertCard', () => {
  it('shows every value with its Chinese label and rendering: no paths, codes, booleans or float noise', () => {
    const card = leadAlertCard(lead([
      { fact: 'case.fineYuan', value: 500_000 }, { fact: 'derived.fineYuanPerMu', value: 1312.3359580052493 },
      { fact: 'case.finePaid', value: undefined }, { fact: 'recommendation.status', value: 'received' }, { fact: 'params.otherForestMu', value: 10 },
    ]), '富阳区林业局');
    expect(card.horizontal_content_list).toEqual([
      { keyname: '线索编号', value: 'XS-2026-0003' },
      { keyname: '依据', value: '《森林法实施条例》第四十三条' },
      { keyname: '罚款金额', value: '500000元' },
      { keyname: '每亩罚款', value: '1312.34元' },
      { keyname: '罚款已缴纳', value: '未记录' },
      { keyname: '发现时状态', value: '已收到' },
    ]);
  });

  it('leaves the whole case text off the card and cuts a long quoted value with an ellipsis', () => {
    const statement = `采矿许可证有效期至2025年6月30日，到期后仍继续开采砂石并对外销售${'砂石'.repeat(10)}`;
    const card = leadAlertCard(lead([{ fact: 'derived.caseText', value: '很长的案件记录' }, { fact: 'derived.licenceExpiryStatement', value: statement }]), '自然资源局');
    const rows = card.horizontal_content_list ?? [];
    expect(rows.map((row) => row.keyname)).toEqual(['线索编号', '依据', '许可期满记载']);
    expect(rows[2]?.value).toHaveLength(26);
    expect(rows[2]?.value?.endsWith('…')).toBe(true);
  });
});

describe('leadAlertCard within what WeCom shows of each field', () => {
  const isWellFormed = (text: string) => (text as string & { isWellFormed(): boolean }).isWellFormed(); // not in the ES2023 lib
  const length = (text = '') => [...new Intl.Segmenter('zh', { granularity: 'grapheme' }).segment(text)].length;
  const strings = (value: unknown): string[] => (typeof value === 'string' ? [value] : value && typeof value === 'object' ? Object.values(value).flatMap(strings) : []);

  it('never cuts an emoji in half: the party of round 9 (AAAAAAAAAAAAAAAAA😀😀😀有限公司), a quoted statement, a long title', () => {
    const party = { ...lead([{ fact: 'derived.licenceExpiryStatement', value: '采矿许可证于2025年6月30日到期后仍继续开采😀😀石料并对外销售' }]),
      title: `${'罚'.repeat(24)}👨‍👩‍👧超期`, subject: { kind: 'case' as const, id: 'c1', label: '案号 富林罚〔2024〕303号（AAAAAAAAAAAAAAAAA😀😀😀有限公司）', agency: 'linye' } };
    const card = leadAlertCard(party, '富阳区林业局');
    expect(strings(card).filter((text) => !isWellFormed(text))).toEqual([]);
    expect(card.main_title?.desc).toBe('富阳区林业局 · 案号 富林罚〔2024〕303号（AAA…');
    expect(card.main_title?.title).toBe(`${'罚'.repeat(24)}👨‍👩‍👧…`);
    const emojiParty = { ...party, subject: { ...party.subject, label: '案号 富林罚〔2024〕303号（😀😀😀😀😀😀😀有限公司）' } };
    expect(leadAlertCard(emojiParty, '富阳区林业局').main_title?.desc).toBe('富阳区林业局 · 案号 富林罚〔2024〕303号（😀😀😀…');
    expect(card.horizontal_content_list?.at(-1)).toEqual({ keyname: '许可期满记载', value: '采矿许可证于2025年6月30日到期后仍继续开采😀…' });
  });

  it('keeps title, desc and row values within the SDK\'s 26 / 30 / 26 characters, the kind on the source line (≤ 13)', () => {
    const criminal = { ...lead([{ fact: 'case.fineYuan', value: 500_000 }]), kind: 'criminal' as const, title: '占用林地、耕地达到刑事立案标准未移送（以罚代刑）',
      legalBasis: '《中华人民共和国刑法》第三百四十二条；《最高人民法院关于审理破坏土地资源刑事案件具体应用法律若干问题的解释》第三条' };
    const card = leadAlertCard(criminal, '杭州市富阳区规划和自然资源局');
    expect(card.source?.desc).toBe('衔接助手 · 刑事案件线索');
    expect(length(card.source?.desc)).toBeLessThanOrEqual(13);
    expect(card.main_title?.title).toBe('占用林地、耕地达到刑事立案标准未移送（以罚代刑）');
    expect(length(card.main_title?.desc)).toBeLessThanOrEqual(30);
    for (const row of card.horizontal_content_list ?? []) expect(length(row.value)).toBeLessThanOrEqual(26);
    // The legal basis, the last lines of sub_title_text that WeCom folds after about 112 characters, is also a row.
    expect(card.horizontal_content_list?.[1]).toEqual({ keyname: '依据', value: '《中华人民共和国刑法》第三百四十二条；《最高人民法…' });
    expect(card.sub_title_text).toContain(`依据：${criminal.legalBasis}`);
  });

  it('lets the party in brackets give way on the desc line, never the case or recommendation number', () => {
    const long = { ...lead([]), subject: { kind: 'recommendation' as const, id: 'r', label: '检察建议 富检行公建[2021]14号（关于督促恢复被非法占用林地的检察建议）', agency: 'ziran' } };
    expect(leadAlertCard(long, '富阳区自然资源局').main_title?.desc).toBe('富阳区自然资源局 · 检察建议 富检行公建[2021]14号');
    expect(leadAlertCard(lead([]), '富阳区林业局').main_title?.desc).toBe('富阳区林业局 · 案号 富林罚〔2021〕3号（富阳某农业…');
  });
});

describe('leadAlertCard of a 提醒 (prompt)', () => {
  it('is headed 整改提醒 and offers 受理 and 不予受理 only, while a lead offers all four decisions', () => {
    const prompt = { ...lead([]), kind: 'prompt' as const, title: '检察建议逾期未整改回复' };
    const card = leadAlertCard(prompt, '富阳区水务局');
    expect(card.main_title?.title).toBe('检察建议逾期未整改回复');
    expect(card.source?.desc).toBe('衔接助手 · 整改提醒');
    expect(card.button_list?.map((b) => [b.text, b.key])).toEqual([
      ['受理', `lead:${prompt._id}:accept`], ['不予受理', `lead:${prompt._id}:reject`],
    ]);
    expect(leadAlertCard(lead([]), '富阳区林业局').button_list?.map((b) => b.text)).toEqual(['受理', '不予受理', '转刑事线索', '转监察委']);
  });
});

describe('leadValueRows', () => {
  it('gives the lead detail the same words as the card', () => {
    expect(leadValueRows(lead([{ fact: 'case.finePaid', value: undefined }, { fact: 'case.status', value: 'open' }]))).toEqual([
      { label: '罚款已缴纳', text: '未记录' }, { label: '发现时案件状态', text: '未结案' },
    ]);
  });
});
