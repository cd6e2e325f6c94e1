import { z } from 'zod';
import { addRecommendation, setReceipt } from '../../admin/registry.js';
import { ymd } from '../../calendar/local-date.js';
import { openStatuses, recommendationModel, recommendationStatuses, type RecommendationRecord } from '../../models/recommendation.js';
import { deadlineLight } from '../../rectification/deadline-light.js';
import { statusNames } from '../../rectification/describe.js';
import { reviewCompletion, ReviewError } from '../../rectification/review.js';
import type { ApiDeps } from '../deps.js';
import { ApiError, fromAdminInput, notFound } from '../errors.js';
import { answerList, contains, pagingQuery, type Column, type Row } from '../list.js';
import type { ApiRouter } from '../router.js';
import { agencyNames, agencyScope, assertVisible } from '../scope.js';
import { recommendationTimeline } from '../timeline.js';
import type { Principal } from '../tokens.js';

const listColumns: Column[] = [
  { key: 'ref', title: '文号' }, { key: 'agencyName', title: '执法单位' }, { key: 'title', title: '事项' }, { key: 'statusName', title: '状态' },
  { key: 'percent', title: '进度(%)' }, { key: 'dueOn', title: '回复期限' }, { key: 'daysLeft', title: '剩余天数' }, { key: 'light', title: '灯' },
  { key: 'followUpOn', title: '回头看' },
];
const boardColumns: Column[] = [
  { key: 'light', title: '灯' }, { key: 'ref', title: '文号' }, { key: 'agencyName', title: '执法单位' }, { key: 'title', title: '事项' },
  { key: 'dueOn', title: '回复期限' }, { key: 'daysLeft', title: '剩余天数' }, { key: 'percent', title: '进度(%)' }, { key: 'statusName', title: '状态' },
];

const refParam = z.string().min(1);
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

/** The row of a recommendation in the lists, with its deadline light. */
function toRow(r: RecommendationRecord, names: Map<string, string>, now: Date, timeZone: string): Row {
  const due = r.dueOn && openStatuses.includes(r.status) ? deadlineLight(r.dueOn, now, timeZone) : undefined;
  return {
    id: r._id, ref: r.ref, agencyName: names.get(r.agency) ?? r.agency, title: r.title, statusName: statusNames[r.status], percent: r.percent,
    dueOn: r.dueOn ? ymd(r.dueOn) : null, daysLeft: due?.daysLeft ?? null, light: due?.light ?? 'none', followUpOn: r.followUpOn ? ymd(r.followUpOn) : null,
  };
}

async function findVisible(deps: ApiDeps, principal: Principal, id: string): Promise<RecommendationRecord> {
  const rec = await recommendationModel(deps.mongo).findById(id).lean();
  if (!rec) throw notFound(`检察建议「${id}」`);
  assertVisible(principal, rec.agency, `检察建议「${id}」`);
  return rec;
}

/** Recommendations (检察建议): lists, the overdue board, details with the timeline, issuing, receipt and review. */
export function recommendationRoutes(api: ApiRouter, deps: ApiDeps): void {
  const tz = deps.config.TZ;
  api.add({
    method: 'get', path: '/api/recommendations', tag: '检察建议', summary: '检察建议列表（可导出 Excel）', roles: ['admin', 'prosecutor', 'agency_admin'], produces: ['json', 'xlsx'],
    query: pagingQuery.extend({ status: z.enum(recommendationStatuses).optional(), agency: z.string().optional(), q: z.string().max(100).optional() }),
    async handle({ query, principal, ctx }) {
      const agency = agencyScope(principal, query.agency);
      const filter = { ...(agency ? { agency } : {}), ...(query.status ? { status: query.status } : {}), ...(query.q ? { $or: [{ ref: contains(query.q) }, { title: contains(query.q) }] } : {}) };
      const names = await agencyNames(deps.mongo);
      const now = new Date(deps.now());
      return answerList(ctx, '检察建议', listColumns, query, async ({ skip, limit }) => ({
        rows: (await recommendationModel(deps.mongo).find(filter).sort({ issuedOn: -1, _id: 1 }).skip(skip).limit(limit).lean()).map((r) => toRow(r, names, now, tz)),
        total: await recommendationModel(deps.mongo).countDocuments(filter),
      }));
    },
  });

  api.add({
    method: 'get', path: '/api/board', tag: '检察建议', summary: '逾期看板：未办结的检察建议按回复期限排列，红黄绿灯', roles: ['admin', 'prosecutor', 'agency_admin'], produces: ['json', 'xlsx'],
    query: pagingQuery.extend({ agency: z.string().optional(), light: z.enum(['red', 'yellow', 'green']).optional() }),
    async handle({ query, principal, ctx }) {
      const agency = agencyScope(principal, query.agency);
      const names = await agencyNames(deps.mongo);
      const now = new Date(deps.now());
      const open = await recommendationModel(deps.mongo).find({ ...(agency ? { agency } : {}), status: { $in: openStatuses }, dueOn: { $exists: true } }).sort({ dueOn: 1, _id: 1 }).lean();
      // The light depends on today's date, so it is filtered here rather than in the query.
      const rows = open.map((r) => toRow(r, names, now, tz)).filter((r) => !query.light || r.light === query.light);
      return answerList(ctx, '逾期看板', boardColumns, query, async ({ skip, limit }) => ({ rows: rows.slice(skip, skip + limit), total: rows.length }));
    },
  });

  api.add({
    method: 'get', path: '/api/recommendations/:id', tag: '检察建议', summary: '一份检察建议及其时间线（进展、证据照片、操作人）', roles: ['admin', 'prosecutor', 'agency_admin'],
    async handle({ params, principal }) {
      const rec = await findVisible(deps, principal, refParam.parse(params.id));
      const names = await agencyNames(deps.mongo);
      const row = toRow(rec, names, new Date(deps.now()), tz);
      const { history: _history, ...fields } = rec;
      return { recommendation: { ...fields, id: rec._id, agencyName: row.agencyName, statusName: row.statusName, light: row.light, daysLeft: row.daysLeft }, timeline: await recommendationTimeline(deps.mongo, [rec]) };
    },
  });

  api.add({
    method: 'post', path: '/api/recommendations', tag: '检察建议', summary: '登记（发出）一份检察建议，回复期限按收到日期计算', roles: ['admin', 'prosecutor'], status: 201,
    body: z.object({
      ref: z.string().min(1).max(60), agency: z.string().min(1), title: z.string().min(1).max(200), requirements: z.string().min(1).max(4000),
      issuedOn: date, receivedOn: date.optional(), urgent: z.boolean().optional(), cases: z.array(z.string().max(100)).max(100).optional(), domain: z.string().max(50).optional(),
      prosecutors: z.array(z.string().max(64)).max(20).optional(),
    }).strict(),
    async handle({ body, principal }) {
      try {
        const rec = await addRecommendation(deps.mongo, body, principal.name, new Date(deps.now()));
        await deps.evaluations.request({ subject: { kind: 'recommendation', id: rec._id }, cause: `api:${deps.now()}` });
        return { id: rec._id, ref: rec.ref, dueOn: rec.dueOn ? ymd(rec.dueOn) : null, dueRule: rec.dueRule ?? null };
      } catch (error) {
        throw fromAdminInput(error);
      }
    },
  });

  api.add({
    method: 'post', path: '/api/recommendations/:id/receipt', tag: '检察建议', summary: '登记收到日期或紧急情形，重新计算回复期限（记入历史与审计）', roles: ['admin', 'prosecutor'],
    body: z.object({ receivedOn: date.optional(), urgent: z.boolean().optional() }).strict(),
    async handle({ params, body, principal }) {
      const rec = await findVisible(deps, principal, params.id!);
      try {
        const updated = await setReceipt(deps.mongo, rec.ref, body, principal.name, new Date(deps.now()));
        await deps.evaluations.request({ subject: { kind: 'recommendation', id: rec._id }, cause: `api:${deps.now()}` });
        return { id: updated._id, receivedOn: updated.receivedOn ? ymd(updated.receivedOn) : null, urgent: updated.urgent, dueOn: updated.dueOn ? ymd(updated.dueOn) : null, dueRule: updated.dueRule ?? null };
      } catch (error) {
        throw fromAdminInput(error);
      }
    },
  });

  api.add({
    method: 'post', path: '/api/recommendations/:id/review', tag: '检察建议', summary: '审核执法单位报告的整改完成：通过（安排回头看）或退回并说明原因（以企业微信通知执法单位）', roles: ['admin', 'prosecutor'],
    body: z.discriminatedUnion('action', [
      z.object({ action: z.literal('accept'), note: z.string().max(500).optional(), requestId: z.string().max(100).optional() }).strict(),
      z.object({ action: z.literal('send_back'), reason: z.string().trim().min(1, '退回须说明原因').max(500), requestId: z.string().max(100).optional() }).strict(),
    ]),
    async handle({ params, body, principal, ctx }) {
      const rec = await findVisible(deps, principal, params.id!);
      const decision = body.action === 'accept' ? { action: 'accept' as const, note: body.note } : { action: 'send_back' as const, reason: body.reason };
      // A client may repeat a request after a timeout with the same requestId (or Idempotency-Key) without deciding twice.
      const requestId = body.requestId ?? ctx.get('idempotency-key') ?? '';
      try {
        const { recommendation, notice } = await reviewCompletion(deps.mongo, {
          recommendationId: rec._id, decision, by: principal.name, sourceId: `api:${principal.name}:${requestId || deps.now()}`, now: new Date(deps.now()), timeZone: tz,
        });
        if (notice) await deps.deliveries.send({ id: notice.id, target: { kind: 'app', touser: notice.touser }, body: { msgtype: 'text', text: { content: notice.text } } });
        await deps.evaluations.request({ subject: { kind: 'recommendation', id: rec._id }, cause: `review:${recommendation.reviewedAt?.getTime() ?? deps.now()}` });
        return { id: recommendation._id, status: recommendation.status, statusName: statusNames[recommendation.status], followUpOn: recommendation.followUpOn ? ymd(recommendation.followUpOn) : null, followUpRule: recommendation.followUpRule ?? null, notified: notice?.touser ?? [] };
      } catch (error) {
        if (error instanceof ReviewError) throw new ApiError(error.code === 'not_found' ? 404 : error.code === 'reason_required' ? 400 : 409, error.code, error.code === 'not_awaiting_review' ? `${rec.ref} 目前不是「待审核」状态（${statusNames[rec.status]}），无法审核` : error.message);
        throw error;
      }
    },
  });
}
