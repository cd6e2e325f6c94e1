import type { EventHandler } from '../src/bot/handler.js';
import { pickPrefix } from '../src/bot/choice-card.js';
import { Conversations } from '../src/bot/conversation.js';
import { findRef, parseCommand } from '../src/commands/index.js';
import { recommendationModel } from '../src/models/recommendation.js';
import { handleUpdate } from '../src/rectification/handle-update.js';
import { attachHeld } from './evidence.js';
import { query } from './query.js';

/**
 * The update's words naming the chosen recommendation: an update still lacking its figure waits with these words,
 * and the answer read with them (进度 14号⏎六成) must not offer the card again for a 14号 that fits several.
 */
function namingChosen(text: string, ref: string): string {
  const named = findRef(text);
  const naming = named ? `${text.slice(0, named.index)}${ref}${text.slice(named.index + named.length)}` : `${text} ${ref}`;
  return parseCommand(naming).ref === ref ? naming : text;
}

/**
 * A click on a selection card (请选择检察建议): finishes the command that asked, against the chosen
 * recommendation, recorded under the original message so that it is recorded once however often it is clicked.
 */
export const chooseRecommendation: EventHandler = {
  events: ['template_card_event'],
  matches: (ctx) => (ctx.message.event?.key ?? '').startsWith(pickPrefix),
  async handle(ctx) {
    const { key = '', taskId = '' } = ctx.message.event ?? {};
    const staff = ctx.staff!;
    const { pending, foreign } = await new Conversations(ctx.services.redis, ctx.services.config.QUEUE_PREFIX).takeChoice(taskId, staff._id);
    if (!pending) {
      ctx.reply(foreign ? '无法办理：这张卡片不是发给您的。' : '这张选择卡片已经用过或已过期，这次点击没有记录任何内容。上次的选择如已记录，可发送「查询 <文号>」核对；如需重新办理，请把原来的消息再发一次。');
      return;
    }
    const rec = await recommendationModel(ctx.services.mongo).findById(key.slice(pickPrefix.length)).lean();
    if (!rec || rec.agency !== staff.agency) {
      ctx.reply('无法办理：这张卡片不是发给您的，或所选检察建议不属于贵单位。');
      return;
    }
    const cmd = parseCommand(pending.text);
    // The card's buttons are replaced for the app channel, where WeCom gave a response_code to update it with: a
    // card left clickable invites a second click that can only be refused.
    if (ctx.message.channel === 'app') ctx.updateClickedCard(`已选择 ${rec.ref}`);
    if (cmd.command === 'progress' || cmd.command === 'complete' || cmd.command === 'reply') {
      const conversations = new Conversations(ctx.services.redis, ctx.services.config.QUEUE_PREFIX);
      const before = await conversations.evidenceTarget(staff._id);
      await handleUpdate(ctx, { ...cmd, ref: rec.ref, refParts: { prefix: rec.refPrefix ?? null, year: rec.refYear ?? null, serial: rec.refSerial }, missing: cmd.missing.filter((m) => m !== 'ref'), text: namingChosen(cmd.text, rec.ref) }, { recommendation: rec, sourceId: pending.sourceId });
      // A photo sent while the card waited for the click was held for this update, not for whatever comes next.
      const after = await conversations.evidenceTarget(staff._id);
      if (after !== undefined && after !== before) await attachHeld(ctx, after);
    } else if (cmd.command === 'query') {
      await query.handle(ctx, { ...cmd, ref: rec.ref, refParts: { prefix: rec.refPrefix ?? null, year: rec.refYear ?? null, serial: rec.refSerial } });
    } else {
      ctx.reply(`已选择 ${rec.ref}。`);
    }
  },
};
