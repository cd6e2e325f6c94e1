import Router from '@koa/router';
import type Koa from 'koa';
import { checkRevokedSession, requireAuth, requireKnownAgency } from './auth.js';
import { agencyModel } from '../models/agency.js';
import type { ApiDeps } from './deps.js';
import { ApiError, apiErrors } from './errors.js';
import { ApiRouter, openApiDocument } from './router.js';
import { caseRoutes } from './routes/cases.js';
import { evidenceRoutes } from './routes/evidence.js';
import { leadRoutes } from './routes/leads.js';
import { recommendationRoutes } from './routes/recommendations.js';
import { registryRoutes } from './routes/registry.js';
import { loginOpenApi, loginRoute, openApiRoute, publicOpenApi, sessionRoutes } from './routes/session.js';
import { settingsRoutes } from './routes/settings.js';
import { statsRoutes } from './routes/stats.js';
import { sessionGuard } from './session-guard.js';
import { sessionRevocations } from './session-revocations.js';
import type { ApiToken } from './tokens.js';

/** Every API route group; a new group is one file in routes/ and one line here. */
const groups = [sessionRoutes, statsRoutes, recommendationRoutes, caseRoutes, leadRoutes, registryRoutes, settingsRoutes, evidenceRoutes];

/** The API's routes and their OpenAPI description, built from the same specs. */
export function buildApi(deps: ApiDeps): { api: ApiRouter; openApi: () => Record<string, unknown> } {
  const api = new ApiRouter(new Router());
  for (const group of groups) group(api, deps);
  const openApi = () => openApiDocument(api.specs, { ...loginOpenApi, ...publicOpenApi });
  return { api, openApi };
}

/**
 * Mounts /api: JSON errors, then login (which checks its own token) and the API's description (public: it
 * describes the routes and holds no data, like /healthz), then the guard every other route is behind — an
 * unknown /api path without credentials is 401 too. Mount it before the dashboard and the queue board: a session
 * cookie that logout revoked is marked here for every path, so they refuse it too.
 */
export function mountApi(app: Koa, deps: ApiDeps, tokens: ApiToken[]): ApiRouter {
  const { api, openApi } = buildApi(deps);
  const open = new Router();
  loginRoute(open, tokens, deps);
  openApiRoute(open, openApi);
  const revoked = checkRevokedSession(tokens, sessionRevocations(deps.mongo), deps.now);
  const guard = requireAuth(tokens, deps.now);
  const errors = apiErrors(deps.logger);
  const chain = [revoked, open.routes(), guard, sessionGuard(tokens), requireKnownAgency(deps.mongo), api.router.routes(), api.router.allowedMethods({ throw: true })] as Koa.Middleware[];
  void warnUnknownAgencies(deps, tokens);
  app.use(async (ctx, next) => {
    if (ctx.path !== '/api' && !ctx.path.startsWith('/api/')) return revoked(ctx, next);
    ctx.set('cache-control', 'no-store');
    await errors(ctx, async () => {
      const run = async (i: number): Promise<void> => {
        const step = chain[i];
        if (step) await step(ctx, () => run(i + 1));
        else ctx.state.unmatched = true;
      };
      try {
        await run(0);
        if (ctx.state.unmatched) throw new ApiError(404, 'not_found', `没有这个接口：${ctx.method} ${ctx.path}`);
      } catch (error) {
        const status = (error as { status?: number }).status;
        // allowedMethods({ throw: true }) throws HttpErrors for a known path with the wrong method.
        if (!(error instanceof ApiError) && (status === 405 || status === 501)) throw new ApiError(405, 'method_not_allowed', `${ctx.path} 不支持 ${ctx.method}`);
        throw error;
      }
    });
  });
  return api;
}

/**
 * Warns at start about agency admin tokens whose agency does not exist: a typo in API_TOKENS (agency_admin@nosuch)
 * would otherwise show only as refused logins. A fresh database seeded after the start warns too, rightly "yet".
 */
export async function warnUnknownAgencies(deps: Pick<ApiDeps, 'mongo' | 'logger'>, tokens: ApiToken[]): Promise<void> {
  try {
    for (const token of tokens) {
      if (token.role !== 'agency_admin' || !token.agency) continue;
      if (await agencyModel(deps.mongo).exists({ _id: token.agency })) continue;
      deps.logger.warn({ name: token.name, agency: token.agency }, `API_TOKENS: the agency_admin token "${token.name}" names agency "${token.agency}", which does not exist (yet); its holder is refused until the agency is added (npm run admin -- agency add, or POST /api/agencies) or the token's agency is corrected`);
    }
  } catch (error) {
    deps.logger.warn({ err: error }, 'API_TOKENS: could not check the agency admins\' agencies');
  }
}
