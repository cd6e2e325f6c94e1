import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readSheet, readWorkbook, rowsToCases, type SheetRows } from '../../../src/import/index.js';

const fixture = (name: string): Buffer => readFileSync(new URL(`../../fixtures/${name}`, import.meta.url));

/** A sheet as readSheet returns it, from a header line and rows of cells (row numbers from 2). */
function sheetOf(headers: string[], ...rows: string[][]): SheetRows {
  return {
    headers,
    rows: rows.map((values, index) => ({
      rowNumber: index + 2,
      cells: Object.fromEntries(headers.map((header, column) => [header, values[column] ?? ''])),
    })),
  };
}

const BASIC = ['案号', '当事人', '违法事实'];

describe('rowsToCases on the 100-row ledger', () => {
  it('accepts 97 cases and refuses rows 19, 48 and 84 with the reason for each', async () => {
    const result = rowsToCases(await readSheet(fixture('cases-100.xlsx'), 'cases-100.xlsx'), {});
    expect(result.accepted).toHaveLength(97);
    expect(result.refused).toEqual([
      { rowNumber: 19, reasons: ['缺少当事人'] },
      { rowNumber: 48, reasons: ['罚款“五千块钱左右”不是有效金额'] },
      { rowNumber: 84, reasons: ['案号与第13行重复'] },
    ]);
    expect(result.unknownHeaders).toEqual([]);
    // The ledger's 备注 column (已整改, 移送公安 …) is kept as each case's note; a blank one leaves none.
    const notes = new Set(result.accepted.map((row) => row.input.note));
    expect([...notes].sort()).toEqual([undefined, '已恢复植被', '已整改', '已申请行政复议', '移送公安'].sort());
  });

  it('produces complete case inputs: money in 元, area in 亩, ISO dates, yes/no, the domain by name', async () => {
    const { accepted } = rowsToCases(await readSheet(fixture('cases-100.xlsx'), 'cases-100.xlsx'), {});
    const numbers = new Set(accepted.map((row) => row.input.caseNumber));
    expect(numbers.size).toBe(97);
    for (const { input } of accepted) {
      expect(input.caseNumber).toMatch(/^富(?:林|自然资)罚〔2024〕\d+号$/);
      expect(input.caseType).toBe('处罚');
      expect(input.party.length).toBeGreaterThan(0);
      expect(input.fineYuan).toBeGreaterThan(0);
      expect(input.decision).toContain(`处罚款${input.fineYuan}元`);
      expect(input.decidedOn).toMatch(/^2024-\d{2}-\d{2}$/);
      expect(input.filedOn !== undefined && input.decidedOn !== undefined && input.filedOn <= input.decidedOn).toBe(true);
      expect(typeof input.finePaid).toBe('boolean');
      expect(['生态环境和资源保护', '国有土地使用权出让']).toContain(input.domain);
      expect(input.quantities?.some((quantity) => quantity.unit === '亩')).toBe(true);
    }
    // Row 4's fine is written in 万元 and row 8's area in 平方米: both land in the base unit.
    const row4 = accepted.find((row) => row.rowNumber === 4)?.input;
    expect(row4?.decision).toContain(`${row4?.fineYuan}元`);
    expect((await readSheet(fixture('cases-100.xlsx'), 'cases-100.xlsx')).rows[2]?.cells['罚款（元）']).toMatch(/万元$/);
    const row8 = await readSheet(fixture('cases-100.xlsx'), 'cases-100.xlsx').then((sheet) => sheet.rows[6]?.cells);
    expect(row8?.['面积（亩）']).toMatch(/^\d+平方米$/);
    const area8 = accepted.find((row) => row.rowNumber === 8)?.input;
    expect(area8?.areaMu).toBeCloseTo(Number(/(\d+(?:\.\d+)?)亩/.exec(area8?.facts ?? '')?.[1]), 2);
  });

  it('refuses a case number the agency already has, however its brackets were typed', async () => {
    const sheet = await readSheet(fixture('cases-100.xlsx'), 'cases-100.xlsx');
    const result = rowsToCases(sheet, { existingCaseNumbers: new Set(['富林罚[2024]1号', '富林罚〔2024〕2号']) });
    expect(result.accepted).toHaveLength(95);
    expect(result.refused.slice(0, 2)).toEqual([
      { rowNumber: 2, reasons: ['案号已存在'] },
      { rowNumber: 3, reasons: ['案号已存在'] },
    ]);
  });
});

describe('rowsToCases on the small CSV', () => {
  it('accepts four cases, skips the blank line and refuses row 7 for its missing party', async () => {
    const result = rowsToCases(await readSheet(fixture('cases-small.csv'), 'cases-small.csv'));
    expect(result.accepted.map((row) => [row.rowNumber, row.input.fineYuan, row.input.areaMu, row.input.decidedOn])).toEqual([
      [2, 5000, 3, '2024-03-04'],
      [3, 5000, 3, '2024-03-14'],
      [4, 5000, undefined, '2024-03-20'],
      [6, 2000, 2.001, '2024-04-01'],
    ]);
    expect(result.accepted[3]?.input.caseNumber).toBe('富林罚[2024]204号');
    expect(result.accepted[2]?.input.facts).toBe('滥伐林木12立方米，\n次日被巡查发现');
    expect(result.refused).toEqual([{ rowNumber: 7, reasons: ['缺少当事人'] }]);
  });
});

describe('rowsToCases on several worksheets', () => {
  it('reads every table, names each row\'s worksheet, and refuses a case number repeated on another worksheet', async () => {
    const { tables } = await readWorkbook(fixture('ledger-by-half-year.xlsx'), '分季度.xlsx');
    const second = tables[1]!;
    const repeated = { ...second, rows: [...second.rows, { rowNumber: 4, cells: { ...second.rows[0]!.cells, 案号: '富林罚〔2026〕701号' } }] };
    const result = rowsToCases([tables[0]!, repeated]);
    expect(result.accepted.map((row) => [row.sheet, row.rowNumber, row.input.caseNumber])).toEqual([
      ['2026年1-6月', 2, '富林罚〔2026〕701号'],
      ['2026年1-6月', 3, '富林罚〔2026〕702号'],
      ['2026年7-12月', 2, '富林罚〔2026〕703号'],
      ['2026年7-12月', 3, '富林罚〔2026〕704号'],
    ]);
    expect(result.refused).toEqual([{ sheet: '2026年7-12月', rowNumber: 4, reasons: ['案号与「2026年1-6月」第2行重复'] }]);
    expect(result.sheetsRead).toEqual(['2026年1-6月', '2026年7-12月']);
  });

  it('gives the rows of a single table no worksheet name', async () => {
    const result = rowsToCases((await readWorkbook(fixture('ledger-with-cover.xlsx'), 'a.xlsx')).tables);
    expect(result.accepted.map((row) => row.sheet)).toEqual([undefined, undefined]);
    expect(result.sheetsRead).toBeUndefined();
  });
});

describe('rowsToCases row by row', () => {
  it('lists every reason a row is refused, missing fields first', () => {
    const headers = [...BASIC, '罚款', '面积', '决定日期', '是否缴纳', '案件类型'];
    const result = rowsToCases(sheetOf(headers, ['', '', '', '五千块', '三块地', '2021-02-30', '待定', '刑事']));
    expect(result.refused).toEqual([
      {
        rowNumber: 2,
        reasons: [
          '缺少案号',
          '缺少当事人',
          '缺少违法事实',
          '罚款“五千块”不是有效金额',
          '面积“三块地”不是有效面积',
          '决定日期“2021-02-30”不是有效日期',
          '是否缴纳“待定”请填“是”“否”或“部分缴纳”',
          '案件类型“刑事”应为处罚、许可、强制或检查',
        ],
      },
    ]);
  });

  it('keeps the first of two rows with one case number and names it in the later refusal', () => {
    const result = rowsToCases(
      sheetOf(BASIC, ['富林罚〔2024〕12号', '张某', '占用林地'], ['x1号', '李某', '滥伐'], ['富林罚[2024]12号', '王某', '毁林']),
    );
    expect(result.accepted.map((row) => row.rowNumber)).toEqual([2, 3]);
    expect(result.refused).toEqual([{ rowNumber: 4, reasons: ['案号与第2行重复'] }]);
  });

  it('counts an earlier refused row with the same number as the first', () => {
    const result = rowsToCases(sheetOf(BASIC, ['12号', '', '占用林地'], ['12号', '王某', '毁林']));
    expect(result.refused).toEqual([
      { rowNumber: 2, reasons: ['缺少当事人'] },
      { rowNumber: 3, reasons: ['案号与第2行重复'] },
    ]);
  });

  it('skips blank rows silently and treats 无 or / as an empty cell', () => {
    const result = rowsToCases(sheetOf([...BASIC, '罚款'], ['', '', '', ''], ['1号', '张某', '占用林地', '无'], ['  ', ' ', '', '']));
    expect(result.refused).toEqual([]);
    expect(result.accepted).toEqual([{ rowNumber: 3, input: { caseNumber: '1号', party: '张某', facts: '占用林地' } }]);
  });

  it('refuses a case number without any figure instead of reporting it missing', () => {
    const result = rowsToCases(sheetOf(BASIC, ['见附件', '张某', '占用林地']));
    expect(result.refused[0]?.reasons).toEqual(['案号“见附件”不像案号（应含编号，如富林罚〔2024〕12号）']);
  });

  it('maps ledger labels and header units, and takes the first filled of two columns for one field', () => {
    const headers = ['序号', '*案号', '被处罚人', '案情', '罚款（万元）', '罚款金额', '面积（公顷）', '立案日期', '处罚日期', '已缴纳', '是否执行', '专项', '所属领域', '联系电话'];
    const row = ['1', '富林罚〔2024〕7号', '某某木业有限公司', '非法占用林地1.2公顷', '', '8000元', '1.2', '2024/1/5', '45371', 'Y', '否', '林地保护', '林业', '138'];
    const result = rowsToCases(sheetOf(headers, row));
    expect(result.unknownHeaders).toEqual(['联系电话']);
    expect(result.accepted[0]?.input).toEqual({
      caseNumber: '富林罚〔2024〕7号',
      party: '某某木业有限公司',
      facts: '非法占用林地1.2公顷',
      fineYuan: 8000,
      areaMu: 18,
      filedOn: '2024-01-05',
      decidedOn: '2024-03-20',
      finePaid: true,
      enforced: false,
      campaign: '林地保护',
      domain: '生态环境和资源保护',
      quantities: [{ item: '非法占用林地', value: 18, unit: '亩' }],
    });
    expect(rowsToCases(sheetOf(['案号', '当事人', '违法事实', '罚款（万元）'], ['1号', '张某', '占用', '0.5'])).accepted[0]?.input.fineYuan).toBe(5000);
  });

  it('reads 10万 in a 罚款（万元） column as 10万元 and refuses a fine of 1亿元 or more as a slip of the unit', () => {
    const headers = [...BASIC, '罚款金额（万元）'];
    const result = rowsToCases(
      sheetOf(headers, ['1号', '张某', '占用', '10万'], ['2号', '李某', '占用', '0.2'], ['3号', '王某', '占用', '100000'], ['4号', '赵某', '占用', '2亿元']),
    );
    expect(result.accepted.map((row) => [row.rowNumber, row.input.fineYuan])).toEqual([
      [2, 100_000],
      [3, 2000],
    ]);
    expect(result.refused).toEqual([
      { rowNumber: 4, reasons: ['罚款金额“100000”按表头单位万元合10亿元，超过1亿元，多半是单位写错了，请核对金额和单位'] },
      { rowNumber: 5, reasons: ['罚款金额“2亿元”合2亿元，超过1亿元，多半是单位写错了，请核对金额和单位'] },
    ]);
  });

  it('reads the party from 当事人, not from a 单位 column before it holding the agency, and names the column left out', () => {
    const headers = ['序号', '单位', '案号', '当事人', '违法事实', '罚款', '日期', '决定日期'];
    const result = rowsToCases(
      sheetOf(
        headers,
        ['1', '富阳区林业局', '富林罚〔2026〕301号', '陈某', '占用林地', '5000', '2026-01-02', '2026-02-01'],
        ['2', '富阳区林业局', '富林罚〔2026〕302号', '', '占用林地', '5000', '2026-01-02', ''],
      ),
    );
    expect(result.accepted.map((row) => [row.input.party, row.input.decidedOn])).toEqual([['陈某', '2026-02-01']]);
    // The loose column does not stand in for an empty specific one: the agency is never taken for the party.
    expect(result.refused).toEqual([{ rowNumber: 3, reasons: ['缺少当事人'] }]);
    expect(result.overriddenHeaders).toEqual([
      { header: '单位', readInstead: '当事人' },
      { header: '日期', readInstead: '决定日期' },
    ]);
  });

  it('still reads a loose label when the sheet has no specific column for its field', () => {
    const result = rowsToCases(sheetOf(['编号', '单位', '违法事实'], ['富林罚〔2026〕5号', '某竹制品厂', '占用林地']));
    expect(result.accepted[0]?.input).toMatchObject({ caseNumber: '富林罚〔2026〕5号', party: '某竹制品厂' });
    expect(result.overriddenHeaders).toBeUndefined();
  });

  it('keeps 备注 as the note and reads 是否结案 as the status, refusing a status that says neither', () => {
    const headers = [...BASIC, '是否结案', '备注'];
    const result = rowsToCases(
      sheetOf(
        headers,
        ['1号', '张某', '占用林地', '已结案', '已告知听证权利，当事人未申请'],
        ['2号', '李某', '滥伐林木', '否', ''],
        ['3号', '王某', '毁林', '已移送公安', ''],
      ),
    );
    expect(result.accepted.map((row) => row.input)).toEqual([
      { caseNumber: '1号', party: '张某', facts: '占用林地', status: 'closed', note: '已告知听证权利，当事人未申请' },
      { caseNumber: '2号', party: '李某', facts: '滥伐林木', status: 'open' },
    ]);
    expect(result.refused).toEqual([{ rowNumber: 4, reasons: ['是否结案“已移送公安”请填“是”（已结案）或“否”（未结案）'] }]);
  });

  it('refuses a 立案 or 决定 date after today, and a decision dated before the filing, as the API does', () => {
    const headers = [...BASIC, '立案日期', '处罚决定日期'];
    const result = rowsToCases(
      sheetOf(
        headers,
        ['110号', '张某', '占用', '2026-10-01', '2027年1月5日'],
        ['701号', '李某', '滥伐', '2026-05-10', '2026-03-01'],
        ['702号', '王某', '毁林', '2026-12-20', ''],
        ['703号', '赵某', '毁林', '2026-03-01', '2026-11-30'],
      ),
      { today: '2026-11-30' },
    );
    expect(result.accepted.map((row) => row.input.caseNumber)).toEqual(['703号']);
    expect(result.refused).toEqual([
      { rowNumber: 2, reasons: ['处罚决定日期“2027年1月5日”晚于今天（2026-11-30）'] },
      { rowNumber: 3, reasons: ['决定日期不能早于立案日期（立案 2026-05-10，决定 2026-03-01）'] },
      { rowNumber: 4, reasons: ['立案日期“2026-12-20”晚于今天（2026-11-30）'] },
    ]);
  });

  it('refuses a row whose 处罚决定 names another fine than its 罚款 column, naming both figures', () => {
    const headers = [...BASIC, '处罚决定', '罚款（万元）'];
    const result = rowsToCases(
      sheetOf(
        headers,
        ['301号', '某小卖部', '销售过期食品', '罚款5000元', '5'],
        ['302号', '某超市', '销售过期食品', '警告，并处罚款5万元', '5'],
        ['303号', '某商店', '无照经营', '没收违法所得2000元，罚款1万元', '1'],
        ['304号', '某餐馆', '无证经营', '罚款三万元，并处罚款两万元', '5'],
        ['305号', '某饭店', '无证经营', '警告', '0.2'],
      ),
    );
    expect(result.refused).toEqual([{ rowNumber: 2, reasons: ['处罚决定写的罚款是 5,000 元，罚款一栏是 50,000 元，两者不一致；请核对后改正其中一处'] }]);
    // The same fine in both (in another unit), a confiscation beside the fine, two fines the decision itself names or
    // a decision naming none: no contradiction to ask about.
    expect(result.accepted.map((row) => [row.input.caseNumber, row.input.fineYuan])).toEqual([['302号', 50_000], ['303号', 10_000], ['304号', 50_000], ['305号', 2000]]);
  });

  it('takes the fine from the 处罚决定 when the ledger has no 罚款 column or leaves it blank, as a 上报 does', () => {
    const withoutColumn = rowsToCases(sheetOf([...BASIC, '处罚决定'], ['311号', '某小卖部', '销售过期食品', '警告，并处罚款5万元'], ['312号', '某商店', '无照经营', '警告']));
    expect(withoutColumn.accepted.map((row) => [row.input.caseNumber, row.input.fineYuan])).toEqual([['311号', 50_000], ['312号', undefined]]);
    // A blank 罚款 cell beside it; an unreadable one is refused as before, never replaced by the decision's figure.
    const blankCell = rowsToCases(sheetOf([...BASIC, '处罚决定', '罚款'], ['313号', '某超市', '销售过期食品', '罚款三千元', ''], ['314号', '某饭店', '无证经营', '罚款三千元', '五千块钱左右']));
    expect(blankCell.accepted.map((row) => [row.input.caseNumber, row.input.fineYuan])).toEqual([['313号', 3000]]);
    expect(blankCell.refused).toEqual([{ rowNumber: 3, reasons: ['罚款“五千块钱左右”不是有效金额'] }]);
  });

  it('reads payment as written in ledgers: 尚未缴纳 unpaid, 部分缴纳 unpaid with its words kept, 不适用 unknown', () => {
    const headers = [...BASIC, '罚款', '缴纳情况', '是否执行'];
    const result = rowsToCases(
      sheetOf(
        headers,
        ['1号', '张某', '占用', '8000元整', '尚未缴纳', ''],
        ['2号', '李某', '滥伐', '人民币壹万肆仟元整', '分期缴纳', ''],
        ['3号', '王某', '毁林', '3000（元）', '已于2026年3月5日缴纳', ''],
        ['4号', '赵某', '毁林', '', '不适用', '不适用'],
      ),
    );
    expect(result.refused).toEqual([]);
    expect(result.accepted.map((row) => [row.input.fineYuan, row.input.finePaid, row.input.enforced, row.detail])).toEqual([
      [8000, false, undefined, undefined],
      [14_000, false, undefined, { payment: '分期缴纳' }],
      [3000, true, undefined, { paidOn: '2026-03-05' }],
      [undefined, undefined, undefined, undefined],
    ]);
    expect('finePaid' in result.accepted[3]!.input).toBe(false);
  });

  it('quotes at most 20 characters of an unreadable cell', () => {
    const result = rowsToCases(sheetOf([...BASIC, '罚款'], ['1号', '张某', '占用', '约'.repeat(100)]));
    expect(result.refused[0]?.reasons[0]).toBe(`罚款“${'约'.repeat(20)}…”不是有效金额`);
  });

  it('cuts a quoted cell between characters, never inside an emoji', () => {
    // 19 characters, then emoji: a cut at 20 UTF-16 units kept half of the first one.
    const result = rowsToCases(sheetOf([...BASIC, '罚款'], ['1号', '张某', '占用', `${'约'.repeat(19)}${'😀'.repeat(5)}`]));
    expect(result.refused[0]?.reasons[0]).toBe(`罚款“${'约'.repeat(19)}😀…”不是有效金额`);
  });

  it('marks land to be put back, so the rules never count it as the area of the offence, and spells a campaign one way', () => {
    const { accepted } = rowsToCases(sheetOf([...BASIC, '专项'], ['富林罚〔2026〕9号', '张某', '滥伐林木，已责令补种林地十五亩', '“两山” 清理']));
    expect(accepted[0]?.input.quantities).toEqual([expect.objectContaining({ item: '补种林地', value: 15, unit: '亩' })]);
    expect(accepted[0]?.input.campaign).toBe('两山清理');
  });
});
