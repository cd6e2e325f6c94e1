import { describe, expect, it } from 'vitest';
import type { CaseLike } from '../../../src/rules/build-facts.js';
import { changeRule, daysAgo, firingOf, forestCase, itHonoursItsThreshold, seedRuleSet } from './rule-fixtures.js';

const rules = seedRuleSet();
const R04 = 'R04-land-criminal-threshold';

/** An occupation case whose only figure is the recorded area (涉案面积). */
function occupation(facts: string, areaMu: number, overrides: Partial<CaseLike> = {}): CaseLike {
  return forestCase({ facts, areaMu, decision: `罚款${areaMu * 10_000}元`, fineYuan: areaMu * 10_000, ...overrides });
}

describe('R04-land-criminal-threshold (以罚代刑)', () => {
  itHonoursItsThreshold({
    ruleId: R04,
    fires: { case: occupation('非法占用林地修建厂房', 10) },
    short: { case: occupation('非法占用林地修建厂房', 9) },
    mentions: ['涉案林地10亩，达到', '其他林地10亩', '公益林等保护林地5亩', '基本农田5亩', '其他耕地10亩'],
    values: { 'derived.forestLandMu': 10, 'params.otherForestMu': 10 },
    param: { name: 'otherForestMu', stopAt: 11, startAt: 9 },
  });

  it.each([
    ['protected forest at 5 亩', '非法占用公益林地', 5, 4, 'protectedForestMu'],
    ['basic farmland at 5 亩', '非法占用基本农田建房', 5, 4, 'basicFarmlandMu'],
    ['other farmland at 10 亩', '非法占用耕地堆放砂石', 10, 9, 'otherFarmlandMu'],
  ])('fires for %s and not one 亩 below', (_name, facts, at, below, param) => {
    const firing = firingOf(rules, R04, { case: occupation(facts, at) });
    expect(firing?.values).toMatchObject({ [`params.${param}`]: at });
    expect(firingOf(rules, R04, { case: occupation(facts, below) })).toBeUndefined();
  });

  it.each([
    ['protectedForestMu', '非法占用防护林地', 5],
    ['basicFarmlandMu', '非法占用基本农田', 5],
    ['otherFarmlandMu', '非法占用耕地', 10],
  ])('moves the boundary with params.%s', (param, facts, at) => {
    expect(firingOf(rules, R04, { case: occupation(facts, at) })).toBeDefined();
    expect(evaluateWith({ [param]: at + 1 }, occupation(facts, at))).toBeUndefined();
    expect(evaluateWith({ [param]: at - 1 }, occupation(facts, at - 1))).toBeDefined();
  });

  it('reads forest land from named quantities in other units', () => {
    const firing = firingOf(rules, R04, { case: forestCase({ facts: '毁坏林木', quantities: [{ item: '林地', value: 0.7, unit: '公顷' }] }) });
    expect(firing?.values).toMatchObject({ 'derived.forestLandMu': 10.5 });
  });

  it('stays silent when the case was transferred to the police', () => {
    const transferred = occupation('非法占用林地，已移送公安机关', 30);
    expect(firingOf(rules, R04, { case: transferred })).toBeUndefined();
  });

  it('stays silent outside its domains', () => {
    expect(firingOf(rules, R04, { case: occupation('非法占用林地', 30, { domain: '食品药品安全' }) })).toBeUndefined();
  });

  it('reads a negated word as not said: land not protected, a transfer not made', () => {
    expect(firingOf(rules, R04, { case: occupation('未经批准占用公益林地', 5) })).toBeDefined();
    expect(firingOf(rules, R04, { case: occupation('占用林地，该地块不属于公益林', 5) })).toBeUndefined();
    expect(firingOf(rules, R04, { case: occupation('非法占用林地，未移送公安机关', 10) })).toBeDefined();
  });
});

/** R04's firing on a record with some of its params changed. */
function evaluateWith(params: Record<string, number>, record: CaseLike) {
  return firingOf(changeRule(rules, R04, { params }), R04, { case: record });
}

describe('R05-fine-below-range (罚款明显低于法定幅度)', () => {
  // 10 亩 at 6667 元/亩, compared to the 元: 66665元 (6666.5 元/亩) rounds up to the floor, 66664元 does not.
  const land = { facts: '擅自改变林地用途', areaMu: 10 };
  itHonoursItsThreshold({
    ruleId: 'R05-fine-below-range',
    fires: { case: forestCase({ ...land, fineYuan: 66_640 }) },
    short: { case: forestCase({ ...land, fineYuan: 66_665 }) },
    mentions: ['罚款66640元', '涉案面积10亩', '每亩6664元', '每亩6667元'],
    values: { 'case.fineYuan': 66_640, 'derived.areaMu': 10, 'derived.fineYuanPerMuRounded': 6664, 'params.minFineYuanPerMu': 6667 },
    param: { name: 'minFineYuanPerMu', stopAt: 6664, startAt: 6668 },
  });

  it.each([
    [6, 40_000], [4.5, 30_000], [1, 6667], [3, 20_000], [0.3, 2000],
  ])('stays silent on the legal minimum, 10元/m², however the area rounds: %s亩, %s元', (areaMu, fineYuan) => {
    expect(firingOf(rules, 'R05-fine-below-range', { case: forestCase({ ...land, areaMu, fineYuan }) })).toBeUndefined();
  });

  it('still fires on a threshold set to the cent, and moves with it', () => {
    const record = forestCase({ ...land, areaMu: 6, fineYuan: 39_000 });
    expect(firingOf(changeRule(rules, 'R05-fine-below-range', { params: { minFineYuanPerMu: 6666.67 } }), 'R05-fine-below-range', { case: record })?.explanation)
      .toContain('折合每亩6500元，低于每亩6666.67元的下限');
    expect(firingOf(changeRule(rules, 'R05-fine-below-range', { params: { minFineYuanPerMu: 6666.67 } }), 'R05-fine-below-range', { case: { ...record, fineYuan: 40_000 } })).toBeUndefined();
  });

  it('stays silent without an area', () => {
    expect(firingOf(rules, 'R05-fine-below-range', { case: forestCase({ fineYuan: 100, areaMu: undefined }) })).toBeUndefined();
  });

  it('reads only cases of land put to another use: a fine for felling is set by the timber, not the area', () => {
    const felling = forestCase({ facts: '滥伐林木12立方米，涉及林地3亩', areaMu: 3, fineYuan: 5000 });
    expect(firingOf(rules, 'R05-fine-below-range', { case: felling })).toBeUndefined();
    expect(firingOf(rules, 'R05-fine-below-range', { case: forestCase({ facts: '非法占用林地3亩建房', areaMu: 3, fineYuan: 5000 }) })).toBeDefined();
    expect(firingOf(rules, 'R05-fine-below-range', { case: forestCase({ facts: '毁林开垦', areaMu: 3, fineYuan: 5000 }) })).toBeDefined();
  });
});

describe('R06-licence-expired (许可期满后仍从事许可事项)', () => {
  const R06 = 'R06-licence-expired';
  itHonoursItsThreshold({
    ruleId: R06,
    fires: { case: forestCase({ facts: '林木采伐许可证过期后继续采伐' }) },
    short: { case: forestCase({ facts: '持有效许可证采伐' }) },
    mentions: ['许可期满后仍在从事相关活动', '“林木采伐许可证过期后继续采伐”'],
    values: { 'derived.licenceExpiryStatement': '林木采伐许可证过期后继续采伐' },
  });

  it('is not raised by a penalty for mining without a licence (富自然罚〔2026〕8号)', () => {
    const unlicensed = forestCase({
      caseNumber: '富自然罚〔2026〕8号', facts: '未取得采矿许可证擅自开采砂石', violation: '无证采矿', legalBasis: '《矿产资源法》第三十九条',
      decision: '责令停止开采，罚款20万元', fineYuan: 200_000, finePaid: false,
    });
    expect(firingOf(rules, R06, { case: unlicensed })).toBeUndefined();
    expect(firingOf(rules, R06, { case: forestCase({ facts: '无证开采砂石' }) })).toBeUndefined();
  });

  it('quotes the sentence that records activity after the licence term, not the whole record', () => {
    const facts = '该公司持有采矿许可证。采矿许可证有效期至2025年6月30日，到期后仍继续开采砂石；现场查获砂石300吨';
    const firing = firingOf(rules, R06, { case: forestCase({ facts }) });
    expect(firing?.explanation).toContain('“采矿许可证有效期至2025年6月30日，到期后仍继续开采砂石”');
    expect(firing?.explanation).not.toContain('无证');
    expect(firing?.title).toBe('许可期满后仍从事许可事项');
  });

  it('is not raised by a fine paid late, a lapsed licence with no activity after it, or an order not to go on', () => {
    for (const facts of ['罚款超期未缴纳', '许可证到期后仍未办理延续手续', '采伐许可证过期后已停止采伐', '许可证到期，责令其不得继续经营', '特种设备超期使用未检验']) {
      expect(firingOf(rules, R06, { case: forestCase({ facts }) }), facts).toBeUndefined();
    }
  });
});

describe('R10-state-loss-unrecovered (国有财产损失未追缴即结案)', () => {
  const R10 = 'R10-state-loss-unrecovered';
  const closedWithLoss = (yuan: number, facts = '低价出让造成国有财产损失') =>
    forestCase({ status: 'closed', facts, decidedOn: daysAgo(40), quantities: [{ item: '国有财产损失', value: yuan, unit: '元' }] });
  itHonoursItsThreshold({
    ruleId: R10,
    fires: { case: closedWithLoss(300_000) },
    short: { case: closedWithLoss(299_999) },
    mentions: ['国有财产损失300000元', '立案标准300000元', '15日内移送监察委员会'],
    values: { 'case.status': 'closed', 'derived.stateLossYuan': 300_000, 'params.minLossYuan': 300_000 },
    param: { name: 'minLossYuan', stopAt: 300_001, startAt: 299_999 },
  });

  it('reads a loss written in 万元', () => {
    const record = forestCase({ status: 'closed', facts: '造成国有资产损失50万元', quantities: [{ item: '国有资产损失', value: 50, unit: '万元' }] });
    expect(firingOf(rules, R10, { case: record })?.values).toMatchObject({ 'derived.stateLossYuan': 500_000 });
  });

  it('fires when the loss is stated without a figure, showing the amount as not recorded', () => {
    const firing = firingOf(rules, R10, { case: forestCase({ status: 'closed', facts: '造成国有财产损失，案件已办结' }) });
    expect(firing?.explanation).toContain('国有财产损失（未记录）元');
    expect(firing?.values).toMatchObject({ 'derived.stateLossYuan': undefined });
  });

  it('stays silent when the loss was recovered or the case is still open', () => {
    expect(firingOf(rules, R10, { case: closedWithLoss(900_000, '造成国有财产损失，已全部追缴') })).toBeUndefined();
    expect(firingOf(rules, R10, { case: { ...closedWithLoss(900_000), status: 'open' } })).toBeUndefined();
  });

  it('fires when the record says the loss was not recovered, and not when it says there was no loss', () => {
    for (const facts of ['造成国有资产损失120万元，损失未追缴', '造成国有财产损失，追缴未果', '造成国有财产损失，当事人拒不退赔']) {
      expect(firingOf(rules, R10, { case: closedWithLoss(1_200_000, facts) }), facts).toBeDefined();
    }
    expect(firingOf(rules, R10, { case: forestCase({ status: 'closed', facts: '经查未造成国有资产损失' }) })).toBeUndefined();
  });
});
