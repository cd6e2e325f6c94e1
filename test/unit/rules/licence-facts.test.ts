import { describe, expect, it } from 'vitest';
import { licenceExpiryStatement } from '../../../src/rules/licence-facts.js';

describe('licenceExpiryStatement', () => {
  it.each([
    ['林木采伐许可证过期后继续采伐', '林木采伐许可证过期后继续采伐'],
    ['经查。采矿许可证于2025年6月30日到期后，该公司仍在开采', '采矿许可证于2025年6月30日到期后，该公司仍在开采'],
    ['排污许可证有效期届满后照常排污', '排污许可证有效期届满后照常排污'],
    ['食品经营许可证已过期仍在经营', '食品经营许可证已过期仍在经营'],
    ['超期开采砂石2000吨', '超期开采砂石2000吨'],
    ['超过许可期限经营', '超过许可期限经营'],
  ])('reads %s as activity after the licence term', (text, statement) => {
    expect(licenceExpiryStatement(text)).toBe(statement);
  });

  it.each([
    '未取得采矿许可证擅自开采砂石', '无证采矿', '无证经营', '罚款超期未缴纳', '许可证到期后仍未办理延续手续',
    '采伐许可证过期后已停止采伐', '许可证到期，责令其不得继续经营', '持有效许可证采伐', '特种设备超期使用未检验',
  ])('does not read %s as activity after the licence term', (text) => {
    expect(licenceExpiryStatement(text)).toBeUndefined();
  });

  it('cuts a very long sentence for the card', () => {
    const statement = licenceExpiryStatement(`许可证过期后继续开采${'砂石'.repeat(60)}`);
    expect(statement).toHaveLength(80);
    expect(statement?.endsWith('…')).toBe(true);
  });

  it('cuts between characters when an emoji falls at the cut (round 9: a lone surrogate reached the card)', () => {
    const statement = licenceExpiryStatement(`持证开采。采矿许可证于2025年6月30日到期后仍继续开采${'😀'.repeat(70)}`);
    expect(statement).toBe(`采矿许可证于2025年6月30日到期后仍继续开采${'😀'.repeat(55)}…`);
    expect((statement as string & { isWellFormed(): boolean }).isWellFormed()).toBe(true); // not in the ES2023 lib
  });
});
