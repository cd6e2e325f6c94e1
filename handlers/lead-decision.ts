import { chinesePunctuation } from '../src/commands/normalize-text.js';
import type { EventHandler } from '../src/bot/handler.js';
import type { BotContext } from '../src/bot/context.js';
import { Conversations } from '../src/bot/conversation.js';
import { cancelsQuestion, isNotAnAnswer } from '../src/bot/answers.js';
import { localDate, localDateTime } from '../src/calendar/local-date.js';
import { hesitation, type TypedLeadDecision } from '../src/commands/lead-commands.js';
import { cardDecisions, leadKeyPrefix, leadTaskId, parseLeadKey } from '../src/leads/alert-card.js';
import { leadStatusName, leadStatusText } from '../src/leads/lead-status.js';
import { leadResponsible, namesOf } from '../src/leads/route.js';
import { audit } from '../src/models/audit.js';
import { deliveryModel } from '../src/models/delivery.js';
import { messageLogModel } from '../src/models/message-log.js';
import { leadDecisions, leadModel, type LeadDecision, type LeadRecord } from '../src/models/lead.js';
import type { Role } from '../src/models/staff.js';

/** How long WeCom accepts the response_code of a sent card for update_template_card. */
const responseCodeLifetimeMs = 72 * 3600_000;

/**
 * How long the prosecutor who decided a lead may change the decision themselves (a question read as a decision, a
 * wrong button). Longer than 撤回's 10 minutes: a mistake is often noticed only on reading the bot's answer or the
 * card. Later, or for anyone else's decision, an admin corrects it.
 */
export const decisionChangeWindowMs = 30 * 60_000;
const changeWindowMinutes = decisionChangeWindowMs / 60_000;

type LeadSummary = Pick<LeadRecord, '_id' | 'number' | 'title' | 'subject' | 'decision'>;

/** What a prosecutor decided and from where: a card's button, or a message naming the lead. */
interface DecisionRequest {
  leadId: string;
  action: LeadDecision;
  /** The words given with the decision (the reason of 不予受理); '' when none. */
  reason: string;
  /** A click carries its own response_code to update the card; a text decision uses the alert's. */
  fromCard: boolean;
}

/** The lead as every question and answer names it: number, what it is about, and on what record. */
function describeLead(lead: Pick<LeadRecord, 'number' | 'title' | 'subject'>): string {
  return `${lead.number}「${lead.title}」· ${lead.subject.label}`;
}

function conversations(ctx: BotContext): Conversations {
  return new Conversations(ctx.services.redis, ctx.services.config.QUEUE_PREFIX);
}

/** Whether a role decides leads: prosecutors and admins; agency staff never, whatever they were when a question was asked. */
export function decidesLeads(role: Role): boolean {
  return role === 'prosecutor' || role === 'admin';
}

function refuse(ctx: BotContext, leadId: string, reason: string, text: string): Promise<void> {
  ctx.reply(text);
  return audit(ctx.services.mongo, { at: ctx.now, actor: ctx.staff!._id, action: 'lead.decide', sourceId: ctx.message.id, outcome: 'refused', target: { kind: 'lead', id: leadId }, reason });
}

/**
 * The sender's 不予受理 decisions that still lack their reason, oldest first. The lead itself is the record of what
 * is owed (status reject, no reason), so a question that expired or was overwritten by another click loses nothing.
 */
export async function owedReasons(ctx: BotContext): Promise<LeadSummary[]> {
  const rejected = await leadModel(ctx.services.mongo).find({ status: 'reject', 'decision.by': ctx.staff!._id }, { number: 1, title: 1, subject: 1, decision: 1 }).lean();
  return rejected.filter((l) => !l.decision?.reason).sort((a, b) => (a.decision?.at.getTime() ?? 0) - (b.decision?.at.getTime() ?? 0));
}

/** A reminder of the reasons still owed, other than for `except`; '' when none. */
async function owedReminder(ctx: BotContext, except: string): Promise<string> {
  const owed = (await owedReasons(ctx)).filter((l) => l._id !== except);
  if (owed.length === 0) return '';
  return `\n另有 ${owed.length} 条不予受理的线索尚未填写理由：${owed.map((l) => l.number).join('、')}。请发送「不予受理 <编号> <理由>」补充。`;
}

/** Asks for the reason of `lead`'s 不予受理, naming it, and says which others are still owed. */
async function askReason(ctx: BotContext, lead: LeadSummary, leadIn: string, note = ''): Promise<void> {
  await conversations(ctx).askRejectReason(ctx.staff!._id, lead._id, ctx.now.getTime());
  const others = (await owedReasons(ctx)).filter((l) => l._id !== lead._id);
  const later = others.length ? `\n另有 ${others.length} 条不予受理的线索尚未填写理由（${others.map((l) => l.number).join('、')}），记录本条理由后会逐条再问。` : '';
  ctx.reply(`${leadIn}请直接回复不予受理的理由，将记入线索 ${describeLead(lead)} 的档案（也可以发送「不予受理 ${lead.number} <理由>」）。${later}${note}`);
}

/**
 * After a reason was recorded: the question moves on to the next reason owed (the one already asked, if it is still
 * owed; otherwise the oldest), named by its number, or is cleared when none is owed. Returns the question's text.
 */
async function askNextReason(ctx: BotContext, answered: string): Promise<string> {
  const asked = await conversations(ctx).takeRejectReasonQuestion(ctx.staff!._id);
  const owed = (await owedReasons(ctx)).filter((l) => l._id !== answered);
  const next = owed.find((l) => l._id === asked?.text) ?? owed[0];
  if (!next) return '';
  await conversations(ctx).askRejectReason(ctx.staff!._id, next._id, ctx.now.getTime());
  const more = owed.length > 1 ? `（另有 ${owed.length - 1} 条待补充：${owed.filter((l) => l !== next).map((l) => l.number).join('、')}）` : '';
  return `\n线索 ${describeLead(next)} 的不予受理理由还没有填写，请直接回复理由（或发送「不予受理 ${next.number} <理由>」）。${more}`;
}

/** Stores (or corrects) the reason of the sender's own 不予受理, keeping the earlier one in the history. */
/** 同上, 理由同上: the reason is the one the sender gave last, which the lead's own file must say in full. */
const SAME_AS_ABOVE = /^(?:理由)?同(?:上|前)(?:一条)?[。.！!]?$/;

async function saveReason(ctx: BotContext, lead: LeadSummary, typed: string): Promise<void> {
  let reason = chinesePunctuation(typed);
  if (SAME_AS_ABOVE.test(reason.trim())) {
    const last = await leadModel(ctx.services.mongo).find({ 'decision.by': ctx.staff!._id, 'decision.reason': { $exists: true } }, { decision: 1 }).sort({ 'decision.at': -1 }).limit(1).lean();
    const earlier = last[0]?.decision?.reason;
    if (!earlier) {
      ctx.reply(`「${typed.trim()}」指的理由找不到：您还没有填写过不予受理的理由。请直接回复线索 ${lead.number} 的理由。`);
      await conversations(ctx).askRejectReason(ctx.staff!._id, lead._id, ctx.now.getTime());
      return;
    }
    reason = earlier;
  }
  const staff = ctx.staff!;
  const previous = lead.decision?.reason;
  const updated = await leadModel(ctx.services.mongo).findOneAndUpdate(
    { _id: lead._id, status: 'reject', 'decision.by': staff._id },
    { $set: { 'decision.reason': reason }, $push: { history: { at: ctx.now, by: staff._id, action: 'reason', sourceId: ctx.message.id, detail: previous ? { reason, previous } : { reason } } } },
    { returnDocument: 'after' },
  ).lean();
  if (!updated) {
    ctx.reply(`线索 ${lead.number} 的决定已变更，理由未记录。`);
    return;
  }
  await audit(ctx.services.mongo, { at: ctx.now, actor: staff._id, action: 'lead.reason', sourceId: ctx.message.id, outcome: 'ok', target: { kind: 'lead', id: lead._id }, detail: { reason } });
  const recorded = previous ? `已更新线索 ${updated.number} 不予受理的理由：${reason}（原理由：${previous}）` : `已记录线索 ${updated.number} 不予受理的理由：${reason}`;
  ctx.reply(`${recorded}${await askNextReason(ctx, lead._id)}`);
}

/**
 * Replaces the buttons of a lead's alert card for every recipient after a decision typed in chat, with the
 * response_code message/send returned for the alert. Returns a note when WeCom no longer allows it.
 */
async function updateAlertCard(ctx: BotContext, leadId: string, replaceName: string): Promise<string> {
  const alert = await deliveryModel(ctx.services.mongo).findById(`alert_${leadId}`.replace(/:/g, '_'), { responseCode: 1, sentAt: 1 }).lean();
  if (!alert?.responseCode || !alert.sentAt) return '';
  if (ctx.now.getTime() - alert.sentAt.getTime() >= responseCodeLifetimeMs) {
    return '\n（提醒卡片已发出超过 72 小时，企业微信不再允许更新其按钮；再点按钮会提示已处理。）';
  }
  ctx.send({ kind: 'card', responseCode: alert.responseCode, replaceName }, { msgtype: 'text', text: { content: replaceName } });
  return '';
}

/** A decision on a lead already decided: who decided, or, for the decider's own 不予受理, its reason. */
async function answerDecided(ctx: BotContext, request: DecisionRequest): Promise<void> {
  const lead = await leadModel(ctx.services.mongo).findById(request.leadId).lean();
  if (!lead?.decision?.action) {
    // A 提醒 closed because its matter was settled reads 已解除, as 线索 <编号> and its card say: nobody took it back.
    const status = lead?.status === 'withdrawn' ? leadStatusText(lead, ctx.services.config.TZ) : '已撤回';
    ctx.reply(lead ? `线索 ${lead.number} ${status}，无需处理。` : '没有找到这条线索，可能已被撤销。');
    return;
  }
  const { decision } = lead;
  const own = decision.by === ctx.staff!._id;
  if (own && decision.action === 'reject' && request.action === 'reject') {
    if (request.reason && request.reason !== decision.reason) return saveReason(ctx, lead, request.reason);
    if (!decision.reason) return askReason(ctx, lead, `线索 ${lead.number} 已记录为「不予受理」，但还没有理由。`);
  }
  const changing = request.action !== decision.action;
  if (own && changing && ctx.now.getTime() - decision.at.getTime() <= decisionChangeWindowMs) return changeDecision(ctx, lead, request);
  const when = localDateTime(decision.at, ctx.services.config.TZ);
  const reason = decision.reason ? `（理由：${decision.reason}）` : '';
  const decided = `线索 ${lead.number} 已由${decision.byName}于 ${when} 决定「${leadDecisions[decision.action]}」${reason}`;
  if (!changing) {
    ctx.reply(`${decided}，无需重复处理。`);
    return;
  }
  const how = own
    ? `决定已作出超过 ${changeWindowMinutes} 分钟，不能再自行更正。如确需改为「${leadDecisions[request.action]}」，请联系管理员更正。`
    : `只有作出决定的检察官可在 ${changeWindowMinutes} 分钟内自行更正。如认为该决定有误，请联系${decision.byName}或管理员。`;
  return refuse(ctx, lead._id, own ? 'change window passed' : 'decided by another prosecutor', `${decided}，本次「${leadDecisions[request.action]}」未记录。\n${how}`);
}

/**
 * Whether the alert's own response_code was already spent: WeCom takes each code once, and a decision typed in chat
 * updates the card with it (a click brings a code of its own). Read from the messages the decisions came from.
 */
async function alertCodeSpent(ctx: BotContext, lead: Pick<LeadRecord, 'history'>): Promise<boolean> {
  // The change being recorded is not sent yet: only the decisions before it count.
  const sources = lead.history.filter((c) => c.action.startsWith('decided:') && c.sourceId !== ctx.message.id).map((c) => c.sourceId);
  const fromText = await messageLogModel(ctx.services.mongo).exists({ _id: { $in: sources }, kind: { $ne: 'event' } });
  return fromText !== null;
}

/**
 * The card after a changed decision: the clicked card, or the alert's card while its response_code is unspent.
 * Otherwise WeCom allows no second update, so every other recipient is told by message that the card is stale.
 */
async function updateCardAfterChange(ctx: BotContext, lead: LeadRecord, request: DecisionRequest, replaceName: string, previous: LeadDecision): Promise<string> {
  if (request.fromCard) {
    ctx.updateClickedCard(replaceName);
    return '';
  }
  if (!(await alertCodeSpent(ctx, lead))) return updateAlertCard(ctx, lead._id, replaceName);
  const others = (lead.alert?.recipients ?? []).filter((id) => id !== ctx.staff!._id);
  ctx.notify(others, `线索 ${lead.number}「${lead.title}」的决定已由${ctx.staff!.name}更正：「${leadDecisions[previous]}」改为「${leadDecisions[request.action]}」。提醒卡片上的按钮仍显示原决定，以本条为准。`);
  return others.length ? '\n（企业微信不允许再次更新提醒卡片的按钮，已另行通知卡片的其他接收人。）' : '';
}

/**
 * Changes the sender's own decision within {@link decisionChangeWindowMs}: the new decision is recorded like a first
 * one (history entry, audit, card), and the history keeps the earlier one, named in the new entry's detail. The
 * update matches the decision read, so two changes at once cannot both pass.
 */
async function changeDecision(ctx: BotContext, lead: LeadRecord, request: DecisionRequest): Promise<void> {
  const staff = ctx.staff!;
  const { mongo } = ctx.services;
  const previous = lead.decision!;
  const { action, reason } = request;
  const decision = { action, by: staff._id, byName: staff.name, at: ctx.now, ...(reason ? { reason } : {}) };
  const earlier = { action: previous.action, at: previous.at, ...(previous.reason ? { reason: previous.reason } : {}) };
  const changed = await leadModel(mongo).findOneAndUpdate(
    { _id: lead._id, status: previous.action, 'decision.by': staff._id, 'decision.at': previous.at },
    { $set: { status: action, decision }, $push: { history: { at: ctx.now, by: staff._id, action: `decided:${action}`, sourceId: ctx.message.id, detail: { ...(reason ? { reason } : {}), previous: earlier } } } },
    { returnDocument: 'after' },
  ).lean();
  if (!changed) {
    ctx.reply(`线索 ${lead.number} 的决定刚刚有变动，本次未更正。请发送「线索 ${lead.number}」查看当前状态。`);
    return;
  }
  await audit(mongo, { at: ctx.now, actor: staff._id, action: `lead.${action}`, sourceId: ctx.message.id, outcome: 'ok', target: { kind: 'lead', id: changed._id }, detail: { ...(reason ? { reason } : {}), changedFrom: previous.action } });
  const cardNote = await updateCardAfterChange(ctx, changed, request, `已${leadDecisions[action]} · ${staff.name}`, previous.action);
  const what = `已更正：线索 ${changed.number} 由「${leadDecisions[previous.action]}」改为「${leadDecisions[action]}」（${changed.title}）`;
  const kept = '原决定保留在线索的处理记录中。';
  if (action === 'reject' && !reason) return askReason(ctx, changed, `${what}。${kept}`, cardNote);
  const words = reason ? `，${action === 'reject' ? '理由' : '说明'}：${reason}` : '';
  ctx.reply(`${what}${words}。${kept}${cardNote}${await owedReminder(ctx, changed._id)}`);
}

/**
 * 转刑事线索 / 转监察委 typed for a 提醒 (a first overdue, a completion without evidence): a reminder to follow a
 * recommendation up is no case to transfer, and a transfer would count it as a criminal or duty-crime lead in the
 * published statistics. Its card offers only 受理 / 不予受理; a crime found while following it up is a lead of its own.
 */
function refuseTransferOfPrompt(ctx: BotContext, lead: Pick<LeadRecord, '_id' | 'number'>, action: LeadDecision): Promise<void> {
  const text = `线索 ${lead.number} 是「提醒」（督促整改或回复的提示，不是案件线索），不能「${leadDecisions[action]}」，本次未记录。`
    + `请发送「受理 ${lead.number}」跟进，或「不予受理 ${lead.number} <理由>」。如跟进中发现犯罪线索，请另行移送。`;
  return refuse(ctx, lead._id, `${action} of a prompt`, text);
}

/**
 * Records the first decision on an open lead, from a card's button or from chat alike: only prosecutors, and only
 * those responsible for it now (route.ts responsibleFor; admins may decide any, e.g. after an escalation); the card is updated for every recipient
 * and the history keeps who decided, when and from which message. A 不予受理 without its reason asks for it.
 */
async function decide(ctx: BotContext, request: DecisionRequest): Promise<void> {
  const staff = ctx.staff!;
  const { mongo } = ctx.services;
  if (!decidesLeads(staff.role)) return refuse(ctx, request.leadId, `role ${staff.role}`, '线索由检察官处理，您无权操作。');
  const lead = await leadModel(mongo).findById(request.leadId, { alert: 1, status: 1, kind: 1, number: 1, subject: 1 }).lean();
  // A legacy 提醒 already transferred (before R08/R09 raised 提醒) is answered below like any repeat.
  if (lead && lead.status !== request.action && !cardDecisions(lead.kind).includes(request.action)) return refuseTransferOfPrompt(ctx, lead, request.action);
  // A lead already decided gets the answer below (who decided), whoever asks. Who may decide an open one follows the
  // bindings (route.ts): a prosecutor who left no longer holds it, and whoever took the agency over does.
  if (lead?.status === 'open' && staff.role !== 'admin') {
    const responsible = await leadResponsible(mongo, lead);
    if (!responsible.includes(staff._id)) {
      const whose = responsible.length ? `（由${await namesOf(mongo, responsible)}负责）` : '';
      return refuse(ctx, request.leadId, 'not a recipient of the alert', `这条线索没有分派给您${whose}，无法处理。如需接手，请联系管理员。`);
    }
  }
  const { action, reason } = request;
  const decision = { action, by: staff._id, byName: staff.name, at: ctx.now, ...(reason ? { reason } : {}) };
  const decided = await leadModel(mongo).findOneAndUpdate(
    { _id: request.leadId, status: 'open' },
    { $set: { status: action, decision }, $push: { history: { at: ctx.now, by: staff._id, action: `decided:${action}`, sourceId: ctx.message.id, ...(reason ? { detail: { reason } } : {}) } } },
    { returnDocument: 'after' },
  ).lean();
  if (!decided) return answerDecided(ctx, request);
  await audit(mongo, { at: ctx.now, actor: staff._id, action: `lead.${action}`, sourceId: ctx.message.id, outcome: 'ok', target: { kind: 'lead', id: decided._id }, ...(reason ? { detail: { reason } } : {}) });
  const replaceName = `已${leadDecisions[action]} · ${staff.name}`;
  let cardNote = '';
  if (request.fromCard) ctx.updateClickedCard(replaceName);
  else cardNote = await updateAlertCard(ctx, decided._id, replaceName);
  if (action === 'reject' && !reason) return askReason(ctx, decided, `已记录：线索 ${decided.number}「不予受理」。`, cardNote);
  const words = reason ? `，${action === 'reject' ? '理由' : '说明'}：${reason}` : '';
  ctx.reply(`已记录：线索 ${decided.number}「${leadDecisions[action]}」（${decided.title}）${words}。${cardNote}${await owedReminder(ctx, decided._id)}`);
}

/**
 * A click on a lead alert card (受理 / 不予受理 / 转刑事线索 / 转监察委): the first prosecutor's decision is
 * recorded and the card is updated for every recipient; a later click gets a polite note of who decided.
 */
export const leadDecision: EventHandler = {
  events: ['template_card_event'],
  matches: (ctx) => (ctx.message.event?.key ?? '').startsWith(leadKeyPrefix),
  async handle(ctx) {
    const parsed = parseLeadKey(ctx.message.event?.key ?? '');
    if (!parsed) {
      ctx.reply('无法识别这个按钮，请在最新的线索提醒卡片上操作，或发送「线索」查看。');
      return;
    }
    // WeCom sends only keys that are on the clicked card, so a key of another lead's card came from no click: it
    // would decide that lead and update the clicked card (its response_code) to show the other lead's decision.
    if (ctx.message.event?.taskId !== leadTaskId(parsed.leadId)) {
      ctx.logger.warn({ key: ctx.message.event?.key, taskId: ctx.message.event?.taskId, from: ctx.message.from }, 'lead card click whose task id is not the lead\'s card: refused, nothing decided');
      const text = '这个按钮与所在的线索提醒卡片不符，未作任何处理。请在该线索的提醒卡片上操作，或发送「受理 <编号>」等处理，发送「线索」查看待处理线索。';
      return refuse(ctx, parsed.leadId, `card task ${ctx.message.event?.taskId ?? '(none)'} is not the lead's`, text);
    }
    await decide(ctx, { leadId: parsed.leadId, action: parsed.action, reason: '', fromCard: true });
  },
};

/** The canonical number of a lead typed as XS-2026-0009 or as a serial of this year (9). */
export function fullLeadNumber(ctx: BotContext, number: string): string {
  if (number.startsWith('XS-')) return number;
  return `XS-${localDate(ctx.now, ctx.services.config.TZ).slice(0, 4)}-${number.padStart(4, '0')}`;
}

/** A lead number as an example in a reply, of this year: 受理 XS-2027-0009 in January, not last year's form. */
export function exampleLeadNumber(ctx: BotContext): string {
  return `XS-${localDate(ctx.now, ctx.services.config.TZ).slice(0, 4)}-0009`;
}

/**
 * The lead a typed number names, or the question which: a serial typed without its year (XS-0001, 1) is this year's,
 * unless last year's lead of that serial is still in play for the sender — open, or decided by them so recently they
 * may still change it. In January December's leads are still being worked while the serials start again, and a
 * decision (a transfer to the supervisory commission) must not land on the wrong one. When only one of the two is the
 * sender's (theirs to decide, or their own decision), that one is meant; otherwise nothing is decided and both are named.
 */
export async function leadNumberMeant(ctx: BotContext, number: string): Promise<{ full: string } | { question: string }> {
  const full = fullLeadNumber(ctx, number);
  if (number.startsWith('XS-')) return { full };
  const year = Number(full.slice(3, 7));
  const lastYears = `XS-${year - 1}-${full.slice(8)}`;
  const leads = leadModel(ctx.services.mongo);
  type Candidate = Pick<LeadRecord, 'number' | 'title' | 'status' | 'decision' | 'history' | 'subject' | 'alert'>;
  const fields = { number: 1, title: 1, status: 1, decision: 1, history: 1, subject: 1, alert: 1 };
  const me = ctx.staff?._id;
  const decidedJustNow = (l: Pick<LeadRecord, 'decision'>) => Boolean(l.decision && l.decision.by === me && ctx.now.getTime() - l.decision.at.getTime() <= decisionChangeWindowMs);
  const earlier: Candidate | null = await leads.findOne({ number: lastYears }, fields).lean();
  if (!earlier || (earlier.status !== 'open' && !decidedJustNow(earlier))) return { full };
  const current: Candidate | null = await leads.findOne({ number: full }, fields).lean();
  if (!current) return { full: lastYears };
  const mine = async (l: Candidate) => (l.status === 'open' ? (await leadResponsible(ctx.services.mongo, l)).includes(me ?? '') : decidedJustNow(l));
  if (ctx.staff?.role !== 'admin') {
    const [currentMine, earlierMine] = [await mine(current), await mine(earlier)];
    if (currentMine !== earlierMine) return { full: currentMine ? full : lastYears };
  }
  const describe = (l: Candidate) => `${l.number}（${l.title}，${leadStatusName(l)}）`;
  return { question: `编号「${number}」没有写年份，可能是今年的 ${describe(current)}，也可能是去年的 ${describe(earlier)}。未作任何处理，请写明完整编号，例如「线索 ${earlier.number}」。` };
}

const decisionExamples: Record<LeadDecision, (number: string) => string> = {
  accept: (n) => `受理 ${n}`, reject: (n) => `不予受理 ${n} <理由>`, criminal: (n) => `转刑事线索 ${n}`, supervision: (n) => `转监察委 ${n}`,
};

/**
 * A decision typed in chat (受理 XS-2026-0009, 不予受理 XS-2026-0009 <理由> …): the same checks and effects as the
 * card's button. 不予受理 <理由> without a number answers the reason the bot is waiting for.
 */
export async function decideByText(ctx: BotContext, number: string | null, asTyped: TypedLeadDecision): Promise<void> {
  // The reason as the prosecutor wrote it, Chinese punctuation and all (the parser reads it half-width).
  const typed = { ...asTyped, reason: chinesePunctuation(asTyped.reason) };
  if (!number) {
    const asked = typed.action === 'reject' && typed.reason ? await conversations(ctx).takeRejectReasonQuestion(ctx.staff!._id) : undefined;
    if (asked) return recordRejectReason(ctx, asked.text, typed.reason);
    ctx.reply(`请写明线索编号，例如「${decisionExamples[typed.action](exampleLeadNumber(ctx))}」。发送「线索」查看分派给您的待处理线索。${await owedReminder(ctx, '')}`);
    return;
  }
  const meant = await leadNumberMeant(ctx, number);
  if ('question' in meant) {
    ctx.reply(meant.question);
    return;
  }
  const { full } = meant;
  const lead = await leadModel(ctx.services.mongo).findOne({ number: full }, { _id: 1 }).lean();
  if (!lead) {
    ctx.reply(`没有编号为 ${full} 的线索。发送「线索」查看分派给您的待处理线索。`);
    return;
  }
  await decide(ctx, { leadId: lead._id, action: typed.action, reason: typed.reason, fromCard: false });
}

/**
 * 取消, 稍等我查一下, 要写什么？ after 不予受理: not a reason a prosecutor would want on the record. The reason stays
 * owed (asked again later); a wait keeps the question open, 取消 closes it and says how to change the decision.
 */
async function declineAsReason(ctx: BotContext, lead: LeadSummary, text: string): Promise<void> {
  const giveUp = cancelsQuestion(text);
  if (!giveUp) await new Conversations(ctx.services.redis, ctx.services.config.QUEUE_PREFIX).askRejectReason(ctx.staff!._id, lead._id, ctx.now.getTime());
  const change = giveUp ? `如需改变决定，请在决定后${changeWindowMinutes}分钟内发送「受理 ${lead.number}」等新的决定；` : '';
  ctx.reply(`这条消息没有作为理由记录。线索 ${lead.number} 不予受理的理由仍待填写：${giveUp ? '' : '想好后直接回复理由，或'}发送「不予受理 ${lead.number} <理由>」。${change}`.replace(/；$/, '。'));
}

/**
 * 不对，应该受理 as the answer to "why 不予受理": the prosecutor takes the decision back, which is no reason for it.
 * Nothing is recorded; the reason stays owed, and the sender is told how a decision is changed.
 */
async function declineAsChange(ctx: BotContext, lead: LeadSummary): Promise<void> {
  await conversations(ctx).askRejectReason(ctx.staff!._id, lead._id, ctx.now.getTime());
  ctx.reply(`这条消息没有作为理由记录：它像是要更改对线索 ${lead.number} 的决定。如需更改，请在决定后 ${changeWindowMinutes} 分钟内直接发送新的决定，如「受理 ${lead.number}」；如维持不予受理，请回复「理由：<理由>」。`);
}

/**
 * The answer to "why 不予受理" from a sender rebound as agency staff after it was asked: a lead's reason is the
 * procuratorate's record, so nothing is stored and the question is not asked again (the lead still shows the reason
 * as owed, to the prosecutors and admins who see it under 线索).
 */
async function refuseReasonOfFormerProsecutor(ctx: BotContext, leadId: string): Promise<void> {
  const lead = await leadModel(ctx.services.mongo).findById(leadId, { number: 1 }).lean();
  ctx.reply(`这条消息没有作为${lead ? `线索 ${lead.number} ` : '线索'}不予受理的理由记录：您的账号现登记为执法单位人员，线索由检察官处理。如有疑问，请联系${ctx.services.config.ADMIN_CONTACT}。`);
  await audit(ctx.services.mongo, { at: ctx.now, actor: ctx.staff!._id, action: 'lead.reason', sourceId: ctx.message.id, outcome: 'refused', target: { kind: 'lead', id: leadId }, reason: `role ${ctx.staff!.role}` });
}

/**
 * The free-text answer to "why 不予受理": the reason of the lead the last question named (each question names its
 * lead, so the answer goes where the prosecutor was asked). When other reasons are still owed, the next is asked at
 * once, by number. An answer whose lead no longer owes a reason is not put on another lead: the sender is told.
 */
export async function recordRejectReason(ctx: BotContext, leadId: string, answer: string): Promise<void> {
  if (!decidesLeads(ctx.staff!.role)) return refuseReasonOfFormerProsecutor(ctx, leadId);
  // 理由：… is how a reason that reads like a change of mind is given plainly (declineAsChange): the label is not part of it.
  const reason = answer.replace(/^(?:理由|原因)\s*[:：]\s*/, '');
  const owed = await owedReasons(ctx);
  const lead = owed.find((l) => l._id === leadId);
  if (lead && (cancelsQuestion(reason) || isNotAnAnswer(reason) || hesitation(answer) === 'deferred')) return declineAsReason(ctx, lead, reason);
  if (lead && hesitation(answer) === 'taken_back') return declineAsChange(ctx, lead);
  if (lead) return saveReason(ctx, lead, reason);
  if (owed.length === 0) {
    ctx.reply('没有需要补充理由的不予受理线索，这条消息未记录。发送「帮助」查看可用的命令。');
    return;
  }
  ctx.reply(`这条消息未记录：它回答的线索已有理由或决定已变更。尚未填写理由的线索：${owed.map(describeLead).join('；')}。请发送「不予受理 <编号> <理由>」。`);
}

