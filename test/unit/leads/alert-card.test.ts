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
      { keyname: '罚款金额', value: '500000元' },
      { keyname: '每亩罚款', value: '1312.34元' },
      { keyname: '罚款已缴纳', value: '未记录' },
      { keyname: '发现时状态', value: '已收到' },
      { keyname: '其他林地标准', value: '10亩' },
    ]);
  });

  it('leaves the whole case text off the card and cuts a long quoted value with an ellipsis', () => {
    const statement = `采矿许可证有效期至2025年6月30日，到期后仍继续开采砂石并对外销售${'砂石'.repeat(10)}`;
    const card = leadAlertCard(lead([{ fact: 'derived.caseText', value: '很长的案件记录' }, { fact: 'derived.licenceExpiryStatement', value: statement }]), '自然资源局');
    const rows = card.horizontal_content_list ?? [];
    expect(rows.map((row) => row.keyname)).toEqual(['线索编号', '许可期满记载']);
    expect(rows[1]?.value).toHaveLength(26);
    expect(rows[1]?.value?.endsWith('…')).toBe(true);
  });
});

describe('leadAlertCard of a 提醒 (prompt)', () => {
  it('is titled 提醒 and offers 受理 and 不予受理 only, while a lead offers all four decisions', () => {
    const prompt = { ...lead([]), kind: 'prompt' as const, title: '检察建议逾期未整改回复' };
    const card = leadAlertCard(prompt, '富阳区水务局');
    expect(card.main_title?.title).toBe('【提醒】检察建议逾期未整改回复');
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
