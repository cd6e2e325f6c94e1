import type { ProsecutorCommandHandler } from '../src/bot/handler.js';
import type { LeadsCommand } from '../src/commands/prosecutor-commands.js';
import { leadKindNames } from '../src/leads/alert-card.js';
import { leadDecisions, leadModel, type LeadRecord } from '../src/models/lead.js';
import { describeDaysLeft, deadlineLight } from '../src/rectification/deadline-light.js';

function urgency(lead: LeadRecord): number {
  return lead.transferDueOn ? lead.transferDueOn.getTime() : Number.MAX_SAFE_INTEGER;
}

/** 线索: open leads, most urgent (transfer deadlines) first, then newest; 线索 <编号>: one lead in full. */
export const leads: ProsecutorCommandHandler<LeadsCommand> = {
  command: 'leads',
  async handle(ctx, cmd) {
    const { mongo, config } = ctx.services;
    const model = leadModel(mongo);
    if (cmd.number) {
      const year = new Date(ctx.now).getFullYear();
      const number = cmd.number.startsWith('XS-') ? cmd.number : `XS-${year}-${cmd.number.padStart(4, '0')}`;
      const lead = await model.findOne({ number }).lean();
      if (!lead) {
        ctx.reply(`没有编号为 ${number} 的线索。发送「线索」查看未处理的线索。`);
        return;
      }
      const values = lead.values.map(({ fact, value }) => `  ${fact} = ${value instanceof Date ? value.toISOString().slice(0, 10) : String(value)}`);
      const decision = lead.decision?.action && lead.decision.at
        ? `${leadDecisions[lead.decision.action]}（${lead.decision.byName}，${lead.decision.at.toLocaleString('zh-CN', { timeZone: config.TZ, hour12: false })}${lead.decision.reason ? `，理由：${lead.decision.reason}` : ''}）`
        : '待处理';
      const transfer = lead.transferDueOn ? `\n移送监察委期限：${lead.transferDueOn.toISOString().slice(0, 10)}（${describeDaysLeft(deadlineLight(lead.transferDueOn, ctx.now, config.TZ).daysLeft)}）` : '';
      ctx.reply(`线索 ${lead.number}【${leadKindNames[lead.kind]}】${lead.title}\n对象：${lead.subject.label}\n${lead.explanation}\n依据：${lead.legalBasis}\n规则 ${lead.ruleId}（第${lead.ruleVersion}版）触发数据：\n${values.join('\n')}\n状态：${decision}${transfer}`);
      return;
    }
    const open = await model.find({ status: 'open' }).sort({ createdAt: -1 }).limit(100).lean();
    if (open.length === 0) {
      ctx.reply('目前没有待处理的线索。');
      return;
    }
    open.sort((a, b) => urgency(a) - urgency(b) || b.createdAt.getTime() - a.createdAt.getTime());
    const lines = open.slice(0, 15).map((l) => {
      const due = l.transferDueOn ? `，移送期限${describeDaysLeft(deadlineLight(l.transferDueOn, ctx.now, config.TZ).daysLeft)}` : '';
      return `${l.number}【${leadKindNames[l.kind]}】${l.title} — ${l.subject.label}${due}`;
    });
    ctx.reply(`待处理线索 ${open.length} 条：\n${lines.join('\n')}\n发送「线索 <编号>」查看详情与触发数据。`);
  },
};
