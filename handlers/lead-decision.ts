import type { EventHandler } from '../src/bot/handler.js';
import type { BotContext } from '../src/bot/context.js';
import { Conversations } from '../src/bot/conversation.js';
import { leadKeyPrefix, parseLeadKey } from '../src/leads/alert-card.js';
import { audit } from '../src/models/audit.js';
import { leadDecisions, leadModel } from '../src/models/lead.js';

/** Field name of the question asked after 不予受理. */
export const rejectReasonField = 'lead_reason';

/**
 * A click on a lead alert card (受理 / 不予受理 / 转刑事线索 / 转监察委): the first prosecutor's decision is
 * recorded and the card is updated for every recipient; a later click gets a polite note of who decided.
 */
export const leadDecision: EventHandler = {
  events: ['template_card_event'],
  matches: (ctx) => (ctx.message.event?.key ?? '').startsWith(leadKeyPrefix),
  async handle(ctx) {
    const staff = ctx.staff!;
    const { mongo, config } = ctx.services;
    const parsed = parseLeadKey(ctx.message.event?.key ?? '');
    if (!parsed) {
      ctx.reply('无法识别这个按钮，请在最新的线索提醒卡片上操作，或发送「线索」查看。');
      return;
    }
    if (staff.role !== 'prosecutor' && staff.role !== 'admin') {
      await audit(mongo, { at: ctx.now, actor: staff._id, action: 'lead.decide', sourceId: ctx.message.id, outcome: 'refused', target: { kind: 'lead', id: parsed.leadId }, reason: `role ${staff.role}` });
      ctx.reply('线索由检察官处理，您无权操作。');
      return;
    }
    const lead = await leadModel(mongo).findById(parsed.leadId, { alert: 1, status: 1 }).lean();
    // A prosecutor decides the leads routed to them; admins may decide any (e.g. after an escalation). A lead
    // already decided gets the answer below (who decided), whoever clicks.
    if (lead?.status === 'open' && staff.role !== 'admin' && !(lead.alert?.recipients ?? []).includes(staff._id)) {
      await audit(mongo, { at: ctx.now, actor: staff._id, action: 'lead.decide', sourceId: ctx.message.id, outcome: 'refused', target: { kind: 'lead', id: parsed.leadId }, reason: 'not a recipient of the alert' });
      ctx.reply('这条线索没有分派给您，无法处理。如需接手，请联系管理员。');
      return;
    }
    const decision = { action: parsed.action, by: staff._id, byName: staff.name, at: ctx.now };
    const decided = await leadModel(mongo).findOneAndUpdate(
      { _id: parsed.leadId, status: 'open' },
      { $set: { status: parsed.action, decision }, $push: { history: { at: ctx.now, by: staff._id, action: `decided:${parsed.action}`, sourceId: ctx.message.id } } },
      { returnDocument: 'after' },
    ).lean();
    if (!decided) {
      const lead = await leadModel(mongo).findById(parsed.leadId).lean();
      if (!lead?.decision?.action) {
        ctx.reply('没有找到这条线索，可能已被撤销。');
        return;
      }
      const when = lead.decision.at.toLocaleString('zh-CN', { timeZone: config.TZ, hour12: false });
      ctx.reply(`线索 ${lead.number} 已由${lead.decision.byName}于 ${when} 决定「${leadDecisions[lead.decision.action]}」，无需重复处理。`);
      return;
    }
    await audit(mongo, { at: ctx.now, actor: staff._id, action: `lead.${parsed.action}`, sourceId: ctx.message.id, outcome: 'ok', target: { kind: 'lead', id: decided._id } });
    ctx.updateClickedCard(`已${leadDecisions[parsed.action]} · ${staff.name}`);
    if (parsed.action === 'reject') {
      await new Conversations(ctx.services.redis, config.QUEUE_PREFIX).ask(staff._id, { kind: 'ask_field', field: rejectReasonField, text: decided._id, askedAt: ctx.now.getTime() });
      ctx.reply(`已记录：线索 ${decided.number} 不予受理。请直接回复不予受理的理由，将记入线索档案。`);
    } else {
      ctx.reply(`已记录：线索 ${decided.number}「${leadDecisions[parsed.action]}」（${decided.title}）。`);
    }
  },
};

/** The answer to "why 不予受理": stored as the decision's reason. */
export async function recordRejectReason(ctx: BotContext, leadId: string, reason: string): Promise<void> {
  const lead = await leadModel(ctx.services.mongo).findOneAndUpdate(
    { _id: leadId, status: 'reject', 'decision.by': ctx.staff!._id },
    { $set: { 'decision.reason': reason }, $push: { history: { at: ctx.now, by: ctx.staff!._id, action: 'reason', sourceId: ctx.message.id, detail: { reason } } } },
    { returnDocument: 'after' },
  ).lean();
  ctx.reply(lead ? `已记录线索 ${lead.number} 不予受理的理由：${reason}` : '这条线索的决定已变更，理由未记录。');
}
