import type { KindHandler } from '../src/bot/handler.js';
import { Conversations, evidenceWindowSeconds } from '../src/bot/conversation.js';
import type { BotContext } from '../src/bot/context.js';
import { fetchMedia, isSpreadsheet, maxMediaBytes, MediaUnavailableError, type FetchedMedia } from '../src/media/fetch-media.js';
import type { InboundMedia } from '../src/wecom/inbound-message.js';
import { attachEvidence, attachStored, describeUpdate, evidenceTarget, storeEvidence, type AttachOutcome } from '../src/rectification/attach-evidence.js';
import type { EvidenceRef, ProgressRecord } from '../src/models/progress.js';
import { recommendationModel, openStatuses } from '../src/models/recommendation.js';
import { HeldEvidence, heldEvidenceSeconds } from '../src/media/held-evidence.js';
import { RecentCase } from '../src/media/recent-case.js';
import { refusedFile } from '../src/media/refused-file.js';
import { updateQuestionFields } from '../src/rectification/handle-update.js';
import { importCaseSheet, isCaseSheet, sheetFilename } from '../src/cases/import-sheet.js';
import { isAgencyRole, staffModel } from '../src/models/staff.js';
import { progressModel } from '../src/models/progress.js';

/** How replies name what was sent, with the measure word Chinese counts it by: 这张照片, 2 张照片, 这个文件. */
export interface Noun {
  word: '照片' | '文件';
  measure: '张' | '个';
}

/** What was done with the photos or files of one message, said in one reply naming the update they went to. */
export function summary(what: Noun, results: AttachOutcome[], whose = ''): string {
  const last = results.at(-1)!;
  const target = describeUpdate(last.progress);
  const codes = (list: AttachOutcome[]) => list.map((r) => r.evidence.sha256.slice(0, 8)).join('、');
  const attached = results.filter((r) => r.outcome === 'attached');
  const repeats = results.filter((r) => r.outcome === 'repeat');
  const lines: string[] = [];
  if (attached.length) lines.push(`已将${whose}${what.word}作为证据附在 ${target}上（该条共 ${last.progress.evidence.length} 件证据，校验码 ${codes(attached)}）。`);
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

/** The update photos go to, and the seconds left of its window. */
export type EvidenceDestination = NonNullable<Awaited<ReturnType<typeof evidenceTarget>>>;

/** The question the bot waits for the sender's answer to, if any (an update's figure, a case's party …). */
export async function pendingQuestion(ctx: BotContext): Promise<{ text: string; field: string } | undefined> {
  // Read, not taken: the question stays for the answer.
  return new Conversations(ctx.services.redis, ctx.services.config.QUEUE_PREFIX).peekQuestion(ctx.staff!._id);
}

/** The update question (a missing figure, a reply's points) the sender still owes an answer to, if any. */
export async function pendingUpdateQuestion(ctx: BotContext): Promise<{ text: string; field: string } | undefined> {
  const question = await pendingQuestion(ctx);
  return question && updateQuestionFields.has(question.field) ? question : undefined;
}

/** How the sender is to supply what the pending update lacks. */
function owed(field: string): string {
  return field === 'points' ? '书面回复的要点' : '进度（如「60%」或「整改中」）';
}

/** Where the photos of a message go: an update, held for the update being reported, or nowhere (said why). */
type Plan = { kind: 'attach'; target: EvidenceDestination } | { kind: 'hold'; reply: (which: string) => string } | { kind: 'refuse'; reply: (which: string) => string };

/**
 * Decides where photos go when the message names no update: held while the update being reported waits for its
 * figure (not put on the previous one); not put on a progress update right after a 上报 (a case, which holds no
 * photos); on the evidence window's update; else held for the update the sender is about to report, unless their
 * agency has nothing open to report on.
 */
async function plan(ctx: BotContext, what: Noun): Promise<Plan> {
  const userid = ctx.staff!._id;
  const minutes = heldEvidenceSeconds / 60;
  const question = await pendingUpdateQuestion(ctx);
  if (question) {
    return { kind: 'hold', reply: (which) => `${which}已收到，暂未保存：「${question.text}」还在等您补充${owed(question.field)}。补充后，${which}会作为证据附在这条新记录上；如取消或 ${minutes} 分钟内没有补充，则不会保存。` };
  }
  const conversations = new Conversations(ctx.services.redis, ctx.services.config.QUEUE_PREFIX);
  const choosing = await conversations.pendingChoice(userid);
  if (choosing) {
    return { kind: 'hold', reply: (which) => `${which}已收到，暂未保存：「${choosing}」还在等您在卡片上选择是哪一份检察建议。选择后，${which}会作为证据附在这条记录上；${minutes} 分钟内没有选择则不会保存。` };
  }
  const target = await ownTarget(ctx, await evidenceTarget(ctx.services.mongo, userid, await conversations.evidenceTarget(userid), ctx.now));
  const recentCase = isAgencyRole(ctx.staff!.role) ? await new RecentCase(ctx.services.redis, ctx.services.config.QUEUE_PREFIX).get(userid) : undefined;
  if (recentCase && (!target || recentCase.at > target.progress.createdAt)) {
    const elsewhere = (which: string) => (target ? `如${which}是 ${describeUpdate(target.progress)}的证据，请先发送「${target.progress.ref}的照片」，再重新发送。` : '整改证据请在报告进展（「进度」或「完成」）后发送。');
    return { kind: 'refuse', reply: (which) => `${which}没有保存：刚才登记的案件（案号 ${recentCase.caseNumber}）不能通过聊天附${what.word}，${which}也没有附到其他记录上。${elsewhere(which)}` };
  }
  if (target) return { kind: 'attach', target };
  if (!isAgencyRole(ctx.staff!.role)) {
    return { kind: 'refuse', reply: (which) => `${which}没有保存：没有可以附上的进展。整改证据由执法单位在报告进展后发送。` };
  }
  const open = ctx.staff!.agency ? await recommendationModel(ctx.services.mongo).countDocuments({ agency: ctx.staff!.agency, status: { $in: openStatuses } }) : 0;
  if (open === 0) {
    return { kind: 'refuse', reply: (which) => `${which}没有保存：贵单位目前没有未办结的检察建议，没有可以附${what.word}的整改进展。如是案件材料，案件目前不能通过聊天附${what.word}；如有疑问请联系检察官。` };
  }
  const colleague = await colleagueUpdate(ctx);
  return {
    kind: 'hold',
    reply: (which) => [
      `${which}还没有保存：目前没有可以附上的进展。请在 ${minutes} 分钟内发送「进度 <文号> <百分比> <措施>」，记录后${which}会自动作为证据附在该条进展上；超过 ${minutes} 分钟则不会保存，需要在记录进展后重新发送。`,
      ...(colleague ? [`（同事${colleague.name}刚报告了 ${describeUpdate(colleague.progress)}；如${which}是那条进展的证据，请由${colleague.name}发送，不必重复报告进展。）`] : []),
    ].join('\n'),
  };
}

/**
 * Whether the sender may still add to this update or take it back: they are agency staff, and its recommendation is
 * their agency's now. The evidence window, held photos and 撤回 are kept by userid alone, and a person rebound to
 * another agency (or as a prosecutor) within those minutes must not change the old agency's record.
 */
export async function actsForUpdate(ctx: BotContext, progress: Pick<ProgressRecord, 'recommendation'>): Promise<boolean> {
  const { role, agency } = ctx.staff!;
  if (!isAgencyRole(role) || !agency) return false;
  const rec = await recommendationModel(ctx.services.mongo).findById(progress.recommendation, { agency: 1 }).lean();
  return rec?.agency === agency;
}

/**
 * The evidence window's update when the sender still acts for it; otherwise the window is closed (it was opened
 * before a rebinding) and undefined is returned, so photos are handled as if no update were in reach.
 */
export async function ownTarget(ctx: BotContext, target: EvidenceDestination | undefined): Promise<EvidenceDestination | undefined> {
  if (!target || (await actsForUpdate(ctx, target.progress))) return target;
  await new Conversations(ctx.services.redis, ctx.services.config.QUEUE_PREFIX).closeEvidenceWindow(ctx.staff!._id);
  return undefined;
}

/** A colleague's update of the same agency still within its photo window: the photo may belong to it. */
async function colleagueUpdate(ctx: BotContext): Promise<{ name: string; progress: ProgressRecord } | undefined> {
  const { mongo } = ctx.services;
  const since = new Date(ctx.now.getTime() - evidenceWindowSeconds * 1000);
  const progress = await progressModel(mongo).findOne({ agency: ctx.staff!.agency, author: { $ne: ctx.staff!._id }, kind: { $in: ['progress', 'complete'] }, revoked: { $exists: false }, createdAt: { $gte: since } }).sort({ createdAt: -1 }).lean();
  if (!progress) return undefined;
  const author = await staffModel(mongo).findById(progress.author).lean();
  return { name: author?.name ?? progress.author, progress };
}

/** Options of {@link handleEvidence}. */
export interface EvidenceOptions {
  /** The update the text of the message named (a caption: 9号的照片); the evidence window is not asked then. */
  target?: EvidenceDestination;
  /** The text named a recommendation with no update to attach to: hold the photos rather than use the window. */
  hold?: boolean;
}

/**
 * A photo or file: a spreadsheet of cases is a bulk case report (上报); anything else sent within 30 minutes of
 * the sender's progress update attaches to it as evidence, stored with its SHA-256 — a spreadsheet too when it is
 * not a case sheet (整改台账 sent as evidence right after 进度 … 附整改台账). The window never names a withdrawn
 * update: after 撤回 it falls back to the sender's latest update still standing. A photo sent before its update
 * (first, or while the bot asks for the update's figure) is held for the update the sender reports next.
 */
export async function handleEvidence(ctx: BotContext, options: EvidenceOptions = {}): Promise<void> {
  const media = ctx.message.media ?? [];
  if (media.length === 0) {
    ctx.reply('这条消息里没有可以保存的照片或文件，没有记录。请重新发送照片或文件，或发送「帮助」查看可以办理的事项。');
    return;
  }
  // A mixed message (text with pictures) carries only images: its media are photos too.
  const what: Noun = ctx.message.kind === 'image' || ctx.message.kind === 'mixed' ? { word: '照片', measure: '张' } : { word: '文件', measure: '个' };
  const decided: Plan = options.target
    ? { kind: 'attach', target: options.target }
    : options.hold
      ? { kind: 'hold', reply: (which) => `${which}还没有保存：${heldEvidenceSeconds / 60} 分钟内报告这份检察建议的进展后，${which}会自动作为证据附在该条进展上。` }
      : await plan(ctx, what);
  const target = decided.kind === 'attach' ? decided.target : undefined;
  const results: AttachOutcome[] = [];
  const held: EvidenceRef[] = [];
  const keptSheets: string[] = [];
  for (const [index, item] of media.entries()) {
    const which = media.length > 1 ? `第 ${index + 1} ${what.measure}${what.word}` : `这${what.measure}${what.word}`;
    const file = await download(ctx, item, which);
    if (!file) continue;
    if (file.bytes.length > maxMediaBytes) {
      ctx.reply(`${which}超过 ${maxMediaBytes / 1024 / 1024} MB，未保存。请压缩后重新发送。`);
      continue;
    }
    const refused = refusedFile(file, which);
    if (refused) {
      ctx.reply(refused);
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
    const messageId = media.length > 1 ? `${ctx.message.id}#${index}` : ctx.message.id;
    if (decided.kind === 'refuse') {
      ctx.reply(decided.reply(media.length > 1 ? `这条消息里的${what.word}` : which));
      return;
    }
    if (decided.kind === 'hold') {
      held.push(await storeEvidence(ctx.services.mongo, file, { messageId, now: ctx.now }));
      continue;
    }
    const result = await attachEvidence(ctx.services.mongo, decided.target.progress._id, file, { messageId, by: ctx.staff!._id, now: ctx.now });
    if (result) results.push(result);
    if (result && result.outcome !== 'revoked' && sheetName) keptSheets.push(sheetName);
  }
  if (decided.kind === 'hold' && held.length) {
    const store = new HeldEvidence(ctx.services.redis, ctx.services.config.QUEUE_PREFIX);
    for (const evidence of held) await store.hold(ctx.staff!._id, evidence, ctx.staff!.agency ?? '');
    ctx.reply(decided.reply(held.length > 1 ? `这 ${held.length} ${what.measure}${what.word}` : `这${what.measure}${what.word}`));
    return;
  }
  if (results.length === 0 || !target) return;
  if (results.some((r) => r.outcome === 'attached')) ctx.markChanged('recommendation', target.progress.recommendation);
  ctx.reply([summary(what, results), ...(keptSheets.length ? [keptSheetsNote(keptSheets)] : [])].join('\n'));
}

/**
 * After an update was recorded (progress, completion, written reply): the photos and files the sender sent before
 * it, held for it, become its evidence, and the sender is told so.
 */
export async function attachHeld(ctx: BotContext, progressId: string): Promise<void> {
  const taken = await new HeldEvidence(ctx.services.redis, ctx.services.config.QUEUE_PREFIX).take(ctx.staff!._id, ctx.now);
  // Sent while the sender was bound to another agency: that agency's photo, not evidence of this record.
  const held = taken.filter((item) => item.agency === undefined || item.agency === ctx.staff!.agency).map((item) => item.evidence);
  const foreign = taken.length - held.length;
  if (foreign) ctx.reply(`您之前发送的 ${foreign} 张照片或文件是在登记为其他单位人员时发送的，没有附到这条进展上；如确是本条进展的证据，请重新发送。`);
  const results: AttachOutcome[] = [];
  for (const evidence of held) {
    const result = await attachStored(ctx.services.mongo, progressId, evidence, ctx.staff!._id);
    if (result) results.push(result);
  }
  if (results.length === 0) return;
  if (results.some((r) => r.outcome === 'attached')) ctx.markChanged('recommendation', results[0]!.progress.recommendation);
  const photos = held.every((e) => e.contentType.startsWith('image/'));
  const what: Noun = photos ? { word: '照片', measure: '张' } : { word: '文件', measure: '个' };
  ctx.reply(summary(what, results, '您之前发送的'));
}

/** Drops what was held for an update that will not be recorded (取消, or another message instead); says so. */
export async function dropHeld(ctx: BotContext): Promise<string> {
  const held = await new HeldEvidence(ctx.services.redis, ctx.services.config.QUEUE_PREFIX).take(ctx.staff!._id, ctx.now);
  return held.length ? `之前暂存的 ${held.length} 张照片或文件也没有保存；如仍需要，请在记录进展后重新发送。` : '';
}

/**
 * Photos and files. See {@link handleEvidence}.
 */
export const evidence: KindHandler = {
  kinds: ['image', 'file', 'video', 'mixed'],
  handle: (ctx) => handleEvidence(ctx),
};
