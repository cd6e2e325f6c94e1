import type { ProsecutorCommandHandler } from '../src/bot/handler.js';
import type { ReviewCommand } from '../src/commands/prosecutor-commands.js';
import { agencyModel } from '../src/models/agency.js';
import { recommendationModel, type RecommendationRecord } from '../src/models/recommendation.js';
import { reviewCompletion, ReviewError } from '../src/rectification/review.js';
import { ymd } from '../src/calendar/local-date.js';

/** Completions awaiting review that a reference (full or short, e.g. 14号) can mean. */
async function candidates(ctx: Parameters<ProsecutorCommandHandler['handle']>[0], ref: string | null): Promise<RecommendationRecord[]> {
  const model = recommendationModel(ctx.services.mongo);
  if (ref?.includes('[')) {
    const exact = await model.findById(ref).lean();
    return exact ? [exact] : [];
  }
  const serial = ref ? Number(/\d+/.exec(ref)?.[0]) : undefined;
  return model.find({ status: 'completed', ...(serial ? { refSerial: serial } : {}) }).sort({ completedAt: 1 }).limit(20).lean();
}

/**
 * 验收 <文号> [说明] / 退回 <文号> <原因>: a prosecutor accepts a reported completion (which schedules the
 * follow-up check) or sends it back with the reason; the agency's staff are told either way.
 */
export const review: ProsecutorCommandHandler<ReviewCommand> = {
  command: 'review',
  async handle(ctx, cmd) {
    const verb = cmd.action === 'accept' ? '验收' : '退回';
    const found = await candidates(ctx, cmd.ref);
    if (found.length !== 1 || (!cmd.ref && found.length)) {
      const waiting = found.length ? found : await candidates(ctx, null);
      const names = new Map((await agencyModel(ctx.services.mongo).find().lean()).map((a) => [a._id, a.name]));
      const list = waiting.map((r) => `· ${r.ref} ${names.get(r.agency) ?? r.agency}：${r.title}（${ymd(r.completedAt ?? ctx.now)} 报完成）`);
      const head = !cmd.ref ? `请写明要${verb}的检察建议文号，例如「${verb} ${waiting[0]?.ref ?? '富检行公建[2026]14号'}${cmd.action === 'send_back' ? ' 补植成活率不足' : ''}」。`
        : found.length === 0 ? `没有找到「${cmd.ref}」对应的检察建议。` : `「${cmd.ref}」对应多份待审核的检察建议，请写明完整文号。`;
      ctx.reply([head, waiting.length ? '待审核的整改：' : '目前没有待审核的整改。', ...list].join('\n'));
      return;
    }
    if (cmd.action === 'send_back' && !cmd.note) {
      ctx.reply(`请写明退回的原因，例如「退回 ${found[0]!.ref} 补植成活率不足，请补充现场照片」。`);
      return;
    }
    const decision = cmd.action === 'accept' ? { action: 'accept' as const, note: cmd.note || undefined } : { action: 'send_back' as const, reason: cmd.note };
    try {
      const { recommendation: rec, notice } = await reviewCompletion(ctx.services.mongo, {
        recommendationId: found[0]!._id, decision, by: ctx.staff!._id, sourceId: ctx.message.id, now: ctx.now, timeZone: ctx.services.config.TZ,
      });
      if (notice) ctx.notify(notice.touser, notice.text);
      ctx.markChanged('recommendation', rec._id);
      ctx.reply(cmd.action === 'accept'
        ? `已验收 ${rec.ref}（${rec.title}），整改审核通过。回头看定于 ${rec.followUpOn ? ymd(rec.followUpOn) : '—'}，届时会提醒您。${notice ? '已通知执法单位。' : ''}`
        : `已退回 ${rec.ref}（${rec.title}），原因：${cmd.note}。${notice ? '已通知执法单位继续整改。' : ''}`);
    } catch (error) {
      if (!(error instanceof ReviewError)) throw error;
      const rec = found[0]!;
      ctx.reply(error.code === 'not_awaiting_review' ? `${rec.ref} 目前不是「待审核」状态（可能已由其他检察官审核），无需${verb}。发送「查询 ${rec.ref}」查看当前情况。` : error.message);
    }
  },
};
