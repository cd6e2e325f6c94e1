import { z } from 'zod';
import { localDate } from '../../calendar/local-date.js';
import { agencyModel } from '../../models/agency.js';
import { statNames, statsBreakdown, type PlatformStats, type StatsBreakdown } from '../../leads/stats.js';
import type { ApiDeps } from '../deps.js';
import { periodOf, sendWorkbook, type Column } from '../list.js';
import { statNotes } from '../../leads/stat-notes.js';
import { currentRuleSet } from '../../leads/rule-store.js';
import type { ApiRouter } from '../router.js';
import { agencyScope } from '../scope.js';
import { createdRangeFields, createdRangeInOrder } from '../dates.js';

// The same period query as the lists behind the figures (cases, leads), so a figure's link gives its records.
const statsQuery = z
  .strictObject({ ...createdRangeFields, agency: z.string().max(32).optional(), format: z.enum(['json', 'xlsx']).default('json') })
  .superRefine(createdRangeInOrder);

/** The figures an agency admin gets: the cases they entered. Recommendations are in their lists and board. */
const agencyFigures: ReadonlyArray<keyof PlatformStats> = ['casesEntered'];

type Figures = Partial<PlatformStats>;
type Table = Array<{ key: string } & Figures>;
/** What a figure cannot count, by figure (see statNotes). */
type Notes = Partial<Record<keyof PlatformStats, string>>;

/**
 * The statistics without the lead figures, for an agency admin. Leads are the procuratorate's own (403 on every
 * lead route), and one agency's figures are few enough to name a lead: 刑事案件线索 1 in a campaign where the agency
 * has one case is that case's criminal transfer. So the lead figures go, and so does every row that only leads
 * made (a domain or campaign without a case of theirs). The months stay, every one of the period: they were
 * counted from the agency's cases alone, so a month with none tells nothing of the leads.
 */
function caseFiguresOnly(stats: StatsBreakdown): { names: Partial<typeof statNames>; notes: Notes; total: Figures; byDomain: Table; byCampaign: Table; byMonth: Table } {
  const pick = <T extends object>(row: T, keep: readonly string[]): Partial<T> => Object.fromEntries(Object.entries(row).filter(([k]) => keep.includes(k))) as Partial<T>; // fromEntries loses the key type; only T's own keys are kept
  const table = (rows: StatsBreakdown['byDomain']): Table => rows.filter((r) => agencyFigures.some((f) => r[f] > 0)).map((r) => ({ ...pick(r, agencyFigures), key: r.key }));
  return {
    names: pick(statNames, agencyFigures), notes: {}, total: pick(stats.total, agencyFigures),
    byDomain: table(stats.byDomain), byCampaign: table(stats.byCampaign), byMonth: stats.byMonth.map((r) => ({ ...pick(r, agencyFigures), key: r.key })),
  };
}

/** The period the figures cover, as the dashboard's caption words it: "2026-01-01 至 2026-06-30（按记录创建日期）", "全部". */
function periodText(from?: string, to?: string): string {
  if (!from && !to) return '全部';
  const period = from && to ? `${from} 至 ${to}` : from ? `${from} 起` : `截至 ${to}`;
  return `${period}（按记录创建日期）`;
}

/**
 * The export's first sheet, 概况: what the workbook covers (period, and an agency admin's agency) and the totals
 * the dashboard shows as its cards, the same figures as the JSON's `total`, each with what it cannot count (说明).
 * The other sheets break them down.
 */
function summarySheet(period: string, agencyName: string | undefined, names: Partial<typeof statNames>, total: Figures, notes: Notes) {
  const rows = [
    { item: '统计期间', value: period },
    ...(agencyName ? [{ item: '执法单位', value: agencyName }] : []),
    ...Object.entries(names).map(([key, title]) => ({ item: title, value: total[key as keyof PlatformStats] ?? 0, note: notes[key as keyof PlatformStats] ?? null })), // entries lose the key type; the keys are statNames'
  ];
  const columns: Column[] = [{ key: 'item', title: '项目', width: 16 }, { key: 'value', title: '数值', width: 40 }, ...(Object.keys(notes).length ? [{ key: 'note', title: '说明', width: 40 }] : [])];
  return { name: '概况', columns, rows };
}

/** The platform's statistics by domain, special campaign and month, as JSON or as an Excel workbook. */
export function statsRoutes(api: ApiRouter, deps: ApiDeps): void {
  api.add({
    method: 'get', path: '/api/stats', tag: '统计', summary: '平台统计：录入案件、一般违法、公益诉讼线索、行政公益诉讼案件、刑事线索、不规范执法，按领域、专项、月份，可按执法单位（agency）筛选（执法单位管理员只见本单位录入案件数，不含线索数字）', roles: ['admin', 'prosecutor', 'agency_admin'], produces: ['json', 'xlsx'],
    query: statsQuery,
    async handle({ query, principal, ctx }) {
      const casesOnly = principal.role === 'agency_admin';
      // One agency's figures, so a figure can be traced to its cases and leads (?agency= on those lists); an agency admin's own always.
      const agency = agencyScope(principal, query.agency);
      const today = localDate(new Date(deps.now()), deps.config.TZ);
      const breakdown = await statsBreakdown(deps.mongo, { agency, from: query.from, to: query.to, timeZone: deps.config.TZ, casesOnly, today });
      // 一般违法 reads 0 while no rule raises it: `notes` says so beside the figure (an agency admin has no lead figures).
      const stats = casesOnly ? caseFiguresOnly(breakdown) : { names: statNames, notes: statNotes(await currentRuleSet(deps.mongo)), ...breakdown };
      if (query.format === 'json') return stats;
      const figures = Object.entries(stats.names).map(([key, title]) => ({ key, title }));
      const sheet = (name: string, keyTitle: string, rows: Table) => ({ name, columns: [{ key: 'key', title: keyTitle }, ...figures] as Column[], rows: rows.map((r) => ({ ...r })) });
      const agencyName = agency ? ((await agencyModel(deps.mongo).findById(agency, { name: 1 }).lean())?.name ?? agency) : undefined;
      // Named for its period as the lists' exports are (平台统计（2026-11-01至2026-11-30）.xlsx): two exports differ by name.
      await sendWorkbook(ctx, '平台统计', [
        summarySheet(periodText(query.from, query.to), agencyName, stats.names, stats.total, stats.notes),
        sheet('按领域', '领域', stats.byDomain), sheet('按专项', '专项', stats.byCampaign), sheet('按月份', '录入月份', stats.byMonth),
      ], periodOf(ctx.query));
      return undefined;
    },
  });
}
