import { describe, expect, it } from 'vitest';
import { affirmsWord } from '../../../src/rules/negation.js';

describe('affirmsWord', () => {
  it.each([
    ['已全部追缴', '追缴'],
    ['造成国有资产损失，对未缴纳部分依法追缴', '追缴'],
    ['未缴纳的已追缴', '追缴'],
    ['未缴纳部分依法追缴', '追缴'],
    ['已告知听证权利，当事人未申请听证', '听证'],
    ['经告知听证权利，当事人未申请听证，罚款500000元', '听证'],
    ['当事人放弃听证', '听证'],
    ['未经批准占用公益林地', '公益林'],
    ['未取得使用许可占用基本农田', '基本农田'],
    ['非法占用公益林地', '公益林'],
    ['已移送公安机关', '移送公安'],
    ['未经批准，低价出让造成国有资产损失', '国有资产损失'],
  ])('reads %s as stating %s', (text, word) => {
    expect(affirmsWord(text, word)).toBe(true);
  });

  it.each([
    ['造成国有资产损失120万元，损失未追缴', '追缴'],
    ['尚未追回', '追回'],
    ['追缴未果', '追缴'],
    ['当事人拒不退赔', '退赔'],
    ['未告知听证', '听证'],
    ['没有告知当事人听证', '听证'],
    ['未依法告知当事人听证权利', '听证'],
    ['没有及时书面告知当事人听证', '听证'],
    ['未造成国有资产损失', '国有资产损失'],
    ['该地块不属于公益林', '公益林'],
    ['非公益林地', '公益林'],
    ['未移送公安机关', '移送公安'],
    ['未经批准未移送公安机关', '移送公安'],
    ['没有复查', '复查'],
    ['非法占用林地', '公益林'],
  ])('reads %s as not stating %s', (text, word) => {
    expect(affirmsWord(text, word)).toBe(false);
  });

  it('counts a word stated once even when it is negated elsewhere', () => {
    expect(affirmsWord('罚款未缴纳，未追缴；后经催告已追缴到位', '追缴')).toBe(true);
    expect(affirmsWord('', '追缴')).toBe(false);
    expect(affirmsWord('追缴', '')).toBe(false);
  });
});
