import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../src/commands/index.js';
import type { AmendCommand } from '../../../src/commands/types.js';

const amend = (text: string) => parseCommand(text) as AmendCommand;

describe('更正: a correction of a reported case', () => {
  it('reads the case number first and the labelled fields after it', () => {
    const cmd = amend('更正 富林罚〔2024〕3号\n罚款：5000元\n当事人：李某');
    expect(cmd.command).toBe('amend');
    expect(cmd.caseNumber).toBe('富林罚〔2024〕3号');
    expect(cmd.fields).toEqual({ fineYuan: 5000, party: '李某' });
    expect(cmd.missing).toEqual([]);
  });

  it('reads a field with a verb: 改为, 由…改为, 应为, 把…更正为', () => {
    expect(amend('修改 富林罚(2024)3号 罚款由5万元改为5000元，当事人应为李某').fields).toEqual({ fineYuan: 5000, party: '李某' });
    expect(amend('更正案件 富林罚〔2024〕3号 把面积更正为2亩').fields).toEqual({ areaMu: 2 });
  });

  it('takes 案号 or 新案号 after the case as its new number, and a leading 案号 label as the case', () => {
    const cmd = amend('更正 案号：富林罚〔2024〕3号 新案号：富林罚〔2024〕30号');
    expect([cmd.caseNumber, cmd.fields.caseNumber]).toEqual(['富林罚〔2024〕3号', '富林罚〔2024〕30号']);
    expect(amend('更正 富林罚〔2024〕3号 案号改为富林罚〔2024〕31号').fields.caseNumber).toBe('富林罚〔2024〕31号');
  });

  it('clears a field written as 无, and reads payment and 专项', () => {
    const cmd = amend('更正案件 富林罚〔2024〕3号\n面积：无\n缴纳情况：已缴纳\n专项：打击毁林专项行动');
    expect(cmd.cleared).toEqual(['areaMu']);
    expect(cmd.extras.payment?.paid).toBe(true);
    expect(cmd.fields).toEqual({ campaign: '打击毁林' });
  });

  it('reads 结案 and 备注 as corrections of their own', () => {
    const closed = amend('更正 富林罚〔2026〕401号 是否结案：是');
    expect([closed.command, closed.extras.status, closed.missing]).toEqual(['amend', 'closed', []]);
    expect(amend('更正 富林罚〔2026〕401号 结案情况改为未结案').extras.status).toBe('open');
    const noted = amend('更正 富林罚〔2026〕401号 备注：已复查');
    expect([noted.command, noted.extras.note]).toEqual(['amend', '已复查']);
    // 结案 cannot be cleared: a case is open or closed.
    const cleared = amend('更正 富林罚〔2026〕401号 是否结案：无');
    expect([cleared.cleared, cleared.problems[0]?.reason]).toEqual([[], expect.stringContaining('结案情况没有看懂')]);
  });

  it('accepts a case number of any form when a field follows, and one glued field', () => {
    const cmd = amend('更正 2024-林-003 罚款5000元');
    expect([cmd.command, cmd.caseNumber, cmd.fields.fineYuan]).toEqual(['amend', '2024-林-003', 5000]);
  });

  it('asks for what is missing with an example, and says what cannot be read', () => {
    expect(amend('更正案件').missing).toEqual(['case', 'changes']);
    expect(amend('更正案件').hint).toContain('更正 富林罚〔2021〕3号 罚款：5000元');
    expect(amend('更正案件 富林罚〔2024〕3号').missing).toEqual(['changes']);
    const twoFines = amend('更正 富林罚〔2024〕3号 罚款5000元，不是50000元');
    expect([twoFines.command, twoFines.problems[0]?.reason]).toEqual(['amend', expect.stringContaining('罚款写了2个金额')]);
  });

  it('leaves a progress correction (更正 14号 35%) pointed at 撤回, and 上报 a report', () => {
    const progress = parseCommand('更正 14号 35%');
    expect([progress.command, progress.command === 'unknown' && progress.suggested]).toEqual(['unknown', 'undo']);
    expect(progress.hint).toContain('更正 <案号>');
    expect(parseCommand('14号 更正为35%').command).toBe('unknown');
    expect(parseCommand('纠正违规合同12份 14号').command).not.toBe('amend');
    expect(parseCommand('上报\n案号：富林罚〔2024〕3号\n当事人：张某\n违法事实：滥伐\n专项：打击毁林专项行动').command === 'report'
      && (parseCommand('上报\n案号：富林罚〔2024〕3号\n当事人：张某\n违法事实：滥伐\n专项：打击毁林专项行动') as { fields: { campaign?: string } }).fields.campaign).toBe('打击毁林');
  });
});
