import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { bindStaff, checkProsecutorsBound, meansEveryone, unbindStaff, upsertAgency } from '../../admin/registry.js';
import { audit } from '../../models/audit.js';
import { agencyModel } from '../../models/agency.js';
import { roles, staffModel, type StaffRecord } from '../../models/staff.js';
import type { ApiDeps } from '../deps.js';
import { fieldError, forbidden, fromAdminInput, notFound } from '../errors.js';
import { answerList, pagingQuery, type Column } from '../list.js';
import type { ApiRouter } from '../router.js';
import { agencyNames, agencyScope } from '../scope.js';
import { personNames } from '../person-names.js';
import type { ApiToken, Principal } from '../tokens.js';

const roleNames: Record<(typeof roles)[number], string> = { staff: '执法人员', agency_admin: '单位管理员', prosecutor: '检察官', admin: '管理员' };
const agencyColumns: Column[] = [{ key: 'id', title: '代码' }, { key: 'name', title: '名称' }, { key: 'domains', title: '领域' }, { key: 'prosecutors', title: '检察官' }, { key: 'hasRobot', title: '群机器人' }];
const staffColumns: Column[] = [{ key: 'id', title: '企业微信账号' }, { key: 'name', title: '姓名' }, { key: 'roleName', title: '角色' }, { key: 'agencyName', title: '单位' }, { key: 'active', title: '在岗' }];

const agencyBody = z.object({
  id: z.string().regex(/^[a-z0-9_-]{2,32}$/, '单位代码应为 2–32 位小写字母、数字、_ 或 -'), name: z.string().min(1).max(60),
  domains: z.array(z.string().max(50)).max(20).optional(), robotKey: z.string().max(100).optional(), prosecutors: z.array(z.string().max(64)).max(50).optional(),
  chats: z.array(z.string().min(1).max(64)).max(20).optional(),
  settings: z.object({
    digestHour: z.number().int('应为整点（0–23）').min(0, '应为 0–23 点').max(23, '应为 0–23 点').optional(),
    reminderDays: z.array(z.number().int('应为整天数').min(0, '应为 0–60 天').max(60, '应为 0–60 天')).max(10).optional(),
    dueSoonDays: z.number().int().min(1).max(60).optional(),
    followUpMonths: z.number().int('应为整月数').min(1, '应为 1–24 个月').max(24, '应为 1–24 个月').optional(),
  }).strict().optional(),
}).strict();

/** Why `all` / `@all` is refused (see meansEveryone). */
const everyoneMessage = '「all」「@all」在企业微信中代表全体成员（发给它的消息会发给所有人，群里提到它会@所有人），不能绑定为人员账号，请按每人自己的企业微信账号绑定';

type BindingRequest = { userid: string; role: StaffRecord['role']; agency?: string };

/**
 * Why an agency admin may not make this binding (a reason for the audit, a message for the caller), or undefined.
 * An agency admin binds only staff (执法人员) into their own agency, and only userids that are unbound or already
 * their agency's staff: a prosecutor, an admin, another agency's person (a deactivated one too) or a fellow agency
 * admin is the platform admin's to change — rebinding would move them out of their role. Nor the name of an API token
 * held by a platform admin, a prosecutor or another agency's admin, bound or not.
 */
function bindingRefusal(principal: Principal, body: BindingRequest, existing: StaffRecord | null, tokens: readonly ApiToken[]): { reason: string; message: string } | undefined {
  if (body.role !== 'staff') return { reason: 'role', message: '单位管理员只能绑定执法人员（角色 staff）；其他角色请联系平台管理员' };
  if (body.agency !== undefined && body.agency !== principal.agency) return { reason: 'agency', message: '单位管理员只能把人员绑定到本单位' };
  const holder = foreignTokenHolder(principal, body.userid, tokens);
  if (holder) return { reason: `api token (${holder.role}${holder.agency ? `@${holder.agency}` : ''})`, message: `企业微信账号「${body.userid}」是${tokenHolderNames[holder.role]}登录管理平台所用的名称，单位管理员不能把它绑定为本单位人员，请联系平台管理员` };
  if (!existing || (existing.agency === principal.agency && existing.role === 'staff')) return undefined;
  if (existing.agency === principal.agency) return { reason: 'fellow agency admin', message: '单位管理员不能更改本单位其他管理员的绑定，请联系平台管理员' };
  return { reason: 'bound elsewhere', message: `企业微信账号「${body.userid}」已有其他单位或检察院的绑定，单位管理员不能更改，请联系平台管理员` };
}

const tokenHolderNames: Record<ApiToken['role'], string> = { admin: '平台管理员', prosecutor: '检察官', agency_admin: '其他单位的单位管理员' };

/**
 * The API token named `userid` (names follow their holder's WeCom userid, see README) when it is not an agency admin's
 * of the caller's own agency. Its holder's name in /api/me and in the audit log is read from the binding of that
 * userid, so binding it would let an agency admin rename a platform admin or a prosecutor there. WeCom userids are
 * case-insensitive, so the comparison is too.
 */
function foreignTokenHolder(principal: Principal, userid: string, tokens: readonly ApiToken[]): ApiToken | undefined {
  const holder = tokens.find((t) => t.name.toLowerCase() === userid.toLowerCase());
  return holder && !(holder.role === 'agency_admin' && holder.agency === principal.agency) ? holder : undefined;
}

/** Refuses (403, audited, nothing changed) a binding an agency admin may not make. */
async function checkAgencyAdminBinding(deps: ApiDeps, principal: Principal, body: BindingRequest): Promise<void> {
  const existing = await staffModel(deps.mongo).findById(body.userid).lean();
  const refusal = bindingRefusal(principal, body, existing, deps.config.API_TOKENS);
  if (!refusal) return;
  const from = existing ? `${existing.role}@${existing.agency ?? '-'}` : 'unbound';
  await refuse(deps, principal, 'staff.bind', body.userid, `${refusal.reason}: ${from} -> ${body.role}@${body.agency ?? principal.agency ?? '-'}`);
  throw forbidden(refusal.message);
}

/**
 * Records a refused change in the audit log (who tried what on what, and why it was refused); `target` is a staff
 * userid or any record, e.g. `{ kind: 'recommendation', id }`.
 */
export async function refuse(deps: ApiDeps, principal: Principal, action: string, target: string | { kind: string; id: string }, reason: string, detail?: Record<string, unknown>): Promise<void> {
  // Each attempt is its own entry: the audit keeps one entry per source, and two attempts may share a millisecond.
  const on = typeof target === 'string' ? { kind: 'staff', id: target } : target;
  await audit(deps.mongo, { at: new Date(deps.now()), actor: principal.name, action, target: on, sourceId: `api:${principal.name}:${randomUUID()}`, outcome: 'refused', reason, ...(detail ? { detail } : {}) });
}

/** Agencies and staff bindings. */
export function registryRoutes(api: ApiRouter, deps: ApiDeps): void {
  api.add({
    method: 'get', path: '/api/agencies', tag: '执法单位与人员', summary: '执法单位列表（可导出 Excel）', roles: ['admin', 'prosecutor', 'agency_admin'], produces: ['json', 'xlsx'],
    query: pagingQuery,
    async handle({ query, principal, ctx }) {
      const agency = agencyScope(principal);
      const filter = agency ? { _id: agency } : {};
      return answerList(ctx, '执法单位', agencyColumns, query, async ({ skip, limit }) => {
        const agencies = await agencyModel(deps.mongo).find(filter).sort({ _id: 1 }).skip(skip).limit(limit).lean();
        // The prosecutors by name (王检察官), as every other page names people, not by their WeCom userids.
        const people = await personNames(deps.mongo, deps.config.API_TOKENS, agencies.flatMap((a) => a.prosecutors));
        return {
          rows: agencies.map((a) => ({
            id: a._id, name: a.name, domains: a.domains.join('、'), prosecutors: a.prosecutors.map((p) => people.get(p) ?? p).join('、'), hasRobot: Boolean(a.robotKey),
          })),
          total: await agencyModel(deps.mongo).countDocuments(filter),
        };
      });
    },
  });

  api.add({
    method: 'post', path: '/api/agencies', tag: '执法单位与人员', summary: '新增或修改执法单位（含群机器人与期限设置）', roles: ['admin'],
    body: agencyBody,
    async handle({ body, principal }) {
      try {
        // The CLI's check: reviews and alerts must not go to a stranger or to an agency's own staff.
        await checkProsecutorsBound(deps.mongo, body.prosecutors ?? []);
        const a = await upsertAgency(deps.mongo, body, principal.name, new Date(deps.now()));
        return { id: a._id, name: a.name };
      } catch (error) {
        throw fromAdminInput(error);
      }
    },
  });

  api.add({
    method: 'get', path: '/api/staff', tag: '执法单位与人员', summary: '人员绑定列表（可导出 Excel）', roles: ['admin', 'agency_admin'], produces: ['json', 'xlsx'],
    query: pagingQuery.extend({ agency: z.string().optional(), role: z.enum(roles).optional() }),
    async handle({ query, principal, ctx }) {
      const agency = agencyScope(principal, query.agency);
      const filter = { ...(agency ? { agency } : {}), ...(query.role ? { role: query.role } : {}) };
      const names = await agencyNames(deps.mongo);
      return answerList(ctx, '人员', staffColumns, query, async ({ skip, limit }) => ({
        rows: (await staffModel(deps.mongo).find(filter).sort({ agency: 1, _id: 1 }).skip(skip).limit(limit).lean()).map((s) => ({
          id: s._id, name: s.name, roleName: roleNames[s.role], agencyName: s.agency ? (names.get(s.agency) ?? s.agency) : null, active: s.active,
        })),
        total: await staffModel(deps.mongo).countDocuments(filter),
      }));
    },
  });

  api.add({
    method: 'post', path: '/api/staff', tag: '执法单位与人员', summary: '绑定企业微信账号（单位管理员只能把未绑定的账号或本单位执法人员绑定为本单位执法人员）', roles: ['admin', 'agency_admin'], status: 201,
    body: z.object({ userid: z.string().regex(/^[A-Za-z0-9_.@-]{1,64}$/, '企业微信账号只含字母、数字和 _ . @ -').refine((userid) => !meansEveryone(userid), everyoneMessage), name: z.string().min(1).max(30), role: z.enum(roles), agency: z.string().optional(), mobile: z.string().max(20).optional() }).strict(),
    async handle({ body, principal }) {
      if (principal.role === 'agency_admin') await checkAgencyAdminBinding(deps, principal, body);
      const agency = principal.role === 'agency_admin' ? principal.agency : body.agency;
      if ((body.role === 'staff' || body.role === 'agency_admin') && !agency) throw fieldError('agency', '执法人员和单位管理员须指定所属执法单位（单位代码）');
      if (agency && !(await agencyModel(deps.mongo).exists({ _id: agency }))) throw fieldError('agency', `没有代码为「${agency}」的执法单位，请先添加该单位`);
      try {
        const s = await bindStaff(deps.mongo, { ...body, agency }, principal.name, new Date(deps.now()));
        return { id: s._id, name: s.name, role: s.role, agency: s.agency ?? null };
      } catch (error) {
        throw fromAdminInput(error);
      }
    },
  });

  api.add({
    method: 'delete', path: '/api/staff/:userid', tag: '执法单位与人员', summary: '解除绑定（记录保留，仅停用）', roles: ['admin', 'agency_admin'],
    async handle({ params, principal }) {
      const staff = await staffModel(deps.mongo).findById(params.userid).lean();
      if (!staff) throw notFound(`人员「${params.userid}」`);
      if (principal.role === 'agency_admin' && staff.agency !== principal.agency) {
        // Answered as if the person did not exist (another agency's people are not listed to an agency admin), but kept.
        await refuse(deps, principal, 'staff.unbind', staff._id, `other agency: ${staff.role}@${staff.agency ?? '-'}`);
        throw notFound(`人员「${params.userid}」`);
      }
      if (principal.role === 'agency_admin' && staff.role !== 'staff') {
        await refuse(deps, principal, 'staff.unbind', staff._id, `role ${staff.role}`);
        throw forbidden('单位管理员只能解除本单位执法人员的绑定，其他人员请联系平台管理员');
      }
      await unbindStaff(deps.mongo, staff._id, principal.name, new Date(deps.now()));
      return { id: staff._id, active: false };
    },
  });
}
