import Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import { agencyModel } from '../../models/agency.js';
import { staffModel } from '../../models/staff.js';
import { assertKnownAgency, issueSession, readSession, sessionCookie, sessionMs } from '../auth.js';
import { readJsonBody } from '../body.js';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import type { ApiRouter } from '../router.js';
import { sessionRevocations } from '../session-revocations.js';
import { findToken, type ApiToken, type Principal } from '../tokens.js';

/**
 * Who is signed in, for the dashboard's header: the token's name and, when that is the userid of a bound staff
 * member (wangjc), the person's name (王检察官) as `staffName`; `displayName` is the one to show — else, for an agency
 * admin's token, its agency's (富阳区林业局管理员) rather than an account id nobody reads (linye-admin).
 */
async function describe(deps: ApiDeps, p: Principal) {
  const [agency, staff] = await Promise.all([
    p.agency ? agencyModel(deps.mongo).findById(p.agency, { name: 1 }).lean() : undefined,
    staffModel(deps.mongo).findOne({ _id: p.name, active: true }, { name: 1 }).lean(),
  ]);
  return {
    name: p.name, displayName: staff?.name ?? (agency ? `${agency.name}管理员` : p.name), ...(staff ? { staffName: staff.name } : {}), role: p.role,
    ...(p.agency ? { agency: p.agency, agencyName: agency?.name ?? p.agency } : {}),
  };
}

const cookieOptions = (ctx: Context) => ({ httpOnly: true, sameSite: 'strict' as const, secure: ctx.secure, path: '/', overwrite: true });

/**
 * POST /api/login exchanges a token for a session cookie (401 for a wrong one, so it too refuses a caller without
 * credentials); it sits before the authentication guard. /api/me and /api/logout sit behind it.
 */
export function loginRoute(router: Router, tokens: ApiToken[], deps: ApiDeps): void {
  router.post('/api/login', async (ctx) => {
    // Anything but a JSON body with a known token is a caller without credentials: 401, like every other /api route.
    const body = z.object({ token: z.string().max(512) }).safeParse(await readJsonBody(ctx).catch(() => undefined));
    const token = body.success ? findToken(tokens, body.data.token) : undefined;
    if (!token) {
      // The socket is gone when an oversized body was cut off; ctx.ip would throw.
      deps.logger.warn({ path: ctx.path, ip: ctx.req.socket?.remoteAddress }, 'dashboard login refused');
      throw new ApiError(401, 'unauthorized', '令牌无效，请核对后重试');
    }
    await assertKnownAgency(deps.mongo, token);
    ctx.cookies.set(sessionCookie, issueSession(token, deps.now()), { ...cookieOptions(ctx), maxAge: sessionMs });
    deps.logger.info({ name: token.name, role: token.role }, 'dashboard login');
    ctx.body = await describe(deps, token);
  });
}

export const loginOpenApi = {
  '/api/login': {
    post: {
      summary: '以访问令牌登录仪表盘，返回会话 Cookie', tags: ['登录'], security: [],
      requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['token'], properties: { token: { type: 'string' } } } } } },
      responses: { 200: { description: 'OK' }, 401: { description: '令牌无效' } },
    },
  },
};

/** GET /api/openapi.json, before the authentication guard: the description is public, the data is not. */
export function openApiRoute(router: Router, openApi: () => Record<string, unknown>): void {
  router.get('/api/openapi.json', (ctx) => {
    ctx.body = openApi();
  });
}

export const publicOpenApi = {
  '/api/openapi.json': {
    get: { summary: '本接口的 OpenAPI 描述（公开，无需登录；不含任何数据）', tags: ['登录'], security: [], responses: { 200: { description: 'OK' } } },
  },
};

export function sessionRoutes(api: ApiRouter, deps: ApiDeps): void {
  const revocations = sessionRevocations(deps.mongo);
  api.add({
    method: 'get', path: '/api/me', tag: '登录', summary: '当前登录者', roles: ['admin', 'prosecutor', 'agency_admin'],
    async handle({ principal }) {
      return describe(deps, principal);
    },
  });
  api.add({
    method: 'post', path: '/api/logout', tag: '登录', summary: '退出登录：结束本次会话（会话 Cookie 此后即使被复制也不再有效）', roles: ['admin', 'prosecutor', 'agency_admin'],
    async handle({ ctx }) {
      const cookie = ctx.cookies.get(sessionCookie);
      const session = cookie ? readSession(deps.config.API_TOKENS, cookie, deps.now()) : undefined;
      // Clearing the cookie only asks this browser to forget it; the revocation ends every copy of it.
      if (session) {
        await revocations.revoke({ id: session.id, name: session.token.name, expiresAt: new Date(session.expires) }, new Date(deps.now()));
        deps.logger.info({ name: session.token.name }, 'dashboard logout');
      }
      ctx.cookies.set(sessionCookie, '', { ...cookieOptions(ctx), maxAge: 0 });
      return { ok: true };
    },
  });
}
