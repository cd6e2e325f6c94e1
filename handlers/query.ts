import type { CommandHandler } from '../src/bot/handler.js';
import { progressModel } from '../src/models/progress.js';
import { recommendationModel } from '../src/models/recommendation.js';
import { isAgencyRole } from '../src/models/staff.js';
import { ymd } from '../src/calendar/local-date.js';
import { recommendationLine } from '../src/rectification/describe.js';
import { findTarget } from '../src/rectification/find-target.js';

const kindNames = { progress: '进展', complete: '完成', reply: '书面回复' } as const;

/** 查询 <文号>: one recommendation's requirements, deadline, state and latest updates. */
export const query: CommandHandler = {
  command: 'query',
  async handle(ctx, cmd) {
    const { mongo, config } = ctx.services;
    const staff = ctx.staff!;
    const rec = isAgencyRole(staff.role)
      ? await findTarget(ctx, cmd, '查询')
      : cmd.ref
        ? await recommendationModel(mongo).findOne(cmd.refParts?.prefix ? { ref: cmd.ref } : { refSerial: cmd.refParts?.serial }).lean()
        : undefined;
    if (!rec) {
      if (!isAgencyRole(staff.role)) ctx.reply(`没有找到文号为「${cmd.ref ?? ''}」的检察建议。请发送完整文号，如「查询 富检行公建〔2021〕14号」。`);
      return;
    }
    const updates = await progressModel(mongo).find({ recommendation: rec._id }).sort({ createdAt: -1 }).limit(3).lean();
    const lines = [
      recommendationLine(rec, ctx.now, config.TZ),
      `整改要求：${rec.requirements}`,
      `发出 ${ymd(rec.issuedOn)}${rec.receivedOn ? `，收到 ${ymd(rec.receivedOn)}` : ''}${rec.urgent ? '，情况紧急' : ''}${rec.dueRule ? `；期限依据：${rec.dueRule}` : ''}`,
    ];
    if (updates.length) {
      lines.push('最近更新：');
      for (const u of updates) {
        const when = u.createdAt.toLocaleString('zh-CN', { timeZone: config.TZ, hour12: false });
        const what = [u.percent !== undefined ? `${u.percent}%` : '', u.stage ?? '', u.measures ?? ''].filter(Boolean).join(' ');
        lines.push(`  · ${when} ${kindNames[u.kind]}：${what}${u.evidence.length ? `（证据 ${u.evidence.length} 件）` : ''}${u.revoked ? '（已撤回）' : ''}`);
      }
    } else lines.push('尚无整改进展。');
    ctx.reply(lines.join('\n'));
  },
};
