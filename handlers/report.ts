import type { CommandHandler } from '../src/bot/handler.js';
import type { ReportCommand } from '../src/commands/index.js';
import { parseDateWithoutYear } from '../src/commands/report-fields.js';
import { localDate } from '../src/calendar/local-date.js';
import { Conversations } from '../src/bot/conversation.js';
import { createCase } from '../src/cases/create-case.js';
import { agencyModel } from '../src/models/agency.js';
import type { CaseInput } from '../src/models/case.js';
import { isAgencyRole } from '../src/models/staff.js';

const fieldNames: Record<string, string> = { caseNumber: '案号', party: '当事人', facts: '违法事实', fields: '案件信息' };
const example = '上报\n案号：富林罚〔2024〕3号\n当事人：张某\n违法事实：擅自改变林地用途\n罚款：5000元\n面积：2亩';

function toInput(cmd: ReportCommand): CaseInput {
  const f = cmd.fields;
  return {
    caseNumber: f.caseNumber!, party: f.party!, facts: f.facts!,
    caseType: (['处罚', '许可', '强制', '检查'] as const).find((t) => t === f.caseType),
    violation: f.violation, legalBasis: f.legalBasis, decision: f.decision, fineYuan: f.fineYuan, areaMu: f.areaMu,
    decidedOn: f.date, domain: f.domain,
    quantities: cmd.quantities.map((q) => ({ item: q.item, value: q.value, unit: q.unit })),
  };
}

/** 日期：3月5日: the parser has no clock, so the year is filled in here; the confirmation shows the date stored. */
function withYearFilledIn(cmd: ReportCommand, today: string): Pick<ReportCommand, 'fields' | 'problems'> {
  const dateProblem = cmd.problems.find((p) => p.field === 'date');
  const date = dateProblem && parseDateWithoutYear(dateProblem.value, today);
  if (!date) return cmd;
  return { fields: { ...cmd.fields, date }, problems: cmd.problems.filter((p) => p !== dateProblem) };
}

/** 上报: a new enforcement case from key:value lines; asks for missing required fields, then confirms what was stored. */
export const report: CommandHandler<ReportCommand> = {
  command: 'report',
  async handle(ctx, cmd) {
    const staff = ctx.staff!;
    if (!isAgencyRole(staff.role) || !staff.agency) {
      ctx.reply('「上报」由执法单位工作人员办理。');
      return;
    }
    const { fields, problems } = withYearFilledIn(cmd, localDate(ctx.now, ctx.services.config.TZ));
    const problem = problems[0];
    if (problem) {
      ctx.reply(`「${problem.value}」${problem.reason}。请更正后重新发送，例如：\n${example}`);
      return;
    }
    if (cmd.missing.length) {
      await new Conversations(ctx.services.redis, ctx.services.config.QUEUE_PREFIX).ask(staff._id, { kind: 'ask_field', text: cmd.text, field: cmd.missing.join(','), askedAt: ctx.now.getTime() });
      const names = cmd.missing.map((m) => fieldNames[m] ?? m).join('、');
      ctx.reply(`请补充${names}，每项一行，如「当事人：张某」，直接回复即可。也可以直接发送案件 Excel/CSV 表格批量上报。完整格式：\n${example}`);
      return;
    }
    const agency = await agencyModel(ctx.services.mongo).findById(staff.agency).lean();
    const input = toInput({ ...cmd, fields });
    const result = await createCase(ctx.services.mongo, input, { agency: staff.agency, by: staff._id, sourceId: ctx.message.id, now: ctx.now, domain: agency?.domains[0] });
    if (result.kind === 'duplicate_number') {
      ctx.reply(`案号「${input.caseNumber}」贵单位已上报过（${result.existing.party}，${result.existing.facts}），未重复登记。如需更正请联系检察官。`);
      return;
    }
    const r = result.record;
    ctx.markChanged('case', r._id);
    const rows = [
      `案号：${r.caseNumber}`, `当事人：${r.party}`, `违法事实：${r.facts}`,
      r.decision && `处罚决定：${r.decision}`, r.fineYuan !== undefined && `罚款：${r.fineYuan} 元`, r.areaMu !== undefined && `面积：${r.areaMu} 亩`,
      r.decidedOn && `决定日期：${r.decidedOn.toISOString().slice(0, 10)}`, r.domain && `领域：${r.domain}`,
    ].filter(Boolean);
    ctx.reply(`已登记行政执法案件：\n${rows.map((x) => `· ${x}`).join('\n')}`);
  },
};
