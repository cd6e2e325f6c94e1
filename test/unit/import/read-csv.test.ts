import { describe, expect, it } from 'vitest';
import { decodeCsv, detectDelimiter, parseCsv } from '../../../src/import/read-csv.js';
import { SheetError } from '../../../src/import/sheet-error.js';
import { thrownBy } from './sheet-helpers.js';

const values = (text: string, delimiter?: string): string[][] => parseCsv(text, delimiter).map((row) => row.values);

describe('parseCsv', () => {
  it('splits plain fields and records on LF, CRLF and CR alike', () => {
    expect(values('a,b\nc,d\r\ne,f\rg,h')).toEqual([['a', 'b'], ['c', 'd'], ['e', 'f'], ['g', 'h']]);
  });

  it('keeps commas, ；, line breaks and doubled quotes inside a quoted field', () => {
    const text = '案号,违法事实\r\n"富林罚〔2024〕1号","占用林地3亩，修建房屋,堆放杂物；未恢复"\r\n1,"第一行\r\n第二行"\r\n2,"种植""茶叶"""';
    expect(values(text)).toEqual([
      ['案号', '违法事实'],
      ['富林罚〔2024〕1号', '占用林地3亩，修建房屋,堆放杂物；未恢复'],
      ['1', '第一行\r\n第二行'],
      ['2', '种植"茶叶"'],
    ]);
  });

  it('numbers records as Excel shows them: a quoted line break stays in its row, a blank line is a row', () => {
    const rows = parseCsv('h1,h2\n"a\nb",c\n\nd,e\n');
    expect(rows.map((row) => row.rowNumber)).toEqual([1, 2, 3, 4]);
    expect(rows[2]?.values).toEqual(['']);
    expect(rows[3]?.values).toEqual(['d', 'e']);
  });

  it('does not add an empty record for the final line break, and keeps empty trailing fields', () => {
    expect(values('a,b,\r\n')).toEqual([['a', 'b', '']]);
    expect(values('a,,c')).toEqual([['a', '', 'c']]);
  });

  it('treats a quote inside an unquoted field as an ordinary character', () => {
    expect(values('5"寸,x')).toEqual([['5"寸', 'x']]);
  });

  it('refuses a quoted field that is never closed, naming the row where it starts', () => {
    const error = thrownBy(() => parseCsv('a,b\n1,2\n3,"未闭合\n4,5'));
    expect(error).toBeInstanceOf(SheetError);
    expect(error).toMatchObject({ code: 'unreadable', replyText: expect.stringContaining('第 3 行') });
  });

  it('uses tabs or semicolons when the header line is separated by them', () => {
    expect(detectDelimiter('案号\t当事人\t违法事实\n1\t2\t3')).toBe('\t');
    expect(detectDelimiter('案号;当事人\n')).toBe(';');
    expect(detectDelimiter('"案号,甲";当事人;事实')).toBe(';');
    expect(detectDelimiter('案号')).toBe(',');
    expect(values('a\tb,c\n1\t2', '\t')).toEqual([['a', 'b,c'], ['1', '2']]);
  });
});

describe('decodeCsv', () => {
  it('drops a UTF-8 byte-order mark so it does not stick to the first header', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('案号,当事人', 'utf8')]);
    expect(decodeCsv(bytes)).toBe('案号,当事人');
  });

  it('reads UTF-16 text when its byte-order mark says so', () => {
    expect(decodeCsv(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('案号\t当事人', 'utf16le')]))).toBe('案号\t当事人');
  });

  it('refuses bytes that are not UTF-8 (a GBK export) with advice to save as CSV UTF-8', () => {
    // 案号 in GBK.
    const gbk = Buffer.from([0xb0, 0xb8, 0xba, 0xc5, 0x2c, 0x31]);
    const error = thrownBy(() => decodeCsv(gbk));
    expect(error).toBeInstanceOf(SheetError);
    expect(error).toMatchObject({ code: 'encoding', replyText: expect.stringContaining('CSV UTF-8') });
  });
});
