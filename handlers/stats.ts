import type { ProsecutorCommandHandler } from '../src/bot/handler.js';
import { platformStats, statNames, type PlatformStats } from '../src/leads/stats.js';

function line(stats: PlatformStats): string {
  return (Object.keys(statNames) as Array<keyof PlatformStats>).map((k) => `${statNames[k]} ${stats[k]}`).join(' · ');
}

/** 统计: the platform's statistics, overall and by domain (prosecutors and admins). */
export const stats: ProsecutorCommandHandler = {
  command: 'stats',
  async handle(ctx) {
    const { total, byDomain } = await platformStats(ctx.services.mongo, ctx.services.config.TZ);
    const domains = Object.entries(byDomain).sort(([a], [b]) => a.localeCompare(b, 'zh'));
    ctx.reply([`平台统计（截至 ${ctx.now.toLocaleDateString('zh-CN', { timeZone: ctx.services.config.TZ })}）`, line(total), '按领域：', ...domains.map(([d, s]) => `【${d}】${line(s)}`)].join('\n'));
  },
};
