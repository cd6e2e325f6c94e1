import type { BotContext } from '../src/bot/context.js';
import type { CommandHandler } from '../src/bot/handler.js';
import { daysBetween, localDate, ymd } from '../src/calendar/local-date.js';
import { agencyModel, type AgencyRecord } from '../src/models/agency.js';
import { openStatuses, owesReply, recommendationModel, type RecommendationRecord } from '../src/models/recommendation.js';
import { isAgencyRole, type StaffRecord } from '../src/models/staff.js';
import { hasDeadlineLight, recommendationLine, stateIcons } from '../src/rectification/describe.js';
import { responsibleProsecutors } from '../src/rectification/review.js';
import { urgentTag } from '../src/digest/build-digest.js';

/** A recommendation's line with {@link urgentTag} after its title when it is urgent (15 days to reply). */
function line(r: RecommendationRecord, now: Date, timeZone: string): string {
  const text = recommendationLine(r, now, timeZone);
  if (!r.urgent) return text;
  const [first, ...rest] = text.split('\n');
  return [`${first} ${urgentTag}`, ...rest].join('\n');
}

/** Lines shown in one list; the rest are counted, with where to see them. */
const maxLines = 20;

/** Where the rest of a long list is seen: agency staff have no dashboard, only 查询 in chat. */
const restFor = { staff: '可发送「查询 <文号>」查看其中任一份', prosecutor: '请在平台看板查看' } as const;

function listed(records: RecommendationRecord[], line: (r: RecommendationRecord) => string, reader: keyof typeof restFor): string {
  const more = records.length > maxLines ? `\n……另有 ${records.length - maxLines} 份未列出，${restFor[reader]}。` : '';
  return records.slice(0, maxLines).map(line).join('\n') + more;
}

/** The icons a list uses, explained once under its heading. */
function legend(records: RecommendationRecord[]): string {
  const keys = [
    ...(records.some(hasDeadlineLight) ? ['🔴已逾期 🟡7日内到期 🟢期限充裕'] : []),
    ...(records.some((r) => r.repliedAt && openStatuses.includes(r.status)) ? [`${stateIcons.replied}已书面回复`] : []),
    ...(records.some((r) => r.status === 'completed') ? [`${stateIcons.awaitingReview}待检察官审核`] : []),
  ];
  return keys.length ? `（${keys.join(' ')}）` : '';
}

/**
 * Staff: what the agency still owes (soonest due first), then what it reported done and waits for the
 * prosecutor's review — not finished for the agency until accepted, but owing no deadline meanwhile.
 */
async function agencyTodo(ctx: BotContext, staff: StaffRecord): Promise<void> {
  const { mongo, config } = ctx.services;
  const records = staff.agency
    ? await recommendationModel(mongo).find({ agency: staff.agency, status: { $in: [...openStatuses, 'completed'] } }).sort({ dueOn: 1 }).lean()
    : [];
  if (records.length === 0) {
    ctx.reply('贵单位目前没有未办结的检察建议。');
    return;
  }
  const open = records.filter((r) => r.status !== 'completed');
  const awaiting = records.filter((r) => r.status === 'completed');
  const parts = [`未办结的检察建议共 ${records.length} 份${legend(records)}：`];
  if (open.length) parts.push(listed(open, (r) => line(r, ctx.now, config.TZ), 'staff'));
  if (awaiting.length) parts.push(`已报完成、待检察官审核（${awaiting.length} 份，审核通过后办结）：\n${listed(awaiting, (r) => line(r, ctx.now, config.TZ), 'staff')}`);
  parts.push(`发送「查询 <文号>」查看详情${open.length ? '，「进度 <文号> <百分比> <措施>」报告进展' : ''}。`);
  ctx.reply(parts.join('\n'));
}

/** The prosecutor who reviews a recommendation: its own prosecutors when named, else its agency's. */
function reviewsIt(r: RecommendationRecord, staff: StaffRecord, agencies: Map<string, AgencyRecord>): boolean {
  if (staff.role === 'admin') return true;
  return responsibleProsecutors(r, agencies.get(r.agency)?.prosecutors ?? []).includes(staff._id);
}

/** A reply overdue with nothing received: what a prosecutor has to chase. */
function isOverdue(r: RecommendationRecord, today: string): boolean {
  return owesReply(r) && daysBetween(today, ymd(r.dueOn!)) < 0;
}

/** Prosecutors: completions waiting for their review (with how to answer), then their agencies' overdue recommendations. */
async function prosecutorTodo(ctx: BotContext, staff: StaffRecord): Promise<void> {
  const { mongo, config } = ctx.services;
  const agencies = new Map((await agencyModel(mongo).find().lean()).map((a) => [a._id, a]));
  const records = (await recommendationModel(mongo).find({ status: { $in: [...openStatuses, 'completed'] } }).sort({ dueOn: 1 }).lean())
    .filter((r) => reviewsIt(r, staff, agencies));
  const today = localDate(ctx.now, config.TZ);
  const awaiting = records.filter((r) => r.status === 'completed').sort((a, b) => (a.completedAt?.getTime() ?? 0) - (b.completedAt?.getTime() ?? 0));
  const overdue = records.filter((r) => isOverdue(r, today));
  const agencyName = (r: RecommendationRecord) => agencies.get(r.agency)?.name ?? r.agency;
  const parts: string[] = [];
  if (awaiting.length) {
    parts.push(`待您审核的整改完成报告 ${awaiting.length} 份：\n${listed(awaiting, (r) => `${stateIcons.awaitingReview} ${r.ref} ${r.title}${r.urgent ? ` ${urgentTag}` : ''}（${agencyName(r)}）\n    ${r.completedAt ? `${localDate(r.completedAt, config.TZ)} ` : ''}报完成，审核请回复「验收 ${r.ref}」或「退回 ${r.ref} <原因>」`, 'prosecutor')}`);
  }
  if (overdue.length) parts.push(`逾期未书面回复的检察建议 ${overdue.length} 份：\n${listed(overdue, (r) => `${line(r, ctx.now, config.TZ)}（${agencyName(r)}）`, 'prosecutor')}`);
  // A completion awaiting review may be overdue too (its written reply still owed): counted once.
  const others = records.filter((r) => !awaiting.includes(r) && !overdue.includes(r)).length;
  if (parts.length === 0) {
    ctx.reply(others ? `目前没有待您审核的整改完成报告，也没有逾期的检察建议（另有 ${others} 份未办结的检察建议期限未到或已书面回复）。发送「查询 <文号>」查看详情。` : '目前没有待您审核的整改完成报告，您负责的单位也没有未办结的检察建议。');
    return;
  }
  if (others) parts.push(`另有 ${others} 份未办结的检察建议期限未到或已书面回复。`);
  parts.push('发送「查询 <文号>」查看详情。');
  ctx.reply(parts.join('\n'));
}

/** 待办: for agency staff, their agency's recommendations still to be done; for prosecutors, what waits on them. */
export const todo: CommandHandler = {
  command: 'todo',
  async handle(ctx) {
    const staff = ctx.staff!;
    await (isAgencyRole(staff.role) ? agencyTodo(ctx, staff) : prosecutorTodo(ctx, staff));
  },
};
