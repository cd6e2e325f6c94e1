import type { CommandHandler } from '../src/bot/handler.js';
import { agencyModel } from '../src/models/agency.js';
import { openStatuses, recommendationModel } from '../src/models/recommendation.js';
import { isAgencyRole } from '../src/models/staff.js';
import { recommendationLine } from '../src/rectification/describe.js';

/** 待办: the open recommendations of the sender's agency (a prosecutor: of the agencies they supervise), soonest due first. */
export const todo: CommandHandler = {
  command: 'todo',
  async handle(ctx) {
    const staff = ctx.staff!;
    const { mongo, config } = ctx.services;
    let agencies: string[];
    if (isAgencyRole(staff.role)) agencies = staff.agency ? [staff.agency] : [];
    else agencies = (await agencyModel(mongo).find(staff.role === 'admin' ? {} : { prosecutors: staff._id }).lean()).map((a) => a._id);
    const open = await recommendationModel(mongo).find({ agency: { $in: agencies }, status: { $in: openStatuses } }).sort({ dueOn: 1 }).lean();
    if (open.length === 0) {
      ctx.reply(isAgencyRole(staff.role) ? '贵单位目前没有未办结的检察建议。' : '您负责的单位目前没有未办结的检察建议。');
      return;
    }
    const lines = open.slice(0, 20).map((r) => recommendationLine(r, ctx.now, config.TZ));
    const more = open.length > 20 ? `\n……另有 ${open.length - 20} 份，请在检察院平台查看。` : '';
    ctx.reply(`未办结的检察建议共 ${open.length} 份（🔴已逾期 🟡7日内到期 🟢期限充裕）：\n${lines.join('\n')}${more}\n发送「查询 <文号>」查看详情，「进度 <文号> <百分比> <措施>」报告进展。`);
  },
};
