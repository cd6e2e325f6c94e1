import { describe, expect, it } from 'vitest';
import { formatImportReport, MAX_REPORT_BYTES, type ImportResult } from '../../../src/import/index.js';

const input = { caseNumber: '富林罚〔2024〕1号', party: '张某', facts: '占用林地' };
const accepted = (count: number): ImportResult['accepted'] =>
  Array.from({ length: count }, (_, index) => ({ rowNumber: index + 2, input }));
const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

describe('formatImportReport', () => {
  it('counts the rows, names every refused row with its reasons and the ignored columns', () => {
    const result: ImportResult = {
      accepted: accepted(97),
      refused: [
        { rowNumber: 19, reasons: ['缺少当事人'] },
        { rowNumber: 48, reasons: ['罚款“五千块钱左右”不是有效金额'] },
        { rowNumber: 84, reasons: ['案号与第13行重复', '缺少违法事实'] },
      ],
      unknownHeaders: ['备注', '联系电话'],
    };
    expect(formatImportReport(result, '2024年林业案件.xlsx')).toBe(
      [
        '《2024年林业案件.xlsx》共 100 行：已导入 97 件，3 行未导入：',
        '第 19 行：缺少当事人',
        '第 48 行：罚款“五千块钱左右”不是有效金额',
        '第 84 行：案号与第13行重复；缺少违法事实',
        '以下列未识别，已忽略：备注、联系电话',
        '请改正以上各行后，只发送这些行（已导入的不必重发）。',
      ].join('\n'),
    );
  });

  it('names the columns left out for a more specific one, by the column read instead', () => {
    const overriddenHeaders = [
      { header: '单位', readInstead: '当事人' },
      { header: '姓名', readInstead: '当事人' },
      { header: '编号', readInstead: '案号' },
    ];
    expect(formatImportReport({ accepted: accepted(3), refused: [], unknownHeaders: [], overriddenHeaders }, '简表.xlsx')).toBe(
      ['《简表.xlsx》共 3 行，已全部导入，共 3 件。', '未读取「单位」「姓名」列（已按「当事人」列读取）；未读取「编号」列（已按「案号」列读取）。'].join('\n'),
    );
  });

  it('names the worksheets read and skipped, and the worksheet of each refused row', () => {
    const result: ImportResult = {
      accepted: [{ sheet: '2026年1-6月', rowNumber: 2, input }, { sheet: '2026年7-12月', rowNumber: 2, input }],
      refused: [{ sheet: '2026年7-12月', rowNumber: 3, reasons: ['缺少当事人'] }],
      unknownHeaders: [],
      sheetsRead: ['2026年1-6月', '2026年7-12月'],
      skippedSheets: [{ name: '填表说明', reason: '没有案件表格' }],
    };
    expect(formatImportReport(result, '分季度.xlsx')).toBe(
      [
        '《分季度.xlsx》共 3 行：已导入 2 件，1 行未导入：',
        '「2026年7-12月」第 3 行：缺少当事人',
        '共读取 2 个工作表：「2026年1-6月」「2026年7-12月」。',
        '未读取的工作表：「填表说明」（没有案件表格）。',
        '请改正以上各行后，只发送这些行（已导入的不必重发）。',
      ].join('\n'),
    );
  });

  it('says so plainly when every row was imported, or none', () => {
    expect(formatImportReport({ accepted: accepted(5), refused: [], unknownHeaders: [] }, 'a.csv')).toBe('《a.csv》共 5 行，已全部导入，共 5 件。');
    const none = formatImportReport({ accepted: [], refused: [{ rowNumber: 2, reasons: ['缺少案号'] }], unknownHeaders: [] }, 'a.csv');
    expect(none.split('\n').slice(0, 2)).toEqual(['《a.csv》共 1 行，均未导入：', '第 2 行：缺少案号']);
  });

  it('lists at most 50 refused rows, then says how many more there are', () => {
    const refused = Array.from({ length: 60 }, (_, index) => ({ rowNumber: index + 2, reasons: ['缺少当事人'] }));
    const text = formatImportReport({ accepted: [], refused, unknownHeaders: [] }, 'a.xlsx');
    expect(text.match(/^第 \d+ 行/gm)).toHaveLength(50);
    expect(text).toContain('第 51 行：缺少当事人');
    expect(text).not.toContain('第 52 行');
    expect(text).toContain('另有 10 行未导入');
  });

  it('stays under 2000 bytes with 500 refused rows with long reasons, and counts the rows left out exactly', () => {
    const reasons = ['缺少当事人', '罚款“五千块钱左右，具体以缴款单为准”不是有效金额', '决定日期“2021年13月45日”不是有效日期'];
    const refused = Array.from({ length: 500 }, (_, index) => ({ rowNumber: index + 2, reasons }));
    const headers = Array.from({ length: 30 }, (_, index) => `自定义备注列${index}`.repeat(3));
    const text = formatImportReport({ accepted: accepted(10), refused, unknownHeaders: headers }, `${'很长的文件名'.repeat(30)}.xlsx`);
    expect(bytes(text)).toBeLessThanOrEqual(MAX_REPORT_BYTES);
    const listed = text.match(/^第 \d+ 行/gm) ?? [];
    expect(listed.length).toBeGreaterThan(5);
    expect(text).toContain(`另有 ${500 - listed.length} 行未导入`);
    expect(text).toContain('共 510 行');
    expect(text).toContain('等 30 列');
  });

  it('names each refused row when they fit, e.g. the 3 of the 100-row ledger', () => {
    const refused = [19, 48, 84].map((rowNumber) => ({ rowNumber, reasons: ['缺少当事人'] }));
    const text = formatImportReport({ accepted: accepted(97), refused, unknownHeaders: [] }, 'a.xlsx');
    for (const rowNumber of [19, 48, 84]) expect(text).toContain(`第 ${rowNumber} 行`);
    expect(bytes(text)).toBeLessThan(MAX_REPORT_BYTES);
  });

  it('says a sheet sent again was imported before, registering nothing twice, rather than listing its rows as errors', () => {
    expect(formatImportReport({ accepted: [], refused: [], unknownHeaders: [], alreadyImported: 97 }, 'a.xlsx')).toBe('《a.xlsx》共 97 行，此前均已导入，本次未重复登记。');
    expect(formatImportReport({ accepted: accepted(2), refused: [], unknownHeaders: [], alreadyImported: 5 }, 'a.xlsx')).toBe('《a.xlsx》共 7 行：已导入 2 件；5 行此前已导入，未重复登记。');
    const refused = [{ rowNumber: 19, reasons: ['缺少当事人'] }];
    expect(formatImportReport({ accepted: [], refused, unknownHeaders: [], alreadyImported: 97 }, 'a.xlsx')).toBe(
      ['《a.xlsx》共 98 行：97 行此前已导入，未重复登记；1 行未导入：', '第 19 行：缺少当事人', '请改正以上各行后，只发送这些行（已导入的不必重发）。'].join('\n'),
    );
  });

  it('offers the 更正 message for a registered case a corrected sheet says otherwise, and asks to fix only the other rows', () => {
    const refused: ImportResult['refused'] = [
      { rowNumber: 3, reasons: ['缺少当事人'] },
      { rowNumber: 5, reasons: ['案号已登记，这次的罚款、缴纳情况与已登记的不同，未更改'], registered: true, amendment: '更正 富林罚〔2025〕1号\n罚款：5000元\n缴纳情况：已缴纳' },
    ];
    expect(formatImportReport({ accepted: [], refused, unknownHeaders: [], alreadyImported: 3 }, 'a.csv')).toBe(
      [
        '《a.csv》共 5 行：3 行此前已导入，未重复登记；2 行未导入：',
        '第 3 行：缺少当事人',
        '第 5 行：案号已登记，这次的罚款、缴纳情况与已登记的不同，未更改',
        '除已登记的案件外，请改正以上各行后，只发送这些行（已导入的不必重发）。',
        '已登记的案件不会因表格而更改；如要更正，请发送「更正 <案号> <项目>：<新值>」，如第 5 行：',
        '更正 富林罚〔2025〕1号',
        '罚款：5000元',
        '缴纳情况：已缴纳',
      ].join('\n'),
    );
  });

  it('lists a row whose case was registered with other content, and points at 更正 instead of asking to fix the row', () => {
    const refused = [{ rowNumber: 5, reasons: ['案号已登记，这次的罚款与已登记的不同，未更改'], registered: true }];
    expect(formatImportReport({ accepted: [], refused, unknownHeaders: [], alreadyImported: 3 }, 'a.csv')).toBe(
      [
        '《a.csv》共 4 行：3 行此前已导入，未重复登记；1 行未导入：',
        '第 5 行：案号已登记，这次的罚款与已登记的不同，未更改',
        '已登记的案件不会因表格而更改；如要更正，请发送「更正 <案号> <项目>：<新值>」。',
      ].join('\n'),
    );
  });

  it('names last the rows whose case was corrected since, at most 5 of them, and stays under 2000 bytes', () => {
    const note = (row: number) => ({ rowNumber: row, notes: [`罚款已于 11-06 更正为 5,000 元，表格中仍为 50,000 元`] });
    expect(formatImportReport({ accepted: [], refused: [], unknownHeaders: [], alreadyImported: 4, outdated: [note(2)] }, '台账.csv')).toBe(
      [
        '《台账.csv》共 4 行，此前均已导入，本次未重复登记。',
        '此前已导入的行中，有 1 行的案件导入后已更正，表格中仍是更正前的内容；已登记的以更正后的为准，未更改（可同时改正表格）：',
        '第 2 行：罚款已于 11-06 更正为 5,000 元，表格中仍为 50,000 元',
      ].join('\n'),
    );
    const many = Array.from({ length: 40 }, (_, index) => note(index + 2));
    const refused = Array.from({ length: 60 }, (_, index) => ({ rowNumber: index + 100, reasons: ['违法事实'.repeat(40)] }));
    const text = formatImportReport({ accepted: [], refused, unknownHeaders: [], alreadyImported: 40, outdated: many }, '台账.csv');
    expect(Buffer.byteLength(text, 'utf8')).toBeLessThanOrEqual(MAX_REPORT_BYTES);
    expect(text.match(/^第 \d 行：罚款已于/gm)).toHaveLength(5);
    expect(text).toContain('另有 35 行同样如此，未逐一列出。');
  });
});
