import { addDays } from '../src/calendar/add-period.js';
import { localDate } from '../src/calendar/local-date.js';
import type { BotContext } from '../src/bot/context.js';
import type { ProsecutorCommandHandler } from '../src/bot/handler.js';
import type { StatsCommand, StatsPeriod } from '../src/commands/prosecutor-commands.js';
import { noCampaign, platformStats, statNames, statsBreakdown, type LeadTally, type PlatformStats, type StatsBreakdown } from '../src/leads/stats.js';
import { statNotes } from '../src/leads/stat-notes.js';
import { currentRuleSet } from '../src/leads/rule-store.js';

const figures = Object.keys(statNames) as Array<keyof PlatformStats>;

/**
 * Every figure, zeros included: the totals a prosecutor compares with the published ones; a figure no rule can count
 * says so (一般违法 0（本平台暂无自动发现一般违法的规则）), or its 0 would read as none found.
 */
function line(stats: PlatformStats, notes: Partial<Record<keyof PlatformStats, string>>): string {
  return figures.map((k) => `${statNames[k]} ${stats[k]}${notes[k] ? `（${notes[k]}）` : ''}`).join(' · ');
}

/** Only the figures that are not zero, to keep a breakdown row short in chat. */
function compactLine(stats: PlatformStats): string {
  return figures.filter((k) => stats[k] > 0).map((k) => `${statNames[k]} ${stats[k]}`).join(' · ');
}

/** How the leads raised add up to the lead figures, so that nothing looks counted twice or lost. */
function tallyLine(total: PlatformStats, leads: LeadTally): string {
  const kinds = (['generalViolations', 'pilLeads', 'criminalLeads', 'irregularEnforcement', 'dutyCrimeLeads'] as const).map((k) => `${statNames[k]} ${total[k]}`);
  return `线索共 ${leads.raised} 条 = ${kinds.join(' + ')} + 不予受理 ${leads.rejected} + 已撤回 ${leads.withdrawn}`
    + '（每条按最终类型计一次：转刑事、转监察委的计入转后类型；不予受理、已撤回的不计入各类；办理行政公益诉讼案件为已受理的公益诉讼线索）'
    + (leads.prompts ? `；另有提醒 ${leads.prompts} 条（检察建议逾期、报完成未附证据，不计入线索）` : '');
}

/** The local dates a named period covers (both included), up to today. */
function periodDates(period: StatsPeriod, today: string): { from: string; to: string } {
  const year = Number(today.slice(0, 4));
  if (period === 'this_year') return yearDates(year, today);
  if (period === 'last_year') return yearDates(year - 1, today);
  const thisMonth = `${today.slice(0, 7)}-01`;
  if (period === 'this_month') return { from: thisMonth, to: today };
  const lastDay = addDays(thisMonth, -1);
  return { from: `${lastDay.slice(0, 7)}-01`, to: lastDay };
}

/** The local dates of a year, up to today when it is this year. */
function yearDates(year: number, today: string): { from: string; to: string } {
  const to = `${year}-12-31`;
  return { from: `${year}-01-01`, to: to < today ? to : today };
}

const periodNames: Record<StatsPeriod, string> = { this_month: '本月', last_month: '上月', this_year: '今年', last_year: '去年' };

/** The periods 统计 can be asked for, and where any other is found: said when a period is not one of them. */
function periodsOffered(today: string): string {
  const lastYear = Number(today.slice(0, 4)) - 1;
  return `可以发送「统计」（全部累计）「本月统计」「上月统计」「今年统计」「去年统计」或「<年份>年统计」（如「${lastYear}年统计」）；`
    + '其他期间（某月、某季度或任意起止日期）请在管理后台的「统计」页面选择起止日期查询，也可导出Excel。';
}

/**
 * The rows by domain and by special campaign, the 无专项 row last as on the dashboard (the rows add up to the totals).
 * A row with nothing to count is left out, and a heading with no row left says 暂无, as one with an empty row would
 * read as a heading cut off (去年统计 over a year without records).
 */
function breakdownLines(byDomain: StatsBreakdown['byDomain'], byCampaign: StatsBreakdown['byCampaign']): string[] {
  const rows = (list: StatsBreakdown['byDomain']) => list.filter((row) => compactLine(row) !== '').map((row) => `【${row.key}】${compactLine(row)}`);
  const domains = rows(byDomain);
  const campaigns = rows([...byCampaign.filter((row) => row.key !== noCampaign), ...byCampaign.filter((row) => row.key === noCampaign)]);
  const anyCampaign = byCampaign.some((row) => row.key !== noCampaign && compactLine(row) !== '');
  return [
    domains.length ? '按领域：' : '按领域：暂无案件或线索',
    ...domains,
    anyCampaign ? '按专项：' : '按专项：暂无专项案件或线索',
    ...(anyCampaign ? campaigns : []),
  ];
}

/** 本月统计, 今年统计, 2026年统计: the figures of the cases and leads created in the period, as the dashboard counts a period. */
async function periodStats(ctx: BotContext, { name, from, to, yearSoFar }: AskedPeriod): Promise<void> {
  const { mongo, config } = ctx.services;
  const { total, byDomain, byCampaign } = await statsBreakdown(mongo, { from, to, timeZone: config.TZ });
  const notes = statNotes(await currentRuleSet(mongo));
  // 年度统计 in January is often meant for the year just closed (年度工作总结): say how to get that one.
  const lastYear = yearSoFar ? [`上一年度的数据请发送「去年统计」或「${Number(from.slice(0, 4)) - 1}年统计」。`] : [];
  ctx.reply([
    `平台统计：${name}（${from} 至 ${to}，按案件录入、线索发现的日期）`,
    line(total, notes),
    ...breakdownLines(byDomain, byCampaign),
    ...lastYear,
    '发送「统计」查看全部累计数据。',
  ].join('\n'));
}

/** A period a 统计 command names: how the answer calls it, its local dates, and whether it is this year so far. */
interface AskedPeriod {
  name: string;
  from: string;
  to: string;
  yearSoFar: boolean;
}

/** The period a 统计 command names; a reply instead when there is none to count; undefined for all the records. */
function askedPeriod(cmd: StatsCommand, today: string): AskedPeriod | { refusal: string } | undefined {
  const thisYear = Number(today.slice(0, 4));
  if (cmd.period) return { name: periodNames[cmd.period], ...periodDates(cmd.period, today), yearSoFar: cmd.period === 'this_year' };
  if (cmd.year !== undefined) {
    if (cmd.year > thisYear) return { refusal: `${cmd.year}年还没有开始，没有统计数据。${periodsOffered(today)}` };
    return { name: `${cmd.year}年`, ...yearDates(cmd.year, today), yearSoFar: cmd.year === thisYear };
  }
  if (cmd.unknownPeriod) return { refusal: `暂不能在对话中按「${cmd.unknownPeriod}」统计。${periodsOffered(today)}` };
  return undefined;
}

/**
 * 统计: the platform's statistics, overall, by domain and by special campaign (专项), as domain.md §5 publishes them;
 * 本月统计 / 上月统计 / 今年统计 / 去年统计 / 2026年统计: those of the period.
 */
export const stats: ProsecutorCommandHandler<StatsCommand> = {
  command: 'stats',
  async handle(ctx, cmd) {
    const today = localDate(ctx.now, ctx.services.config.TZ);
    const period = askedPeriod(cmd, today);
    if (period && 'refusal' in period) return ctx.reply(period.refusal);
    if (period) return periodStats(ctx, period);
    const { total, byDomain, byCampaign, leads } = await platformStats(ctx.services.mongo, ctx.services.config.TZ);
    const notes = statNotes(await currentRuleSet(ctx.services.mongo));
    ctx.reply([
      `平台统计（截至 ${today}）`,
      line(total, notes),
      tallyLine(total, leads),
      ...breakdownLines(byDomain, byCampaign),
    ].join('\n'));
  },
};
