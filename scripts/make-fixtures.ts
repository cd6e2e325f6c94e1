/**
 * npx tsx scripts/make-fixtures.ts: writes the spreadsheet fixtures of the import tests.
 *   test/fixtures/cases-100.xlsx — a 林业局/自然资源局 case ledger, 100 rows, exactly 3 invalid:
 *     row 19 has no 当事人, row 48 has 罚款 “五千块钱左右”, row 84 repeats the 案号 of row 13.
 *   test/fixtures/cases-small.csv — a UTF-8 CSV with a BOM, CRLF, quoted commas/；/quotes/line breaks,
 *     a blank line, and one row without 当事人 (row 7).
 *   test/fixtures/rectification-ledger.csv, rectification-ledger-gbk.csv — a 整改台账 (no case columns) sent as
 *     evidence, in UTF-8 with a BOM and in GBK (Excel's plain "CSV" on a Chinese Windows).
 *   test/fixtures/ledger-two-row-header.xlsx — a 林业局 ledger laid out as agencies keep one: two title rows, a header
 *     in rows 3–4 with 罚款情况 merged over 罚款金额（元）| 是否缴纳 | 涉案面积（亩）and the other labels merged down, 3 cases.
 *   test/fixtures/ledger-by-half-year.xlsx — a ledger kept on two worksheets (2026年1-6月: 701, 702; 2026年7-12月: 703,
 *     704), a hidden sheet of drop-down values and an empty Sheet3.
 *   test/fixtures/ledger-with-cover.xlsx — a 填表说明 page in front of the case table (11月案件: 901, 902) on sheet 2.
 * Deterministic: a seeded generator and fixed zip timestamps, so re-running it changes no byte.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures');
const FIXED_TIME = new Date(Date.UTC(2024, 11, 31, 8, 0, 0));

/** Excel row numbers of the invalid rows; the tests name the same rows. */
const MISSING_PARTY_ROW = 19;
const BAD_FINE_ROW = 48;
const DUPLICATE_ROW = 84;
const DUPLICATED_ROW = 13;

/** mulberry32: a tiny seeded generator, so the ledger is varied but the same on every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = seededRandom(20240301);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const between = (low: number, high: number): number => low + Math.floor(random() * (high - low + 1));

const SURNAMES = ['张', '王', '李', '赵', '陈', '刘', '杨', '黄', '周', '吴', '徐', '孙', '朱', '胡', '郭', '何', '方', '钟'];
const COMPANIES = ['富阳区某某木业有限公司', '某某建材有限公司', '某某农业开发有限公司', '某某石材厂', '某村股份经济合作社', '某某竹制品厂'];
const PLACES = ['里山镇', '常绿镇', '洞桥镇', '渌渚镇', '新登镇', '胥口镇', '湖源乡', '永昌镇'];
const STRUCTURES = ['简易工棚', '硬化道路', '停车场', '养殖场', '仓库', '农家乐用房'];
const CROPS = ['茶叶', '香榧', '毛竹', '苗木'];
const REMARKS = ['', '', '', '已整改', '已申请行政复议', '移送公安', '已恢复植被', ''];

interface LedgerRow {
  caseNumber: string;
  party: ExcelJS.CellValue;
  facts: string;
  basis: string;
  decision: string;
  fine: ExcelJS.CellValue;
  area: ExcelJS.CellValue;
  filed: ExcelJS.CellValue;
  decided: Date;
  paid: string;
  domain: string;
  remark: string;
}

function party(): string {
  return random() < 0.3 ? pick(COMPANIES) : `${pick(SURNAMES)}${random() < 0.5 ? '某' : '某某'}`;
}

/** One realistic case; the fine follows 森林法 §73 / 土地管理法 §77 (so much per 平方米 occupied). */
function ledgerRow(index: number, forestSerial: number, landSerial: number): LedgerRow {
  const forestry = index % 4 !== 0;
  const area = Math.round((0.2 + random() * 9.8) * 10) / 10;
  const place = pick(PLACES);
  const kind = between(0, 2);
  const facts = forestry
    ? [
        `未经批准擅自改变林地用途，在${place}修建${pick(STRUCTURES)}，占用林地${area}亩`,
        `非法占用${place}林地${area}亩用于堆放石料`,
        `在${place}林地内擅自开垦种植${pick(CROPS)}，毁坏林地${area}亩`,
      ][kind]
    : [`未经批准非法占用${place}集体土地${area}亩建设${pick(STRUCTURES)}`, `擅自占用${place}耕地${area}亩建房`, `非法占用${place}土地${area}亩堆放建筑垃圾`][kind];
  const perSquareMetre = forestry ? between(10, 30) : between(5, 20);
  const fineYuan = Math.round((area * 666.67 * perSquareMetre) / 100) * 100;
  const filed = new Date(Date.UTC(2024, between(0, 9), between(1, 28)));
  const decided = new Date(filed.getTime() + between(15, 60) * 86_400_000);
  return {
    caseNumber: forestry ? `富林罚〔2024〕${forestSerial}号` : `富自然资罚〔2024〕${landSerial}号`,
    party: party(),
    facts: facts ?? '',
    basis: forestry ? `《中华人民共和国森林法》第${pick(['七十三', '七十四'])}条` : '《中华人民共和国土地管理法》第七十七条',
    decision: `责令限期恢复原状，处罚款${fineYuan}元`,
    fine: index % 10 === 3 ? `${fineYuan / 10_000}万元` : index % 17 === 5 ? { formula: `${fineYuan / 100}*100`, result: fineYuan } : fineYuan,
    area: index % 25 === 7 ? `${Math.round(area * 666.67)}平方米` : area,
    filed: index % 9 === 4 ? `${filed.getUTCFullYear()}年${filed.getUTCMonth() + 1}月${filed.getUTCDate()}日` : filed,
    decided,
    paid: pick(['是', '是', '否', '已缴纳', '未缴']),
    domain: forestry ? pick(['生态环境和资源保护', '林业', '生态环境']) : pick(['自然资源', '国有土地使用权出让', '生态环境和资源保护']),
    remark: pick(REMARKS),
  };
}

function ledger(): LedgerRow[] {
  const rows: LedgerRow[] = [];
  let forestSerial = 0;
  let landSerial = 0;
  for (let index = 1; index <= 100; index += 1) {
    if (index % 4 === 0) landSerial += 1;
    else forestSerial += 1;
    rows.push(ledgerRow(index, forestSerial, landSerial));
  }
  const at = (excelRow: number): LedgerRow => rows[excelRow - 2] as LedgerRow;
  at(MISSING_PARTY_ROW).party = '';
  at(BAD_FINE_ROW).fine = '五千块钱左右';
  at(DUPLICATE_ROW).caseNumber = at(DUPLICATED_ROW).caseNumber;
  // Real ledgers carry styled text; the importer must read it as plain text.
  at(7).party = { richText: [{ text: '富阳区', font: { bold: true } }, { text: '某某木业有限公司' }] };
  return rows;
}

const HEADERS = ['序号', '案号', '案件类型', '当事人', '违法事实', '法律依据', '处罚决定', '罚款（元）', '面积（亩）', '立案日期', '决定日期', '是否缴纳', '领域', '备注'];

async function writeLedger(path: string): Promise<void> {
  const workbook = fixedWorkbook();
  const sheet = workbook.addWorksheet('2024年行政处罚案件');
  sheet.addRow(HEADERS).font = { bold: true };
  ledger().forEach((row, index) => {
    const added = sheet.addRow([
      index + 1, row.caseNumber, '处罚', row.party, row.facts, row.basis, row.decision, row.fine, row.area, row.filed, row.decided,
      row.paid, row.domain, row.remark,
    ]);
    added.getCell(10).numFmt = 'yyyy-mm-dd';
    added.getCell(11).numFmt = 'yyyy-mm-dd';
  });
  sheet.columns.forEach((column, index) => (column.width = [6, 22, 8, 26, 48, 30, 32, 12, 10, 12, 12, 8, 18, 14][index] ?? 12));
  const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
  writeFileSync(path, fixZipTimes(bytes));
}

/**
 * exceljs stamps every zip entry with the current time; overwriting the DOS time/date fields in the central
 * directory and local headers makes the file identical on every run.
 */
function fixZipTimes(zip: Buffer): Buffer {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const entries = zip.readUInt16LE(end + 10);
  const dosTime = (FIXED_TIME.getUTCHours() << 11) | (FIXED_TIME.getUTCMinutes() << 5);
  const dosDate = ((FIXED_TIME.getUTCFullYear() - 1980) << 9) | ((FIXED_TIME.getUTCMonth() + 1) << 5) | FIXED_TIME.getUTCDate();
  let offset = zip.readUInt32LE(end + 16);
  for (let entry = 0; entry < entries; entry += 1) {
    zip.writeUInt16LE(dosTime, offset + 12);
    zip.writeUInt16LE(dosDate, offset + 14);
    const local = zip.readUInt32LE(offset + 42);
    zip.writeUInt16LE(dosTime, local + 10);
    zip.writeUInt16LE(dosDate, local + 12);
    offset += 46 + zip.readUInt16LE(offset + 28) + zip.readUInt16LE(offset + 30) + zip.readUInt16LE(offset + 32);
  }
  return zip;
}

const SMALL_CSV = [
  '案号,当事人,违法事实,罚款,面积,决定日期,是否缴纳,领域',
  '富林罚〔2024〕201号,张某,"非法占用林地3亩，修建简易房屋,用于堆放杂物",5000元,3,2024/3/4,是,林业',
  '富林罚〔2024〕202号,"富阳区某某木业有限公司","未经批准擅自改变林地用途；堆放木材",0.5万元,0.2公顷,2024年3月14日,否,生态环境',
  '富林罚〔2024〕203号,李某,"滥伐林木12立方米，\r\n次日被巡查发现",五千元,,45371,已缴纳,林业',
  '',
  '富林罚 [2024] 204号,王某,"擅自开垦林地种植""茶叶""2亩",2千元,1334平方米,2024-04-01,N,林业',
  '富林罚〔2024〕205号,,非法占用林地1亩,1000,1,2024-04-02,Y,林业',
];

/** A rectification ledger (整改台账): a title line, then columns none of which names a case field. */
const RECTIFICATION_LEDGER = [
  '富检行公建〔2021〕21号整改台账',
  '序号,整改事项,完成情况,责任人,完成时间',
  '1,关停非法采矿点,已关停5处,王科长,2026-11-20',
  '2,矿区复绿,已复绿30亩（共75亩）,李科员,进行中',
  '3,追缴矿产资源补偿费,已追缴12万元,王科长,2026-11-25',
];

/** GBK bytes of `text`. Node decodes GBK but has no encoder, so the code of each character is read off the decoder. */
function toGbk(text: string): Buffer {
  const decoder = new TextDecoder('gbk');
  const codes = new Map<string, number[]>();
  for (let lead = 0x81; lead <= 0xfe; lead += 1) {
    for (let trail = 0x40; trail <= 0xfe; trail += 1) {
      const char = decoder.decode(Uint8Array.of(lead, trail));
      if (trail !== 0x7f && !codes.has(char)) codes.set(char, [lead, trail]);
    }
  }
  return Buffer.from([...text].flatMap((char) => {
    const code = char.charCodeAt(0) < 0x80 ? [char.charCodeAt(0)] : codes.get(char);
    if (!code) throw new Error(`no GBK code for ${char}`);
    return code;
  }));
}

/** The cases of the two-row-header ledger; 107 (10万元, unpaid, no hearing noted) must raise R07 once its fine is read. */
const TWO_ROW_HEADER_CASES = [
  ['富林罚〔2026〕105号', '郑某', '非法占用林地0.5亩修建工棚', '《中华人民共和国森林法》第七十三条', '2026-05-06', '2026-06-01', 3400, '是', 0.5],
  ['富林罚〔2026〕106号', '某某苗木专业合作社', '擅自开垦林地种植苗木1.5亩', '《中华人民共和国森林法》第七十四条', '2026-06-10', '2026-07-01', 15000, '是', 1.5],
  ['富林罚〔2026〕107号', '冯某', '未经批准占用林地3亩建设养殖场', '《中华人民共和国森林法》第七十三条', '2026-07-03', '2026-08-01', 100000, '否', 3],
];

/** A ledger whose header spans rows 3–4: the fine's columns sit under a merged 罚款情况, every other label is merged down. */
async function writeTwoRowHeaderLedger(path: string): Promise<void> {
  const workbook = fixedWorkbook();
  const sheet = workbook.addWorksheet('2026年处罚台账');
  sheet.addRow(['富阳区林业局2026年行政处罚案件台账']);
  sheet.addRow(['填报单位：富阳区林业局', '', '', '', '', '', '', '', '', '', '填报日期：2026年11月']);
  sheet.addRow(['序号', '处罚决定书文号', '当事人', '违法事实', '法律依据', '立案日期', '决定日期', '罚款情况', '', '', '备注']);
  sheet.addRow(['', '', '', '', '', '', '', '罚款金额（元）', '是否缴纳', '涉案面积（亩）', '']);
  TWO_ROW_HEADER_CASES.forEach(([number, party, facts, basis, filed, decided, fine, paid, area], index) => {
    sheet.addRow([index + 1, number, party, facts, basis, filed, decided, fine, paid, area, '']);
  });
  sheet.mergeCells('A1:K1');
  sheet.mergeCells('H3:J3');
  for (const column of ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'K']) sheet.mergeCells(`${column}3:${column}4`);
  writeFileSync(path, fixZipTimes(Buffer.from(await workbook.xlsx.writeBuffer())));
}

const LEDGER_HEADERS = ['序号', '案号', '当事人', '违法事实', '罚款（元）', '决定日期', '是否缴纳'];

/** A visible worksheet holding a one-row header and these cases, numbered from 1. */
function addCaseSheet(workbook: ExcelJS.Workbook, name: string, cases: ExcelJS.CellValue[][]): void {
  const sheet = workbook.addWorksheet(name);
  sheet.addRow(LEDGER_HEADERS);
  cases.forEach((row, index) => sheet.addRow([index + 1, ...row]));
}

/** A ledger kept by half-year on two worksheets, beside a hidden list of drop-down values and an empty sheet. */
async function writeHalfYearLedger(path: string): Promise<void> {
  const workbook = fixedWorkbook();
  addCaseSheet(workbook, '2026年1-6月', [
    ['富林罚〔2026〕701号', '钱某', '非法占用林地1亩堆放石料', 6700, '2026-03-01', '是'],
    ['富林罚〔2026〕702号', '孙某某', '擅自开垦林地0.5亩种植茶叶', 3400, '2026-05-12', '是'],
  ]);
  addCaseSheet(workbook, '2026年7-12月', [
    ['富林罚〔2026〕703号', '某某木业有限公司', '滥伐林木8立方米', 12000, '2026-08-20', '否'],
    ['富林罚〔2026〕704号', '李某', '非法占用林地2亩修建工棚', 13400, '2026-10-09', '是'],
  ]);
  const lists = workbook.addWorksheet('下拉选项');
  lists.state = 'hidden';
  lists.addRow(['是', '否']);
  workbook.addWorksheet('Sheet3');
  writeFileSync(path, fixZipTimes(Buffer.from(await workbook.xlsx.writeBuffer())));
}

/** A workbook whose first sheet explains how to fill it in; the case table is on the second. */
async function writeLedgerWithCover(path: string): Promise<void> {
  const workbook = fixedWorkbook();
  const cover = workbook.addWorksheet('填表说明');
  for (const line of ['填表说明', '1. 每个案件填写一行，案号按处罚决定书填写。', '2. 罚款以元为单位，未缴纳的写“否”。', '3. 本表每月5日前报送检察院。']) cover.addRow([line]);
  addCaseSheet(workbook, '11月案件', [
    ['富林罚〔2026〕901号', '周某', '非法占用林地1.5亩建设停车场', 10000, '2026-11-03', '否'],
    ['富林罚〔2026〕902号', '吴某', '滥伐林木3立方米', 4500, '2026-11-10', '是'],
  ]);
  writeFileSync(path, fixZipTimes(Buffer.from(await workbook.xlsx.writeBuffer())));
}

/** A workbook stamped with fixed authors and times, so its bytes are the same on every run. */
function fixedWorkbook(): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '富阳区林业局';
  workbook.lastModifiedBy = '富阳区林业局';
  workbook.created = FIXED_TIME;
  workbook.modified = FIXED_TIME;
  return workbook;
}

async function main(): Promise<void> {
  mkdirSync(FIXTURES, { recursive: true });
  await writeLedger(join(FIXTURES, 'cases-100.xlsx'));
  writeFileSync(join(FIXTURES, 'cases-small.csv'), `\uFEFF${SMALL_CSV.join('\r\n')}\r\n`, 'utf8');
  writeFileSync(join(FIXTURES, 'rectification-ledger.csv'), `\uFEFF${RECTIFICATION_LEDGER.join('\r\n')}\r\n`, 'utf8');
  const gbkLedger = RECTIFICATION_LEDGER.map((line, index) => (index === 0 ? line.replace('整改台账', '整改台账（GBK）') : line));
  writeFileSync(join(FIXTURES, 'rectification-ledger-gbk.csv'), toGbk(`${gbkLedger.join('\r\n')}\r\n`));
  await writeTwoRowHeaderLedger(join(FIXTURES, 'ledger-two-row-header.xlsx'));
  await writeHalfYearLedger(join(FIXTURES, 'ledger-by-half-year.xlsx'));
  await writeLedgerWithCover(join(FIXTURES, 'ledger-with-cover.xlsx'));
  process.stdout.write(`wrote ${join(FIXTURES, 'cases-100.xlsx')}, cases-small.csv, the rectification ledgers and the ledger layouts\n`);
}

await main();
