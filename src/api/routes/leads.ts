import { z } from 'zod';
import { leadValueRows } from '../../leads/alert-card.js';
import { localDate, ymd } from '../../calendar/local-date.js';
import { leadNumberAt } from '../../commands/lead-commands.js';
import { normalizeText } from '../../commands/index.js';
import { leadKindName, leadStatusNames, leadStatusText, type LeadStatus } from '../../leads/lead-status.js';
import { finalLeadKind, leadTransfers, noCampaign, noDomain } from '../../leads/stats.js';
import { leadKinds, leadModel, type LeadKind, type LeadRecord } from '../../models/lead.js';
import type { ApiDeps } from '../deps.js';
import { notFound } from '../errors.js';
import { createdBetween, createdRangeFields, createdRangeInOrder } from '../dates.js';
import { answerList, labelled, pagingQuery, type Column, type Row } from '../list.js';
import type { ApiRouter } from '../router.js';
import { agencyNames } from '../scope.js';

const columns: Column[] = [
  { key: 'number', title: '编号' }, { key: 'kindName', title: '类型' }, { key: 'title', title: '线索' }, { key: 'subjectLabel', title: '对象' },
  { key: 'agencyName', title: '执法单位' }, { key: 'domain', title: '领域' }, { key: 'campaign', title: '专项' }, { key: 'statusName', title: '状态' },
  { key: 'createdAt', title: '发现日期' }, { key: 'transferDueOn', title: '移送期限' },
];

/** The statuses of a transfer (转刑事线索, 转监察委), as the statistics read them (leadTransfers). */
const transferStatuses = Object.keys(leadTransfers) as Array<keyof typeof leadTransfers>; // Object.keys loses the key type

/** Statuses the statistics count under no kind: 不予受理, and withdrawn because its data was corrected (leadFigures). */
const uncountedStatuses: readonly LeadStatus[] = ['reject', 'withdrawn'];

/**
 * The leads the statistics count under `kind` (see finalLeadKind): raised as it and neither transferred away nor
 * rejected or withdrawn, or transferred into it. So `kind=irregular` lists the leads behind the card 不规范执法.
 * A rejected or withdrawn lead counts under no kind; asked for by its status (`status=reject&kind=…`), it is found
 * under the kind it was raised as.
 */
function kindFilter(kind: LeadKind, status: LeadStatus | undefined): Record<string, unknown> {
  if (status && uncountedStatuses.includes(status)) return { kind };
  const into = transferStatuses.filter((s) => leadTransfers[s] === kind);
  const away = transferStatuses.filter((s) => leadTransfers[s] !== kind);
  return { $or: [{ kind, status: { $nin: [...away, ...uncountedStatuses] } }, ...(into.length ? [{ status: { $in: into } }] : [])] };
}

/** Every lead status, for the queue's filter. */
const leadStatuses = Object.keys(leadStatusNames) as [LeadStatus, ...LeadStatus[]]; // Object.keys loses the key type; the record is never empty

/**
 * The lead named in a path: by its number as prosecutors type it (XS-2026-0008, xs-2026-8, XS-0008 for this year),
 * else by its internal id.
 */
async function findLead(deps: ApiDeps, param: string): Promise<LeadRecord | null> {
  const text = normalizeText(param).trim();
  const typed = leadNumberAt(text);
  if (typed && typed.length === text.length) {
    const thisYear = localDate(new Date(deps.now()), deps.config.TZ).slice(0, 4);
    const number = typed.number.startsWith('XS-') ? typed.number : `XS-${thisYear}-${typed.number.padStart(4, '0')}`;
    return leadModel(deps.mongo).findOne({ number }).lean();
  }
  return leadModel(deps.mongo).findById(param).lean();
}

function toRow(l: LeadRecord, names: Map<string, string>, timeZone: string): Row {
  return {
    id: l._id, number: l.number, kindName: leadKindName(l.kind, l.status), title: l.title, subjectLabel: l.subject.label, agencyName: names.get(l.subject.agency) ?? l.subject.agency,
    domain: l.subject.domain ?? null, campaign: l.subject.campaign ?? null, statusName: leadStatusNames[l.status],
    createdAt: localDate(l.createdAt, timeZone), transferDueOn: l.transferDueOn ? ymd(l.transferDueOn) : null,
  };
}

/**
 * Who may see leads: the procuratorate only. A lead is its internal work product about the agencies it
 * supervises — including criminal (转刑事线索) and duty-crime (转监察委) transfers and who decided them — so an
 * agency admin gets 403 on every lead route; the statistics keep the aggregate figures.
 */
export const leadRoles = ['admin', 'prosecutor'] as const;
const leadRefusal = '线索是检察机关的内部工作信息，仅检察官和管理员可以查看';

/** Leads (线索): the queue and one lead with the rule, values and decision behind it. */
export function leadRoutes(api: ApiRouter, deps: ApiDeps): void {
  api.add({
    method: 'get', path: '/api/leads', tag: '线索', summary: '线索队列（可导出 Excel；仅检察院）', roles: leadRoles, refusal: leadRefusal, produces: ['json', 'xlsx'],
    query: pagingQuery
      .extend({ status: z.enum(leadStatuses).optional(), kind: z.enum(leadKinds).optional(), agency: z.string().optional(), domain: z.string().optional(), campaign: z.string().optional(), ...createdRangeFields })
      .superRefine(createdRangeInOrder),
    async handle({ query, ctx }) {
      // Each filter selects as the statistics count: by the lead's subject's domain and campaign (未分类 / 无专项 for
      // none), and by the local date it was raised on, so a figure of GET /api/stats lists as its leads here.
      const filter = {
        ...(query.agency ? { 'subject.agency': query.agency } : {}), ...(query.status ? { status: query.status } : {}), ...(query.kind ? kindFilter(query.kind, query.status) : {}),
        ...labelled('subject.domain', query.domain, noDomain), ...labelled('subject.campaign', query.campaign, noCampaign), ...createdBetween(query, deps.config.TZ),
      };
      const names = await agencyNames(deps.mongo);
      return answerList(ctx, '线索', columns, query, async ({ skip, limit }) => ({
        rows: (await leadModel(deps.mongo).find(filter).sort({ createdAt: -1, number: -1, _id: 1 }).skip(skip).limit(limit).lean()).map((l) => toRow(l, names, deps.config.TZ)),
        total: await leadModel(deps.mongo).countDocuments(filter),
      }));
    },
  });

  api.add({
    method: 'get', path: '/api/leads/:id', tag: '线索', summary: '一条线索：触发规则、数据、依据与处理情况（仅检察院）', roles: leadRoles, refusal: leadRefusal,
    async handle({ params }) {
      const lead = await findLead(deps, params.id!);
      if (!lead) throw notFound(`线索「${params.id}」`);
      const names = await agencyNames(deps.mongo);
      return { lead: { ...lead, id: lead._id, finalKind: finalLeadKind(lead.kind, lead.status) ?? lead.kind, kindName: leadKindName(lead.kind, lead.status), statusName: leadStatusNames[lead.status], statusText: leadStatusText(lead, deps.config.TZ), valueRows: leadValueRows(lead), agencyName: names.get(lead.subject.agency) ?? lead.subject.agency } };
    },
  });
}
