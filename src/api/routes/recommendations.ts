import { z } from 'zod';
import { addRecommendation, checkProsecutorsBound, setNewPeriod, setReceipt, type AddedRecommendation, type RecommendationInput } from '../../admin/registry.js';
import { isCalendarDate, localDate, localDateTime, ymd } from '../../calendar/local-date.js';
import { findRef, normalizeRef, normalizeText } from '../../commands/index.js';
import { registerCausePrefix } from '../../leads/send-alert.js';
import { agencyModel } from '../../models/agency.js';
import { replyOwingStatuses, recommendationModel, recommendationStatuses, type RecommendationRecord } from '../../models/recommendation.js';
import { statusNames } from '../../rectification/describe.js';
import { agencyStaff, mayReview, reviewCompletion, ReviewError } from '../../rectification/review.js';
import { dateField, datesInOrder, pastDateField } from '../dates.js';
import { deadlineState, lightNames, recommendationStatusName } from '../deadline-state.js';
import type { ApiDeps } from '../deps.js';
import { ApiError, fieldError, fromAdminInput, notFound } from '../errors.js';
import { answerList, contains, containsDocumentNumber, pagingQuery, type Column, type Row } from '../list.js';
import type { ApiRouter } from '../router.js';
import { agencyNames, agencyScope, assertVisible } from '../scope.js';
import { uncitableCases, uncitableWarning } from '../case-citations.js';
import { refuse } from './registry.js';
import { recommendationTimeline } from '../timeline.js';
import type { Principal } from '../tokens.js';
import { actionsFor, changedMeanwhile, changeNoticeId, isReceiptRepeat, lastPeriod, lastReceipt, periodNotice, periodRepeat, receiptNotice, replyTimeKnown } from '../recommendation-actions.js';
import { isAsSeen, StaleChangeError } from '../../admin/stale-change.js';
import { chinesePunctuation } from '../../commands/normalize-text.js';
import { workingDayOnOrAfter } from '../../calendar/deadline.js';
import { defaultCalendar } from '../../calendar/default-calendar.js';
import { namesOf } from '../../leads/route.js';

/** The deadline light: a code in the JSON (the dashboard draws its dot), the legend's word in the export. */
const lightColumn: Column = { key: 'light', title: '灯', exportNames: lightNames };
// 发出日期 is the list's order (newest first): without it the rows looked shuffled.
const listColumns: Column[] = [
  { key: 'ref', title: '文号' }, { key: 'issuedOn', title: '发出日期' }, { key: 'agencyName', title: '执法单位' }, { key: 'title', title: '事项' }, { key: 'statusName', title: '状态' },
  { key: 'percent', title: '进度(%)' }, { key: 'dueOn', title: '回复期限' }, { key: 'daysLeft', title: '剩余天数' }, lightColumn,
  { key: 'deadlineState', title: '期限情况' }, { key: 'repliedOn', title: '书面回复日期' }, { key: 'followUpOn', title: '回头看' },
];
const boardColumns: Column[] = [
  lightColumn, { key: 'ref', title: '文号' }, { key: 'agencyName', title: '执法单位' }, { key: 'title', title: '事项' },
  { key: 'dueOn', title: '回复期限' }, { key: 'daysLeft', title: '剩余天数' }, { key: 'deadlineState', title: '期限情况' }, { key: 'repliedOn', title: '书面回复日期' },
  { key: 'percent', title: '进度(%)' }, { key: 'statusName', title: '状态' },
];

/**
 * The stored id of a recommendation named in a path: its canonical 文号, whichever brackets and widths it was
 * written with (〔2022〕, (2022), 【2022】 …), else the text as given, which then matches nothing.
 */
function recommendationId(param: string | undefined): string {
  const text = param ?? '';
  return normalizeRef(normalizeText(text)) ?? text;
}

/** The canonical 文号 of a full document number given alone (prefix, year and serial), or undefined. */
function fullRef(text: string): string | undefined {
  const normalised = normalizeText(text);
  const match = findRef(normalised);
  const whole = match && match.index === 0 && match.length === normalised.length;
  return whole && match.parts.prefix !== null && match.parts.year !== null ? match.ref : undefined;
}

const issueFieldNames: Record<Exclude<keyof RecommendationInput, 'ref'>, string> = {
  agency: '执法单位', title: '事项', requirements: '建议内容', issuedOn: '发出日期', receivedOn: '收到日期', urgent: '紧急情形', cases: '关联案件', domain: '领域', prosecutors: '承办检察官',
};

/** The fields (Chinese names) in which a submitted recommendation differs from the stored one of the same 文号. */
function differingIssueFields(stored: RecommendationRecord, input: RecommendationInput): string[] {
  const submitted = { ...input, receivedOn: input.receivedOn ?? null, urgent: input.urgent ?? false, cases: input.cases ?? [], domain: input.domain ?? null, prosecutors: input.prosecutors ?? [] };
  const existing = {
    agency: stored.agency, title: stored.title, requirements: stored.requirements, issuedOn: ymd(stored.issuedOn), receivedOn: stored.receivedOn ? ymd(stored.receivedOn) : null,
    urgent: stored.urgent, cases: stored.cases, domain: stored.domain ?? null, prosecutors: stored.prosecutors,
  };
  const keys = Object.keys(issueFieldNames) as Array<keyof typeof issueFieldNames>;
  return keys.filter((k) => JSON.stringify(existing[k]) !== JSON.stringify(submitted[k])).map((k) => issueFieldNames[k]);
}

/** The answer to an issue: the recommendation, its due date, and whether this request created it. */
function issued(rec: RecommendationRecord, created: boolean) {
  return { id: rec._id, ref: rec.ref, dueOn: rec.dueOn ? ymd(rec.dueOn) : null, dueRule: rec.dueRule ?? null, created };
}

/** The row of a recommendation in the lists, with its deadline light or, once nothing is owed by it, its state. */
function toRow(r: RecommendationRecord, names: Map<string, string>, now: Date, timeZone: string): Row {
  const due = deadlineState(r, now, timeZone);
  return {
    id: r._id, ref: r.ref, issuedOn: ymd(r.issuedOn), agencyName: names.get(r.agency) ?? r.agency, title: r.title, statusName: recommendationStatusName(r), percent: r.percent,
    dueOn: r.dueOn ? ymd(r.dueOn) : null, daysLeft: due.daysLeft, light: due.light, deadlineState: due.text, repliedOn: due.repliedOn,
    followUpOn: r.followUpOn ? ymd(r.followUpOn) : null,
    // Not a column (exports keep theirs): the dashboard marks an urgent one's title 紧急.
    urgent: r.urgent,
  };
}

async function findVisible(deps: ApiDeps, principal: Principal, id: string): Promise<RecommendationRecord> {
  const rec = await recommendationModel(deps.mongo).findById(recommendationId(id)).lean();
  if (!rec) throw notFound(`检察建议「${id}」`);
  assertVisible(principal, rec.agency, `检察建议「${id}」`);
  return rec;
}

/**
 * Refuses (403 not_responsible, audited, nothing changed) a prosecutor who is not responsible for `rec` — not named
 * on it, nor, when it names none, its agency's. Review, a new period and the receipt all decide the agency's
 * obligations, so all follow the same rule as review (mayReview); admins may.
 */
async function assertResponsible(deps: ApiDeps, principal: Principal, rec: RecommendationRecord, action: string, what: string): Promise<void> {
  if (await mayReview(deps.mongo, { id: principal.name, role: principal.role }, rec)) return;
  await refuse(deps, principal, action, { kind: 'recommendation', id: rec._id }, 'not a responsible prosecutor');
  throw new ApiError(403, 'not_responsible', `检察建议「${rec.ref}」不由您负责${what}，请由负责的检察官或管理员办理。`);
}

/**
 * What a form showed when it was loaded (YYYY-MM-DD, null for none): a change is made only while the record still
 * shows it, else refused with what changed meanwhile (409 changed_meanwhile).
 */
const basedOnField = z.object({
  receivedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '请写成 YYYY-MM-DD').nullable().optional(),
  dueOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '请写成 YYYY-MM-DD').nullable().optional(),
  completedAt: z.string().max(40).nullable().optional(),
}).strict();

/** The answer to a receipt: the dates now in force, and who was told. */
function receiptAnswer(rec: RecommendationRecord, notified: string[]) {
  return { id: rec._id, receivedOn: rec.receivedOn ? ymd(rec.receivedOn) : null, urgent: rec.urgent, dueOn: rec.dueOn ? ymd(rec.dueOn) : null, dueRule: rec.dueRule ?? null, notified };
}

/** The answer to a new period: the date now in force (moved off a day off), and who was told. */
function periodAnswer(rec: RecommendationRecord, notified: string[]) {
  return { id: rec._id, dueOn: rec.dueOn ? ymd(rec.dueOn) : null, dueRule: rec.dueRule ?? null, notified };
}

/** A ReviewError in Chinese, keeping its code. */
function reviewRefusal(error: ReviewError, rec: RecommendationRecord): ApiError {
  switch (error.code) {
    case 'not_found':
      return notFound(`检察建议「${rec.ref}」`);
    case 'reason_required':
      return fieldError('reason', '退回须说明原因');
    default:
      // Read as awaiting review a moment ago: someone else decided in between.
      return new ApiError(409, error.code, rec.status === 'completed' ? `${rec.ref} 刚刚已由他人审核，请刷新后查看` : `${rec.ref} 目前不是「待审核」状态（${statusNames[rec.status]}），无法审核`, undefined, error.message);
  }
}

/**
 * The `q` of the list: each word (督促 林地) found in the 文号 or the title. A 文号 is searched as a number, whole
 * (3号 is not 303号); a plain `contains` on it would find 303号 again.
 */
function searchFilter(q: string | undefined): Record<string, unknown> {
  // A 文号 typed with spaces in it (富检行公建 〔2021〕 14号) is one number, not three words.
  const words = /[〔[(（【]\s*\d{4}/.test(q ?? '') ? [q!.trim()] : (q ?? '').split(/\s+/).filter(Boolean);
  const either = (word: string) => ({ $or: [{ ref: containsDocumentNumber(word, { withNumberSign: true }) ?? contains(word) }, { title: contains(word) }] });
  if (words.length === 0) return {};
  return words.length === 1 ? either(words[0]!) : { $and: words.map(either) };
}

/** A 文号 issued again: the same content is answered as the first issue was; other content would be lost, so 409. */
function repeatedIssue(existing: RecommendationRecord, body: RecommendationInput) {
  const differing = differingIssueFields(existing, body);
  if (differing.length) {
    throw new ApiError(409, 'duplicate_ref', `文号「${existing.ref}」已登记（${existing.title}），本次提交的${differing.join('、')}与之不同，未作修改；请核对文号`);
  }
  return issued(existing, false);
}

/** Recommendations (检察建议): lists, the overdue board, details with the timeline, issuing, receipt and review. */
export function recommendationRoutes(api: ApiRouter, deps: ApiDeps): void {
  const tz = deps.config.TZ;
  /** Tells the agency's staff of the period set by `entry` (its notice id is the change's: queued again, sent once). */
  const tellPeriod = async (rec: RecommendationRecord, entry: NonNullable<ReturnType<typeof lastPeriod>>): Promise<string[]> => {
    const touser = await agencyStaff(deps.mongo, rec.agency);
    if (touser.length) await deps.deliveries.send({ id: changeNoticeId('period', rec, entry), target: { kind: 'app', touser }, body: { msgtype: 'text', text: { content: periodNotice(rec, entry) } } });
    return touser;
  };
  api.add({
    method: 'get', path: '/api/recommendations', tag: '检察建议', summary: '检察建议列表（可导出 Excel）', roles: ['admin', 'prosecutor', 'agency_admin'], produces: ['json', 'xlsx'],
    query: pagingQuery.extend({ status: z.enum(recommendationStatuses).optional(), agency: z.string().optional(), q: z.string().max(100).optional() }),
    async handle({ query, principal, ctx }) {
      const agency = agencyScope(principal, query.agency);
      const filter = { ...(agency ? { agency } : {}), ...(query.status ? { status: query.status } : {}), ...searchFilter(query.q) };
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
      const open = await recommendationModel(deps.mongo).find({ ...(agency ? { agency } : {}), status: { $in: replyOwingStatuses }, dueOn: { $exists: true } }).sort({ dueOn: 1, _id: 1 }).lean();
      // The light depends on today's date, so it is filtered here rather than in the query.
      const rows = open.map((r) => toRow(r, names, now, tz)).filter((r) => !query.light || r.light === query.light);
      return answerList(ctx, '逾期看板', boardColumns, query, async ({ skip, limit }) => ({ rows: rows.slice(skip, skip + limit), total: rows.length }));
    },
  });

  api.add({
    method: 'get', path: '/api/recommendations/:id', tag: '检察建议', summary: '一份检察建议及其时间线（进展、证据照片、操作人）', roles: ['admin', 'prosecutor', 'agency_admin'],
    async handle({ params, principal }) {
      const rec = await findVisible(deps, principal, params.id!);
      const names = await agencyNames(deps.mongo);
      const row = toRow(rec, names, new Date(deps.now()), tz);
      const { history: _history, ...fields } = rec;
      const daysLeft = typeof row.daysLeft === 'number' ? row.daysLeft : null;
      return {
        recommendation: {
          ...fields, id: rec._id, agencyName: row.agencyName, statusName: row.statusName, light: row.light, daysLeft: row.daysLeft, deadlineState: row.deadlineState, repliedOn: row.repliedOn,
          // A reply dated by its day alone has no time of day to show (the list's 书面回复日期 is its date).
          ...(rec.repliedAt ? { replyTimeKnown: replyTimeKnown(rec.repliedAt) } : {}),
          ...(rec.reviewedBy ? { reviewedByName: await namesOf(deps.mongo, [rec.reviewedBy]) } : {}),
          // What the caller may do here (登记收到日期, 重新确定回复期限, 验收/退回), and who may when it is not theirs.
          ...(await actionsFor(deps.mongo, principal, rec, daysLeft)),
        },
        timeline: await recommendationTimeline(deps.mongo, [rec]),
      };
    },
  });

  api.add({
    method: 'post', path: '/api/recommendations', tag: '检察建议', summary: '登记（发出）一份检察建议，回复期限按收到日期计算；关联案件按案号（任意括号写法）匹配，本单位没有的案号在 warnings 中提示；同一文号内容相同的重复提交不重复登记，内容不同则 409', roles: ['admin', 'prosecutor'], status: 201,
    body: z.object({
      ref: z.string().min(1).max(60), agency: z.string().min(1), title: z.string().min(1).max(200), requirements: z.string().min(1).max(4000),
      issuedOn: pastDateField('发出日期', deps), receivedOn: pastDateField('收到日期', deps).optional(), urgent: z.boolean().optional(), cases: z.array(z.string().max(100)).max(100).optional(), domain: z.string().max(50).optional(),
      prosecutors: z.array(z.string().max(64)).max(20).optional(),
    }).strict().superRefine(datesInOrder('issuedOn', 'receivedOn', '收到日期不能早于发出日期')),
    async handle({ body, principal }) {
      const ref = fullRef(body.ref);
      if (!ref) throw fieldError('ref', `「${body.ref}」不是完整的文号，应如 富检行公建〔2021〕14号`);
      const unit = await agencyModel(deps.mongo).findById(body.agency, { name: 1 }).lean();
      if (!unit) throw fieldError('agency', `没有代码为「${body.agency}」的执法单位`);
      // A cited case not entered yet is kept (the recommendation is a real document) and linked once it is entered.
      const warning = uncitableWarning(await uncitableCases(deps.mongo, body.agency, body.cases ?? []), unit.name);
      const warnings = warning ? [warning] : [];
      let added: AddedRecommendation;
      try {
        // Its completion is reviewed by these: a stranger would leave it waiting, agency staff would review themselves.
        await checkProsecutorsBound(deps.mongo, body.prosecutors ?? []);
        added = await addRecommendation(deps.mongo, body, principal.name, new Date(deps.now()));
      } catch (error) {
        throw fromAdminInput(error);
      }
      // The 文号 was already stored (before or by a request at the same moment): answered as its first issue was, or 409.
      if (!added.created) return { ...repeatedIssue(added.record, body), warnings };
      const rec = added.record;
      // One registered already overdue raises its lead now, not at the nightly sweep; its alert waits for working time.
      await deps.evaluations.request({ subject: { kind: 'recommendation', id: rec._id }, cause: `${registerCausePrefix}${deps.now()}` });
      return { ...issued(rec, true), warnings };
    },
  });

  api.add({
    method: 'post', path: '/api/recommendations/:id/receipt', tag: '检察建议',
    summary: '登记收到日期或紧急情形，重新计算回复期限（记入历史与审计）；回复期限因此确定或改变时以企业微信通知执法单位。basedOn 为提交方看到的收到日期和回复期限，其间已被他人改变的，409 不作修改', roles: ['admin', 'prosecutor'],
    body: z.object({ receivedOn: pastDateField('收到日期', deps).optional(), urgent: z.boolean().optional(), basedOn: basedOnField.optional() }).strict(),
    async handle({ params, body, principal }) {
      const rec = await findVisible(deps, principal, params.id!);
      await assertResponsible(deps, principal, rec, 'recommendation.receipt', '登记收到日期和紧急情形');
      const issuedOn = ymd(rec.issuedOn);
      if (body.receivedOn && body.receivedOn < issuedOn) throw fieldError('receivedOn', `收到日期不能早于发出日期（发出日期 ${issuedOn}，receivedOn ${body.receivedOn}）`);
      if (!body.receivedOn && !rec.receivedOn) throw fieldError('receivedOn', '这份检察建议尚未登记收到日期，请填写收到日期');
      const { basedOn, ...change } = body;
      // The same request again (a retry, a second click) is answered as recorded; a colleague's registration is not overwritten.
      if (basedOn && !isAsSeen(rec, basedOn)) {
        if (isReceiptRepeat(rec, principal.name, change)) return receiptAnswer(rec, []);
        throw await changedMeanwhile(deps.mongo, rec, basedOn, tz);
      }
      let updated: RecommendationRecord;
      try {
        updated = await setReceipt(deps.mongo, rec.ref, change, principal.name, new Date(deps.now()), basedOn);
      } catch (error) {
        if (error instanceof StaleChangeError) throw await changedMeanwhile(deps.mongo, error.current, basedOn!, tz);
        throw fromAdminInput(error);
      }
      await deps.evaluations.request({ subject: { kind: 'recommendation', id: rec._id }, cause: `api:${deps.now()}` });
      // The agency learns its deadline when it is set (or moved), as it does a new period's.
      const entry = lastReceipt(updated);
      const text = entry && receiptNotice(updated, entry);
      const touser = text ? await agencyStaff(deps.mongo, rec.agency) : [];
      if (text && touser.length) await deps.deliveries.send({ id: changeNoticeId('receipt', updated, entry), target: { kind: 'app', touser }, body: { msgtype: 'text', text: { content: text } } });
      return receiptAnswer(updated, touser);
    },
  });

  api.add({
    method: 'get', path: '/api/recommendations/:id/period', tag: '检察建议', summary: '新的回复期限将落在哪一天：遇节假日或休息日顺延至下一个工作日（供确认前显示，不作修改）', roles: ['admin', 'prosecutor'],
    query: z.object({ dueOn: dateField('回复期限') }).strict(),
    async handle({ params, query, principal }) {
      await findVisible(deps, principal, params.id!);
      const dueOn = workingDayOnOrAfter(query.dueOn, defaultCalendar());
      return { requestedDueOn: query.dueOn, dueOn, moved: dueOn !== query.dueOn };
    },
  });

  api.add({
    method: 'post', path: '/api/recommendations/:id/period', tag: '检察建议',
    summary: '督促后重新确定回复期限（原期限已过的仍计一次逾期；再次逾期产生公益诉讼线索）；记入历史与审计。basedOn 为提交方看到的回复期限，其间已被他人改变的，409 不作修改、不通知', roles: ['admin', 'prosecutor'],
    body: z.object({ dueOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '请写成 YYYY-MM-DD'), reason: z.string().trim().min(1, '请说明重新确定期限的原因').max(200), basedOn: basedOnField.optional() }).strict(),
    async handle({ params, body, principal }) {
      const rec = await findVisible(deps, principal, params.id!);
      await assertResponsible(deps, principal, rec, 'recommendation.period', '重新确定回复期限');
      const today = localDate(new Date(deps.now()), deps.config.TZ);
      if (!isCalendarDate(body.dueOn)) throw fieldError('dueOn', `「${body.dueOn}」不是有效日期`);
      if (body.dueOn <= today) throw fieldError('dueOn', `新的期限须在今天（${today}）之后`);
      if (!replyOwingStatuses.includes(rec.status)) throw new ApiError(409, 'not_owing', `这份检察建议${recommendationStatusName(rec)}，不再需要回复期限`);
      // Written as chat writes what prosecutors type (，； beside Chinese), so the agency reads one style.
      const change = { dueOn: body.dueOn, reason: chinesePunctuation(body.reason.trim()) };
      if (body.basedOn && !isAsSeen(rec, body.basedOn)) {
        // This request again: its notice is queued under the same id (sent once), and nobody is told twice.
        const repeat = periodRepeat(rec, principal.name, body.basedOn, body.dueOn);
        if (!repeat) throw await changedMeanwhile(deps.mongo, rec, body.basedOn, tz);
        await tellPeriod(rec, repeat);
        return periodAnswer(rec, []);
      }
      let outcome: { record: RecommendationRecord; changed: boolean };
      try {
        outcome = await setNewPeriod(deps.mongo, rec.ref, change, principal.name, new Date(deps.now()), today, body.basedOn);
      } catch (error) {
        if (error instanceof StaleChangeError) throw await changedMeanwhile(deps.mongo, error.current, body.basedOn!, tz);
        throw fromAdminInput(error);
      }
      // The agency must know its new deadline from the bot, as it learns of a review's outcome (once: a repeat changes nothing).
      const entry = outcome.changed ? lastPeriod(outcome.record) : undefined;
      return periodAnswer(outcome.record, entry ? await tellPeriod(outcome.record, entry) : []);
    },
  });

  api.add({
    method: 'post', path: '/api/recommendations/:id/review', tag: '检察建议', summary: '审核执法单位报告的整改完成：通过（安排回头看）或退回并说明原因（以企业微信通知执法单位）', roles: ['admin', 'prosecutor'],
    body: z.discriminatedUnion('action', [
      z.object({ action: z.literal('accept'), note: z.string().max(500).optional(), requestId: z.string().max(100).optional(), basedOn: basedOnField.optional() }).strict(),
      z.object({ action: z.literal('send_back'), reason: z.string().trim().min(1, '退回须说明原因').max(500), requestId: z.string().max(100).optional(), basedOn: basedOnField.optional() }).strict(),
    ]),
    async handle({ params, body, principal, ctx }) {
      const rec = await findVisible(deps, principal, params.id!);
      await assertResponsible(deps, principal, rec, 'recommendation.review', '审核');
      // A form loaded for an earlier completion (sent back since, and reported again) must not decide this one unseen.
      const seen = body.basedOn?.completedAt;
      if (seen !== undefined && rec.status === 'completed' && (rec.completedAt?.toISOString() ?? null) !== seen) {
        throw new ApiError(409, 'changed_meanwhile', `${rec.ref} 的整改完成已重新报告（${rec.completedAt ? localDateTime(rec.completedAt, tz) : '—'}），本次未作审核。页面已更新为最新情况，请核对后再审核。`);
      }
      // Written as chat writes what prosecutors type (，； beside Chinese), so the agency reads one style.
      const decision = body.action === 'accept'
        ? { action: 'accept' as const, note: body.note === undefined ? undefined : chinesePunctuation(body.note.trim()) || undefined }
        : { action: 'send_back' as const, reason: chinesePunctuation(body.reason) };
      // A client may repeat a request after a timeout with the same requestId (or Idempotency-Key) without deciding twice.
      const requestId = body.requestId ?? ctx.get('idempotency-key') ?? '';
      try {
        const { recommendation, notice } = await reviewCompletion(deps.mongo, {
          recommendationId: rec._id, decision, by: principal.name, sourceId: `api:${principal.name}:${requestId || deps.now()}`, now: new Date(deps.now()), timeZone: tz,
        });
        if (notice) await deps.deliveries.send({ id: notice.id, target: { kind: 'app', touser: notice.touser }, body: { msgtype: 'text', text: { content: notice.text } } });
        await deps.evaluations.request({ subject: { kind: 'recommendation', id: rec._id }, cause: `review:${recommendation.reviewedAt?.getTime() ?? deps.now()}` });
        return {
          id: recommendation._id, status: recommendation.status, statusName: statusNames[recommendation.status], followUpOn: recommendation.followUpOn ? ymd(recommendation.followUpOn) : null, followUpRule: recommendation.followUpRule ?? null, notified: notice?.touser ?? [],
          // Chat's 验收 warns of it too: reporting completion is no written reply, which stays owed.
          replied: Boolean(recommendation.repliedAt),
        };
      } catch (error) {
        if (error instanceof ReviewError) throw reviewRefusal(error, rec);
        throw error;
      }
    },
  });
}
