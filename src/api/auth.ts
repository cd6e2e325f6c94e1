import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Context, Next } from 'koa';
import { ApiError, forbidden } from './errors.js';
import { findToken, type ApiRole, type ApiToken, type Principal } from './tokens.js';

export const sessionCookie = 'lb_session';
/** How long a dashboard login lasts. */
export const sessionMs = 12 * 3600_000;

function signature(token: ApiToken, payload: string): Buffer {
  // Keyed by the principal's own token: replacing or removing that token in API_TOKENS ends its sessions.
  return createHmac('sha256', token.tokenHash).update(payload).digest();
}

/** A session cookie value for `token`'s principal: name.expiry.signature. */
export function issueSession(token: ApiToken, now: number): string {
  const payload = `${token.name}.${now + sessionMs}`;
  return `${payload}.${signature(token, payload).toString('base64url')}`;
}

/** The principal of a valid, unexpired session cookie. */
export function readSession(tokens: ApiToken[], value: string, now: number): ApiToken | undefined {
  const parts = value.split('.');
  const [name, expires, sig] = parts;
  const token = tokens.find((t) => t.name === name);
  if (parts.length !== 3 || !token || !expires || !sig || !(Number(expires) > now)) return undefined;
  // Compare the text, not decoded bytes: base64url decoding ignores a last character's spare bits, so
  // several spellings decode to one signature; only the one we issued is a valid cookie.
  const expected = Buffer.from(signature(token, `${name}.${expires}`).toString('base64url'));
  const given = Buffer.from(sig);
  return given.length === expected.length && timingSafeEqual(given, expected) ? token : undefined;
}

/** The caller, from `Authorization: Bearer <token>` or the dashboard session cookie. */
export function principalOf(ctx: Context, tokens: ApiToken[], now: number): Principal | undefined {
  const header = ctx.get('authorization');
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
  const token = bearer ? findToken(tokens, bearer) : undefined;
  if (token) return { name: token.name, role: token.role, agency: token.agency };
  const cookie = ctx.cookies.get(sessionCookie);
  const session = cookie ? readSession(tokens, cookie, now) : undefined;
  return session ? { name: session.name, role: session.role, agency: session.agency } : undefined;
}

/** Requires a caller; sets ctx.state.principal. */
export function requireAuth(tokens: ApiToken[], now: () => number) {
  return async (ctx: Context, next: Next) => {
    const principal = principalOf(ctx, tokens, now());
    if (!principal) throw new ApiError(401, 'unauthorized', '请先登录：需要有效的访问令牌（Authorization: Bearer <令牌>）');
    ctx.state.principal = principal;
    await next();
  };
}

/** Throws 403 unless the caller has one of `roles`. */
export function allow(ctx: Context, ...roles: ApiRole[]): Principal {
  const principal = ctx.state.principal as Principal;
  if (!roles.includes(principal.role)) throw forbidden();
  return principal;
}
