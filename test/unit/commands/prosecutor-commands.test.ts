import { describe, expect, it } from 'vitest';
import { parseProsecutorCommand } from '../../../src/commands/prosecutor-commands.js';

describe('parseProsecutorCommand', () => {
  it.each([
    ['线索', { command: 'leads', number: null }],
    ['查看线索', { command: 'leads', number: null }],
    ['线索 XS-2026-0007', { command: 'leads', number: 'XS-2026-0007' }],
    ['线索 xs20267', { command: 'leads', number: 'XS-2026-0007' }],
    ['线索：７', { command: 'leads', number: '7' }],
    ['线索 第12号', { command: 'leads', number: '12' }],
    ['统计', { command: 'stats' }],
    ['数据统计', { command: 'stats' }],
    ['验收 富检行公建〔2021〕14号', { command: 'review', action: 'accept', ref: '富检行公建[2021]14号', note: '' }],
    ['验收通过14号 现场核实到位', { command: 'review', action: 'accept', ref: '14号', note: '现场核实到位' }],
    ['退回 14号 补植成活率不足', { command: 'review', action: 'send_back', ref: '14号', note: '补植成活率不足' }],
    ['退回整改：富检行公建(2021)14号，没有现场照片', { command: 'review', action: 'send_back', ref: '富检行公建[2021]14号', note: '没有现场照片' }],
    ['驳回 照片不清楚 14号', { command: 'review', action: 'send_back', ref: '14号', note: '照片不清楚' }],
    ['验收', { command: 'review', action: 'accept', ref: null, note: '' }],
    ['通过验收 14号', { command: 'review', action: 'accept', ref: '14号', note: '' }],
    ['看看统计', { command: 'stats' }],
    ['统计一下', { command: 'stats' }],
    ['线索有哪些', { command: 'leads', number: null }],
    // A refusal that starts with 验收 sends the rectification back; it must never be read as an acceptance.
    ['验收不通过 14号 照片不清楚', { command: 'review', action: 'send_back', ref: '14号', note: '照片不清楚' }],
    ['验收未通过14号', { command: 'review', action: 'send_back', ref: '14号', note: '' }],
    ['不予验收 14号，补植成活率不足', { command: 'review', action: 'send_back', ref: '14号', note: '补植成活率不足' }],
    ['验收 14号 不合格，退回', { command: 'review', action: 'send_back', ref: '14号', note: '不合格,退回' }],
    ['驗收不通過 14號 照片不清楚', { command: 'review', action: 'send_back', ref: '14号', note: '照片不清楚' }],
    ['統計', { command: 'stats' }],
    ['帮我看看有哪些线索', { command: 'leads', number: null }],
    ['有没有新线索？', { command: 'leads', number: null }],
    ['本月统计', { command: 'stats', period: 'this_month' }],
    ['这个月的统计', { command: 'stats', period: 'this_month' }],
    ['上个月统计', { command: 'stats', period: 'last_month' }],
    ['今年统计', { command: 'stats', period: 'this_year' }],
  ])('reads 「%s」', (text, expected) => {
    expect(parseProsecutorCommand(text)).toMatchObject(expected);
  });

  it.each([
    ['14号 验收通过', { command: 'review', action: 'accept', ref: '14号', note: '' }],
    ['富检行公建〔2021〕14号 验收 现场核实到位', { command: 'review', action: 'accept', ref: '富检行公建[2021]14号', note: '现场核实到位' }],
    ['14号 退回 照片不清楚', { command: 'review', action: 'send_back', ref: '14号', note: '照片不清楚' }],
    ['14号不通过，整改不到位', { command: 'review', action: 'send_back', ref: '14号', note: '整改不到位' }],
  ])('reads 「%s」 with the reference first, for prosecutors only', (text, expected) => {
    expect(parseProsecutorCommand(text, { refFirst: true })).toMatchObject(expected);
    // From agency staff the same words report the agency's own acceptance check: the staff grammar reads them.
    expect(parseProsecutorCommand(text)).toBeNull();
  });

  // Accepting closes the rectification: any refusal sends back, and anything short of a plain yes records nothing.
  it.each([
    ['验收 14号 不能通过，照片不全', 'send_back'],
    ['验收 14号 不行', 'send_back'],
    ['验收 14号 无法通过', 'send_back'],
    ['验收 14号 拒绝', 'send_back'],
    ['验收 14号 尚未完成', 'send_back'],
    ['验收 14号 未完成整改', 'send_back'],
    ['验收 14号 整改不彻底', 'send_back'],
    ['验收 14号 存在问题需整改', 'send_back'],
    ['验收 14号 请补充证据后再报', 'send_back'],
    ['不同意验收 14号 合同解除材料不全', 'send_back'],
    ['不验收 14号 材料不全', 'send_back'],
    ['9号验收通过了吗？', 'unclear'],
    ['验收通过？14号', 'unclear'],
    ['验收 14号 是否到位', 'unclear'],
    ['暂不验收 14号', 'unclear'],
    ['验收 14号 基本到位，但照片少', 'unclear'],
    ['验收 14号 未见现场照片', 'unclear'],
    ['验收 9号 14号', 'unclear'],
    ['14号验收情况怎样', 'unclear'],
    ['14号验收情况', 'unclear'],
    ['验收 14号 结果如何', 'unclear'],
    ['验收 富检行公建〔2022〕14号 合同解除文书请补交', 'send_back'],
    ['验收 14号 待回头看时再定', 'unclear'],
    // Evidence still to come is no acceptance, nor a refusal of the work: asked about.
    ['验收 富检行公建〔2021〕14号 通过，照片后补', 'unclear'],
    ['验收 14号 通过 材料后补', 'unclear'],
    ['14号 照片后补交 验收通过', 'unclear'],
    ['验收 14号 照片稍后发', 'unclear'],
  ])('never reads 「%s」 as an acceptance (%s)', (text, action) => {
    const cmd = parseProsecutorCommand(text, { refFirst: true });
    expect(cmd).toMatchObject({ command: 'review', action });
  });

  it.each(['验收 14号 整改后提交的材料齐全', '验收 14号 现场核实到位', '验收 14号 没有问题', '14号 验收通过，无异议', '验收通过 富检行公建〔2021〕14号',
    '验收 14号 非法占地已全部复绿', '验收 14号 请安排回头看', '验收通过 14号 无违建残留', '验收 14号 整改这么到位'])('accepts the plain yes 「%s」', (text) => {
    expect(parseProsecutorCommand(text, { refFirst: true })).toMatchObject({ command: 'review', action: 'accept' });
  });

  it.each(['退回 14号 为什么照片这么少，请补充', '退回 14号 请说明哪些点位未整改'])('sends back 「%s」 though its reason asks', (text) => {
    expect(parseProsecutorCommand(text, { refFirst: true })).toMatchObject({ command: 'review', action: 'send_back' });
  });

  it('says why an acceptance was not taken', () => {
    expect(parseProsecutorCommand('验收 9号 14号')).toMatchObject({ unclear: 'two_refs', ref: '9号', otherRef: '14号' });
    expect(parseProsecutorCommand('暂不验收 14号')).toMatchObject({ unclear: 'deferred', ref: '14号' });
    expect(parseProsecutorCommand('验收 14号 基本到位，但照片少')).toMatchObject({ unclear: 'doubt' });
    expect(parseProsecutorCommand('验收 14号 通过，照片后补')).toMatchObject({ unclear: 'evidence_to_come', note: '通过,照片后补' });
    expect(parseProsecutorCommand('验收 14号 不通过，照片后补交再验收')).toMatchObject({ action: 'send_back' });
    expect(parseProsecutorCommand('9号验收通过了吗？', { refFirst: true })).toMatchObject({ unclear: 'question', ref: '9号' });
  });

  it.each(['进度 14号 60%', '进度 14号 已验收', '线索很多吗', '统计一下林地面积', '本月统计林地面积', ''])('leaves 「%s」 to the staff grammar', (text) => {
    expect(parseProsecutorCommand(text)).toBeNull();
  });

  it('takes no decision put off until a check (等再核实一下), nor an acceptance put off (通过吧 我再想想); 无需后补 is no evidence owed', () => {
    expect(parseProsecutorCommand('不予受理 XS-2026-0001 等再核实一下', { refFirst: false })).toMatchObject({ decision: { unclear: 'deferred' } });
    expect(parseProsecutorCommand('不予受理 XS-2026-0001 经再次核实，不属于受理范围', { refFirst: false })).not.toMatchObject({ decision: { unclear: expect.anything() } });
    expect(parseProsecutorCommand('受理 XS-2026-0001 先核实一下', { refFirst: false })).not.toMatchObject({ decision: { unclear: expect.anything() } });
    expect(parseProsecutorCommand('验收 14号 通过吧 我再想想', { refFirst: false })).toMatchObject({ action: 'unclear' });
    expect(parseProsecutorCommand('验收 14号 通过，材料齐全，无需后补', { refFirst: false })).toMatchObject({ action: 'accept' });
  });
});
