import { markRestoration } from '../src/cases/restoration.js';
import { chinesePunctuation } from '../src/commands/normalize-text.js';
import type { BotContext } from '../src/bot/context.js';
import type { CommandHandler } from '../src/bot/handler.js';
import { withYearsFilledIn, type Command, type Problem, type ReportCommand, type ReportFields } from '../src/commands/index.js';
import { REPLY_LABEL, REPORT_FIELD_TITLES, REPORT_REQUIRED_FIELDS, type ReportExtras } from '../src/commands/report-fields.js';
import { localDate } from '../src/calendar/local-date.js';
import { amendConfirmField, Conversations, reportConfirmField, type Pending } from '../src/bot/conversation.js';
import { foreignPrefixOwners, writtenPrefix } from '../src/cases/foreign-prefix.js';
import { reportedChanges } from '../src/cases/amend-case.js';
import { amendmentLines, describeChanges } from '../src/cases/describe-changes.js';
import { createCase } from '../src/cases/create-case.js';
import { agencyModel } from '../src/models/agency.js';
import type { CaseInput, CaseRecord } from '../src/models/case.js';
import { isAgencyRole } from '../src/models/staff.js';

const example = '上报\n案号：富林罚〔2024〕3号\n当事人：张某\n违法事实：擅自改变林地用途\n罚款：5000元\n面积：2亩';

/** What an answer to the question for one field looks like, shown in the question. */
const answerExamples: Partial<Record<keyof ReportFields, string>> = {
  caseNumber: '富市监罚〔2026〕12号', party: '张某', facts: '未取得许可擅自经营', date: '2026年11月5日',
};

/** Questions of 上报 are filed under `report:<fields>`, so that the question/answer merging can tell them apart. */
const QUESTION_PREFIX = 'report:';

/** Whether the question the bot waits an answer to was asked by 上报. */
export function isReportQuestion(question: { field: string }): boolean {
  return question.field.startsWith(QUESTION_PREFIX);
}

/** A question about a value that could not be read is filed under `report:check:<label>`. */
const CHECK_PREFIX = 'check:';

/** The answer to a cancelled 上报. */
export const REPORT_CANCELLED = '已取消这次上报，没有记录。';

/** The sender sent another command instead of answering 上报's question: the half-finished case was not stored. */
export function tellReportNotRecorded(ctx: BotContext, question: { field: string }, cmd: Command): void {
  if (cmd.command === 'report') return;
  const asked = question.field.slice(QUESTION_PREFIX.length);
  const checked = asked === 'date' ? REPORT_FIELD_TITLES.date : asked.startsWith(CHECK_PREFIX) ? asked.slice(CHECK_PREFIX.length) : null;
  const why = checked ? `${checked}待核对` : `还缺少${namesOf(asked.split(','))}`;
  ctx.reply(`之前的上报${why}，没有记录；如需记录，请重新完整发送「上报」。`);
}

function namesOf(fields: string[]): string {
  return fields.map((field) => (field === 'fields' ? '案件信息' : REPORT_FIELD_TITLES[field as keyof ReportFields] ?? field)).join('、');
}

function toInput(fields: ReportFields, extras: ReportExtras, cmd: ReportCommand): CaseInput {
  // The model has no confiscation field: the decision in words keeps it (罚款 and 没收 are both decisions).
  // A 罚款 value that said more than the amount (警告并处罚款三千元) is part of the decision, unless the decision says it.
  const fineDecision = extras.fineDecision && !fields.decision?.includes(extras.fineDecision) ? extras.fineDecision : undefined;
  const said = [fields.decision, fineDecision].filter(Boolean).join('；');
  const confiscation = extras.confiscationYuan === undefined || said.includes('没收') ? undefined : `没收违法所得${extras.confiscationYuan}元`;
  // The words as the agency wrote them (the parser read them half-width).
  const words = (text: string | undefined) => (text === undefined ? undefined : chinesePunctuation(text));
  return {
    caseNumber: fields.caseNumber!, party: fields.party!, facts: words(fields.facts)!,
    caseType: (['处罚', '许可', '强制', '检查'] as const).find((t) => t === fields.caseType),
    violation: words(fields.violation), legalBasis: words(fields.legalBasis),
    decision: words([said, confiscation].filter(Boolean).join('；') || undefined),
    fineYuan: fields.fineYuan, finePaid: extras.payment?.paid, areaMu: fields.areaMu,
    filedOn: fields.filedOn, decidedOn: fields.date, domain: fields.domain, campaign: fields.campaign, note: extras.note && chinesePunctuation(extras.note), status: extras.status,
    quantities: markRestoration(cmd.quantities.map((q) => ({ item: q.item, value: q.value, unit: q.unit })), cmd.text),
  };
}

function unreadNotice(unread: string[]): string {
  return unread.length ? `\n以下内容未能识别，没有记录：\n${unread.map((u) => `· ${u}`).join('\n')}` : '';
}

/**
 * Asks for what is missing, waiting for the answer. The answer is filed under the label asked for when one field
 * is missing, so plain text answers it; several missing, only labelled lines can answer.
 */
async function askFor(ctx: BotContext, cmd: ReportCommand, unread: string[], userid: string): Promise<void> {
  const missing = REPORT_REQUIRED_FIELDS.filter((field) => cmd.missing.includes(field));
  const single = missing.length === 1 && cmd.missing.length === 1 ? missing[0]! : null;
  const label = single ? REPORT_FIELD_TITLES[single] : REPLY_LABEL;
  await new Conversations(ctx.services.redis, ctx.services.config.QUEUE_PREFIX).ask(userid, {
    kind: 'ask_field', text: `${cmd.text}\n${label}：`, field: `${QUESTION_PREFIX}${cmd.missing.join(',')}`, askedAt: ctx.now.getTime(),
  });
  const notice = unreadNotice(unread);
  if (single) {
    ctx.reply(`请补充${label}，直接回复即可，如「${answerExamples[single]}」。回复「取消」可放弃这次上报。${notice}`);
  } else if (!missing.length) {
    ctx.reply(`没有读到案件信息。请按下面的格式回复，每项一行，写明项目名称（也可以直接发送案件 Excel/CSV 表格批量上报）：\n${example}${notice}`);
  } else {
    const lines = missing.map((m) => `${REPORT_FIELD_TITLES[m]}：${answerExamples[m] ?? ''}`).join('\n');
    ctx.reply(`请补充${namesOf(missing)}，每项一行，写明项目名称，如：\n${lines}\n回复「取消」可放弃这次上报。${notice}`);
  }
}

/** The label a problem's value was written under (缴纳情况, 没收违法所得 …), so the answer is filed under it again. */
function labelOf(problem: Problem, rawFields: Record<string, string>): string {
  const written = problem.label ?? Object.entries(rawFields).findLast(([, value]) => value.split('\n')[0] === problem.value)?.[0];
  return written ?? { date: REPORT_FIELD_TITLES.date, area: REPORT_FIELD_TITLES.areaMu }[problem.field as string] ?? REPORT_FIELD_TITLES.fineYuan;
}

/**
 * A value that could not be read (日期：哦写错了) is asked about again, the report waiting for the answer: one
 * unreadable field does not throw away what was said.
 */
async function askAgainFor(ctx: BotContext, cmd: ReportCommand, problem: Problem, rawFields: Record<string, string>, userid: string): Promise<void> {
  const label = labelOf(problem, rawFields);
  await new Conversations(ctx.services.redis, ctx.services.config.QUEUE_PREFIX).ask(userid, {
    kind: 'ask_field', text: `${cmd.text}\n${label}：`, field: `${QUESTION_PREFIX}${CHECK_PREFIX}${label}`, askedAt: ctx.now.getTime(),
  });
  ctx.reply(`「${problem.value}」${problem.reason}。请直接回复正确的${label}；回复「取消」可放弃这次上报。这次还没有记录。`);
}

/**
 * The reply to a question of 上报 asked, deferred or chatted (我查一下): nothing is filed, the same question waits
 * again and the sender is told so.
 */
export async function keepWaiting(ctx: BotContext, question: Extract<Pending, { kind: 'ask_field' }>): Promise<void> {
  await new Conversations(ctx.services.redis, ctx.services.config.QUEUE_PREFIX).ask(ctx.staff!._id, { ...question, askedAt: ctx.now.getTime() });
  const label = /\n([^\n：]+)：$/.exec(question.text)?.[1];
  const what = label && label !== REPLY_LABEL ? label : '缺少的内容';
  ctx.reply(`好的，这条没有作为${what}记录，上报还在等您补充。查到后直接回复${what}即可；回复「取消」可放弃这次上报。`);
}

/**
 * A date after today is a slip of the keyboard more often than not, and a decision before its case was filed is one
 * of the two dates written wrong: asked about, nothing stored.
 */
async function askAboutDate(ctx: BotContext, cmd: ReportCommand, item: 'date' | 'filedOn', why: string, userid: string): Promise<void> {
  const title = REPORT_FIELD_TITLES[item];
  await new Conversations(ctx.services.redis, ctx.services.config.QUEUE_PREFIX).ask(userid, {
    kind: 'ask_field', text: `${cmd.text}\n${title}：`, field: item === 'date' ? `${QUESTION_PREFIX}date` : `${QUESTION_PREFIX}${CHECK_PREFIX}${title}`, askedAt: ctx.now.getTime(),
  });
  ctx.reply(`${title}「${cmd.fields[item]}」${why}，请核对。直接回复正确的${title}即可，如「${answerExamples.date}」；回复「取消」可放弃这次上报。这次还没有记录。`);
}

/** The date of a 上报 to ask about before anything is stored, and why; null when the dates can be recorded. */
function doubtfulDate(fields: ReportFields, today: string): { item: 'date' | 'filedOn'; why: string } | null {
  if (fields.filedOn && fields.filedOn > today) return { item: 'filedOn', why: `晚于今天（${today}）` };
  if (fields.date && fields.date > today) return { item: 'date', why: `晚于今天（${today}）` };
  // The answer is filed under 决定日期; one that says 立案日期：… corrects the filing date instead.
  if (fields.date && fields.filedOn && fields.date < fields.filedOn) return { item: 'date', why: `早于立案日期（${fields.filedOn}；如是立案日期写错了，请回复「立案日期：正确的日期」）` };
  return null;
}

/** A case number with another agency's 字号 (foreign-prefix.ts) is asked about, not refused: a 字号 may be shared. */
async function askAboutPrefix(ctx: BotContext, cmd: ReportCommand, caseNumber: string, owners: string[], userid: string): Promise<void> {
  await new Conversations(ctx.services.redis, ctx.services.config.QUEUE_PREFIX).ask(userid, { kind: 'ask_field', text: cmd.text, field: reportConfirmField, askedAt: ctx.now.getTime() });
  ctx.reply(`案号「${caseNumber}」的字号「${writtenPrefix(caseNumber)}」此前只用于${owners.join('、')}的案件，这次还没有登记。\n如果这确是贵单位的案件，请回复「确认」登记；如案号写错了，请用正确的案号重新发送「上报」。`);
}

function paymentText(payment: NonNullable<ReportExtras['payment']>): string {
  if (payment.partial) return '部分缴纳（按未缴清记录）';
  if (!payment.paid) return '未缴纳';
  return payment.paidOn ? `已缴纳（${payment.paidOn}）` : '已缴纳';
}

function confirmation(r: CaseRecord, extras: ReportExtras, unread: string[]): string {
  const rows = [
    `案号：${r.caseNumber}`, `当事人：${r.party}`, `违法事实：${r.facts}`, r.caseType && `案件类型：${r.caseType}`,
    r.violation && `违法行为：${r.violation}`, r.legalBasis && `法律依据：${r.legalBasis}`, r.decision && `处罚决定：${r.decision}`,
    r.fineYuan !== undefined && `罚款：${r.fineYuan} 元`, extras.confiscationYuan !== undefined && `没收违法所得：${extras.confiscationYuan} 元`,
    extras.payment && `缴纳情况：${paymentText(extras.payment)}`, r.areaMu !== undefined && `面积：${r.areaMu} 亩`,
    r.filedOn && `立案日期：${r.filedOn.toISOString().slice(0, 10)}`, r.decidedOn && `决定日期：${r.decidedOn.toISOString().slice(0, 10)}`, r.domain && `领域：${r.domain}`, r.campaign && `专项：${r.campaign}`,
    // Shown only when said: a case is stored open by default, which the sender did not state.
    extras.status && `结案情况：${r.status === 'closed' ? '已结案' : '未结案'}`, extras.note && `备注：${extras.note}`,
  ].filter(Boolean);
  return `已登记行政执法案件：\n${rows.map((x) => `· ${x}`).join('\n')}${unreadNotice(unread)}`;
}

/**
 * 上报 of a case number already reported: nothing is registered twice. When this report says something else than the
 * stored case (a corrected fine re-sent as a whole report), the differences are shown and a 确认 makes them a 更正.
 */
async function offerAmendment(ctx: BotContext, existing: CaseRecord, input: CaseInput, extras: ReportExtras): Promise<void> {
  const differing = reportedChanges(existing, { ...input, ...(extras.payment ? { finePaid: extras.payment.paid } : {}) });
  const lines = amendmentLines(differing);
  const head = `案号「${existing.caseNumber}」贵单位已上报过（${existing.party}，${existing.facts}），未重复登记。`;
  if (!lines.length) {
    ctx.reply(`${head}这次发送的内容与已登记的相同。`);
    return;
  }
  const amendment = `更正 ${existing.caseNumber}\n${lines.join('\n')}`;
  await new Conversations(ctx.services.redis, ctx.services.config.QUEUE_PREFIX).ask(ctx.staff!._id, { kind: 'ask_field', text: amendment, field: amendConfirmField, askedAt: ctx.now.getTime() });
  const shown = describeChanges(differing).map((line) => `· ${line}`).join('\n');
  ctx.reply(`${head}这次发送的内容与已登记的不同：\n${shown}\n如要按这次的内容更正该案件，请回复「确认」；回复其他内容则不更正。`);
}

/** 上报: a new enforcement case from labelled lines; asks for missing required fields, then confirms what was stored. */
export const report: CommandHandler<ReportCommand> = {
  command: 'report',
  async handle(ctx, cmd) {
    const staff = ctx.staff!;
    if (!isAgencyRole(staff.role) || !staff.agency) {
      ctx.reply('「上报」由执法单位工作人员办理。');
      return;
    }
    // 1. 案号… 2. 案号…: one case was recorded and the other listed as not understood, or its number asked for again.
    if (cmd.severalCases.length > 1) {
      ctx.reply(`这条消息里有${cmd.severalCases.length}件案件（${cmd.severalCases.join('、')}），没有记录。一次上报一件：请每件案件单独发送一条「上报」，如：\n${example}`);
      return;
    }
    const today = localDate(ctx.now, ctx.services.config.TZ);
    // 日期：3月5日, or an answer 是11月22号: the parser has no clock, so the year is filled in here.
    const dated = withYearsFilledIn(cmd, today);
    const { fields, problems, extras, unread, rawFields } = dated;
    const problem = problems[0];
    if (problem) return askAgainFor(ctx, dated, problem, rawFields, staff._id);
    if (cmd.missing.length) return askFor(ctx, dated, unread, staff._id);
    const doubtful = doubtfulDate(fields, today);
    if (doubtful) return askAboutDate(ctx, dated, doubtful.item, doubtful.why, staff._id);
    const owners = cmd.prefixConfirmed || !fields.caseNumber ? undefined : await foreignPrefixOwners(ctx.services.mongo, fields.caseNumber, staff.agency);
    if (owners) return askAboutPrefix(ctx, cmd, fields.caseNumber!, owners, staff._id);
    const agency = await agencyModel(ctx.services.mongo).findById(staff.agency).lean();
    const input = toInput(fields, extras, cmd);
    // The model has no field for the day of payment: the history entry of the creation keeps it (and the note as written).
    const detail = { note: extras.note, paidOn: extras.payment?.paidOn, payment: extras.payment?.text, confiscationYuan: extras.confiscationYuan, unread: unread.length ? unread : undefined };
    const kept = Object.fromEntries(Object.entries(detail).filter(([, value]) => value !== undefined));
    const result = await createCase(ctx.services.mongo, input, { agency: staff.agency, by: staff._id, sourceId: ctx.message.id, now: ctx.now, domain: agency?.domains[0], detail: Object.keys(kept).length ? kept : undefined });
    if (result.kind === 'duplicate_number') return offerAmendment(ctx, result.existing, input, extras);
    ctx.markChanged('case', result.record._id);
    ctx.reply(confirmation(result.record, extras, unread));
  },
};
