import { z } from 'zod';
import { localDate, ymd } from '../../calendar/local-date.js';
import { createCase } from '../../cases/create-case.js';
import { amendCase, caseChanges, quantitiesOf, type FieldChange } from '../../cases/amend-case.js';
import { normalizeNames } from '../../cases/normalize-input.js';
import { agencyModel } from '../../models/agency.js';
import { caseModel, caseTypes, type CaseInput, type CaseRecord } from '../../models/case.js';
import { noCampaign, noDomain } from '../../leads/stats.js';
import { recommendationModel } from '../../models/recommendation.js';
import { recommendationStatusName } from '../deadline-state.js';
import { caseNumberKey } from '../../import/index.js';
import { createdBetween, createdRangeFields, createdRangeInOrder, datesInOrder, pastDateField } from '../dates.js';
import type { ApiDeps } from '../deps.js';
import { ApiError, fieldError, forbidden, notFound } from '../errors.js';
import { answerList, contains, containsDocumentNumber, labelled, pagingQuery, type Column, type Row } from '../list.js';
import type { ApiRouter } from '../router.js';
import { agencyNames, agencyScope, assertVisible } from '../scope.js';
import { recommendationTimeline } from '../timeline.js';
import { citesCase } from '../case-citations.js';
import { refuse } from './registry.js';
import { foreignPrefixOwners, writtenPrefix } from '../../cases/foreign-prefix.js';
import { leadsOf } from '../../leads/lead-index.js';
import { leadKindName, leadStatusName } from '../../leads/lead-status.js';
import { currentRuleSet } from '../../leads/rule-store.js';
import { personNames } from '../person-names.js';
import type { TimelineEntry } from '../timeline.js';

const columns: Column[] = [
  { key: 'caseNumber', title: '案号' }, { key: 'agencyName', title: '执法单位' }, { key: 'party', title: '当事人' }, { key: 'caseType', title: '类型' },
  { key: 'domain', title: '领域' }, { key: 'campaign', title: '专项' }, { key: 'fineYuan', title: '罚款(元)' }, { key: 'finePaid', title: '已缴纳' },
  { key: 'createdAt', title: '录入日期' },
];

/**
 * A case number with a 字号 only other agencies use is refused until confirmed, as chat asks and a spreadsheet row is
 * refused: registered unseen, it opens that 字号 to the agency and counts another agency's case for its party and figures.
 */
async function refuseForeignPrefix(deps: ApiDeps, caseNumber: string, agency: string): Promise<void> {
  const owners = await foreignPrefixOwners(deps.mongo, caseNumber, agency);
  if (!owners) return;
  throw new ApiError(409, 'foreign_prefix', `案号「${caseNumber}」的字号「${writtenPrefix(caseNumber)}」此前只用于${owners.join('、')}的案件；如确是本单位的案件，请加上 "confirmPrefix": true 再次提交`);
}

/** A case's leads, oldest first, read by `_id` through the lead index (a query on the subject reads every lead on FerretDB v1). */
async function caseLeads(deps: ApiDeps, caseId: string) {
  const leads = await leadsOf(deps.mongo, { kind: 'case', id: caseId }, await currentRuleSet(deps.mongo));
  return leads.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}

function toRow(c: Omit<CaseRecord, 'history'>, names: Map<string, string>, timeZone: string): Row {
  return {
    id: c._id, caseNumber: c.caseNumber, agencyName: names.get(c.agency) ?? c.agency, party: c.party, caseType: c.caseType ?? null,
    domain: c.domain ?? null, campaign: c.campaign ?? null, fineYuan: c.fineYuan ?? null, finePaid: c.finePaid ?? null,
    createdAt: localDate(c.createdAt, timeZone),
  };
}

/**
 * What the timeline's 录入案件 says: the case as it was entered. The number and party are the first change's
 * `from` when a correction changed them since, so the entry reads as it was then.
 */
function createdText(record: CaseRecord): string {
  const first = (field: 'caseNumber' | 'party') => {
    // detail.changes is what amendCase stores (see timeline.ts, which reads it the same way).
    const change = record.history.flatMap((h) => (h.action === 'amended' ? ((h.detail?.changes ?? []) as FieldChange[]) : [])).find((c) => c.field === field);
    return change && typeof change.from === 'string' ? change.from : record[field];
  };
  return `案号 ${first('caseNumber')}，当事人 ${first('party')}`;
}

const caseFieldNames: Record<keyof CaseInput, string> = {
  caseNumber: '案号', caseType: '类型', party: '当事人', facts: '违法事实', violation: '违法行为', legalBasis: '法律依据', decision: '处理决定',
  fineYuan: '罚款', finePaid: '罚款已缴纳', enforced: '已执行', areaMu: '面积', quantities: '数量', filedOn: '立案日期', decidedOn: '决定日期',
  domain: '领域', campaign: '专项', note: '备注', status: '结案情况',
};

/** The fields (Chinese names) in which a submitted case differs from the stored one. */
function differingCaseFields(stored: CaseRecord, input: CaseInput): string[] {
  const comparable = (c: CaseInput | CaseRecord, key: keyof CaseInput): unknown => {
    const value = c[key];
    if (key === 'caseNumber') return caseNumberKey(String(value));
    if (value instanceof Date) return ymd(value);
    if (key === 'quantities') return JSON.stringify(((value ?? []) as CaseInput['quantities'] & object).map((q) => [q.item ?? null, q.value, q.unit]));
    return value ?? null;
  };
  // An omitted domain was filled in from the agency's, so only a domain that was given is compared.
  const keys = (Object.keys(caseFieldNames) as Array<keyof CaseInput>).filter((k) => (k !== 'domain' && k !== 'status') || input[k] !== undefined);
  return keys.filter((k) => comparable(stored, k) !== comparable(input, k)).map((k) => caseFieldNames[k]);
}

/** A 案号, 当事人 or 违法事实 given that holds only invisible characters (\u200E) is refused as an empty one is. */
function requireVisible(input: { caseNumber?: string; party?: string; facts?: string }): void {
  for (const field of ['caseNumber', 'party', 'facts'] as const) {
    if (input[field] === '') throw fieldError(field, '不能为空（只含不可见字符）');
  }
}

/**
 * The `q` of the list: each word (富阳 养殖场) found in the 案号, the party or the facts, as the recommendations'
 * search. A 案号 is searched by its key, whole (3号 is not 303号); a plain `contains` on it would find 303号 again.
 */
function searchFilter(q: string | undefined): Record<string, unknown> {
  // A 案号 typed with spaces in it (富林罚 〔2024〕 303号) is one number, not three words.
  const words = /[〔[(（【]\s*\d{4}/.test(q ?? '') ? [q!.trim()] : (q ?? '').split(/\s+/).filter(Boolean);
  const either = (word: string) => {
    const number = containsDocumentNumber(word);
    return { $or: [number ? { caseKey: number } : { caseNumber: contains(word) }, { party: contains(word) }, { facts: contains(word) }] };
  };
  if (words.length === 0) return {};
  return words.length === 1 ? either(words[0]!) : { $and: words.map(either) };
}

/**
 * Who entered a case, by name (王检察官, 富阳区林业局管理员) rather than the id stored; a case from a seed file by the
 * operator who ran it, said as such (运维导入（demo）).
 */
function creatorName(record: Pick<CaseRecord, 'createdBy' | 'sourceId'>, names: Map<string, string>): string {
  const known = names.get(record.createdBy);
  if (known) return known;
  return record.sourceId.startsWith('seed:') ? `运维导入（${record.createdBy}）` : record.createdBy;
}

/** The timeline with its people named as 录入人 is: API principals too (timeline.ts names bound people only). */
function namedTimeline(timeline: TimelineEntry[], record: CaseRecord, names: Map<string, string>): TimelineEntry[] {
  return timeline.map((entry) => {
    const own = entry.action === 'created' && entry.subject === `案号 ${record.caseNumber}` && entry.by === record.createdBy;
    const byName = own ? creatorName(record, names) : names.get(entry.by);
    return byName ? { ...entry, byName } : entry;
  });
}

/** Enforcement cases (行政执法案件): the list and one case's timeline. */
export function caseRoutes(api: ApiRouter, deps: ApiDeps): void {
  api.add({
    method: 'get', path: '/api/cases', tag: '执法案件', summary: '执法案件列表（可导出 Excel）', roles: ['admin', 'prosecutor', 'agency_admin'], produces: ['json', 'xlsx'],
    query: pagingQuery.extend({ agency: z.string().optional(), domain: z.string().optional(), campaign: z.string().optional(), q: z.string().max(100).optional(), ...createdRangeFields }).superRefine(createdRangeInOrder),
    async handle({ query, principal, ctx }) {
      const agency = agencyScope(principal, query.agency);
      const filter = {
        ...(agency ? { agency } : {}), ...labelled('domain', query.domain, noDomain), ...labelled('campaign', query.campaign, noCampaign),
        // Entered in the period, as the statistics' 录入执法案件 counts them (by local date in TZ).
        ...createdBetween(query, deps.config.TZ),
        ...searchFilter(query.q),
      };
      const names = await agencyNames(deps.mongo);
      return answerList(ctx, '执法案件', columns, query, async ({ skip, limit }) => ({
        rows: (await caseModel(deps.mongo).find(filter, { history: 0 }).sort({ createdAt: -1, _id: 1 }).skip(skip).limit(limit).lean()).map((c) => toRow(c, names, deps.config.TZ)),
        total: await caseModel(deps.mongo).countDocuments(filter),
      }));
    },
  });

  api.add({
    method: 'post', path: '/api/cases', tag: '执法案件', summary: '录入一件执法案件（单位管理员只能录入本单位的）；同一 requestId 重复提交不会重复录入', roles: ['admin', 'agency_admin'], status: 201,
    body: z.object({
      agency: z.string().min(1).optional(), requestId: z.string().min(1).max(100),
      caseNumber: z.string().trim().min(1).max(60), caseType: z.enum(caseTypes).optional(), party: z.string().trim().min(1).max(200), facts: z.string().trim().min(1).max(4000),
      violation: z.string().max(500).optional(), legalBasis: z.string().max(500).optional(), decision: z.string().max(2000).optional(),
      fineYuan: z.number().nonnegative().max(1e12).optional(), finePaid: z.boolean().optional(), enforced: z.boolean().optional(), areaMu: z.number().nonnegative().max(1e9).optional(),
      quantities: z.array(z.object({ item: z.string().max(50).nullable(), value: z.number().finite(), unit: z.string().min(1).max(20) }).strict()).max(50).optional(),
      filedOn: pastDateField('立案日期', deps).optional(), decidedOn: pastDateField('决定日期', deps).optional(), domain: z.string().max(50).optional(), campaign: z.string().max(50).optional(),
      note: z.string().max(2000).optional(), status: z.enum(['open', 'closed']).optional(), confirmPrefix: z.literal(true).optional(),
    }).strict().superRefine(datesInOrder('filedOn', 'decidedOn', '决定日期不能早于立案日期')),
    async handle({ body, principal }) {
      const { agency: requested, requestId, confirmPrefix, ...given } = body;
      // As chat and spreadsheets record them: the domain's full name, and the figures the rules read from the facts.
      const input = normalizeNames({ ...given, quantities: given.quantities ?? quantitiesOf(given) });
      requireVisible(input);
      const agency = principal.role === 'agency_admin' ? principal.agency! : requested;
      if (!agency) throw fieldError('agency', '必填（执法单位代码）');
      if (principal.role === 'agency_admin' && requested && requested !== principal.agency) {
        // Audited like a refused staff binding: an agency admin writing into another agency is worth a trace.
        await refuse(deps, principal, 'case.create', { kind: 'agency', id: requested }, `other agency: ${requested}`, { caseNumber: input.caseNumber });
        throw forbidden('单位管理员只能录入本单位的案件');
      }
      const unit = await agencyModel(deps.mongo).findById(agency).lean();
      if (!unit) throw fieldError('agency', `没有代码为「${agency}」的执法单位`);
      if (!confirmPrefix) await refuseForeignPrefix(deps, input.caseNumber, agency);
      const result = await createCase(deps.mongo, input, { agency, by: principal.name, sourceId: `api:${agency}:${requestId}`, now: new Date(deps.now()), domain: unit.domains[0] });
      if (result.kind === 'duplicate_number') throw new ApiError(409, 'duplicate_case_number', `本单位已有案号为「${input.caseNumber}」的案件`);
      // A repeat of a request is answered with what it recorded; other content under its id would be dropped silently.
      const differing = result.kind === 'already' ? differingCaseFields(result.record, input) : [];
      if (differing.length) {
        throw new ApiError(409, 'request_id_reused', `请求号「${requestId}」已录入案件「${result.record.caseNumber}」，本次提交的${differing.join('、')}与之不同；录入另一件案件请使用新的请求号`);
      }
      await deps.evaluations.request({ subject: { kind: 'case', id: result.record._id }, cause: `api:${requestId}` });
      return { id: result.record._id, caseNumber: result.record.caseNumber, created: result.kind === 'created' };
    },
  });

  api.add({
    method: 'patch', path: '/api/cases/:id', tag: '执法案件',
    summary: '更正一件执法案件（单位管理员只能更正本单位的）：只改所给的项目，可选项目给 null 即清空，reason 为更正说明；原值记入案件历史并审计，线索按更正后的数据重新核对（不再成立的撤回），已作出决定的线索通知检察官；同一 requestId 重复提交不会重复更正',
    roles: ['admin', 'agency_admin'],
    body: z.object({
      requestId: z.string().min(1).max(100),
      caseNumber: z.string().trim().min(1).max(60).optional(), party: z.string().trim().min(1).max(200).optional(), facts: z.string().trim().min(1).max(4000).optional(),
      caseType: z.enum(caseTypes).nullable().optional(), violation: z.string().max(500).nullable().optional(), legalBasis: z.string().max(500).nullable().optional(),
      decision: z.string().max(2000).nullable().optional(), fineYuan: z.number().nonnegative().max(1e12).nullable().optional(), finePaid: z.boolean().nullable().optional(),
      enforced: z.boolean().nullable().optional(), areaMu: z.number().nonnegative().max(1e9).nullable().optional(),
      filedOn: pastDateField('立案日期', deps).nullable().optional(), decidedOn: pastDateField('决定日期', deps).nullable().optional(),
      domain: z.string().max(50).nullable().optional(), campaign: z.string().max(50).nullable().optional(), note: z.string().max(2000).nullable().optional(),
      status: z.enum(['open', 'closed']).optional(), reason: z.string().max(500).optional(), confirmPrefix: z.literal(true).optional(),
    }).strict().superRefine(datesInOrder('filedOn', 'decidedOn', '决定日期不能早于立案日期')),
    async handle({ params, body, principal }) {
      const record = await caseModel(deps.mongo).findById(params.id).lean();
      if (!record) throw notFound(`案件「${params.id}」`);
      if (principal.role === 'agency_admin' && record.agency !== principal.agency) {
        // Answered as if the case did not exist (another agency's cases are not listed to an agency admin), but kept.
        await refuse(deps, principal, 'case.amend', { kind: 'case', id: record._id }, `other agency: ${record.agency}`, { fields: Object.keys(body).filter((k) => k !== 'requestId') });
      }
      assertVisible(principal, record.agency, `案件「${params.id}」`);
      const { requestId, reason, confirmPrefix, ...given } = body;
      const changes = normalizeNames(given);
      requireVisible(changes);
      if (!Object.keys(changes).length) throw fieldError('body', '没有要更正的项目');
      if (changes.caseNumber && !confirmPrefix) await refuseForeignPrefix(deps, changes.caseNumber, record.agency);
      const stored = { filedOn: record.filedOn && ymd(record.filedOn), decidedOn: record.decidedOn && ymd(record.decidedOn) };
      const filedOn = changes.filedOn === undefined ? stored.filedOn : changes.filedOn;
      const decidedOn = changes.decidedOn === undefined ? stored.decidedOn : changes.decidedOn;
      if (filedOn && decidedOn && decidedOn < filedOn) throw fieldError(changes.decidedOn ? 'decidedOn' : 'filedOn', `决定日期不能早于立案日期（立案 ${filedOn}，决定 ${decidedOn}）`);
      const sourceId = `api:amend:${record._id}:${requestId}`;
      const result = await amendCase(deps.mongo, record._id, changes, { by: principal.name, sourceId, now: new Date(deps.now()), note: reason });
      if (result.kind === 'not_found') throw notFound(`案件「${params.id}」`);
      if (result.kind === 'duplicate_number') throw new ApiError(409, 'duplicate_case_number', `本单位已有案号为「${changes.caseNumber}」的另一件案件`);
      if (result.kind === 'already' && caseChanges(result.record, changes).length) {
        throw new ApiError(409, 'request_id_reused', `请求号「${requestId}」已用于另一次更正；更正其他内容请使用新的请求号`);
      }
      if (result.kind !== 'unchanged') await deps.evaluations.request({ subject: { kind: 'case', id: record._id }, cause: sourceId });
      return { id: record._id, caseNumber: result.record.caseNumber, amended: result.kind === 'amended', changes: result.kind === 'unchanged' ? [] : result.changes };
    },
  });

  api.add({
    method: 'get', path: '/api/cases/:id', tag: '执法案件', summary: '一件执法案件：详情、相关检察建议与线索、时间线（含整改进展与证据照片）', roles: ['admin', 'prosecutor', 'agency_admin'],
    async handle({ params, principal }) {
      const record = await caseModel(deps.mongo).findById(params.id).lean();
      if (!record) throw notFound(`案件「${params.id}」`);
      assertVisible(principal, record.agency, `案件「${params.id}」`);
      const names = await agencyNames(deps.mongo);
      // A recommendation cites its cases by case number as typed (any brackets) or id: matched here, not by the query.
      const recs = (await recommendationModel(deps.mongo).find({ agency: record.agency }).lean()).filter((r) => citesCase(r.cases, record));
      // Leads are the procuratorate's own work product about the agency: an agency admin does not see them.
      const leads = principal.role === 'agency_admin' ? undefined : await caseLeads(deps, record._id);
      const { history, ...fields } = record;
      const timeline = await recommendationTimeline(deps.mongo, recs, history.map((change) => ({ change, subject: `案号 ${record.caseNumber}`, ...(change.action === 'created' ? { text: createdText(record) } : {}) })));
      const people = await personNames(deps.mongo, deps.config.API_TOKENS, [record.createdBy, ...timeline.map((entry) => entry.by)]);
      return {
        case: {
          ...fields, id: record._id, agencyName: names.get(record.agency) ?? record.agency, filedOn: record.filedOn ? ymd(record.filedOn) : null, decidedOn: record.decidedOn ? ymd(record.decidedOn) : null,
          createdByName: creatorName(record, people),
        },
        recommendations: recs.map((r) => ({ id: r._id, ref: r.ref, title: r.title, statusName: recommendationStatusName(r) })),
        // As the lead's own page and the queue say it: a 提醒 closed because its matter was settled is 已解除, not 已撤回.
        ...(leads ? { leads: leads.map((l) => ({ id: l._id, number: l.number, kindName: leadKindName(l.kind, l.status), title: l.title, statusName: leadStatusName(l) })) } : {}),
        timeline: namedTimeline(timeline, record, people),
      };
    },
  });
}
