import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, Next } from 'koa';
import type { Connection } from 'mongoose';
import { agencyModel } from '../models/agency.js';
import { ApiError, forbidden } from './errors.js';
import type { SessionRevocations } from './session-revocations.js';
import { findToken, type ApiRole, type ApiToken, type Principal } from './tokens.js';

export const sessionCookie = 'lb_session';
/** How long a dashboard login lasts. */
export const sessionMs = 12 * 3600_000;

/** A dashboard session as its cookie states it. */
export interface Session {
  /** The principal it was issued to. */
  token: ApiToken;
  /** Random, unique per login: what logout revokes. */
  id: string;
  /** When it ends by itself (ms since the epoch). */
  expires: number;
}

const sessionId = /^[A-Za-z0-9_-]{22}$/;

function signature(token: ApiToken, payload: string): Buffer {
  // Keyed by the principal's own token: replacing or removing that token in API_TOKENS ends its sessions.
  return createHmac('sha256', token.tokenHash).update(payload).digest();
}

/** A new session cookie value for `token`'s principal: name.id.expiry.signature. */
export function issueSession(token: ApiToken, now: number): string {
  const payload = `${token.name}.${randomBytes(16).toString('base64url')}.${now + sessionMs}`;
  return `${payload}.${signature(token, payload).toString('base64url')}`;
}

/**
 * The session of a cookie we issued that has not expired. Whether logout revoked it is not known here: that needs
 * the database, which `checkRevokedSession` asks before anything reads the caller.
 */
export function readSession(tokens: ApiToken[], value: string, now: number): Session | undefined {
  const parts = value.split('.');
  const [name, id, expires, sig] = parts;
  const token = tokens.find((t) => t.name === name);
  if (parts.length !== 4 || !token || !id || !sessionId.test(id) || !expires || !sig || !(Number(expires) > now)) return undefined;
  // Compare the text, not decoded bytes: base64url decoding ignores a last character's spare bits, so
  // several spellings decode to one signature; only the one we issued is a valid cookie.
  const expected = Buffer.from(signature(token, `${name}.${id}.${expires}`).toString('base64url'));
  const given = Buffer.from(sig);
  return given.length === expected.length && timingSafeEqual(given, expected) ? { token, id, expires: Number(expires) } : undefined;
}

/**
 * Marks a request whose session cookie logout revoked (ctx.state.revokedSession), so `principalOf` refuses it
 * wherever it is asked: the API's guard, the dashboard page, the queue board. It must run before them.
 */
export function checkRevokedSession(tokens: ApiToken[], revocations: SessionRevocations, now: () => number) {
  return async (ctx: Context, next: Next) => {
    const cookie = ctx.cookies.get(sessionCookie);
    const session = cookie ? readSession(tokens, cookie, now()) : undefined;
    if (session && (await revocations.isRevoked(session.id))) ctx.state.revokedSession = session.id;
    await next();
  };
}

/** The caller, from `Authorization: Bearer <token>` or the dashboard session cookie (unless logout revoked it). */
export function principalOf(ctx: Context, tokens: ApiToken[], now: number): Principal | undefined {
  const header = ctx.get('authorization');
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
  const token = bearer ? findToken(tokens, bearer) : undefined;
  if (token) return { name: token.name, role: token.role, agency: token.agency };
  const cookie = ctx.cookies.get(sessionCookie);
  const session = cookie ? readSession(tokens, cookie, now) : undefined;
  if (!session || ctx.state.revokedSession === session.id) return undefined;
  return { name: session.token.name, role: session.token.role, agency: session.token.agency };
}

/** Requires a caller; sets ctx.state.principal. */
export function requireAuth(tokens: ApiToken[], now: () => number) {
  return async (ctx: Context, next: Next) => {
    const principal = principalOf(ctx, tokens, now());
    if (!principal) {
      // A session cookie that no longer counts was ended by its expiry or a logout: the dashboard user logs in again.
      const message = ctx.cookies.get(sessionCookie) ? '登录已过期，请重新登录' : '请先登录：需要有效的访问令牌（Authorization: Bearer <令牌>）';
      throw new ApiError(401, 'unauthorized', message);
    }
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

/** The refusal of an agency admin whose token names an agency the platform does not have (a typo in API_TOKENS). */
export function unknownAgencyError(agency: string): ApiError {
  return new ApiError(403, 'unknown_agency', `您的访问令牌属于执法单位「${agency}」，但平台上没有这个单位，因此无法查看任何数据。请联系管理员核对 API_TOKENS 中的单位代码，或先添加该单位。`);
}

/**
 * Refuses an agency admin whose agency does not exist, rather than showing an empty dashboard with no hint why.
 * Asked on every request (one read by `_id`): an agency added later through the API is accepted at once.
 */
export async function assertKnownAgency(mongo: Connection, principal: Principal): Promise<void> {
  if (principal.role !== 'agency_admin' || !principal.agency) return;
  if (!(await agencyModel(mongo).exists({ _id: principal.agency }))) throw unknownAgencyError(principal.agency);
}

/** Requires that an agency admin's agency exists; after `requireAuth`. */
export function requireKnownAgency(mongo: Connection) {
  return async (ctx: Context, next: Next) => {
    await assertKnownAgency(mongo, ctx.state.principal as Principal);
    await next();
  };
}
