import { z } from 'zod';
import { cardDecisions, leadValueRows } from '../../leads/alert-card.js';
import { localDate, ymd } from '../../calendar/local-date.js';
import { leadNumberAt } from '../../commands/lead-commands.js';
import { normalizeText } from '../../commands/index.js';
import { leadKindName, leadStatusName, leadStatusNames, leadStatusText, owesRejectReason, type LeadStatus } from '../../leads/lead-status.js';
import { loadBindings, responsibleFor, type LeadBindings } from '../../leads/route.js';
import { currentRuleSet } from '../../leads/rule-store.js';
import { deadlineLight } from '../../rectification/deadline-light.js';
import { finalLeadKind, leadTransfers, noCampaign, noDomain } from '../../leads/stats.js';
import { leadKinds, leadModel, type LeadKind, type LeadRecord } from '../../models/lead.js';
import type { ApiDeps } from '../deps.js';
import { notFound } from '../errors.js';
import { createdBetween, createdRangeFields, createdRangeInOrder } from '../dates.js';
import { answerList, labelled, pagingQuery, type Column, type Row } from '../list.js';
import type { ApiRouter } from '../router.js';
import { agencyNames } from '../scope.js';
import type { Principal } from '../tokens.js';

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

/** Statuses in which a duty-crime lead's transfer to the 监察委 is still to be made: its deadline counts down. */
const transferOwed: readonly LeadStatus[] = ['open', 'accept'];

/** Days left to the transfer deadline while the transfer is owed (0 on the day, negative when late), else null. */
function transferDaysLeft(l: Pick<LeadRecord, 'status' | 'transferDueOn'>, now: Date, timeZone: string): number | null {
  return l.transferDueOn && transferOwed.includes(l.status) ? deadlineLight(l.transferDueOn, now, timeZone).daysLeft : null;
}

function toRow(l: LeadRecord, names: Map<string, string>, now: Date, timeZone: string): Row {
  return {
    id: l._id, number: l.number, kindName: leadKindName(l.kind, l.status), title: l.title, subjectLabel: l.subject.label, agencyName: names.get(l.subject.agency) ?? l.subject.agency,
    domain: l.subject.domain ?? null, campaign: l.subject.campaign ?? null, statusName: leadStatusName(l),
    createdAt: localDate(l.createdAt, timeZone), transferDueOn: l.transferDueOn ? ymd(l.transferDueOn) : null,
    // Not a column (the export keeps the date): the dashboard says 还剩 N 天 beside the deadline, as chat's 线索 does.
    transferDaysLeft: transferDaysLeft(l, now, timeZone),
  };
}

type Ordered = Pick<LeadRecord, '_id' | 'number' | 'status' | 'createdAt' | 'transferDueOn' | 'subject' | 'alert'>;

/**
 * The queue's order: newest first (the leads of one evaluation by number), or with `urgent` as chat's 线索 lists them —
 * the transfers still owed, soonest 移送期限 first, then the rest newest first.
 */
function compareLeads(urgent: boolean) {
  const dueOf = (l: Ordered) => (urgent && l.transferDueOn && transferOwed.includes(l.status) ? l.transferDueOn.getTime() : Number.MAX_SAFE_INTEGER);
  return (a: Ordered, b: Ordered) => dueOf(a) - dueOf(b) || b.createdAt.getTime() - a.createdAt.getTime() || b.number.localeCompare(a.number) || a._id.localeCompare(b._id);
}

/**
 * Whether a lead is assigned to `userid` as chat's 线索 counts it (route.ts responsibleFor): alerted, and among those
 * responsible for it now. A lead raised outside working time has not been alerted to anyone yet.
 */
function assignedTo(bindings: LeadBindings, userid: string) {
  return (l: Ordered) => Boolean(l.alert?.taskId) && responsibleFor(bindings, l).includes(userid);
}

/**
 * One page of the queue. Ordering by urgency or selecting by assignment needs what no stored field holds (whether a
 * transfer is still owed; the bindings), so the matching leads are read without their bulky fields, ordered and
 * selected here, and the page's leads are then read whole.
 */
async function queuePage(deps: ApiDeps, filter: Record<string, unknown>, options: { urgent: boolean; assignedTo?: string }, window: { skip: number; limit: number }): Promise<{ leads: LeadRecord[]; total: number }> {
  const model = leadModel(deps.mongo);
  if (!options.urgent && !options.assignedTo) {
    const [leads, total] = await Promise.all([model.find(filter).sort({ createdAt: -1, number: -1, _id: 1 }).skip(window.skip).limit(window.limit).lean(), model.countDocuments(filter)]);
    return { leads, total };
  }
  let matching: Ordered[] = await model.find(filter, { number: 1, status: 1, createdAt: 1, transferDueOn: 1, subject: 1, alert: 1 }).lean();
  if (options.assignedTo) matching = matching.filter(assignedTo(await loadBindings(deps.mongo), options.assignedTo));
  const ids = matching.sort(compareLeads(options.urgent)).slice(window.skip, window.skip + window.limit).map((l) => l._id);
  const byId = new Map((await model.find({ _id: { $in: ids } }).lean()).map((l) => [l._id, l]));
  return { leads: ids.flatMap((id) => byId.get(id) ?? []), total: matching.length };
}

/**
 * How a prosecutor acts on a lead from the detail page: the decisions its card offers while it is open (two for a 提醒),
 * who is responsible for it, whether the caller is, and whether a 不予受理 still owes its reason. Leads are decided
 * in WeCom (a card's button, or a message naming the number); the dashboard says how.
 */
async function decisionGuide(deps: ApiDeps, lead: LeadRecord, principal: Principal) {
  const bindings = await loadBindings(deps.mongo);
  const responsible = lead.status === 'open' ? responsibleFor(bindings, lead) : [];
  const nameOf = (id: string) => bindings.deciders.get(id)?.name ?? id;
  return {
    decisions: lead.status === 'open' ? cardDecisions(lead.kind) : [],
    responsibleNames: responsible.map(nameOf),
    mayDecide: principal.role === 'admin' || responsible.includes(principal.name),
    reasonOwed: owesRejectReason(lead),
  };
}

/** The rule that raised a lead, in words: 罚款决定后逾期未见缴纳或强制执行（R01-fine-unpaid，第 2 版）. */
async function ruleLabel(deps: ApiDeps, lead: LeadRecord): Promise<string> {
  const title = (await currentRuleSet(deps.mongo)).rules.find((r) => r.id === lead.ruleId)?.title;
  const version = `第 ${lead.ruleVersion} 版`;
  return title ? `${title}（${lead.ruleId}，${version}）` : `${lead.ruleId}（${version}）`;
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
      .extend({
        status: z.enum(leadStatuses).optional(), kind: z.enum(leadKinds).optional(), agency: z.string().optional(), domain: z.string().optional(), campaign: z.string().optional(), ...createdRangeFields,
        // 分派给我: the leads the caller is responsible for now; urgent: transfers owed first, soonest 移送期限 first.
        assigned: z.enum(['me']).optional(), sort: z.enum(['newest', 'urgent']).default('newest'),
      })
      .superRefine(createdRangeInOrder),
    async handle({ query, ctx, principal }) {
      // Each filter selects as the statistics count: by the lead's subject's domain and campaign (未分类 / 无专项 for
      // none), and by the local date it was raised on, so a figure of GET /api/stats lists as its leads here.
      const filter = {
        ...(query.agency ? { 'subject.agency': query.agency } : {}), ...(query.status ? { status: query.status } : {}), ...(query.kind ? kindFilter(query.kind, query.status) : {}),
        ...labelled('subject.domain', query.domain, noDomain), ...labelled('subject.campaign', query.campaign, noCampaign), ...createdBetween(query, deps.config.TZ),
      };
      const names = await agencyNames(deps.mongo);
      const now = new Date(deps.now());
      const order = { urgent: query.sort === 'urgent', assignedTo: query.assigned === 'me' ? principal.name : undefined };
      return answerList(ctx, '线索', columns, query, async (window) => {
        const { leads, total } = await queuePage(deps, filter, order, window);
        return { rows: leads.map((l) => toRow(l, names, now, deps.config.TZ)), total };
      });
    },
  });

  api.add({
    method: 'get', path: '/api/leads/:id', tag: '线索', summary: '一条线索：触发规则、数据、依据与处理情况（仅检察院）', roles: leadRoles, refusal: leadRefusal,
    async handle({ params, principal }) {
      const lead = await findLead(deps, params.id!);
      if (!lead) throw notFound(`线索「${params.id}」`);
      const names = await agencyNames(deps.mongo);
      return {
        lead: {
          ...lead, id: lead._id, finalKind: finalLeadKind(lead.kind, lead.status) ?? lead.kind, kindName: leadKindName(lead.kind, lead.status), statusName: leadStatusName(lead),
          statusText: leadStatusText(lead, deps.config.TZ), valueRows: leadValueRows(lead), agencyName: names.get(lead.subject.agency) ?? lead.subject.agency,
          ruleLabel: await ruleLabel(deps, lead), transferDaysLeft: transferDaysLeft(lead, new Date(deps.now()), deps.config.TZ), ...(await decisionGuide(deps, lead, principal)),
        },
      };
    },
  });
}
