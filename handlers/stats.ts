import { addDays } from '../src/calendar/add-period.js';
import { localDate } from '../src/calendar/local-date.js';
import type { BotContext } from '../src/bot/context.js';
import type { ProsecutorCommandHandler } from '../src/bot/handler.js';
import type { StatsCommand, StatsPeriod } from '../src/commands/prosecutor-commands.js';
import { noCampaign, platformStats, statNames, statsBreakdown, type LeadTally, type PlatformStats, type StatsBreakdown } from '../src/leads/stats.js';

const figures = Object.keys(statNames) as Array<keyof PlatformStats>;

/** Every figure, zeros included: the totals a prosecutor compares with the published ones. */
function line(stats: PlatformStats): string {
  return figures.map((k) => `${statNames[k]} ${stats[k]}`).join(' · ');
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

/** The local dates a period covers (both included), up to today. */
function periodDates(period: StatsPeriod, today: string): { from: string; to: string } {
  if (period === 'this_year') return { from: `${today.slice(0, 4)}-01-01`, to: today };
  const thisMonth = `${today.slice(0, 7)}-01`;
  if (period === 'this_month') return { from: thisMonth, to: today };
  const lastDay = addDays(thisMonth, -1);
  return { from: `${lastDay.slice(0, 7)}-01`, to: lastDay };
}

const periodNames: Record<StatsPeriod, string> = { this_month: '本月', last_month: '上月', this_year: '今年' };

/** The rows by domain and by special campaign, the 无专项 row last as on the dashboard (the rows add up to the totals). */
function breakdownLines(byDomain: StatsBreakdown['byDomain'], byCampaign: StatsBreakdown['byCampaign']): string[] {
  const campaigns = [...byCampaign.filter((row) => row.key !== noCampaign), ...byCampaign.filter((row) => row.key === noCampaign)];
  const anyCampaign = byCampaign.some((row) => row.key !== noCampaign);
  return [
    '按领域：',
    ...byDomain.map((row) => `【${row.key}】${compactLine(row)}`),
    anyCampaign ? '按专项：' : '按专项：暂无专项案件或线索',
    ...(anyCampaign ? campaigns.map((row) => `【${row.key}】${compactLine(row)}`) : []),
  ];
}

/** 本月统计, 今年统计: the figures of the cases and leads created in the period, as the dashboard counts a period. */
async function periodStats(ctx: BotContext, period: StatsPeriod): Promise<void> {
  const { mongo, config } = ctx.services;
  const { from, to } = periodDates(period, localDate(ctx.now, config.TZ));
  const { total, byDomain, byCampaign } = await statsBreakdown(mongo, { from, to, timeZone: config.TZ });
  ctx.reply([
    `平台统计：${periodNames[period]}（${from} 至 ${to}，按案件录入、线索发现的日期）`,
    line(total),
    ...breakdownLines(byDomain, byCampaign),
    '发送「统计」查看全部累计数据。',
  ].join('\n'));
}

/**
 * 统计: the platform's statistics, overall, by domain and by special campaign (专项), as domain.md §5 publishes them;
 * 本月统计 / 上月统计 / 今年统计: those of the period.
 */
export const stats: ProsecutorCommandHandler<StatsCommand> = {
  command: 'stats',
  async handle(ctx, cmd) {
    if (cmd.period) return periodStats(ctx, cmd.period);
    const { total, byDomain, byCampaign, leads } = await platformStats(ctx.services.mongo, ctx.services.config.TZ);
    ctx.reply([
      `平台统计（截至 ${localDate(ctx.now, ctx.services.config.TZ)}）`,
      line(total),
      tallyLine(total, leads),
      ...breakdownLines(byDomain, byCampaign),
    ].join('\n'));
  },
};
