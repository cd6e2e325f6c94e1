import { describe, expect, it } from 'vitest';
import { normalizeCampaign } from '../../../src/commands/campaign.js';
import { parseReportFields } from '../../../src/commands/report-fields.js';

describe('normalizeCampaign', () => {
  it('reads one campaign however it was typed', () => {
    for (const typed of ['水源地保护', '水源地保护专项', '水源地保护专项行动', ' 水源地保护 专项 ']) expect(normalizeCampaign(typed)).toBe('水源地保护');
    expect(normalizeCampaign('“两山” 清理')).toBe('两山清理');
  });

  it('keeps a name that is only the word 专项', () => {
    expect(normalizeCampaign('专项')).toBe('专项');
  });
});

describe('the domain of a 上报', () => {
  it('takes the usual short names to the domains the statistics count', () => {
    const domainOf = (text: string) => parseReportFields(`案号：林罚〔2021〕20号\n当事人：张三\n违法事实：滥伐\n领域：${text}`).fields.domain;
    expect(domainOf('环保')).toBe('生态环境和资源保护');
    expect(domainOf('固废处置')).toBe('生态环境和资源保护');
    expect(domainOf('医疗器械')).toBe('食品药品安全');
    expect(domainOf('国资')).toBe('国有财产保护');
  });
});
