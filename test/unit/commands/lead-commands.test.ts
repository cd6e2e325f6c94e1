import { describe, expect, it } from 'vitest';
import { leadNumberAt } from '../../../src/commands/lead-commands.js';
import { parseProsecutorCommand } from '../../../src/commands/prosecutor-commands.js';

describe('lead decisions typed in chat', () => {
  it.each([
    ['不予受理 XS-2026-0009 已告知听证，罚款已缴纳', 'XS-2026-0009', 'reject', '已告知听证,罚款已缴纳'],
    ['受理 XS-2026-9', 'XS-2026-0009', 'accept', ''],
    ['受理 xs－2026－0009', 'XS-2026-0009', 'accept', ''],
    ['受理 XS—2026—0009', 'XS-2026-0009', 'accept', ''],
    ['受理 xs2026-9', 'XS-2026-0009', 'accept', ''],
    ['转刑事 XS-2026-3', 'XS-2026-0003', 'criminal', ''],
    ['转刑事线索XS-2026-0003', 'XS-2026-0003', 'criminal', ''],
    ['转监察委 XS-2026-0012 涉嫌滥用职权', 'XS-2026-0012', 'supervision', '涉嫌滥用职权'],
    ['移送监察委员会：XS-2026-12', 'XS-2026-0012', 'supervision', ''],
    ['XS-2026-0009 不予受理 理由：与XS-2026-0006重复', 'XS-2026-0009', 'reject', '与XS-2026-0006重复'],
    ['线索 XS-2026-0009 不予受理，原因是已整改', 'XS-2026-0009', 'reject', '已整改'],
    ['不予受理 XS-0009 重复线索', '9', 'reject', '重复线索'],
    ['不受理XS-2026-0009，已处理', 'XS-2026-0009', 'reject', '已处理'],
  ])('reads 「%s」 from anyone', (text, number, action, reason) => {
    expect(parseProsecutorCommand(text)).toMatchObject({ command: 'leads', number, decision: { action, reason } });
  });

  it('reads a decision word without a lead number only from prosecutors, who are asked which lead', () => {
    expect(parseProsecutorCommand('不予受理的理由是罚款已缴纳', { refFirst: true })).toMatchObject({ command: 'leads', number: null, decision: { action: 'reject', reason: '罚款已缴纳' } });
    expect(parseProsecutorCommand('受理', { refFirst: true })).toMatchObject({ command: 'leads', number: null, decision: { action: 'accept' } });
    // From agency staff 受理群众举报… is news for the staff grammar.
    expect(parseProsecutorCommand('受理群众举报3件，已立案')).toBeNull();
  });

  it('still reads 线索 <编号> as the details of one lead, in the same variations', () => {
    expect(parseProsecutorCommand('线索 xs－2026－9')).toEqual({ command: 'leads', number: 'XS-2026-0009', text: '线索 xs-2026-9' });
    expect(parseProsecutorCommand('线索 XS-0009')).toMatchObject({ command: 'leads', number: '9' });
    expect(parseProsecutorCommand('线索 XS-2026-0009 怎么样')).toBeNull();
  });

  it.each([
    ['XS-2026-0001 受理了吗？', 'XS-2026-0001', 'accept'],
    ['线索 XS-2026-0005 不予受理吗', 'XS-2026-0005', 'reject'],
    ['受理 XS-2026-0001？', 'XS-2026-0001', 'accept'],
    ['XS-2026-0001 受理了没有', 'XS-2026-0001', 'accept'],
    ['XS-2026-0001 是否受理', 'XS-2026-0001', 'accept'],
    ['不予受理 XS-2026-0001 呢', 'XS-2026-0001', 'reject'],
    ['转监察委 XS-2026-0001 有没有', 'XS-2026-0001', 'supervision'],
    ['受理 XS-2026-0001 进展怎么样', 'XS-2026-0001', 'accept'],
    ['XS-2026-0001 受理情况', 'XS-2026-0001', 'accept'],
    ['受理 XS-2026-0001 如何', 'XS-2026-0001', 'accept'],
    ['受理了么', null, 'accept'],
  ])('marks 「%s」 as a question, never a decision', (text, number, action) => {
    expect(parseProsecutorCommand(text, { refFirst: true })).toMatchObject({ command: 'leads', number, decision: { action, question: true } });
  });

  it.each([
    ['转刑事 XS-2026-0001 涉嫌贩卖吗啡', '涉嫌贩卖吗啡'],
    ['不予受理 XS-2026-0001 经核实情况属实', '经核实情况属实'],
    ['不予受理 XS-2026-0001 上一条是提问，不是受理', '上一条是提问,不是受理'],
    // 是否 and 如何 inside a reason do not make it a question: only the ends of the message count.
    ['不予受理 XS-2026-0009 当事人是否整改已核实，已整改到位', '当事人是否整改已核实,已整改到位'],
    ['不予受理 XS-2026-0009 如何处理已与公安沟通，由公安立案', '如何处理已与公安沟通,由公安立案'],
  ])('still reads 「%s」 as a decision with its reason', (text, reason) => {
    const parsed = parseProsecutorCommand(text, { refFirst: true });
    expect(parsed).toMatchObject({ decision: { reason } });
    expect(parsed).not.toHaveProperty('decision.question');
    expect(parsed).not.toHaveProperty('decision.otherNumbers');
  });

  it.each([
    ['受理 XS-2026-0002、XS-2026-0004', ['XS-2026-0004']],
    ['受理 XS-2026-0002 和 XS-2026-0004', ['XS-2026-0004']],
    ['XS-2026-0002 受理，XS-2026-0004', ['XS-2026-0004']],
    ['转刑事 XS-2026-0002、4', ['4']],
    ['不予受理 XS-2026-0002 XS-2026-0003 XS-2026-0004 重复', ['XS-2026-0003', 'XS-2026-0004']],
  ])('lists the further lead numbers of 「%s」', (text, others) => {
    expect(parseProsecutorCommand(text, { refFirst: true })).toMatchObject({ command: 'leads', number: 'XS-2026-0002', decision: { otherNumbers: others } });
  });

  it('keeps another lead number inside a labelled reason as the reason', () => {
    const parsed = parseProsecutorCommand('XS-2026-0009 不予受理 理由：与XS-2026-0006重复');
    expect(parsed).toMatchObject({ number: 'XS-2026-0009', decision: { reason: '与XS-2026-0006重复' } });
    expect(parsed).not.toHaveProperty('decision.otherNumbers');
  });

  it.each([
    ['受理 XS-2026-0010 不对 应该不予受理', 'taken_back'],
    ['XS-2026-0009 受理吧，不对，不予受理 已移送', 'taken_back'],
    ['受理 XS-2026-0009 哦不对，转刑事', 'taken_back'],
    ['XS-2026-0009 不予受理吧 我再想想', 'deferred'],
    ['XS-2026-0009 受理，等公安反馈后再定', 'deferred'],
    ['XS-2026-0009 不予受理，待定', 'deferred'],
    ['XS-2026-0009 暂不受理', 'deferred'],
    ['XS-2026-0009 可以受理', 'hedged'],
    ['XS-2026-0009 建议转刑事', 'hedged'],
  ])('marks 「%s」 as not held to (%s): nothing may be recorded', (text, unclear) => {
    const parsed = parseProsecutorCommand(text, { refFirst: true });
    expect(parsed).toMatchObject({ command: 'leads', decision: { unclear } });
    expect(parsed).not.toHaveProperty('decision.question');
  });

  it.each([
    ['不予受理 XS-2026-0001 不属于应当受理的范围', '不属于应当受理的范围'],
    ['不予受理 XS-2026-0001 理由：当事人表示再考虑整改方案', '当事人表示再考虑整改方案'],
    ['不予受理 XS-2026-0001 当事人陈述不对，已核实', '当事人陈述不对,已核实'],
    ['XS-2026-0009 这个受理一下', ''],
    ['XS-2026-0009 受理吧', ''],
  ])('holds 「%s」 to its decision, with its reason', (text, reason) => {
    const parsed = parseProsecutorCommand(text, { refFirst: true });
    expect(parsed).toMatchObject({ command: 'leads', decision: { reason } });
    expect(parsed).not.toHaveProperty('decision.unclear');
    expect(parsed).not.toHaveProperty('decision.question');
  });

  it('reads 可以受理吗 as a question about the lead', () => {
    expect(parseProsecutorCommand('XS-2026-0009 可以受理吗', { refFirst: true })).toMatchObject({ number: 'XS-2026-0009', decision: { action: 'accept', question: true } });
  });

  it.each([
    ['XS-12345', '12345'],
    ['XS-2026-1234567', null],
    ['XS-', null],
    ['编号XS 2026 7', 'XS-2026-0007'],
  ])('reads the lead number of 「%s」 as %s', (text, number) => {
    expect(leadNumberAt(text)?.number ?? null).toBe(number);
  });
});
