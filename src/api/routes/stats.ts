import { z } from 'zod';
import { statNames, statsBreakdown, type PlatformStats } from '../../leads/stats.js';
import type { ApiDeps } from '../deps.js';
import { sendWorkbook, type Column } from '../list.js';
import type { ApiRouter } from '../router.js';
import { agencyScope } from '../scope.js';
import { dateField, datesInOrder } from '../dates.js';

// A range may reach into the future (this month to date, or the whole year), so only the dates' form is checked.
const statsQuery = z
  .strictObject({ from: dateField('起始日期').optional(), to: dateField('截止日期').optional(), format: z.enum(['json', 'xlsx']).default('json') })
  .superRefine(datesInOrder('from', 'to', '截止日期不能早于起始日期'));

/** The platform's statistics by domain, special campaign and month, as JSON or as an Excel workbook. */
export function statsRoutes(api: ApiRouter, deps: ApiDeps): void {
  api.add({
    method: 'get', path: '/api/stats', tag: '统计', summary: '平台统计：录入案件、一般违法、公益诉讼线索、行政公益诉讼案件、刑事线索、不规范执法，按领域、专项、月份', roles: ['admin', 'prosecutor', 'agency_admin'], produces: ['json', 'xlsx'],
    query: statsQuery,
    async handle({ query, principal, ctx }) {
      const stats = await statsBreakdown(deps.mongo, { agency: agencyScope(principal), from: query.from, to: query.to, timeZone: deps.config.TZ });
      if (query.format === 'json') return { names: statNames, ...stats };
      const figures = (Object.keys(statNames) as Array<keyof PlatformStats>).map((key) => ({ key, title: statNames[key] }));
      const sheet = (name: string, keyTitle: string, rows: Array<{ key: string } & PlatformStats>) => ({ name, columns: [{ key: 'key', title: keyTitle }, ...figures] as Column[], rows: rows.map((r) => ({ ...r })) });
      await sendWorkbook(ctx, '平台统计', [sheet('按领域', '领域', stats.byDomain), sheet('按专项', '专项', stats.byCampaign), sheet('按月份', '月份', stats.byMonth)]);
      return undefined;
    },
  });
}
