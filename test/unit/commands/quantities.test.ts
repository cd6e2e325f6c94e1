import { describe, expect, it } from 'vitest';
import { findQuantities, fineAmount } from '../../../src/commands/quantities.js';

describe('findQuantities', () => {
  it.each([
    ['罚款一万五千元', { item: '罚款', value: 15_000, unit: '元', raw: '一万五千元', base: { value: 15_000, unit: '元' } }],
    ['罚款三万五千元已缴纳', { item: '罚款', value: 35_000, unit: '元', raw: '三万五千元', base: { value: 35_000, unit: '元' } }],
    ['罚款十二万五千元', { item: '罚款', value: 125_000, unit: '元', raw: '十二万五千元', base: { value: 125_000, unit: '元' } }],
    ['罚款12万5千元', { item: '罚款', value: 125_000, unit: '元', raw: '12万5千元', base: { value: 125_000, unit: '元' } }],
    ['罚款1万5000元', { item: '罚款', value: 15_000, unit: '元', raw: '1万5000元', base: { value: 15_000, unit: '元' } }],
    ['罚款壹万伍仟元', { item: '罚款', value: 15_000, unit: '元', raw: '壹万伍仟元', base: { value: 15_000, unit: '元' } }],
    ['罚款15.2万元', { item: '罚款', value: 15.2, unit: '万元', raw: '15.2万元', base: { value: 152_000, unit: '元' } }],
    ['我们这边已经查处了三家', { item: '查处', value: 3, unit: '家', raw: '三家', base: null }],
    ['已恢复林地120亩', { item: '林地', value: 120, unit: '亩', raw: '120亩', base: { value: 120, unit: '亩' } }],
    ['解除合同12份', { item: '合同', value: 12, unit: '份', raw: '12份', base: null }],
    ['罚款已缴纳50万元', { item: '罚款', value: 50, unit: '万元', raw: '50万元', base: { value: 500_000, unit: '元' } }],
    ['已恢复林地一百二十亩', { item: '林地', value: 120, unit: '亩', raw: '一百二十亩', base: { value: 120, unit: '亩' } }],
    ['罚款五十万元', { item: '罚款', value: 50, unit: '万元', raw: '五十万元', base: { value: 500_000, unit: '元' } }],
    ['罚款50万', { item: '罚款', value: 50, unit: '万元', raw: '50万', base: { value: 500_000, unit: '元' } }],
    ['罚款1,200元', { item: '罚款', value: 1200, unit: '元', raw: '1,200元', base: { value: 1200, unit: '元' } }],
    ['清理了3吨垃圾', { item: '垃圾', value: 3, unit: '吨', raw: '3吨', base: { value: 3, unit: '吨' } }],
    ['清运土方300立方米', { item: '土方', value: 300, unit: '立方米', raw: '300立方米', base: { value: 300, unit: '立方米' } }],
    ['复绿0.8公顷', { item: null, value: 0.8, unit: '公顷', raw: '0.8公顷', base: { value: 12, unit: '亩' } }],
    ['补种树苗两万株', { item: '树苗', value: 20_000, unit: '株', raw: '两万株', base: null }],
    ['退出耕地1.2万亩', { item: '耕地', value: 12_000, unit: '亩', raw: '1.2万亩', base: { value: 12_000, unit: '亩' } }],
    ['拆除违建3处', { item: '违建', value: 3, unit: '处', raw: '3处', base: null }],
    ['涉及农户5户', { item: '农户', value: 5, unit: '户', raw: '5户', base: null }],
    ['罚款已补缴3000元', { item: '罚款', value: 3000, unit: '元', raw: '3000元', base: { value: 3000, unit: '元' } }],
    ['清理医疗废物1.5公斤', { item: '医疗废物', value: 1.5, unit: '公斤', raw: '1.5公斤', base: { value: 0.0015, unit: '吨' } }],
    // 余 / 多 after a figure: the least that was said.
    ['已恢复林地120余亩', { item: '林地', value: 120, unit: '亩', raw: '120余亩', base: { value: 120, unit: '亩' } }],
    ['清运垃圾200多吨', { item: '垃圾', value: 200, unit: '吨', raw: '200多吨', base: { value: 200, unit: '吨' } }],
    ['追缴罚款一百多万元', { item: '罚款', value: 100, unit: '万元', raw: '一百多万元', base: { value: 1_000_000, unit: '元' } }],
    ['罚没款共计人民币伍万元', { item: '罚没款', value: 5, unit: '万元', raw: '伍万元', base: { value: 50_000, unit: '元' } }],
    // A half unit after a whole number of it.
    ['非法占用林地三亩半', { item: '非法占用林地', value: 3.5, unit: '亩', raw: '三亩半', base: { value: 3.5, unit: '亩' } }],
    ['非法占用林地九亩半', { item: '非法占用林地', value: 9.5, unit: '亩', raw: '九亩半', base: { value: 9.5, unit: '亩' } }],
    ['清运垃圾两吨半', { item: '垃圾', value: 2.5, unit: '吨', raw: '两吨半', base: { value: 2.5, unit: '吨' } }],
    ['恢复林地12亩半', { item: '林地', value: 12.5, unit: '亩', raw: '12亩半', base: { value: 12.5, unit: '亩' } }],
    ['拆除违建一个半', { item: '违建', value: 1.5, unit: '个', raw: '一个半', base: null }],
    ['罚款五千元半年内缴清', { item: '罚款', value: 5, unit: '千元', raw: '五千元', base: { value: 5000, unit: '元' } }],
    ['占用林地三亩半山腰处', { item: '占用林地', value: 3, unit: '亩', raw: '三亩', base: { value: 3, unit: '亩' } }],
  ])('reads %s', (text, quantity) => {
    expect(findQuantities(text)).toEqual([quantity]);
  });

  it('reads no count in 两个半月 or 一个半小时, which are durations', () => {
    expect(findQuantities('整改期限两个半月')).toEqual([]);
    expect(findQuantities('检查持续一个半小时')).toEqual([]);
  });

  it('reads 块 as 元 only where the words are about money', () => {
    expect(findQuantities('罚了他3万块')[0]).toMatchObject({ value: 30000, base: { value: 30000, unit: '元' } });
    expect(findQuantities('已缴纳两千块')[0]?.base).toEqual({ value: 2000, unit: '元' });
    expect(findQuantities('毁坏林地3块')[0]).toMatchObject({ value: 3, base: null });
  });

  it.each(['罚他补种5块地', '罚了5块地', '罚了2块林地的树', '罚他赔3块石碑', '罚他铺2块木板'])('reads 块 before land or an object as a piece in %s', (text) => {
    expect(findQuantities(text)[0]).toMatchObject({ unit: '块', base: null });
  });

  it.each([['罚了他3万块，还没交', 30000], ['交了两千块', 2000], ['罚了他3万块', 30000]])('still reads 块 as 元 in %s', (text, yuan) => {
    expect(findQuantities(text)[0]?.base).toEqual({ value: yuan, unit: '元' });
  });

  it('reads every figure of a sentence with its own item', () => {
    const found = findQuantities('罚款已缴纳50万元，解除承包合同12份，已恢复林地120亩');
    expect(found.map((q) => [q.item, q.value, q.unit])).toEqual([
      ['罚款', 50, '万元'],
      ['承包合同', 12, '份'],
      ['林地', 120, '亩'],
    ]);
  });

  it.each([
    '统一处理',
    '三方协议已签订',
    '两个人到现场',
    '大家一起清理',
    '整改期限3个月',
    '第3处已拆除',
    '14号',
    '2021年3月5日',
    '60%',
    '人民群众',
    '已于次日起诉',
  ])('finds no quantity in %j', (text) => {
    expect(findQuantities(text)).toEqual([]);
  });
});

describe('fineAmount', () => {
  it('takes the amount labelled 罚款 when the text also names confiscated gains or the value of goods', () => {
    expect(fineAmount(findQuantities('没收违法所得2000元,罚款1万元'))).toBe(10_000);
    expect(fineAmount(findQuantities('货值金额3万元,罚款5万元,没收违法所得800元'))).toBe(50_000);
  });

  it('takes a lone amount, and gives none when several amounts name no fine', () => {
    expect(fineAmount(findQuantities('5000元'))).toBe(5000);
    expect(fineAmount(findQuantities('没收违法所得2000元,货值金额1万元'))).toBeNull();
  });
});
