import { chinesePunctuation } from '../src/commands/normalize-text.js';
import { Conversations, reviewReasonField } from '../src/bot/conversation.js';
import type { ProsecutorCommandHandler } from '../src/bot/handler.js';
import type { BotContext } from '../src/bot/context.js';
import type { ReviewCommand } from '../src/commands/prosecutor-commands.js';
import { agencyModel, type AgencyRecord } from '../src/models/agency.js';
import { audit } from '../src/models/audit.js';
import { recommendationModel, type RecommendationRecord } from '../src/models/recommendation.js';
import { statusNames } from '../src/rectification/describe.js';
import { responsibleProsecutors, reviewCompletion, ReviewError } from '../src/rectification/review.js';
import { ymd } from '../src/calendar/local-date.js';

/** Recommendations a reference (full, [2021]14号 or short 14号) can mean, in any status. */
async function matching(ctx: BotContext, ref: string): Promise<RecommendationRecord[]> {
  const model = recommendationModel(ctx.services.mongo);
  if (/^[^[]+\[/.test(ref)) {
    const exact = await model.findById(ref).lean();
    return exact ? [exact] : [];
  }
  // [2021]14号 names the year without the prefix: the serial finds the candidates, the year picks among them.
  const parts = /^(?:\[(\d{4})\])?\D*(\d+)/.exec(ref);
  const serial = Number(parts?.[2]);
  const year = parts?.[1] ? Number(parts[1]) : undefined;
  const found = serial ? await model.find({ refSerial: serial }).limit(20).lean() : [];
  return year ? found.filter((r) => r.refYear === year) : found;
}

/** Who may review what: admins everything; a prosecutor what they are responsible for (see responsibleProsecutors). */
function reviewerScope(ctx: BotContext, agencies: readonly AgencyRecord[]): (rec: RecommendationRecord) => boolean {
  const staff = ctx.staff!;
  if (staff.role === 'admin') return () => true;
  const prosecutors = new Map(agencies.map((a) => [a._id, a.prosecutors]));
  return (rec) => responsibleProsecutors(rec, prosecutors.get(rec.agency) ?? []).includes(staff._id);
}

/** Completions awaiting the sender's review, oldest first, as lines naming the agency. */
async function waitingList(ctx: BotContext, agencies: readonly AgencyRecord[], mayReview: (rec: RecommendationRecord) => boolean): Promise<{ first?: RecommendationRecord; lines: string[] }> {
  const waiting = (await recommendationModel(ctx.services.mongo).find({ status: 'completed' }).sort({ completedAt: 1 }).limit(50).lean())
    .filter(mayReview)
    .slice(0, 20);
  const names = new Map(agencies.map((a) => [a._id, a.name]));
  const lines = waiting.map((r) => `· ${r.ref} ${names.get(r.agency) ?? r.agency}：${r.title}（${ymd(r.completedAt ?? ctx.now)} 报完成）`);
  return { first: waiting[0], lines: lines.length ? ['待您审核的整改：', ...lines] : ['目前没有待您审核的整改。'] };
}

/** The words did not say plainly whether to accept: nothing is recorded, and the two plain forms are offered. */
function askPlainly(ctx: BotContext, cmd: ReviewCommand, rec: RecommendationRecord | undefined): void {
  const ref = rec?.ref ?? cmd.ref ?? '<文号>';
  const forms = `验收通过请发「验收 ${ref}」，退回请发「退回 ${ref} <原因>」。`;
  const state = rec ? `${rec.ref}（${rec.title}）目前状态：${statusNames[rec.status]}。` : '';
  const head = {
    question: state || '请写明文号，例如「查询 14号」。',
    deferred: `好的，暂不处理${rec ? ` ${rec.ref}` : ''}，没有记录任何审核结果。`,
    // Quoted as the prosecutor wrote it: the parser reads the note half-width.
    doubt: `没有记录审核结果：「${chinesePunctuation(cmd.note)}」里有保留或否定的意思，无法确定是验收通过还是退回。`,
    evidence_to_come: `没有记录审核结果：「${chinesePunctuation(cmd.note)}」表示还有证据或材料待补。验收通过即结束整改，建议在材料补齐后再验收；如需执法单位补交，可以退回并写明要补交的材料。`,
    two_refs: `一条消息只能审核一份检察建议，这条还提到了「${cmd.otherRef ?? ''}」，没有记录，请分别发送。`,
  }[cmd.unclear ?? 'doubt'];
  ctx.reply(`${head}\n${forms}`);
}

/**
 * 验收 <文号> [说明] / 退回 <文号> <原因>: a prosecutor accepts a reported completion (which schedules the
 * follow-up check) or sends it back with the reason; the agency's staff are told either way. Only the agency's
 * responsible prosecutors (and admins) may review it; words that do not plainly accept or send back record nothing.
 */
export const review: ProsecutorCommandHandler<ReviewCommand> = {
  command: 'review',
  async handle(ctx, cmd) {
    const verb = cmd.action === 'send_back' ? '退回' : '验收';
    // Read once per message: the scope needs the agencies' prosecutors, the waiting list their names.
    const agencies = await agencyModel(ctx.services.mongo).find().lean();
    const mayReview = reviewerScope(ctx, agencies);
    const found = cmd.ref ? await matching(ctx, cmd.ref) : [];
    // A short number may mean several years' recommendations: the one awaiting this prosecutor's review is meant.
    const awaiting = found.filter((r) => r.status === 'completed');
    const own = awaiting.filter(mayReview);
    const target = own.length === 1 ? own[0] : awaiting.length === 1 ? awaiting[0] : found.length === 1 ? found[0] : undefined;
    if (cmd.action === 'unclear') {
      askPlainly(ctx, cmd, target);
      return;
    }
    if (!cmd.ref || !target) {
      const { first, lines } = await waitingList(ctx, agencies, mayReview);
      const head = !cmd.ref ? `请写明要${verb}的检察建议文号，例如「${verb} ${first?.ref ?? '富检行公建[2026]14号'}${cmd.action === 'send_back' ? ' 补植成活率不足' : ''}」。`
        : found.length === 0 ? `没有找到「${cmd.ref}」对应的检察建议。`
          : awaiting.length === 0 ? `「${cmd.ref}」对应的检察建议都不在待审核状态：${found.map((r) => `${r.ref} ${statusNames[r.status]}`).join('；')}。`
            : `「${cmd.ref}」对应多份待审核的检察建议，请写明完整文号。`;
      ctx.reply([head, ...lines].join('\n'));
      return;
    }
    if (!mayReview(target)) {
      await audit(ctx.services.mongo, { at: ctx.now, actor: ctx.staff!._id, action: 'recommendation.review', target: { kind: 'recommendation', id: target._id }, sourceId: ctx.message.id, outcome: 'refused', reason: `not a prosecutor of agency ${target.agency}` });
      ctx.reply(`${target.ref} 不由您负责审核，无法${verb}。如需接手，请联系管理员。`);
      return;
    }
    if (target.status !== 'completed') {
      ctx.reply(`${target.ref}（${target.title}）目前状态：${statusNames[target.status]}，不是「已报完成，待检察官审核」，无需${verb}。执法单位报告完成后会通知您。`);
      return;
    }
    if (cmd.action === 'send_back' && !cmd.note) {
      // The next free text is the reason (the inbound chain reads it as 退回 <文号> <原因>).
      await new Conversations(ctx.services.redis, ctx.services.config.QUEUE_PREFIX).ask(ctx.staff!._id, { kind: 'ask_field', field: reviewReasonField, text: target.ref, askedAt: ctx.now.getTime() });
      ctx.reply(`请直接回复退回 ${target.ref} 的原因，例如「补植成活率不足，请补充现场照片」。`);
      return;
    }
    // The note or reason as the prosecutor wrote it (the parser read it half-width).
    const note = chinesePunctuation(cmd.note);
    const decision = cmd.action === 'accept' ? { action: 'accept' as const, note: note || undefined } : { action: 'send_back' as const, reason: note };
    try {
      const { recommendation: rec, notice } = await reviewCompletion(ctx.services.mongo, {
        recommendationId: target._id, decision, by: ctx.staff!._id, sourceId: ctx.message.id, now: ctx.now, timeZone: ctx.services.config.TZ,
      });
      if (notice) ctx.notify(notice.touser, notice.text);
      ctx.markChanged('recommendation', rec._id);
      ctx.reply(cmd.action === 'accept'
        ? `已验收 ${rec.ref}（${rec.title}），整改审核通过。回头看定于 ${rec.followUpOn ? ymd(rec.followUpOn) : '—'}，届时会提醒您。${notice ? '已通知执法单位。' : ''}${rec.repliedAt ? '' : '\n注意：该检察建议尚未收到书面回复（报告完成不是书面回复）。'}`
        : `已退回 ${rec.ref}（${rec.title}），原因：${note.replace(/[\s。.；;，,、：:！!]+$/u, '')}。${notice ? '已通知执法单位继续整改。' : ''}`);
    } catch (error) {
      if (!(error instanceof ReviewError)) throw error;
      ctx.reply(error.code === 'not_awaiting_review' ? `${target.ref} 目前不是「待审核」状态（可能已由其他检察官审核），无需${verb}。发送「查询 ${target.ref}」查看当前情况。` : error.message);
    }
  },
};
