import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readSheet, readWorkbook, SheetError } from '../../../src/import/index.js';
import { cellText } from '../../../src/import/read-xlsx.js';
import { xlsxOf } from './sheet-helpers.js';

const fixture = (name: string): Buffer => readFileSync(new URL(`../../fixtures/${name}`, import.meta.url));

describe('readSheet on the 100-row ledger', () => {
  it('reads the header of row 1 and 100 data rows numbered 2 to 101', async () => {
    const sheet = await readSheet(fixture('cases-100.xlsx'), '2024年林业案件.xlsx');
    expect(sheet.headers).toContain('案号');
    expect(sheet.headers).toContain('罚款（元）');
    expect(sheet.rows).toHaveLength(100);
    expect(sheet.rows[0]?.rowNumber).toBe(2);
    expect(sheet.rows.at(-1)?.rowNumber).toBe(101);
  });

  it('reads rich text as plain text, date cells as YYYY-MM-DD and a formula as its result', async () => {
    const sheet = await readSheet(fixture('cases-100.xlsx'), 'cases.xlsx');
    const row7 = sheet.rows.find((row) => row.rowNumber === 7)?.cells;
    expect(row7?.['当事人']).toBe('富阳区某某木业有限公司');
    expect(row7?.['决定日期']).toMatch(/^2024-\d{2}-\d{2}$/);
    // Row 6 holds its fine as a formula; its cached result is what the decision text states.
    const row6 = sheet.rows.find((row) => row.rowNumber === 6)?.cells;
    expect(row6?.['罚款（元）']).toMatch(/^\d+$/);
    expect(row6?.['处罚决定']).toContain(`处罚款${row6?.['罚款（元）']}元`);
  });
});

describe('readSheet on .xlsx cells', () => {
  it('turns every kind of cell value into the text a person reads', async () => {
    const bytes = await xlsxOf([
      ['案号', '当事人', '违法事实', '罚款', '决定日期', '是否缴纳', '备注'],
      [
        '富林罚〔2024〕1号',
        { richText: [{ text: '张' }, { text: '某', font: { bold: true } }] },
        { text: '占用林地', hyperlink: 'https://example.org/1' },
        { formula: 'A1*2', result: 0.1 + 0.2 },
        new Date(Date.UTC(2024, 2, 4)),
        true,
        { error: '#N/A' },
      ],
    ]);
    const sheet = await readSheet(bytes, 'a.XLSX');
    expect(sheet.rows).toEqual([
      {
        rowNumber: 2,
        cells: { 案号: '富林罚〔2024〕1号', 当事人: '张某', 违法事实: '占用林地', 罚款: '0.3', 决定日期: '2024-03-04', 是否缴纳: '是', 备注: '' },
      },
    ]);
  });

  it('formats numbers as Excel displays them', () => {
    expect(cellText(5000)).toBe('5000');
    expect(cellText(1234.5)).toBe('1234.5');
    expect(cellText(null)).toBe('');
    expect(cellText({ sharedFormula: 'A1', result: 'x' })).toBe('x');
    expect(cellText(false)).toBe('否');
  });

  it('skips a title line above the header and keeps Excel row numbers, dropping blank rows', async () => {
    const bytes = await xlsxOf([
      ['2024年林业行政处罚案件台账'],
      ['填报单位：富阳区林业局'],
      ['*案号', '当事人\n（单位）', '违法事实', '罚款（万元）', '日期', '日期'],
      ['富林罚〔2024〕1号', '张某', '占用林地', 0.5, '2024-03-04', '2024-03-05'],
      [],
      ['富林罚〔2024〕2号', '李某', '滥伐林木', 1, '', ''],
    ]);
    const sheet = await readSheet(bytes, 'ledger.xlsx');
    expect(sheet.headers).toEqual(['*案号', '当事人 （单位）', '违法事实', '罚款（万元）', '日期', '日期(2)']);
    expect(sheet.rows.map((row) => row.rowNumber)).toEqual([4, 6]);
    expect(sheet.rows[0]?.cells['日期(2)']).toBe('2024-03-05');
  });

  it('reads the first visible worksheet, not a hidden list of drop-down values', async () => {
    const bytes = await xlsxOf([['案号', '当事人', '违法事实'], ['1号', '张某', '占用林地']], (workbook) => {
      const hidden = workbook.addWorksheet('下拉选项');
      hidden.state = 'hidden';
      hidden.addRow(['处罚', '许可']);
    });
    expect((await readSheet(bytes, 'a.xlsx')).rows[0]?.cells['当事人']).toBe('张某');
  });
});

describe('readSheet on a two-row header', () => {
  it('reads the ledger fixture by its sub-headers under the merged 罚款情况, with data from row 5', async () => {
    const sheet = await readSheet(fixture('ledger-two-row-header.xlsx'), '台账.xlsx');
    expect(sheet.headers).toEqual(['序号', '处罚决定书文号', '当事人', '违法事实', '法律依据', '立案日期', '决定日期', '罚款金额（元）', '是否缴纳', '涉案面积（亩）', '备注']);
    expect(sheet.rows.map((row) => row.rowNumber)).toEqual([5, 6, 7]);
    expect(sheet.rows[2]?.cells).toMatchObject({ 处罚决定书文号: '富林罚〔2026〕107号', '罚款金额（元）': '100000', 是否缴纳: '否', '涉案面积（亩）': '3' });
  });

  it('reads a merged group title that is itself a label (处罚) by the labels under it', async () => {
    const bytes = await xlsxOf(
      [
        ['案号', '当事人', '违法事实', '处罚', '', ''],
        ['', '', '', '罚款', '是否缴纳', '决定日期'],
        ['1号', '张某', '占用林地', '5000', '否', '2026-03-01'],
      ],
      undefined,
      ['D1:F1', 'A1:A2', 'B1:B2', 'C1:C2'],
    );
    const sheet = await readSheet(bytes, 'a.xlsx');
    expect(sheet.headers).toEqual(['案号', '当事人', '违法事实', '罚款', '是否缴纳', '决定日期']);
    expect(sheet.rows).toEqual([{ rowNumber: 3, cells: { 案号: '1号', 当事人: '张某', 违法事实: '占用林地', 罚款: '5000', 是否缴纳: '否', 决定日期: '2026-03-01' } }]);
  });

  it('reads a CSV of a two-row header: blank cells beside the group title, labels under it, and a label only in the upper row', async () => {
    const sheet = await readSheet(
      Buffer.from('序号,案号,当事人,违法事实,罚款情况,,,决定日期\n,,,,罚款金额（元）,是否缴纳,缴款日期,\n1,1号,张某,占用林地,5000,是,2026-04-01,2026-03-01\n'),
      'a.csv',
    );
    expect(sheet.headers).toEqual(['序号', '案号', '当事人', '违法事实', '罚款金额（元）', '是否缴纳', '缴款日期', '决定日期']);
    expect(sheet.rows.map((row) => [row.rowNumber, row.cells['罚款金额（元）'], row.cells['决定日期']])).toEqual([[3, '5000', '2026-03-01']]);
  });

  it('joins a group row above the header: 案件信息 over 案号、当事人、违法事实, 决定日期 merged down', async () => {
    const sheet = await readSheet(Buffer.from('序号,案件信息,,,决定日期\n,案号,当事人,违法事实,\n1,1号,张某,占用林地,2026-03-01\n'), 'a.csv');
    expect(sheet.headers).toEqual(['序号', '案号', '当事人', '违法事实', '决定日期']);
    expect(sheet.rows[0]?.cells['决定日期']).toBe('2026-03-01');
  });

  it('takes a first case whose cells happen to be labels for a case, not for sub-headers', async () => {
    const sheet = await readSheet(Buffer.from('案号,当事人,违法事实,案件类型\n,,,处罚\n2号,李某,滥伐林木,处罚\n'), 'a.csv');
    expect(sheet.rows.map((row) => row.rowNumber)).toEqual([2, 3]);
  });
});

describe('readWorkbook on several worksheets', () => {
  it('reads every visible worksheet with a case header, naming none of the hidden or empty ones', async () => {
    const { tables, skippedSheets } = await readWorkbook(fixture('ledger-by-half-year.xlsx'), '分季度.xlsx');
    expect(tables.map((table) => [table.sheet, table.rows.map((row) => row.cells['案号'])])).toEqual([
      ['2026年1-6月', ['富林罚〔2026〕701号', '富林罚〔2026〕702号']],
      ['2026年7-12月', ['富林罚〔2026〕703号', '富林罚〔2026〕704号']],
    ]);
    expect(skippedSheets).toEqual([]);
  });

  it('reads the case table behind a 填表说明 page and names the page as skipped', async () => {
    const { tables, skippedSheets } = await readWorkbook(fixture('ledger-with-cover.xlsx'), '11月案件报送.xlsx');
    expect(tables.map((table) => [table.sheet, table.rows.length])).toEqual([['11月案件', 2]]);
    expect(skippedSheets).toEqual([{ name: '填表说明', reason: '没有案件表格' }]);
    expect((await readSheet(fixture('ledger-with-cover.xlsx'), 'a.xlsx')).rows[0]?.cells['当事人']).toBe('周某');
  });

  it('names a worksheet whose header lacks a required column, and reads the others', async () => {
    const bytes = await xlsxOf([['案号', '当事人', '违法事实'], ['1号', '张某', '占用林地']], (workbook) => {
      workbook.addWorksheet('补充').addRow(['案号', '违法事实', '罚款']);
      workbook.getWorksheet('补充')!.addRow(['2号', '滥伐林木', 5000]);
    });
    const { tables, skippedSheets } = await readWorkbook(bytes, 'a.xlsx');
    expect(tables.map((table) => table.sheet)).toEqual(['案件']);
    expect(skippedSheets).toEqual([{ name: '补充', reason: '表头缺少必填列：当事人' }]);
  });

  it('tells the first worksheet\'s problem when no worksheet has a table to import', async () => {
    const bytes = await xlsxOf([['填表说明'], ['每个案件一行']], (workbook) => workbook.addWorksheet('空表'));
    expect((await refusal(bytes, 'a.xlsx')).code).toBe('no_header');
  });

  it('counts the rows of every worksheet against the limit', async () => {
    expect((await refusal(fixture('ledger-by-half-year.xlsx'), 'a.xlsx', { maxRows: 3 })).replyText).toContain('表格有 4 行案件');
  });
});

describe('readSheet on .csv', () => {
  it('reads the small CSV fixture with its BOM, quoted commas and line breaks', async () => {
    const sheet = await readSheet(fixture('cases-small.csv'), 'cases-small.csv');
    expect(sheet.headers[0]).toBe('案号');
    expect(sheet.rows.map((row) => row.rowNumber)).toEqual([2, 3, 4, 6, 7]);
    expect(sheet.rows[0]?.cells['违法事实']).toBe('非法占用林地3亩，修建简易房屋,用于堆放杂物');
    expect(sheet.rows[3]?.cells['违法事实']).toBe('擅自开垦林地种植"茶叶"2亩');
  });
});

async function refusal(bytes: Buffer, filename: string, options = {}): Promise<SheetError> {
  const error: unknown = await readSheet(bytes, filename, options).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(SheetError);
  // Checked by the line above; the cast only tells the compiler.
  return error as SheetError;
}

describe('readSheet refusals', () => {
  it('refuses a Word document, saying only .xlsx or CSV can be imported', async () => {
    const error = await refusal(Buffer.from('PK fake doc'), '情况说明.doc');
    expect(error.code).toBe('unsupported_type');
    expect(error.replyText).toContain('.doc');
    expect(error.replyText).toContain('.xlsx');
  });

  it('asks for an old .xls file to be saved as .xlsx', async () => {
    const error = await refusal(Buffer.from('x'), '台账.xls');
    expect(error.replyText).toContain('另存为');
  });

  it('refuses a file over the size limit before reading it', async () => {
    const error = await refusal(Buffer.alloc(6 * 1024 * 1024), 'big.csv');
    expect(error.code).toBe('too_large');
    expect(error.replyText).toContain('5MB');
  });

  it('refuses bytes that are not an .xlsx workbook', async () => {
    expect((await refusal(Buffer.from('not a zip'), 'a.xlsx')).code).toBe('unreadable');
  });

  it('refuses an empty sheet, in .xlsx and in .csv', async () => {
    expect((await refusal(await xlsxOf([]), 'empty.xlsx')).code).toBe('empty');
    expect((await refusal(Buffer.from('\uFEFF\r\n,,\r\n'), 'empty.csv')).replyText).toContain('表格是空的');
  });

  it('refuses a sheet whose headers name no case fields, listing labels to use', async () => {
    const bytes = await xlsxOf([['姓名拼音', '联系电话', '住址'], ['zhang', '138', '某村']]);
    const error = await refusal(bytes, 'contacts.xlsx');
    expect(error.code).toBe('no_header');
    expect(error.replyText).toContain('案号、当事人、违法事实');
  });

  it('refuses a header without a required column, naming it', async () => {
    const error = await refusal(Buffer.from('案号,违法事实,罚款\n1号,占用林地,5000'), 'a.csv');
    expect(error.code).toBe('missing_columns');
    expect(error.replyText).toContain('当事人');
  });

  it('refuses a sheet with a header and no cases', async () => {
    expect((await refusal(Buffer.from('案号,当事人,违法事实\n'), 'a.csv')).code).toBe('no_rows');
  });

  it('refuses more than 5000 rows and honours a lower limit', async () => {
    const lines = ['案号,当事人,违法事实', ...Array.from({ length: 5001 }, (_, index) => `${index + 1}号,张某,占用林地`)];
    const error = await refusal(Buffer.from(lines.join('\n')), 'many.csv');
    expect(error.code).toBe('too_many_rows');
    expect(error.replyText).toContain('5001');
    expect((await refusal(Buffer.from(lines.slice(0, 4).join('\n')), 'a.csv', { maxRows: 2 })).code).toBe('too_many_rows');
    expect((await readSheet(Buffer.from(lines.slice(0, 5001).join('\n')), 'a.csv')).rows).toHaveLength(5000);
  });
});
