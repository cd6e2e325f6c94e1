import type { KindHandler } from '../src/bot/handler.js';
import { Conversations, evidenceWindowSeconds } from '../src/bot/conversation.js';
import type { BotContext } from '../src/bot/context.js';
import { fetchMedia, isSpreadsheet, maxMediaBytes, MediaUnavailableError, type FetchedMedia } from '../src/media/fetch-media.js';
import type { InboundMedia } from '../src/wecom/inbound-message.js';
import { attachEvidence, describeUpdate, evidenceTarget, type AttachOutcome } from '../src/rectification/attach-evidence.js';
import { importCaseSheet, isCaseSheet, sheetFilename } from '../src/cases/import-sheet.js';
import { isAgencyRole } from '../src/models/staff.js';

/** How replies name what was sent, with the measure word Chinese counts it by: 这张照片, 2 张照片, 这个文件. */
interface Noun {
  word: '照片' | '文件';
  measure: '张' | '个';
}

/** What was done with the photos or files of one message, said in one reply naming the update they went to. */
function summary(what: Noun, results: AttachOutcome[]): string {
  const last = results.at(-1)!;
  const target = describeUpdate(last.progress);
  const codes = (list: AttachOutcome[]) => list.map((r) => r.evidence.sha256.slice(0, 8)).join('、');
  const attached = results.filter((r) => r.outcome === 'attached');
  const repeats = results.filter((r) => r.outcome === 'repeat');
  const lines: string[] = [];
  if (attached.length) lines.push(`已将${what.word}作为证据附在 ${target}上（该条共 ${last.progress.evidence.length} 件证据，校验码 ${codes(attached)}）。`);
  if (repeats.length) {
    const counted = `${repeats.length} ${what.measure}${what.word}`;
    const subject = attached.length ? `另有 ${counted}` : repeats.length > 1 ? `这 ${counted}` : `这${what.measure}${what.word}`;
    lines.push(`${subject}此前已作为证据附在 ${target}上（校验码 ${codes(repeats)}），未重复保存${attached.length ? '' : `；该条共 ${last.progress.evidence.length} 件证据`}。`);
  }
  if (results.some((r) => r.outcome === 'revoked')) lines.push(`${target} 已撤回，${what.word}未保存。如需作为证据，请先重新报告进展，再发送${what.word}。`);
  return lines.join('\n');
}

/**
 * Downloads one photo or file; when WeCom refuses it for good (its 5-minute URL expired while the message waited in
 * the queue, an unknown media id), tells the sender at once and returns undefined instead of failing the job, whose
 * retries could never fetch it and would keep the sender waiting an hour for nothing. Transient failures throw, so
 * the job retries them.
 */
async function download(ctx: BotContext, item: InboundMedia, which: string): Promise<FetchedMedia | undefined> {
  try {
    return await fetchMedia(ctx.services.api, item);
  } catch (error) {
    if (!(error instanceof MediaUnavailableError)) throw error;
    ctx.logger.warn({ reason: error.reason, detail: error.message, filename: item.filename }, 'media could not be downloaded; the sender is asked to send it again');
    const why = error.reason === 'expired' ? '企业微信的下载链接已失效' : '收到的内容无法读取';
    ctx.reply(`抱歉，${which}未能接收（${why}），没有保存，也没有附到任何进展上。请重新发送${which}。`);
    return undefined;
  }
}

/** Said beside the summary when spreadsheets went to the update as evidence: they were not imported as cases. */
function keptSheetsNote(names: string[]): string {
  return `${names.map((name) => `《${name}》`).join('、')}里没有案号、当事人等案件表格的列名，因此作为证据保存，没有作为案件导入。如要上报案件，请发送第一行写有「案号、当事人、违法事实」等列名的表格。`;
}

/** A spreadsheet that is no case sheet, from agency staff with no update to attach it to: what it could be for. */
function notCaseSheetReply(name: string): string {
  return [
    `《${name}》里没有案号、当事人等案件表格的列名，没有作为案件导入，也没有保存。`,
    `如果这是整改材料，请先发送「进度 <文号> <百分比> <措施>」，再在 ${evidenceWindowSeconds / 60} 分钟内发送这个文件，它会作为证据附在该进展上。`,
    '如果是案件表格，请在第一行写列名，如：案号、当事人、违法事实、罚款、面积、决定日期、领域。',
  ].join('\n');
}

/**
 * A photo or file: a spreadsheet of cases is a bulk case report (上报); anything else sent within 30 minutes of
 * the sender's progress update attaches to it as evidence, stored with its SHA-256 — a spreadsheet too when it is
 * not a case sheet (整改台账 sent as evidence right after 进度 … 附整改台账). The window never names a withdrawn
 * update: after 撤回 it falls back to the sender's latest update still standing.
 */
export const evidence: KindHandler = {
  kinds: ['image', 'file', 'video', 'mixed'],
  async handle(ctx) {
    const media = ctx.message.media ?? [];
    if (media.length === 0) {
      ctx.reply('已收到。发送「帮助」查看可以办理的事项。');
      return;
    }
    // A mixed message (text with pictures) carries only images: its media are photos too.
    const what: Noun = ctx.message.kind === 'image' || ctx.message.kind === 'mixed' ? { word: '照片', measure: '张' } : { word: '文件', measure: '个' };
    const conversations = new Conversations(ctx.services.redis, ctx.services.config.QUEUE_PREFIX);
    const target = await evidenceTarget(ctx.services.mongo, ctx.staff!._id, await conversations.evidenceTarget(ctx.staff!._id), ctx.now);
    const results: AttachOutcome[] = [];
    const keptSheets: string[] = [];
    for (const [index, item] of media.entries()) {
      const which = media.length > 1 ? `第 ${index + 1} ${what.measure}${what.word}` : `这${what.measure}${what.word}`;
      const file = await download(ctx, item, which);
      if (!file) continue;
      if (file.bytes.length > maxMediaBytes) {
        ctx.reply(`文件超过 ${maxMediaBytes / 1024 / 1024} MB，未保存。请压缩后重新发送。`);
        continue;
      }
      let sheetName: string | undefined;
      if (isSpreadsheet(file)) {
        // A case sheet imports whatever the window says; a sheet of something else is evidence when there is an update.
        if ((await isCaseSheet(file)) !== false || (!target && !isAgencyRole(ctx.staff!.role))) {
          await importCaseSheet(ctx, file);
          continue;
        }
        sheetName = sheetFilename(file);
        if (!target) {
          ctx.reply(notCaseSheetReply(sheetName));
          continue;
        }
      }
      if (!target) {
        ctx.reply(`已收到${what.word}，但没有可以附上的进展。请先发送「进度 <文号> <百分比> <措施>」，再在 ${evidenceWindowSeconds / 60} 分钟内发送照片或文件。`);
        return;
      }
      const messageId = media.length > 1 ? `${ctx.message.id}#${index}` : ctx.message.id;
      const result = await attachEvidence(ctx.services.mongo, target.progress._id, file, { messageId, by: ctx.staff!._id, now: ctx.now });
      if (result) results.push(result);
      if (result && result.outcome !== 'revoked' && sheetName) keptSheets.push(sheetName);
    }
    if (results.length === 0 || !target) return;
    if (results.some((r) => r.outcome === 'attached')) ctx.markChanged('recommendation', target.progress.recommendation);
    ctx.reply([summary(what, results), ...(keptSheets.length ? [keptSheetsNote(keptSheets)] : [])].join('\n'));
  },
};
