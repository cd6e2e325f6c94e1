import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hasCaseHeader } from '../../../src/import/index.js';
import { xlsxOf } from './sheet-helpers.js';

const fixture = (name: string): Buffer => readFileSync(new URL(`../../fixtures/${name}`, import.meta.url));

describe('hasCaseHeader', () => {
  it('finds the case header of a case ledger, below a title line too', async () => {
    expect(await hasCaseHeader(fixture('cases-100.xlsx'), '2024年林业案件.xlsx')).toBe(true);
    expect(await hasCaseHeader(fixture('cases-small.csv'), '案件.csv')).toBe(true);
    expect(await hasCaseHeader(await xlsxOf([['2024年林业行政处罚案件台账'], ['案号', '当事人', '违法事实']]), '台账.xlsx')).toBe(true);
    // Two case columns are enough to call it a case sheet: importing it then says which required column is missing.
    expect(await hasCaseHeader(Buffer.from('案号,当事人\n富林罚〔2024〕1号,张某\n'), '案件.csv')).toBe(true);
  });

  it('finds the case table of a workbook on any worksheet, behind a 填表说明 page too', async () => {
    expect(await hasCaseHeader(fixture('ledger-with-cover.xlsx'), '11月案件报送.xlsx')).toBe(true);
    expect(await hasCaseHeader(fixture('ledger-by-half-year.xlsx'), '分季度.xlsx')).toBe(true);
  });

  it('finds none in a rectification ledger (序号、整改事项、完成情况、责任人), as .csv or .xlsx', async () => {
    expect(await hasCaseHeader(fixture('rectification-ledger.csv'), '整改台账.csv')).toBe(false);
    expect(await hasCaseHeader(await xlsxOf([['序号', '整改事项', '完成情况', '责任人'], [1, '关停非法采矿点', '已关停5处', '王科长']]), '整改台账.xlsx')).toBe(false);
  });

  it('reads a CSV saved as GBK only to tell: a GBK ledger has no case header, a GBK case sheet has one', async () => {
    expect(await hasCaseHeader(fixture('rectification-ledger-gbk.csv'), '整改台账.csv')).toBe(false);
    // "案号,当事人\n" in GBK.
    expect(await hasCaseHeader(Buffer.from('b0b8bac52cb5b1cac2c8cb0a', 'hex'), '案件.csv')).toBe(true);
  });

  it('cannot tell for a file that does not open or is no spreadsheet', async () => {
    expect(await hasCaseHeader(Buffer.from('not really a spreadsheet'), '案件.xlsx')).toBeUndefined();
    expect(await hasCaseHeader(Buffer.from('"unclosed,案号,当事人\n'), '案件.csv')).toBeUndefined();
    expect(await hasCaseHeader(Buffer.from('案号,当事人'), '案件.txt')).toBeUndefined();
  });
});
