import type { Context, Next } from 'koa';
import { ApiError } from './errors.js';
import { findToken, type ApiToken, type Principal } from './tokens.js';

/** The response header naming the caller: a dashboard tab compares it with the person it shows (api.js). */
export const principalHeader = 'x-principal';

/**
 * The request header naming the person a dashboard tab shows (URI-encoded) on every change it sends: the session
 * cookie is shared by the browser's tabs, so a login in another window makes this tab's next change someone else's.
 */
export const expectedPrincipalHeader = 'x-expected-principal';

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
    return !servedHosts(ctx).includes(new URL(origin).host.toLowerCase());
  } catch {
    return true; // `Origin: null` (a sandboxed or file page) or garbage
  }
}

/**
 * The hosts the page may have been loaded from: the Host header and, behind a reverse proxy that rewrites Host to the
 * upstream's address (nginx's default), the host the proxy names in X-Forwarded-Host or Forwarded. Safe to believe
 * for this check: it guards a victim's browser, and a page of another origin cannot make that browser send either
 * header (a custom header needs a CORS preflight we never grant; a form sends none), while the Origin it sends is
 * the browser's own.
 */
function servedHosts(ctx: Context): string[] {
  const forwarded = ctx.get('forwarded').split(',').map((part) => /(?:^|;)\s*host="?([^";]+)"?/i.exec(part)?.[1]);
  const hosts = [ctx.get('host'), ...ctx.get('x-forwarded-host').split(','), ...forwarded];
  return hosts.filter((host): host is string => Boolean(host?.trim())).map((host) => host.trim().toLowerCase());
}

/** The person a tab says it shows, when it says so (see {@link expectedPrincipalHeader}). */
function expectedPrincipal(ctx: Context): string | undefined {
  const value = ctx.get(expectedPrincipalHeader);
  if (!value) return undefined;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * After authentication: names the caller in every answer (x-principal), so a dashboard tab notices when a login in
 * another tab has made the shared cookie someone else's; refuses a change a tab sent for another person than the
 * caller (x-expected-principal, 409 principal_changed, before anything is done); and refuses a change (any method but GET/HEAD/OPTIONS)
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
    // Before acting: a tab showing 王检察官 whose cookie became another login's would record that person's decision
    // (logging out records nothing in anyone's name, and is what the user asked for).
    const expected = safeMethods.has(ctx.method) || ctx.path === '/api/logout' ? undefined : expectedPrincipal(ctx);
    if (expected !== undefined && expected !== principal.name) {
      throw new ApiError(409, 'principal_changed', '登录身份已变更：本浏览器已在其他窗口以其他身份登录。本次操作未提交，请以本人身份重新登录后再办理。');
    }
    await next();
  };
}
