import { localDate } from '../src/calendar/local-date.js';
import type { ProsecutorCommandHandler } from '../src/bot/handler.js';
import { noCampaign, platformStats, statNames, type LeadTally, type PlatformStats } from '../src/leads/stats.js';

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
    + '（每条按最终类型计一次：转刑事、转监察委的计入转后类型；不予受理、已撤回的不计入各类；办理行政公益诉讼案件为已受理的公益诉讼线索）';
}

/** 统计: the platform's statistics, overall, by domain and by special campaign (专项), as domain.md §5 publishes them. */
export const stats: ProsecutorCommandHandler = {
  command: 'stats',
  async handle(ctx) {
    const { total, byDomain, byCampaign, leads } = await platformStats(ctx.services.mongo, ctx.services.config.TZ);
    // The 无专项 row last, as on the dashboard: without it the campaign rows would not add up to the totals.
    const campaigns = [...byCampaign.filter((row) => row.key !== noCampaign), ...byCampaign.filter((row) => row.key === noCampaign)];
    const anyCampaign = byCampaign.some((row) => row.key !== noCampaign);
    ctx.reply([
      `平台统计（截至 ${localDate(ctx.now, ctx.services.config.TZ)}）`,
      line(total),
      tallyLine(total, leads),
      '按领域：',
      ...byDomain.map((row) => `【${row.key}】${compactLine(row)}`),
      anyCampaign ? '按专项：' : '按专项：暂无专项案件或线索',
      ...(anyCampaign ? campaigns.map((row) => `【${row.key}】${compactLine(row)}`) : []),
    ].join('\n'));
  },
};
