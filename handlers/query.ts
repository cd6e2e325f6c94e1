import type { CommandHandler } from '../src/bot/handler.js';
import { progressModel } from '../src/models/progress.js';
import { openStatuses, recommendationModel, type RecommendationRecord } from '../src/models/recommendation.js';
import { namesOf } from '../src/leads/route.js';
import { isAboutTopic } from '../src/rectification/topic.js';
import { statusNames } from '../src/rectification/describe.js';
import { isAgencyRole } from '../src/models/staff.js';
import { localDateTime, ymd } from '../src/calendar/local-date.js';
import { recommendationLine } from '../src/rectification/describe.js';
import { findTarget } from '../src/rectification/find-target.js';
import { caseWithNumber } from '../src/cases/case-keys.js';
import type { CaseRecord } from '../src/models/case.js';
import type { FieldChange } from '../src/cases/amend-case.js';
import { CASE_FIELD_TITLES } from '../src/cases/describe-changes.js';
import { caseNumberKey } from '../src/import/index.js';

const kindNames = { progress: '进展', complete: '完成', reply: '书面回复' } as const;

/**
 * 查询 富市监罚〔2026〕109号: a case number, not a recommendation's (those are the procuratorate's, 检…). Staff see
 * their own agency's case as it was recorded, so that a wrong figure is noticed and reported for correction.
 */
async function answerCase(ctx: Parameters<CommandHandler['handle']>[0], caseNumber: string): Promise<boolean> {
  const staff = ctx.staff!;
  if (!staff.agency) return false;
  const found = await caseWithNumber(ctx.services.mongo, staff.agency, caseNumberKey(caseNumber));
  if (!found) {
    ctx.reply(`贵单位没有案号为「${caseNumber}」的已上报案件。如刚上报，请稍后再查；检察建议请用其文号查询。`);
    return true;
  }
  ctx.reply([
    `案件 ${found.caseNumber}（${found.createdAt.toLocaleDateString('zh-CN', { timeZone: ctx.services.config.TZ })} 上报）`,
    ...recordedFields(found),
    ...correctionsNote(found, ctx.services.config.TZ),
    `如记录有误，请发送「更正 ${found.caseNumber}」加正确的内容，如「更正 ${found.caseNumber} 罚款：5000元」。`,
  ].join('\n'));
  return true;
}

/**
 * Every field of a case a 更正 can change, as recorded, so a correction can be checked (面积 8 亩 after 面积：8亩): the
 * ones a lead rule reads or that every case has (当事人, 罚款, 法律依据, 决定日期, 结案情况) say 未记录 when empty; the
 * others are left out then, so a food-safety case shows no empty 面积.
 */
function recordedFields(c: CaseRecord): string[] {
  const line = (title: string, value: string | undefined) => (value === undefined || value === '' ? [] : [`${title}：${value}`]);
  const money = c.fineYuan === undefined ? '未记录' : `${c.fineYuan.toLocaleString('zh-CN')} 元`;
  const paid = c.finePaid === undefined ? '未记录' : c.finePaid ? '已缴纳' : '未缴纳';
  const enforced = c.enforced === undefined ? '' : `，执行情况：${c.enforced ? '已执行' : '未执行'}`;
  const filed = c.filedOn ? `立案日期：${ymd(c.filedOn)}，` : '';
  const scope = [c.domain && `领域：${c.domain}`, c.campaign && `专项：${c.campaign}`].filter(Boolean).join('，');
  return [
    ...line('案件类型', c.caseType),
    `当事人：${c.party}`,
    `违法事实：${c.facts}`,
    ...line('违法行为', c.violation),
    ...line('面积', c.areaMu === undefined ? undefined : `${c.areaMu} 亩`),
    `法律依据：${c.legalBasis || '未记录'}`,
    ...line('处罚决定', c.decision),
    `罚款：${money}，缴纳情况：${paid}${enforced}`,
    `${filed}决定日期：${c.decidedOn ? ymd(c.decidedOn) : '未记录'}`,
    ...(scope ? [scope] : []),
    `结案情况：${c.status === 'closed' ? '已结案' : '未记录结案'}`,
    ...line('备注', c.note),
  ];
}

/**
 * How often the case was corrected, and when and what last: staff see that the figures shown are the corrected ones
 * (已更正 1 次，最近一次 2026/11/30 10:00:13（面积）).
 */
function correctionsNote(c: CaseRecord, timeZone: string): string[] {
  const corrections = c.history.filter((h) => h.action === 'amended');
  const last = corrections.at(-1);
  if (!last) return [];
  // The history keeps each correction's changes as amendCase wrote them (FieldChange[]).
  const fields = ((last.detail?.changes ?? []) as FieldChange[]).map((change) => CASE_FIELD_TITLES[change.field]);
  return [`已更正 ${corrections.length} 次，最近一次 ${localDateTime(last.at, timeZone)}${fields.length ? `（${fields.join('、')}）` : ''}。`];
}

/**
 * The agency's other recommendations the same words fit (14号 of another year, 林地 in another title) that the answer
 * did not show because they are no longer open — one awaiting review is just what a sender may be asking about.
 */
async function othersAlsoMeant(ctx: Parameters<CommandHandler['handle']>[0], cmd: Parameters<CommandHandler['handle']>[1], shown: RecommendationRecord): Promise<string[]> {
  const typedShort = cmd.ref !== null && cmd.refParts !== null && cmd.refParts.prefix === null && cmd.refParts.year === null;
  const topic = cmd.command === 'query' && !cmd.ref ? cmd.topic : null;
  if (!typedShort && !topic) return [];
  const query: Record<string, unknown> = { agency: ctx.staff!.agency, _id: { $ne: shown._id } };
  if (typedShort) query.refSerial = cmd.refParts!.serial;
  const others = (await recommendationModel(ctx.services.mongo).find(query).sort({ issuedOn: -1 }).lean()).filter((rec) => !topic || isAboutTopic(rec, topic));
  if (others.length === 0) return [];
  const listed = others.slice(0, 3).map((rec) => `${rec.ref}（${statusNames[rec.status]}）`).join('、');
  return [`另有 ${listed}${others.length > 3 ? ` 等 ${others.length} 份` : ''}；查看请发送完整文号，如「查询 ${others[0]!.ref}」。`];
}

/**
 * The send-back the agency is still working under: when the last review sent the completion back and no completion
 * was reported since, who sent it back, when and why — the agency's only other record of the reason is the notice.
 */
async function sendBackNote(ctx: Parameters<CommandHandler['handle']>[0], rec: RecommendationRecord): Promise<string[]> {
  if (!openStatuses.includes(rec.status)) return [];
  const last = rec.history.findLast((h) => h.action === 'reviewed');
  if (last?.detail?.decision !== 'send_back' || typeof last.detail.reason !== 'string') return [];
  const who = await namesOf(ctx.services.mongo, [last.by]);
  return [`审核退回：${localDateTime(last.at, ctx.services.config.TZ)} 由 ${who} 退回，原因：${last.detail.reason}`];
}

/** 查询 <文号>: one recommendation's requirements, deadline, state and latest updates. */
export const query: CommandHandler = {
  command: 'query',
  async handle(ctx, cmd) {
    const { mongo, config } = ctx.services;
    const staff = ctx.staff!;
    // Recommendations are numbered by the procuratorate (富检行公建…); any other numbered prefix is a case number.
    if (isAgencyRole(staff.role) && cmd.ref && cmd.refParts?.prefix && !cmd.refParts.prefix.includes('检') && (await answerCase(ctx, cmd.ref))) return;
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
      ...(await sendBackNote(ctx, rec)),
    ];
    if (updates.length) {
      lines.push('最近更新：');
      for (const u of updates) {
        const when = localDateTime(u.createdAt, config.TZ);
        const what = [u.percent !== undefined ? `${u.percent}%` : '', u.stage ?? '', u.measures ?? ''].filter(Boolean).join(' ');
        lines.push(`  · ${when} ${kindNames[u.kind]}：${what}${u.evidence.length ? `（证据 ${u.evidence.length} 件）` : ''}${u.revoked ? '（已撤回）' : ''}`);
      }
    } else lines.push('尚无整改进展。');
    if (isAgencyRole(staff.role) && staff.agency) lines.push(...(await othersAlsoMeant(ctx, cmd, rec)));
    ctx.reply(lines.join('\n'));
  },
};
