import type { CommandHandler } from '../src/bot/handler.js';
import { isAgencyRole } from '../src/models/staff.js';

/** The command list every user can ask for with 帮助. */
export const helpText = [
  '衔接助手可以帮您办理：',
  '• 待办 — 本单位未办结的检察建议、期限和剩余天数',
  '• 查询 <文号或事项> — 一份检察建议的详情，如「查询 14号」「查询 恢复林地」',
  '• 进度 <文号> <百分比或阶段> <措施> — 报告整改进展，如「进度 14号 60% 已恢复林地120亩」',
  '• 完成 <文号> <说明> — 报告整改完成，等待检察官审核',
  '• 回复 <文号> <要点> — 提交书面回复要点',
  '• 上报 — 上报一件行政执法案件（也可以直接发送 Excel/CSV 表格）',
  '• 更正 <案号> <项目：正确内容> — 更正已上报的案件，如「更正 富林罚〔2024〕3号 罚款：5000元」',
  '• 撤回 — 撤回您 10 分钟内的上一条更新',
  '报告进度后 30 分钟内发送的照片或文件，会作为整改证据附在该条进度上（也可以先发照片，10 分钟内再报告进度）。要附到另一份检察建议的进展上，先发送「9号的照片」再发照片。语音、位置和链接不能作为记录保存。',
].join('\n');

/** What prosecutors and admins can do besides. */
export const prosecutorHelpText = [
  '检察官还可以：',
  '• 线索 / 线索 <编号> — 待处理的线索，或一条线索的详情和触发依据',
  '• 受理 / 不予受理 / 转刑事线索 / 转监察委 <编号> — 不用卡片按钮处理线索，如「受理 XS-2026-0009」「不予受理 XS-2026-0009 罚款已缴纳」（不予受理须写理由）',
  '• 统计 — 平台统计数据（按领域、专项）；「本月统计」「上月统计」「今年统计」「去年统计」「<年份>年统计」为该期间的数据，其他期间在管理后台的「统计」页面查询',
  '• 验收 <文号> [说明] — 审核通过执法单位报告的整改完成，并安排回头看',
  '• 退回 <文号> <原因> — 整改不到位，退回继续整改（会通知执法单位）',
].join('\n');

/** What a prosecutor shares with the agencies' staff: looking things up. */
const prosecutorLookups = [
  '• 待办 — 待您审核的整改完成报告和逾期未书面回复的检察建议',
  '• 查询 <文号或事项> — 一份检察建议的详情，如「查询 14号」',
].join('\n');

/** 帮助: lists what the bot can do, with examples; a prosecutor sees their own commands, not the agencies' reporting. */
export const help: CommandHandler = {
  command: 'help',
  async handle(ctx) {
    ctx.reply(ctx.staff && !isAgencyRole(ctx.staff.role) ? `${prosecutorHelpText.replace('检察官还可以：', '衔接助手可以帮您办理：')}\n${prosecutorLookups}` : helpText);
  },
};
