import type { BotContext } from '../src/bot/context.js';
import type { CommandHandler } from '../src/bot/handler.js';
import { Conversations } from '../src/bot/conversation.js';
import type { ProgressCommand, Problem } from '../src/commands/index.js';
import { withoutUndecidedFigure } from '../src/commands/undecided-figure.js';
import { isAgencyRole } from '../src/models/staff.js';
import { findTarget } from '../src/rectification/find-target.js';
import { resolveRecommendation } from '../src/rectification/resolve.js';
import type { UpdateCommand } from '../src/rectification/handle-update.js';
import { handleUpdate } from '../src/rectification/handle-update.js';

/**
 * 进度 14号 六成还是七成 / 60%-70% / 不到80%: the figure is asked for and the update, without it, waits for the answer
 * as one without a figure does, so the bare figure sent next (七成) records it on the recommendation named — not a
 * selection card for a figure that names none. A short number that fits several gets the selection card, which
 * carries the update without the figure; the click then asks for the figure.
 */
async function askForFigure(ctx: BotContext, waiting: ProgressCommand, problem: Problem): Promise<void> {
  const { agency, role } = ctx.staff!;
  if (isAgencyRole(role) && agency && (await resolveRecommendation(ctx.services.mongo, agency, waiting.ref, waiting.refParts)).kind === 'ambiguous') {
    // The card comes first; said here, the click's question for the figure does not come out of the blue.
    ctx.reply(`${problem.reason}。请先在卡片中选择是哪一份检察建议，再按提示回复确定的完成比例。`);
  }
  const rec = await findTarget(ctx, waiting, '报告进展');
  if (!rec) return;
  // A completion awaiting review refuses progress however it is written: handleUpdate says so and how to go on.
  if (rec.status === 'completed') return handleUpdate(ctx, waiting, { recommendation: rec });
  const conversations = new Conversations(ctx.services.redis, ctx.services.config.QUEUE_PREFIX);
  await conversations.ask(ctx.staff!._id, { kind: 'ask_field', text: waiting.text, field: 'percent_or_stage', askedAt: ctx.now.getTime() });
  ctx.reply(`${problem.reason}（${rec.ref}）。直接回复确定的完成比例即可（如「60%」「六成」）；回复「取消」可放弃这条。`);
}

/** 进度 <文号> <百分比或阶段> <措施>: a rectification progress update. */
export const progress: CommandHandler<Extract<UpdateCommand, { command: 'progress' }>> = {
  command: 'progress',
  handle: (ctx, cmd) => {
    const undecided = withoutUndecidedFigure(cmd);
    return undecided ? askForFigure(ctx, undecided.waiting, undecided.problem) : handleUpdate(ctx, cmd);
  },
};
