import { staleMentions, staleMentionsText } from '../src/cases/stale-mentions.js';
import { Conversations, reportConfirmField } from '../src/bot/conversation.js';
import { foreignPrefixOwners, writtenPrefix } from '../src/cases/foreign-prefix.js';
import type { CommandHandler } from '../src/bot/handler.js';
import { localDate, ymd } from '../src/calendar/local-date.js';
import { amendCase, type CaseChanges } from '../src/cases/amend-case.js';
import { caseWithNumber } from '../src/cases/case-keys.js';
import { CASE_FIELD_TITLES, describeChanges } from '../src/cases/describe-changes.js';
import { withYearsFilledIn, type AmendCommand, type ReportFields } from '../src/commands/index.js';
import { chinesePunctuation } from '../src/commands/normalize-text.js';
import { caseNumberKey } from '../src/import/index.js';
import { caseTypes } from '../src/models/case.js';
import { isAgencyRole } from '../src/models/staff.js';

/** The case field each 上报 field corrects (日期 is the decision's, 立案日期 the filing's). */
const CASE_FIELD = {
  caseNumber: 'caseNumber', caseType: 'caseType', party: 'party', facts: 'facts', violation: 'violation', legalBasis: 'legalBasis',
  decision: 'decision', fineYuan: 'fineYuan', areaMu: 'areaMu', filedOn: 'filedOn', date: 'decidedOn', domain: 'domain', campaign: 'campaign',
} as const satisfies Record<keyof ReportFields, keyof CaseChanges>;

const TEXT_FIELDS: ReadonlySet<keyof ReportFields> = new Set(['party', 'facts', 'violation', 'legalBasis', 'decision', 'campaign']);

/**
 * The corrections as the case stores them; what cannot be stored is listed in `unread`. A payment of less than the
 * fine (缴纳情况：已缴纳1万元 of a 3万元 fine, the fine stored or corrected with it) is not the fine paid in full.
 */
function changesOf(cmd: AmendCommand, storedFine: number | undefined): { changes: CaseChanges; unread: string[] } {
  const changes: Record<string, unknown> = {};
  const unread = [...cmd.unread];
  for (const [field, value] of Object.entries(cmd.fields) as [keyof ReportFields, string | number][]) {
    if (field === 'caseType') {
      const type = caseTypes.find((t) => String(value).includes(t));
      if (type) changes.caseType = type;
      else unread.push(`案件类型：${value}（只能是${caseTypes.join('、')}）`);
    } else changes[CASE_FIELD[field]] = TEXT_FIELDS.has(field) ? chinesePunctuation(String(value)) : value;
  }
  for (const field of cmd.cleared) changes[CASE_FIELD[field]] = null;
  const payment = cmd.extras.payment;
  const fine = cmd.fields.fineYuan ?? storedFine;
  if (payment) changes.finePaid = payment.paid && !(payment.paidYuan !== undefined && fine !== undefined && payment.paidYuan < fine);
  if (cmd.extras.note) changes.note = chinesePunctuation(cmd.extras.note);
  if (cmd.extras.status) changes.status = cmd.extras.status;
  return { changes: changes as CaseChanges, unread };
}

/**
 * Why the dates of a correction cannot be recorded, or null: a date after today, or a decision before the filing
 * once corrected (the other date as stored), as the API and the ledger import refuse it too.
 */
function dateRefusal(cmd: AmendCommand, record: { filedOn?: Date; decidedOn?: Date }, today: string): string | null {
  const { filedOn, date } = cmd.fields;
  if (filedOn && filedOn > today) return `立案日期「${filedOn}」晚于今天（${today}）`;
  if (date && date > today) return `日期「${date}」晚于今天（${today}）`;
  const filed = cmd.cleared.includes('filedOn') ? undefined : filedOn ?? (record.filedOn && ymd(record.filedOn));
  const decided = cmd.cleared.includes('date') ? undefined : date ?? (record.decidedOn && ymd(record.decidedOn));
  if ((filedOn || date) && filed && decided && decided < filed) return `决定日期（${decided}）早于立案日期（${filed}）`;
  return null;
}

function unreadNotice(unread: string[]): string {
  return unread.length ? `\n以下内容未能识别，没有更正：\n${unread.map((u) => `· ${u}`).join('\n')}` : '';
}

/**
 * 更正 <案号> 罚款：5000元: an agency corrects a case it reported. The case keeps each old value in its history; its
 * leads are checked again on the corrected data (a lead that no longer stands is withdrawn and its prosecutors told),
 * and the prosecutors who decided on its leads are told what changed.
 */
export const amend: CommandHandler<AmendCommand> = {
  command: 'amend',
  async handle(ctx, written) {
    const staff = ctx.staff!;
    const today = localDate(ctx.now, ctx.services.config.TZ);
    // 决定日期：11月9日: the parser has no clock, so the year is filled in here, as for 上报.
    const cmd = withYearsFilledIn(written, today);
    if (!isAgencyRole(staff.role) || !staff.agency) {
      ctx.reply('「更正」由上报案件的执法单位办理；案件的每次更正都记入案件历史，可在看板查看。');
      return;
    }
    if (cmd.missing.length || cmd.problems.length) {
      ctx.reply(`${cmd.hint ?? ''}\n这次没有更正任何内容。`);
      return;
    }
    const number = cmd.caseNumber!;
    const { mongo, config } = ctx.services;
    const record = await caseWithNumber(mongo, staff.agency, caseNumberKey(number));
    if (!record) {
      ctx.reply(`贵单位没有案号为「${number}」的已上报案件，没有更正。请核对案号；发送「查询 <案号>」可查看已上报的案件。`);
      return;
    }
    const wrongDate = dateRefusal(cmd, record, today);
    if (wrongDate) {
      ctx.reply(`${wrongDate}，请核对后重新发送。这次没有更正任何内容。`);
      return;
    }
    const { changes, unread } = changesOf(cmd, record.fineYuan);
    // A new number with only other agencies' 字号 is asked about, as a 上报 with it is (and confirmed the same way).
    const owners = typeof changes.caseNumber === 'string' && !cmd.prefixConfirmed ? await foreignPrefixOwners(mongo, changes.caseNumber, staff.agency) : undefined;
    if (owners) {
      await new Conversations(ctx.services.redis, config.QUEUE_PREFIX).ask(staff._id, { kind: 'ask_field', text: cmd.text, field: reportConfirmField, askedAt: ctx.now.getTime() });
      ctx.reply(`新案号「${changes.caseNumber}」的字号「${writtenPrefix(changes.caseNumber as string)}」此前只用于${owners.join('、')}的案件，这次还没有更正。\n如果这确是贵单位的案号，请回复「确认」更正；如写错了，请用正确的新案号重新发送「更正」。`);
      return;
    }
    const result = await amendCase(mongo, record._id, changes, { by: staff._id, sourceId: ctx.message.id, now: ctx.now });
    switch (result.kind) {
      case 'not_found':
        ctx.reply(`贵单位没有案号为「${number}」的已上报案件，没有更正。`);
        return;
      case 'duplicate_number':
        ctx.reply(`案号「${String(changes.caseNumber)}」贵单位已有另一件案件（${result.existing.party}），没有更正。请核对新案号。`);
        return;
      case 'unchanged': {
        const named = Object.keys(changes).map((field) => CASE_FIELD_TITLES[field as keyof CaseChanges]).join('、');
        ctx.reply(`案件 ${record.caseNumber} 的${named || '内容'}与已登记的相同，没有更改。${unreadNotice(unread)}`);
        return;
      }
      case 'amended':
      case 'already': {
        ctx.markChanged('case', record._id);
        const lines = describeChanges(result.changes).map((line) => `· ${line}`);
        const stale = staleMentions(result.record, result.changes);
        const staleNotice = stale.length ? `\n请注意：${staleMentionsText(stale)}，与更正后的数字不一致。如也需更正，请发送「更正 ${result.record.caseNumber} ${stale[0]!.title}：<正确的内容>」。` : '';
        ctx.reply(`已更正案件 ${result.record.caseNumber}（${result.record.party}）：\n${lines.join('\n')}\n原来的内容保留在案件历史中；相关线索会按更正后的数据重新核对，检察官可以看到这次更正。${staleNotice}${unreadNotice(unread)}`);
      }
    }
  },
};
