import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../src/commands/index.js';
import { parseReportFields } from '../../../src/commands/report-fields.js';
import type { ReportCommand } from '../../../src/commands/types.js';

const report = (text: string) => parseCommand(text) as ReportCommand;

describe('word=value and word: inside a field (round 9, finding M4)', () => {
  it('keeps measured values written with = in the facts', () => {
    const cmd = report('上报\n案号：富林罚〔2024〕701号\n当事人：甲公司\n违法事实：超标排放污水 pH=3.2 氨氮=25mg/L\n罚款：5000元');
    expect(cmd.fields.facts).toBe('超标排放污水 pH=3.2 氨氮=25mg/L');
    expect([cmd.fields.fineYuan, cmd.unread]).toEqual([5000, []]);
  });

  it('keeps markup with an attribute in the party instead of cutting the name at it', () => {
    const cmd = report('上报\n案号：富林罚〔2024〕702号\n当事人：某木业公司 <font color="warning">已撤回</font>\n违法事实：滥伐林木');
    expect(cmd.fields.party).toBe('某木业公司 <font color="warning">已撤回</font>');
    expect([cmd.fields.facts, cmd.unread]).toEqual(['滥伐林木', []]);
  });

  it('keeps an unknown word with a colon inside a sentence as text of it, but ends the party at one (round 9b, S1)', () => {
    const parsed = parseReportFields('违法事实：超标排放污水 检测结果：COD 120mg/L\n当事人：某公司 法定代表人：张某');
    expect([parsed.fields.facts, parsed.fields.party, parsed.unread]).toEqual(['超标排放污水 检测结果：COD 120mg/L', '某公司', ['法定代表人：张某']]);
  });

  it('still takes a known label after = or a space, and lists an unknown one on its own line or after a figure', () => {
    const parsed = parseReportFields('违法事实：超标排放 罚款=5000元 联系人：李四\n电话：12345');
    expect([parsed.fields.facts, parsed.fields.fineYuan, parsed.unread]).toEqual(['超标排放', 5000, ['联系人：李四', '电话：12345']]);
  });
});

describe('two percentages offered as alternatives (round 9, finding m3)', () => {
  it('records neither figure of 60%还是70% and asks for a settled one', () => {
    for (const text of ['14号现在进度多少了？你报一下60%还是70%', '进度 14号 完成60%还是70%', '进度 14号 六成或七成']) {
      const cmd = parseCommand(text);
      expect(cmd.percent ?? null, text).toBeNull();
    }
    expect(parseCommand('进度 14号 完成60%还是70%').problems.map((p) => p.reason)).toEqual(['“60%还是70%”没有说定，请写明确定的完成比例']);
  });
});
