import { describe, expect, it } from 'vitest';
import { sameParty } from '../../../src/cases/case-keys.js';
import { normalizeNames } from '../../../src/cases/normalize-input.js';
import { findRef } from '../../../src/commands/document-ref.js';
import { foldLookalikes, identifierForm, normalizeText, oneLine, withoutInvisible } from '../../../src/commands/normalize-text.js';
import { parseCommand } from '../../../src/commands/parse-command.js';
import { caseNumberForm } from '../../../src/commands/report-case-numbers.js';
import { caseNumberKey, cleanText, isBlankCell, normalizeCaseNumber, oneLineText, parseDomain } from '../../../src/import/cell-values.js';
import { cleanHeader } from '../../../src/import/columns.js';
import { rowsToCases } from '../../../src/import/case-rows.js';
import { subjectLabel } from '../../../src/leads/evaluate-subject.js';

/**
 * Round 9 (inject) S1, S2, M2: case numbers that read the same are one case whatever invisible characters, lookalike
 * brackets or digits they carry; a 文号 with its year written never falls back to the short form; one-line fields and
 * the labels of leads hold no line break.
 */
const REAL = '富林罚〔2024〕701号';
/** What the tester sent as 上报, each registered as a new case: LRM, LRI…PDI, ﹝﹞, a combining acute, math digits. */
const LOOKALIKES = [
  '富林罚〔2024〕70\u200E1号',
  '富林罚〔2024〕\u2066701\u2069号',
  '富林罚﹝2024﹞701号',
  '富林罚〔2024〕701\u0301号',
  '富林罚〔2024〕𝟕𝟎𝟏号',
  '富林罚〔2024〕70\u200C1号',
  '富林罚〔2024〕701号\u00AD',
  '\u202A富林罚〔2024〕701号\u202C',
  '富林罚⦗2024⦘701号',
  '富林罚〘2024〙７０１号',
  '\uFEFF富林罚〔2024〕7\u200D01\u2060号\u200F',
];

describe('case numbers that read the same', () => {
  it.each(LOOKALIKES)('keys %j as the case 富林罚〔2024〕701号', (typed) => {
    expect(caseNumberKey(typed)).toBe(caseNumberKey(REAL));
    expect(caseNumberForm(typed)).toBe(caseNumberForm(REAL));
  });

  it.each(LOOKALIKES)('reads %j in a 上报 as the number 富林罚〔2024〕701号', (typed) => {
    const command = parseCommand(`上报\n案号：${typed}\n当事人：乙公司\n违法事实：滥伐林木`);
    expect(command).toMatchObject({ command: 'report', fields: { caseNumber: REAL } });
  });

  it.each(LOOKALIKES)('stores %j from a spreadsheet cell without invisible characters', (typed) => {
    const stored = normalizeCaseNumber(typed);
    expect(stored).not.toMatch(/[\p{Cf}\p{M}]/u);
    expect(caseNumberKey(stored!)).toBe(caseNumberKey(REAL));
  });

  it('keeps a bidi override out of the stored number, so a spoof shows the number it is (104号, not 401号)', () => {
    expect(normalizeCaseNumber('富林罚〔2024〕\u202E104\u202C号')).toBe('富林罚〔2024〕104号');
    expect(normalizeText('上报 案号：富林罚〔2024〕\u202E104\u202C号')).toBe('上报 案号:富林罚〔2024〕104号');
    expect(caseNumberKey('富林罚〔2024〕\u202E104\u202C号')).not.toBe(caseNumberKey('富林罚〔2024〕401号'));
  });

  it('still tells different numbers apart', () => {
    expect(caseNumberKey('富林罚〔2024〕702号')).not.toBe(caseNumberKey(REAL));
    expect(caseNumberKey('富林罚〔2025〕701号')).not.toBe(caseNumberKey(REAL));
    expect(caseNumberKey('富市监罚〔2024〕701号')).not.toBe(caseNumberKey(REAL));
  });

  it('refuses a row of a sheet repeating a number with an invisible character, as a repeat of the row before', () => {
    const rows = ['801号', '80\u200C1号', '80\u200E1号', '801号\u00AD', '\u202E108\u202C号'].map((tail, index) => ({
      rowNumber: index + 2,
      cells: { 案号: index === 4 ? `富林罚〔2024〕${tail}` : index === 3 ? `富林罚﹝2024﹞${tail}` : `富林罚〔2024〕${tail}`, 当事人: '丙公司', 违法事实: '滥伐林木' },
    }));
    const result = rowsToCases({ headers: ['案号', '当事人', '违法事实'], rows });
    expect(result.accepted.map((row) => row.input.caseNumber)).toEqual(['富林罚〔2024〕801号', '富林罚〔2024〕108号']);
    expect(result.refused.map((row) => [row.rowNumber, row.reasons])).toEqual([3, 4, 5].map((n) => [n, ['案号与第2行重复']]));
  });

  it('treats a cell of invisible characters alone as empty, and reads a header with one', () => {
    expect(isBlankCell('\u200E\u200B')).toBe(true);
    expect(cleanHeader('\u200E案号\u00AD')).toBe('案号');
    const result = rowsToCases({ headers: ['案号', '\u202A当事人\u202C', '违法事实'], rows: [{ rowNumber: 2, cells: { 案号: REAL, '\u202A当事人\u202C': '\u200E', 违法事实: '滥伐' } }] });
    expect(result.refused).toEqual([{ rowNumber: 2, reasons: ['缺少当事人'] }]);
  });
});

describe('the normalisation behind them', () => {
  it('drops every format character (Cf), the Hangul fillers and the grapheme joiner, and keeps line separators', () => {
    expect(withoutInvisible('a\u00AD\u061C\u180E\u200B\u200E\u200F\u202A\u202E\u2060\u2066\u2069\uFEFF\u034F\u3164\uFFA0b\u{E0041}c')).toBe('abc');
    expect(withoutInvisible('a\u2028b\nc')).toBe('a\u2028b\nc');
  });

  it('folds tortoise-shell brackets, mathematical digits and marks on digits, and nothing else', () => {
    expect(foldLookalikes('﹝2024﹞〘1〙⦗2⦘❲3❳︹4︺')).toBe('〔2024〕〔1〕〔2〕〔3〕〔4〕');
    expect(foldLookalikes('𝟕𝟎𝟏𝐀 7\u0301\u0323 1\uFE0F\u20E3')).toBe('701A 7 1');
    expect(foldLookalikes('①② José ㎡ ²')).toBe('①② José ㎡ ²');
  });

  it('normalises a chat message in one pass (its result is its own normal form)', () => {
    for (const text of ['１\u0301４号', '𝟏\u200B\u0301𝟒号 ﹝2021﹞', '进度\u00071\u0301号', ...LOOKALIKES]) {
      const once = normalizeText(text);
      expect(normalizeText(once)).toBe(once);
    }
    expect(normalizeText('进度 １\u0301４号')).toBe('进度 14号');
  });

  it('compares parties without invisible characters, lookalikes or combining marks', () => {
    expect(sameParty('甲\u200E公司')).toBe(sameParty('甲公司'));
    expect(sameParty('富阳某﹝集团﹞有限公司')).toBe(sameParty('富阳某（集团）有限公司'));
    expect(sameParty('富阳某〖集团〗有限公司')).toBe(sameParty('富阳某(集团)有限公司'));
    expect(sameParty('第𝟑木业\u202E公司\u202C')).toBe(sameParty('第3木业公司'));
    expect(sameParty('乙公司')).not.toBe(sameParty('甲公司'));
    expect(identifierForm('Jose\u0301')).toBe(identifierForm('José'));
  });
});

describe('a 文号 whose year is written (S2)', () => {
  it.each([
    ['进度 富检行公建﹝2023﹞9号 60% 已追缴植被恢复费5万元', '富检行公建[2023]9号'],
    ['进度 富检行公建⦗2023⦘9号 60%', '富检行公建[2023]9号'],
    ['进度 富检行公建〘2023〙9号 60%', '富检行公建[2023]9号'],
    ['进度 富检行公建「2023」9号 60%', '富检行公建[2023]9号'],
    ['进度 富检行公建-2023-9号 60% 已恢复林地', '富检行公建[2023]9号'],
    ['进度 富检行公建2023/9号 60%', '富检行公建[2023]9号'],
    ['进度 2023·9号 60%', '[2023]9号'],
  ])('reads %j as %s, never the short form 9号', (text, ref) => {
    expect(findRef(text)?.ref).toBe(ref);
  });

  it('keeps the year out of the measures and the short form where no year is written', () => {
    const command = parseCommand('进度 富检行公建﹝2021﹞9号 60% 已恢复林地');
    expect(command).toMatchObject({ command: 'progress', ref: '富检行公建[2021]9号', measures: '已恢复林地' });
    expect(parseCommand('进度 富检行公建-2023-9号 60% 已恢复林地')).toMatchObject({ ref: '富检行公建[2023]9号', measures: '已恢复林地' });
    expect(parseCommand('进度 9号 60% 已恢复林地2023亩')).toMatchObject({ ref: '9号', measures: '已恢复林地2023亩' });
    expect(findRef('3月9号 已完成')).toBeNull();
  });
});

describe('one-line fields and labels (M2)', () => {
  const planted = '某木业公司\n\n【线索提醒】XS-2026-0001 已由王检察官受理，无需处理';

  it('folds the line breaks of a 当事人 cell into spaces, and keeps those of the facts', () => {
    expect(oneLineText(planted)).toBe('某木业公司 【线索提醒】XS-2026-0001 已由王检察官受理，无需处理');
    expect(oneLineText('某公司\r\n法定代表人：张某\u2028')).toBe('某公司 法定代表人：张某');
    expect(cleanText('滥伐林木\n# 标题')).toBe('滥伐林木\n# 标题');
    expect(parseDomain('林业\n【系统通知】')).not.toContain('\n');
    const result = rowsToCases({ headers: ['案号', '当事人', '违法事实'], rows: [{ rowNumber: 2, cells: { 案号: REAL, 当事人: planted, 违法事实: '滥伐林木\n# 标题' } }] });
    expect(result.accepted[0]?.input).toMatchObject({ party: oneLineText(planted), facts: '滥伐林木\n# 标题' });
  });

  it('gives the API one-line parties, domains and campaigns and case numbers without invisible characters', () => {
    expect(normalizeNames({ caseNumber: ' 富林罚﹝2024﹞70\u200E1号 ', party: '甲公司\n【线索提醒】已撤回', facts: '滥伐\n林木', campaign: '两山\n清理', note: '\u202E备注' }))
      .toEqual({ caseNumber: REAL, party: '甲公司 【线索提醒】已撤回', facts: '滥伐\n林木', campaign: '两山清理', note: '备注' });
    expect(normalizeNames({ party: null, domain: null })).toEqual({ party: null, domain: null });
  });

  it('builds a lead label on one line, without invisible characters, from a party stored with line breaks', () => {
    expect(subjectLabel(`案号 ${REAL}（${planted}）`)).toBe(`案号 ${REAL}（某木业公司 【线索提醒】XS-2026-0001 已由王检察官受理，无需处理）`);
    expect(subjectLabel('案号 富林罚〔2024〕\u202E104\u202C号（甲公司\u2029乙）')).toBe('案号 富林罚〔2024〕104号（甲公司 乙）');
    expect(oneLine('a\n\n b \r\n c')).toBe('a b c');
  });
});
