import { restatedAction } from '../src/leads/lead-status.js';
import type { BotContext } from '../src/bot/context.js';
import { localDate, localDateTime, ymd } from '../src/calendar/local-date.js';
import type { ProsecutorCommandHandler } from '../src/bot/handler.js';
import type { LeadDecisionUnclear, TypedLeadDecision } from '../src/commands/lead-commands.js';
import type { LeadsCommand } from '../src/commands/prosecutor-commands.js';
import { leadKindNames, leadValueRows } from '../src/leads/alert-card.js';
import { leadKindName, leadStatusText } from '../src/leads/lead-status.js';
import { leadDecisions, leadModel, type LeadRecord } from '../src/models/lead.js';
import { loadBindings, responsibleFor } from '../src/leads/route.js';
import { describeDaysLeft, deadlineLight } from '../src/rectification/deadline-light.js';
import { decideByText, decisionChangeWindowMs, exampleLeadNumber, fullLeadNumber, leadNumberMeant, owedReasons } from './lead-decision.js';

/** How many open leads the list shows; the count above it is exact. */
const listed = 15;

function urgency(lead: Pick<LeadRecord, 'transferDueOn'>): number {
  return lead.transferDueOn ? lead.transferDueOn.getTime() : Number.MAX_SAFE_INTEGER;
}

/**
 * The transfer deadline of a duty-crime lead (职务犯罪线索): counted down while it is still to be transferred (open or
 * 受理); once sent to the 监察委 the date it was sent; after another decision, that no transfer is due.
 */
function transferLine(lead: LeadRecord, now: Date, timeZone: string): string {
  if (!lead.transferDueOn) return '';
  const due = ymd(lead.transferDueOn);
  if (lead.status === 'open' || lead.status === 'accept') return `\n移送监察委期限：${due}（${describeDaysLeft(deadlineLight(lead.transferDueOn, now, timeZone).daysLeft)}）`;
  if (lead.status === 'supervision' && lead.decision?.at) return `\n已于 ${localDate(lead.decision.at, timeZone)} 移送监察委（期限 ${due}）`;
  const why = lead.status === 'withdrawn' ? '线索已撤回' : `已${leadDecisions[lead.status]}`;
  return `\n移送监察委期限：${due}（${why}，无需移送）`;
}

/** 线索 <编号>: one lead in full, with the rule and values that raised it and its decision; `howTo` is added below. */
async function showLead(ctx: BotContext, number: string, howTo?: (lead: LeadRecord) => string): Promise<void> {
  const { mongo, config } = ctx.services;
  const meant = await leadNumberMeant(ctx, number);
  if ('question' in meant) {
    ctx.reply(meant.question);
    return;
  }
  const { full } = meant;
  const lead = await leadModel(mongo).findOne({ number: full }).lean();
  if (!lead) {
    ctx.reply(`没有编号为 ${full} 的线索。发送「线索」查看未处理的线索。`);
    return;
  }
  const values = leadValueRows(lead).map(({ label, text }) => `  ${label}：${text}`);
  const { decision } = lead;
  // A 不予受理 whose reason has not come yet says so, with how to give it, rather than looking complete.
  const reason = decision?.reason ? `，理由：${decision.reason}` : decision?.action === 'reject' ? `，理由待补充：请${decision.byName}发送「不予受理 ${lead.number} <理由>」` : '';
  const status = decision?.action && decision.at
    ? `${leadDecisions[decision.action]}（${decision.byName}，${localDateTime(decision.at, config.TZ)}${reason}）`
    : leadStatusText(lead, config.TZ);
  const transfer = transferLine(lead, ctx.now, config.TZ);
  // The figures of a lead restated after a 更正 are not those its alert card showed: the detail says when they changed.
  const restatedAt = [...lead.history].reverse().find((h) => h.action === restatedAction)?.at;
  const restated = restatedAt ? `\n（案件数据更正后，线索内容已于 ${localDateTime(restatedAt, config.TZ)} 按更正后的数据更新，与提醒卡片所示不同）` : '';
  const extra = `${restated}${howTo ? `\n${howTo(lead)}` : ''}`;
  ctx.reply(`线索 ${lead.number}【${leadKindName(lead.kind, lead.status)}】${lead.title}\n对象：${lead.subject.label}\n${lead.explanation}\n依据：${lead.legalBasis}\n规则 ${lead.ruleId}（第${lead.ruleVersion}版）触发数据：\n${values.join('\n')}\n状态：${status}${transfer}${extra}`);
}

/** Why a message that names a decision recorded none: its opening words in every answer to it. */
const notRecordedBecause: Record<'question' | LeadDecisionUnclear, string> = {
  question: '这条消息是提问',
  taken_back: '这条消息里的决定前后有更正',
  deferred: '这条消息表示还要再考虑',
  hedged: '这条消息没有明确作出决定',
};

/** How to write a decision so it is recorded, for each reason one was not. */
const plainly: Record<'question' | LeadDecisionUnclear, string> = {
  question: '不带问号、「吗」等问句',
  taken_back: '只写最终的决定，不写「不对」「应该」等更正；理由请写在「理由：」之后',
  deferred: '想好后再发送；理由请写在「理由：」之后',
  hedged: '不加「可以」「建议」「暂不」等',
};

/** How to decide an open lead, or how a decision is changed, after the status shown for a message that decided nothing. */
function howToDecide(why: 'question' | LeadDecisionUnclear): (lead: LeadRecord) => string {
  return (lead) => {
    const n = lead.number;
    if (lead.status === 'open') {
      return `${notRecordedBecause[why]}，未记录任何决定。如需决定，请直接发送「受理 ${n}」「不予受理 ${n} <理由>」「转刑事线索 ${n}」或「转监察委 ${n}」（${plainly[why]}）。`;
    }
    return `${notRecordedBecause[why]}，未作任何更改。作出决定的检察官可在决定后 ${decisionChangeWindowMs / 60_000} 分钟内发送新的决定（如「不予受理 ${n} <理由>」）更正，之后请联系管理员。`;
  };
}

/**
 * A decision word asked as a question (XS-2026-0001 受理了吗？) or not held to (受理 … 不对 应该不予受理, 不予受理吧
 * 我再想想): never recorded; the lead's status is the answer, as for 线索 <编号>, with how to decide.
 */
function answerUndecided(ctx: BotContext, number: string | null, why: 'question' | LeadDecisionUnclear): Promise<void> | void {
  if (number) return showLead(ctx, number, howToDecide(why));
  const example = exampleLeadNumber(ctx);
  ctx.reply(`${notRecordedBecause[why]}，未记录任何决定。请写明线索编号，例如「线索 ${example}」查询，或「受理 ${example}」决定；发送「线索」查看分派给您的待处理线索。`);
}

/** A decision naming two or more leads (受理 XS-2026-0002、XS-2026-0004): nothing recorded, each to be sent alone. */
function refuseSeveral(ctx: BotContext, number: string, decision: TypedLeadDecision): void {
  const numbers = [number, ...(decision.otherNumbers ?? [])].map((n) => fullLeadNumber(ctx, n));
  const word = leadDecisions[decision.action];
  const examples = numbers.map((n) => `「${word} ${n}${decision.action === 'reject' ? ' <理由>' : ''}」`).join('、');
  ctx.reply(`这条消息写了 ${numbers.length} 个线索编号（${numbers.join('、')}），未记录任何决定。请逐条发送，例如${examples}。如另一编号是理由的一部分，请写成「${word} ${numbers[0]} 理由：…」。`);
}

/**
 * 线索: the open leads the sender can decide — those they are responsible for now (route.ts responsibleFor: the ones
 * whose alert went to them, and those whose holders all left, of an agency now theirs; admins: all) — most urgent
 * (transfer deadlines) first, then newest; a line counts the others, and the sender's 不予受理 still without a reason
 * follow.
 */
async function listLeads(ctx: BotContext): Promise<void> {
  const { mongo, config } = ctx.services;
  const staff = ctx.staff!;
  // Every open lead is read (FerretDB v1 reads them all for any filter but `_id` anyway): whose a lead is follows the
  // bindings, which no stored field can be queried for.
  const all = await leadModel(mongo).find({ status: 'open' }, { number: 1, kind: 1, title: 1, subject: 1, transferDueOn: 1, createdAt: 1, alert: 1 }).lean();
  // Raised outside working time, a lead's alert waits for the next working morning: nobody has it yet.
  const waiting = staff.role === 'admin' ? 0 : all.filter((l) => !l.alert?.taskId).length;
  const bindings = await loadBindings(mongo);
  // A prosecutor may decide only the leads they are responsible for (lead-decision.ts): the list shows those.
  const open = staff.role === 'admin' ? all : all.filter((l) => l.alert?.taskId && responsibleFor(bindings, l).includes(staff._id));
  const count = open.length;
  open.sort((a, b) => urgency(a) - urgency(b) || b.createdAt.getTime() - a.createdAt.getTime());
  const lines = open.slice(0, listed).map((l) => {
    const due = l.transferDueOn ? `，移送期限${describeDaysLeft(deadlineLight(l.transferDueOn, ctx.now, config.TZ).daysLeft)}` : '';
    return `${l.number}【${leadKindNames[l.kind]}】${l.title} — ${l.subject.label}${due}`;
  });
  const head = staff.role === 'admin' ? '待处理线索' : '分派给您的待处理线索';
  const parts = [count === 0 ? `目前没有${head}。` : `${head} ${count} 条${count > listed ? `（列出最紧急的 ${listed} 条）` : ''}：\n${lines.join('\n')}`];
  if (all.length - count - waiting > 0) parts.push(`另有 ${all.length - count - waiting} 条待处理线索未分派给您（由其他检察官处理）。`);
  if (waiting > 0) parts.push(`另有 ${waiting} 条新发现的线索或提醒尚未发出：非工作时间发现的，将在下一个工作日上班时发给负责的检察官。`);
  const owed = await owedReasons(ctx);
  if (owed.length) parts.push(`您不予受理但尚未填写理由的线索 ${owed.length} 条：${owed.map((l) => `${l.number}「${l.title}」`).join('、')}，请发送「不予受理 <编号> <理由>」补充。`);
  if (count > 0) parts.push('发送「线索 <编号>」查看详情与触发数据，或直接发送「受理 / 不予受理 <编号> <理由> / 转刑事线索 / 转监察委 <编号>」处理。');
  ctx.reply(parts.join('\n'));
}

/** 线索, 线索 <编号>, and the decisions typed on a lead (受理 / 不予受理 / 转刑事线索 / 转监察委 <编号>). */
export const leads: ProsecutorCommandHandler<LeadsCommand> = {
  command: 'leads',
  async handle(ctx, cmd) {
    // Neither a question, a decision taken back or put off, nor a message naming several leads may record a decision
    // the prosecutor did not make.
    if (cmd.decision?.question) return answerUndecided(ctx, cmd.number, 'question');
    if (cmd.decision?.unclear) return answerUndecided(ctx, cmd.number, cmd.decision.unclear);
    if (cmd.decision?.otherNumbers && cmd.number) return refuseSeveral(ctx, cmd.number, cmd.decision);
    if (cmd.decision) return decideByText(ctx, cmd.number, cmd.decision);
    if (cmd.number) return showLead(ctx, cmd.number);
    return listLeads(ctx);
  },
};
