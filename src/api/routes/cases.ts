import { z } from 'zod';
import { ymd } from '../../calendar/local-date.js';
import { leadKindNames } from '../../leads/alert-card.js';
import { caseModel, type CaseRecord } from '../../models/case.js';
import { leadModel } from '../../models/lead.js';
import { recommendationModel } from '../../models/recommendation.js';
import { statusNames } from '../../rectification/describe.js';
import type { ApiDeps } from '../deps.js';
import { notFound } from '../errors.js';
import { answerList, contains, pagingQuery, type Column, type Row } from '../list.js';
import type { ApiRouter } from '../router.js';
import { agencyNames, agencyScope, assertVisible } from '../scope.js';
import { recommendationTimeline } from '../timeline.js';
import { leadStatusName } from './leads.js';

const columns: Column[] = [
  { key: 'caseNumber', title: '案号' }, { key: 'agencyName', title: '执法单位' }, { key: 'party', title: '当事人' }, { key: 'caseType', title: '类型' },
  { key: 'domain', title: '领域' }, { key: 'campaign', title: '专项' }, { key: 'fineYuan', title: '罚款(元)' }, { key: 'finePaid', title: '已缴纳' },
  { key: 'createdAt', title: '录入日期' },
];

function toRow(c: Omit<CaseRecord, 'history'>, names: Map<string, string>, timeZone: string): Row {
  return {
    id: c._id, caseNumber: c.caseNumber, agencyName: names.get(c.agency) ?? c.agency, party: c.party, caseType: c.caseType ?? null,
    domain: c.domain ?? null, campaign: c.campaign ?? null, fineYuan: c.fineYuan ?? null, finePaid: c.finePaid ?? null,
    createdAt: new Intl.DateTimeFormat('sv-SE', { timeZone }).format(c.createdAt),
  };
}

/** Enforcement cases (行政执法案件): the list and one case's timeline. */
export function caseRoutes(api: ApiRouter, deps: ApiDeps): void {
  api.add({
    method: 'get', path: '/api/cases', tag: '执法案件', summary: '执法案件列表（可导出 Excel）', roles: ['admin', 'prosecutor', 'agency_admin'], produces: ['json', 'xlsx'],
    query: pagingQuery.extend({ agency: z.string().optional(), domain: z.string().optional(), campaign: z.string().optional(), q: z.string().max(100).optional() }),
    async handle({ query, principal, ctx }) {
      const agency = agencyScope(principal, query.agency);
      const filter = {
        ...(agency ? { agency } : {}), ...(query.domain ? { domain: query.domain } : {}), ...(query.campaign ? { campaign: query.campaign } : {}),
        ...(query.q ? { $or: [{ caseNumber: contains(query.q) }, { party: contains(query.q) }, { facts: contains(query.q) }] } : {}),
      };
      const names = await agencyNames(deps.mongo);
      return answerList(ctx, '执法案件', columns, query, async ({ skip, limit }) => ({
        rows: (await caseModel(deps.mongo).find(filter, { history: 0 }).sort({ createdAt: -1, _id: 1 }).skip(skip).limit(limit).lean()).map((c) => toRow(c, names, deps.config.TZ)),
        total: await caseModel(deps.mongo).countDocuments(filter),
      }));
    },
  });

  api.add({
    method: 'get', path: '/api/cases/:id', tag: '执法案件', summary: '一件执法案件：详情、相关检察建议与线索、时间线（含整改进展与证据照片）', roles: ['admin', 'prosecutor', 'agency_admin'],
    async handle({ params, principal }) {
      const record = await caseModel(deps.mongo).findById(params.id).lean();
      if (!record) throw notFound(`案件「${params.id}」`);
      assertVisible(principal, record.agency, `案件「${params.id}」`);
      const names = await agencyNames(deps.mongo);
      // A recommendation cites its cases by case number (or id).
      const recs = await recommendationModel(deps.mongo).find({ agency: record.agency, cases: { $in: [record._id, record.caseNumber] } }).lean();
      const leads = await leadModel(deps.mongo).find({ 'subject.kind': 'case', 'subject.id': record._id }).sort({ createdAt: 1 }).lean();
      const { history, ...fields } = record;
      const timeline = await recommendationTimeline(deps.mongo, recs, history.map((change) => ({ change, subject: `案号 ${record.caseNumber}` })));
      return {
        case: { ...fields, id: record._id, agencyName: names.get(record.agency) ?? record.agency, filedOn: record.filedOn ? ymd(record.filedOn) : null, decidedOn: record.decidedOn ? ymd(record.decidedOn) : null },
        recommendations: recs.map((r) => ({ id: r._id, ref: r.ref, title: r.title, statusName: statusNames[r.status] })),
        leads: leads.map((l) => ({ id: l._id, number: l.number, kindName: leadKindNames[l.kind], title: l.title, statusName: leadStatusName(l.status) })),
        timeline,
      };
    },
  });
}
