import { z } from 'zod';
import { bindStaff, unbindStaff, upsertAgency } from '../../admin/registry.js';
import { agencyModel } from '../../models/agency.js';
import { roles, staffModel } from '../../models/staff.js';
import type { ApiDeps } from '../deps.js';
import { forbidden, fromAdminInput, notFound } from '../errors.js';
import { answerList, pagingQuery, type Column } from '../list.js';
import type { ApiRouter } from '../router.js';
import { agencyNames, agencyScope } from '../scope.js';

const roleNames: Record<(typeof roles)[number], string> = { staff: '执法人员', agency_admin: '单位管理员', prosecutor: '检察官', admin: '管理员' };
const agencyColumns: Column[] = [{ key: 'id', title: '代码' }, { key: 'name', title: '名称' }, { key: 'domains', title: '领域' }, { key: 'prosecutors', title: '检察官' }, { key: 'hasRobot', title: '群机器人' }];
const staffColumns: Column[] = [{ key: 'id', title: '企业微信账号' }, { key: 'name', title: '姓名' }, { key: 'roleName', title: '角色' }, { key: 'agencyName', title: '单位' }, { key: 'active', title: '在岗' }];


/** Agencies and staff bindings. */
export function registryRoutes(api: ApiRouter, deps: ApiDeps): void {
  api.add({
    method: 'get', path: '/api/agencies', tag: '执法单位与人员', summary: '执法单位列表（可导出 Excel）', roles: ['admin', 'prosecutor', 'agency_admin'], produces: ['json', 'xlsx'],
    query: pagingQuery,
    async handle({ query, principal, ctx }) {
      const agency = agencyScope(principal);
      const filter = agency ? { _id: agency } : {};
      return answerList(ctx, '执法单位', agencyColumns, query, async ({ skip, limit }) => ({
        rows: (await agencyModel(deps.mongo).find(filter).sort({ _id: 1 }).skip(skip).limit(limit).lean()).map((a) => ({
          id: a._id, name: a.name, domains: a.domains.join('、'), prosecutors: a.prosecutors.join('、'), hasRobot: Boolean(a.robotKey),
        })),
        total: await agencyModel(deps.mongo).countDocuments(filter),
      }));
    },
  });

  api.add({
    method: 'post', path: '/api/agencies', tag: '执法单位与人员', summary: '新增或修改执法单位（含群机器人与期限设置）', roles: ['admin'],
    body: z.object({
      id: z.string(), name: z.string().min(1).max(60), domains: z.array(z.string().max(50)).max(20).optional(), robotKey: z.string().max(100).optional(),
      prosecutors: z.array(z.string().max(64)).max(50).optional(),
      settings: z.object({ digestHour: z.number().int().optional(), reminderDays: z.array(z.number().int()).max(10).optional(), dueSoonDays: z.number().int().min(1).max(60).optional(), followUpMonths: z.number().int().optional() }).strict().optional(),
    }).strict(),
    async handle({ body, principal }) {
      try {
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
    method: 'post', path: '/api/staff', tag: '执法单位与人员', summary: '绑定企业微信账号（单位管理员只能绑定本单位执法人员）', roles: ['admin', 'agency_admin'], status: 201,
    body: z.object({ userid: z.string().regex(/^[A-Za-z0-9_.@-]{1,64}$/, '企业微信账号只含字母、数字和 _ . @ -'), name: z.string().min(1).max(30), role: z.enum(roles), agency: z.string().optional(), mobile: z.string().max(20).optional() }).strict(),
    async handle({ body, principal }) {
      if (principal.role === 'agency_admin' && (body.role !== 'staff' || (body.agency ?? principal.agency) !== principal.agency)) throw forbidden('单位管理员只能绑定本单位的执法人员');
      const agency = principal.role === 'agency_admin' ? principal.agency : body.agency;
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
      if (!staff || (principal.role === 'agency_admin' && staff.agency !== principal.agency)) throw notFound(`人员「${params.userid}」`);
      if (principal.role === 'agency_admin' && staff.role !== 'staff') throw forbidden('单位管理员只能解除本单位执法人员的绑定');
      await unbindStaff(deps.mongo, staff._id, principal.name, new Date(deps.now()));
      return { id: staff._id, active: false };
    },
  });
}
