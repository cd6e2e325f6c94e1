import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../src/commands/index.js';
import type { AmendCommand, ReportCommand } from '../../../src/commands/types.js';

const HEAD = '上报 案号富林罚〔2026〕68号 当事人钱某 ';
const report = (rest: string) => parseCommand(`${HEAD}${rest}`) as ReportCommand;
const amend = (text: string) => parseCommand(text) as AmendCommand;

describe('上报 / 更正 said as people talk (round 7 findings 1, 4, 5, 6, 12)', () => {
  it.each([
    ['面积：12亩，不对，是21亩 罚款十万元', { areaMu: 21, fineYuan: 100_000 }],
    ['违法事实 擅自占用林地 面积12亩不对是21亩', { areaMu: 21 }],
    ['违法事实：擅自占用林地12亩，说错了，是21亩', { facts: '擅自占用林地21亩' }],
    ['违法事实 擅自占用林地 处罚决定：罚款三十万元，不对，是罚款二十万元', { decision: '罚款二十万元', fineYuan: 200_000 }],
    ['违法事实 擅自占用林地 处罚决定：没收违法所得2000元，罚款三十万元，说错了，二十万元', { decision: '没收违法所得2000元,罚款二十万元', fineYuan: 200_000 }],
  ])('takes the value said after the correction in %s', (rest, expected) => {
    const cmd = report(rest);
    expect(cmd.fields).toMatchObject(expected);
    expect(cmd.problems).toEqual([]);
    expect(cmd.quantities.map((q) => q.raw)).not.toContain('12亩');
  });

  it('records the payment as corrected, not the one taken back', () => {
    expect(report('违法事实 擅自占用林地 罚款2万元 已缴纳，不对，还没缴').extras.payment).toMatchObject({ paid: false, partial: false });
  });

  it('asks about a value taken back with nothing in its place instead of recording it', () => {
    const cmd = report('违法事实 擅自占用林地 面积12亩，不对');
    expect(cmd.fields.areaMu).toBeUndefined();
    expect(cmd.problems).toEqual([expect.objectContaining({ field: 'area', value: '12亩,不对' })]);
  });

  it('leaves 不对 inside a sentence alone', () => {
    expect(report('违法事实：当事人辩称该林地不对外开放').fields.facts).toBe('当事人辩称该林地不对外开放');
  });

  it.each([
    ['处罚决定 罚款两万五千元 责令补种树木 已缴纳一半'],
    ['罚款2万元 已交了五千 剩下的分期'],
    ['罚款2万元，已交了五千'],
    ['罚款二十四万 两成已缴'],
    ['处罚决定：罚款二十四万，两成已缴'],
  ])('reads a payment of part of the fine in %s as partial', (rest) => {
    expect(report(`违法事实 擅自占用林地 ${rest}`).extras.payment).toMatchObject({ paid: false, partial: true });
  });

  it('reads a partial payment in a 更正', () => {
    expect(amend('更正 富林罚〔2026〕68号 缴纳情况 已缴一半').extras.payment).toMatchObject({ paid: false, partial: true });
  });

  it('reads labels glued to their values with only spaces between the fields', () => {
    const cmd = parseCommand('上报 案号富林罚〔2026〕65号 当事人郑某 违法事实擅自占用林地12亩 面积十二亩 罚款二十四万 两成已缴') as ReportCommand;
    expect(cmd.fields).toMatchObject({ party: '郑某', facts: '擅自占用林地12亩', areaMu: 12, fineYuan: 240_000 });
    expect(amend('更正 富林罚〔2026〕68号 当事人钱某某 罚款10万').fields).toEqual({ party: '钱某某', fineYuan: 100_000 });
    expect(report('违法事实：擅自占用林地 处罚决定罚款两万元').fields.fineYuan).toBe(20_000);
  });

  it('does not take 当事人 inside the facts as the party', () => {
    const cmd = parseCommand('上报 案号富林罚〔2026〕95号 违法事实：经查 当事人张某擅自占用林地') as ReportCommand;
    expect(cmd.fields.party).toBeUndefined();
    expect(cmd.missing).toEqual(['party']);
  });

  it('never drops a fine said after the area', () => {
    expect(amend('更正 富林罚〔2026〕68号 面积21亩 罚款十万元').fields).toEqual({ areaMu: 21, fineYuan: 100_000 });
    const other = amend('更正 富林罚〔2026〕68号 面积：22亩，另罚款十万元');
    expect([other.fields, other.unread]).toEqual([{ areaMu: 22 }, ['另罚款十万元']]);
  });

  it.each([
    ['处罚决定：罚款三万元，并处罚款两万元', '三万元、两万元'],
    ['违法事实：擅自占用林地，罚了他3万块，又罚了2000元', '30000元、2000元'],
  ])('asks which is the fine rather than dropping it: %s', (rest, amounts) => {
    const cmd = report(rest);
    expect(cmd.fields.fineYuan).toBeUndefined();
    expect(cmd.problems).toEqual([expect.objectContaining({ field: 'fine', value: amounts })]);
  });

  it('keeps a case number sent alone', () => {
    const cmd = parseCommand('上报 案号富林罚〔2026〕61号') as ReportCommand;
    expect([cmd.fields, cmd.unread, cmd.missing]).toEqual([{ caseNumber: '富林罚〔2026〕61号' }, [], ['party', 'facts']]);
  });
});
