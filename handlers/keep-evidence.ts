import type { Command } from '../src/commands/index.js';
import type { BotContext } from '../src/bot/context.js';
import { Conversations } from '../src/bot/conversation.js';
import type { CommandHandler } from '../src/bot/handler.js';
import { RecentCase } from '../src/media/recent-case.js';
import { caseModel } from '../src/models/case.js';
import { progressModel } from '../src/models/progress.js';
import { attachHeld, dropHeld } from './evidence.js';

/** Commands whose record photos and files sent with them become the evidence of. */
export const UPDATES: ReadonlySet<string> = new Set(['progress', 'complete']);

/** Commands that register or change a case (案件), which holds no photos. */
const CASE_COMMANDS: ReadonlySet<string> = new Set(['report', 'amend']);

/**
 * Runs a command and keeps the sender's photos with the record it made. An update (进度, 完成, and a written reply,
 * 回复, which can hold the signed letter) takes the photos held for it, and the ones sent after it; a case (上报,
 * 更正) holds none, so the next photo is not put silently on an earlier update. Returns the evidence window before
 * and after, for a mixed message's own photos.
 */
export async function runKeepingEvidence(ctx: BotContext, handler: CommandHandler, cmd: Command): Promise<{ before?: string; after?: string }> {
  const conversations = new Conversations(ctx.services.redis, ctx.services.config.QUEUE_PREFIX);
  const userid = ctx.staff!._id;
  const before = await conversations.evidenceTarget(userid);
  await handler.handle(ctx, cmd);
  if (cmd.command === 'reply') {
    const written = await progressModel(ctx.services.mongo).findById(ctx.message.id).lean();
    if (written?.kind === 'reply' && !written.revoked) await conversations.openEvidenceWindow(userid, written._id);
  }
  const after = await conversations.evidenceTarget(userid);
  if ((UPDATES.has(cmd.command) || cmd.command === 'reply') && after !== undefined && (after === ctx.message.id || after !== before)) {
    // An update recorded instead of clicking a selection card: photos now go with it, not to the card's.
    await conversations.clearPendingChoice(userid);
    await attachHeld(ctx, after);
  }
  const changedCase = CASE_COMMANDS.has(cmd.command) ? ctx.changed.find((c) => c.kind === 'case') : undefined;
  if (changedCase) {
    const record = await caseModel(ctx.services.mongo).findById(changedCase.id).lean();
    if (record) await new RecentCase(ctx.services.redis, ctx.services.config.QUEUE_PREFIX).remember(userid, record.caseNumber, ctx.now);
    const dropped = await dropHeld(ctx);
    if (dropped) ctx.reply(`案件不能通过聊天附照片或文件：${dropped}`);
  }
  return { before, after };
}

