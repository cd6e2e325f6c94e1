import type { Context, Next } from 'koa';
import { ApiError } from './errors.js';
import { findToken, type ApiToken, type Principal } from './tokens.js';

/** The response header naming the caller: a dashboard tab compares it with the person it shows (api.js). */
export const principalHeader = 'x-principal';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether the request came with a valid bearer token rather than (only) the session cookie. */
function bearerAuthenticated(ctx: Context, tokens: ApiToken[]): boolean {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(ctx.get('authorization'))?.[1];
  return Boolean(bearer && findToken(tokens, bearer));
}

/**
 * Whether a browser sent this request from a page of another origin. Sec-Fetch-Site says so directly (a sibling
 * subdomain is `same-site`: the SameSite=Strict cookie goes along, so that is refused too); a browser without it
 * sends Origin on every POST. A client that sends neither (curl, a script) is no browser page that could be tricked.
 */
function fromAnotherOrigin(ctx: Context): boolean {
  const site = ctx.get('sec-fetch-site');
  if (site) return site !== 'same-origin';
  const origin = ctx.get('origin');
  if (!origin) return false;
  try {
    return new URL(origin).host !== ctx.host;
  } catch {
    return true; // `Origin: null` (a sandboxed or file page) or garbage
  }
}

/**
 * After authentication: names the caller in every answer (x-principal), so a dashboard tab notices when a login in
 * another tab has made the shared cookie someone else's; and refuses a change (any method but GET/HEAD/OPTIONS)
 * authenticated by the session cookie that a page of another origin sent. The cookie is SameSite=Strict and every
 * body must be JSON (a cross-origin page cannot send that without a CORS preflight we never grant), but a request
 * without a body (logout) or from a sibling subdomain (same site) would get through those alone.
 */
export function sessionGuard(tokens: ApiToken[]) {
  return async (ctx: Context, next: Next) => {
    const principal = ctx.state.principal as Principal;
    ctx.set(principalHeader, encodeURIComponent(principal.name));
    if (!safeMethods.has(ctx.method) && !bearerAuthenticated(ctx, tokens) && fromAnotherOrigin(ctx)) {
      throw new ApiError(403, 'cross_origin', '请求来自其他网站，已拒绝。请在衔接助手的页面中操作。');
    }
    await next();
  };
}
