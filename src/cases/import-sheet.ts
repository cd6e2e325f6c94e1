import type { BotContext } from '../bot/context.js';
import { formatImportReport, hasCaseHeader, readSheet, rowsToCases, SheetError } from '../import/index.js';
import type { FetchedMedia } from '../media/fetch-media.js';
import { agencyModel } from '../models/agency.js';
import { caseModel } from '../models/case.js';
import { isAgencyRole } from '../models/staff.js';
import { createCase } from './create-case.js';

/** The name a sheet is read and reported under: its own, or one its type implies (the reader goes by extension). */
export function sheetFilename(file: FetchedMedia): string {
  return file.filename ?? (file.contentType.includes('csv') ? '案件表.csv' : '案件表.xlsx');
}

/**
 * Whether a spreadsheet someone sent is a sheet of cases (a header naming case fields), not one of something else
 * such as a rectification ledger (整改台账); undefined when it cannot be read (importing it then says why).
 */
export function isCaseSheet(file: FetchedMedia): Promise<boolean | undefined> {
  return hasCaseHeader(file.bytes, sheetFilename(file));
}

/**
 * 上报 by spreadsheet: every valid row becomes a case of the sender's agency (once per message and row,
 * so a redelivered file imports nothing twice), and the sender gets a row-by-row report of what was
 * accepted and why any row was refused.
 */
export async function importCaseSheet(ctx: BotContext, file: FetchedMedia): Promise<void> {
  const staff = ctx.staff!;
  if (!isAgencyRole(staff.role) || !staff.agency) {
    ctx.reply('案件表格由执法单位工作人员上报。');
    return;
  }
  const filename = sheetFilename(file);
  let sheet;
  try {
    sheet = await readSheet(file.bytes, filename);
  } catch (error) {
    if (error instanceof SheetError) {
      ctx.reply(error.replyText);
      return;
    }
    throw error;
  }
  const { mongo } = ctx.services;
  // Rows this same message already stored (a redelivery) are not "existing": createCase recognises them.
  const ownRows = `${ctx.message.id}#row`;
  const existing = await caseModel(mongo).find({ agency: staff.agency }, { caseNumber: 1, sourceId: 1 }).lean();
  const numbers = existing.filter((c) => !c.sourceId.startsWith(ownRows)).map((c) => c.caseNumber);
  const result = rowsToCases(sheet, { existingCaseNumbers: new Set(numbers) });
  const agency = await agencyModel(mongo).findById(staff.agency).lean();
  const accepted: typeof result.accepted = [];
  for (const row of result.accepted) {
    const created = await createCase(mongo, row.input, { agency: staff.agency, by: staff._id, sourceId: `${ctx.message.id}#row${row.rowNumber}`, now: ctx.now, domain: agency?.domains[0] });
    if (created.kind === 'duplicate_number') result.refused.push({ rowNumber: row.rowNumber, reasons: ['案号已存在'] });
    else {
      accepted.push(row);
      ctx.markChanged('case', created.record._id);
    }
  }
  result.accepted = accepted;
  result.refused.sort((a, b) => a.rowNumber - b.rowNumber);
  ctx.reply(formatImportReport(result, filename));
}
