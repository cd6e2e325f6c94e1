import type { CompleteCommand, Problem, ProgressCommand, ReplyCommand } from '../commands/index.js';
import type { BotContext } from '../bot/context.js';
import { Conversations, evidenceWindowSeconds } from '../bot/conversation.js';
import { agencyModel } from '../models/agency.js';
import { progressModel, type ProgressRecord } from '../models/progress.js';
import type { RecommendationRecord } from '../models/recommendation.js';
import { daysBetween, localClock, localDate, ymd } from '../calendar/local-date.js';
import { replyDateInText } from './reply-date.js';
import { agencyWords } from './agency-words.js';
import { CHINESE_NUMERAL_CHARS, roundTo6 } from '../commands/chinese-numerals.js';
import { chinesePunctuation } from '../commands/normalize-text.js';
import { UNITS } from '../commands/quantities.js';
import { deadlineLight } from './deadline-light.js';
import { reachableProsecutors } from './review.js';
import { findTarget } from './find-target.js';
import { completionAwaitingReview } from './completion-awaiting-review.js';
import { recordUpdate, type UpdateInput } from './record-update.js';
import { lastStandingUpdate, undoWindowMinutes, undoWindowMs } from './undo-window.js';

export type UpdateCommand = ProgressCommand | CompleteCommand | ReplyCommand;

const verbs = { progress: '报告进展', complete: '报告完成', reply: '提交书面回复' } as const;
const questions: Record<string, string> = {
  percent_or_stage: '请补充整改进度：完成比例（如「60%」「六成」）或阶段（如「整改中」「已立案」），直接回复即可；回复「取消」可放弃这条。',
  points: '请补充书面回复的要点，直接回复即可；回复「取消」可放弃这条。',
};

/** The fields handleUpdate asks for and keeps the update waiting on (see the inbound chain's answer handling). */
export const updateQuestionFields: ReadonlySet<string> = new Set(Object.keys(questions));

function toInput(cmd: UpdateCommand): UpdateInput {
  const quantities = cmd.quantities.map((q) => ({ item: q.item, value: q.value, unit: q.unit }));
  // Stored and shown as the sender wrote it: the parser's half-width punctuation made Chinese again.
  const words = (text: string | null) => (text === null ? undefined : chinesePunctuation(text));
  if (cmd.command === 'progress') return { kind: 'progress', percent: cmd.percent ?? undefined, stage: cmd.stage ?? undefined, measures: words(cmd.measures), quantities };
  if (cmd.command === 'complete') return { kind: 'complete', measures: words(cmd.note), quantities };
  return { kind: 'reply', measures: words(cmd.points), quantities };
}

/**
 * Whether a refused figure came in the answer to the bot's figure question rather than in the update itself: the
 * inbound chain reads an answer that gives no usable figure with the words of the update that asked (handlers/index.ts
 * readAnswer), so the refused figure is not among them.
 */
function answeredFigureRefused(cmd: UpdateCommand, problem: Problem): boolean {
  return cmd.command === 'progress' && problem.field === 'percent' && cmd.ref !== null && problem.value.split('、').every((figure) => !cmd.text.includes(figure));
}

/** How long an identical progress update from the same sender is taken as sent twice rather than as news. */
export const repeatWindowMinutes = 10;

/**
 * The sender's own live update of this recommendation with the same figures and words, sent within the last
 * minutes under another message id: the same news sent twice (a double tap, a resend after a slow answer). A retry
 * of the same message is not a repeat: recordUpdate settles it by its id.
 */
async function sameUpdateJustRecorded(ctx: BotContext, rec: RecommendationRecord, input: UpdateInput, sourceId: string): Promise<ProgressRecord | undefined> {
  const since = ctx.now.getTime() - repeatWindowMinutes * 60_000;
  const last = rec.history.filter((h) => h.action === 'progress' && h.by === ctx.staff!._id && h.at.getTime() >= since).at(-1);
  if (!last?.sourceId || last.sourceId === sourceId) return undefined;
  const earlier = await progressModel(ctx.services.mongo).findById(last.sourceId).lean();
  if (!earlier || earlier.revoked || earlier.kind !== 'progress') return undefined;
  const same = (a: unknown, b: unknown) => (a ?? null) === (b ?? null);
  const sameFigures = same(earlier.percent, input.percent) && same(earlier.stage, input.stage);
  const sameWords = wordsOf(earlier.measures) === wordsOf(input.measures) && quantityKey(earlier.quantities) === quantityKey(input.quantities);
  return sameFigures && sameWords ? earlier : undefined;
}

/** A unit right after a figure (longest unit first, so 万元 goes whole): 12万元 → 12. */
const UNIT_AFTER_FIGURE = new RegExp(`(?<=[\\d${CHINESE_NUMERAL_CHARS}.余多])(?:${Object.keys(UNITS).sort((a, b) => b.length - a.length).join('|')})`, 'g');
/** Digits, Chinese numerals and percent words. */
const FIGURE = new RegExp(`[\\d${CHINESE_NUMERAL_CHARS}.%余多]|百分之?`, 'g');

/**
 * The measures without numerals, units, spaces and punctuation: 罚款共计十二万元，整体进度大概百分之三十 and 罚款共计12万元
 * 整体进度大概30% read the same. The figures themselves are compared through the quantities.
 */
function wordsOf(measures: string | undefined): string {
  return (measures ?? '').replace(UNIT_AFTER_FIGURE, '').replace(FIGURE, '').replace(/[\s\p{P}\p{S}]/gu, '');
}

/** The quantities as item and value in the base unit (十二万元 and 120000元 are one figure), in a stable order. */
function quantityKey(quantities: UpdateInput['quantities']): string {
  const inBase = (quantities ?? []).map((q) => {
    const unit = UNITS[q.unit];
    return `${q.item ?? ''}:${unit ? roundTo6(q.value * unit.factor) : q.value}${unit ? unit.base : q.unit}`;
  });
  return inBase.sort().join('|');
}

/**
 * Progress while a completion awaits the prosecutor's review would read 待审核 … 进度 90%: refused, with the ways on —
 * the prosecutor's review, or 撤回 when the sender's own completion is their last update and still within its window.
 */
async function awaitingReviewAnswer(ctx: BotContext, rec: RecommendationRecord): Promise<string> {
  const since = rec.completedAt ? `自 ${localDate(rec.completedAt, ctx.services.config.TZ)} 起` : '';
  const head = `${rec.ref} 已报告整改完成，${since}等待检察官审核，本次进展未记录。`;
  const last = await lastStandingUpdate(ctx.services.mongo, ctx.staff!._id);
  const recent = last && ctx.now.getTime() - last.createdAt.getTime() <= undoWindowMs;
  const canUndo = recent && last.kind === 'complete' && last.recommendation === rec._id;
  return canUndo
    ? `${head}如完成报告有误，可先发送「撤回」撤回该完成报告（${undoWindowMinutes}分钟内），再报告新的进展；否则请在检察官审核后再报告。`
    : `${head}检察官审核后（如退回继续整改）即可报告新的进展。`;
}

/** A percentage below the last one reported is often a slip (30% for 80%): say so, with the way to correct it. */
function lowerThanBefore(rec: RecommendationRecord, percent: number): string {
  return typeof rec.percent === 'number' && percent < rec.percent ? `（低于上次报告的 ${rec.percent}%；如有误，请发送「撤回」后重新报告）` : '';
}

function confirmation(rec: RecommendationRecord, input: UpdateInput): string {
  const parts: string[] = [];
  if (input.kind === 'complete') parts.push('整改已完成（100%），等待检察官审核');
  else if (input.percent !== undefined) parts.push(`进度 ${input.percent}%${lowerThanBefore(rec, input.percent)}`);
  if (input.stage) parts.push(`阶段：${input.stage}`);
  if (input.measures) parts.push(`${input.kind === 'reply' ? '回复要点' : input.kind === 'complete' ? '说明' : '措施'}：${input.measures}`);
  if (input.repliedOn) parts.push(`书面回复日期：${input.repliedOn}（按回复中写明的日期）`);
  if (input.quantities?.length) parts.push(`数量：${input.quantities.map((q) => `${q.item ?? ''}${q.value}${q.unit}`).join('、')}`);
  const title = { progress: '整改进展', complete: '整改完成', reply: '书面回复' }[input.kind];
  return `已记录 ${rec.ref} 的${title}：\n${parts.map((p) => `· ${p}`).join('\n')}`;
}

/** Who is told about an update (the recommendation's prosecutors, else the agency's) and the agency's name. */
/**
 * The reply's date against the deadline, for the prosecutors: "回复日期 2026-09-30，逾期 1 天（回复期限 2026-09-29）" or
 * "回复日期 2026-09-28，在回复期限 2026-09-29 内". A reply after an acceptance made in time is not late (describe.ts).
 */
function replyTiming(ctx: BotContext, rec: RecommendationRecord, input: UpdateInput): string {
  const tz = ctx.services.config.TZ;
  const repliedOn = input.repliedOn ?? localDate(ctx.now, tz);
  if (!rec.dueOn) return `回复日期 ${repliedOn}`;
  const due = ymd(rec.dueOn);
  const acceptedInTime = rec.status === 'reviewed_done' && rec.reviewedAt !== undefined && localDate(rec.reviewedAt, tz) <= due;
  const late = acceptedInTime ? 0 : daysBetween(due, repliedOn);
  return late > 0 ? `回复日期 ${repliedOn}，逾期 ${late} 天（回复期限 ${due}）` : `回复日期 ${repliedOn}，在回复期限 ${due} 内`;
}

export async function audience(ctx: BotContext, rec: Pick<RecommendationRecord, 'agency' | 'prosecutors'>): Promise<{ prosecutors: string[]; agencyName: string }> {
  const agency = await agencyModel(ctx.services.mongo).findById(rec.agency).lean();
  return { prosecutors: await reachableProsecutors(ctx.services.mongo, rec, agency?.prosecutors ?? []), agencyName: agency?.name ?? rec.agency };
}

/**
 * 进度 / 完成 / 回复: resolves the recommendation, refuses progress or a second completion while a completion awaits
 * review, asks for what is missing, records the update once per
 * source message, confirms exactly what was recorded, and tells the responsible prosecutors when the
 * rectification is reported done, a written reply arrives, or progress comes in after the deadline.
 */
export async function handleUpdate(ctx: BotContext, cmd: UpdateCommand, options: { recommendation?: RecommendationRecord; sourceId?: string } = {}): Promise<void> {
  // An impossible percentage or a second recommendation in one message: asked about, nothing recorded.
  const problem = cmd.problems.find((p) => p.field === 'percent' || p.field === 'ref');
  if (problem && answeredFigureRefused(cmd, problem)) {
    // 大概六七成吧 in answer to the figure question: the update keeps waiting, its words as they were sent.
    await new Conversations(ctx.services.redis, ctx.services.config.QUEUE_PREFIX).ask(ctx.staff!._id, { kind: 'ask_field', text: cmd.text, field: 'percent_or_stage', askedAt: ctx.now.getTime() });
    ctx.reply(`${problem.reason}（${cmd.ref}）。直接回复确定的完成比例即可（如「60%」「六成」）；回复「取消」可放弃这条。`);
    return;
  }
  if (problem) {
    ctx.reply(cmd.hint ?? `「${problem.value}」${problem.reason}`);
    return;
  }
  const rec = options.recommendation ?? (await findTarget(ctx, cmd, verbs[cmd.command]));
  if (!rec) return;
  const sourceId = options.sourceId ?? ctx.message.id;
  if (cmd.command === 'progress' && rec.status === 'completed') {
    ctx.reply(await awaitingReviewAnswer(ctx, rec));
    return;
  }
  // Chosen on a card or named in the message, a second completion while one awaits review is not recorded.
  if (cmd.command === 'complete' && (await completionAwaitingReview(ctx, rec, sourceId))) return;
  const conversations = new Conversations(ctx.services.redis, ctx.services.config.QUEUE_PREFIX);
  const missing = cmd.missing.find((m) => m !== 'ref');
  if (missing) {
    await conversations.ask(ctx.staff!._id, { kind: 'ask_field', text: cmd.ref ? cmd.text : `${cmd.text} ${rec.ref}`, field: missing, askedAt: ctx.now.getTime() });
    ctx.reply(`${questions[missing] ?? cmd.hint ?? '请补充缺少的内容。'}（${rec.ref}）`);
    return;
  }

  const input = toInput(cmd);
  // 已于11月28日书面回复: the reply's own date, when it is one it could have (not ahead, not before receipt).
  if (input.kind === 'reply' && input.measures) {
    const today = localDate(ctx.now, ctx.services.config.TZ);
    const stated = replyDateInText(input.measures, today);
    const earliest = ymd(rec.receivedOn ?? rec.issuedOn);
    if (stated && stated <= today && stated >= earliest) input.repliedOn = stated;
  }
  const repeated = input.kind === 'progress' ? await sameUpdateJustRecorded(ctx, rec, input, sourceId) : undefined;
  if (repeated) {
    await conversations.openEvidenceWindow(ctx.staff!._id, repeated._id);
    ctx.reply(`${rec.ref} 的这条进展您在 ${repeatWindowMinutes} 分钟内已报告过（${localClock(repeated.createdAt, ctx.services.config.TZ)}），内容相同，本次未重复记录。如有照片或文件，请直接发送，将作为该条进展的证据。`);
    return;
  }
  const { progress } = await recordUpdate(ctx.services.mongo, rec, ctx.staff!, input, sourceId, ctx.now);
  ctx.markChanged('recommendation', rec._id);
  const overdue = rec.dueOn ? deadlineLight(rec.dueOn, ctx.now, ctx.services.config.TZ).daysLeft < 0 : false;
  let text = confirmation(rec, input);
  if (input.kind !== 'reply') {
    await conversations.openEvidenceWindow(ctx.staff!._id, progress._id);
    text += `\n如有照片或文件，请在 ${evidenceWindowSeconds / 60} 分钟内直接发送，将作为这条${input.kind === 'complete' ? '完成报告' : '进展'}的证据。`;
  }
  if (input.kind === 'complete' && progress.evidence.length === 0) text += '\n提示：完成报告需附整改证据（照片或文件），否则检察官可能无法审核通过。';
  if (cmd.command === 'progress' && cmd.aside) text += `\n「${chinesePunctuation(cmd.aside)}」是一个问题，没有作为整改措施记录；需要答复的，请联系负责的检察官。`;
  ctx.reply(`${text}\n发送「撤回」可在${undoWindowMinutes}分钟内撤回。`);
  // Also on a retry (nothing newly stored): the notices get the same delivery ids as on the first try, so one that was
  // already queued is not sent twice, and one the failed try never queued is not lost.

  const { prosecutors, agencyName } = await audience(ctx, rec);
  const who = `${agencyName} ${ctx.staff!.name}`;
  if (input.kind === 'complete') ctx.notify(prosecutors, `【整改完成待审核】${who} 报告 ${rec.ref}（${rec.title}）已完成整改。${input.measures ? `说明：${agencyWords(input.measures)}。` : ''}请审核：回复「验收 ${rec.ref}」通过，或「退回 ${rec.ref} <原因>」要求继续整改。`);
  else if (input.kind === 'reply') ctx.notify(prosecutors, `【书面回复】${who} 提交了 ${rec.ref}（${rec.title}）的书面回复（${replyTiming(ctx, rec, input)}）。要点：${input.measures ? agencyWords(input.measures) : ''}`);
  else if (overdue) ctx.notify(prosecutors, `【逾期整改进展】${rec.ref}（${rec.title}）已超过回复期限，${who} 报告进度 ${input.percent ?? rec.percent}%${input.measures ? `：${agencyWords(input.measures)}` : ''}。`);
}
