import { opaqueId, type FakeContext } from './context.js';
import { ok, wecomError } from './errors.js';
import type { ApiResult, Route } from './http-kit.js';

interface IssuedToken {
  expiresAt: number;
  revoked: boolean;
}

/** access_token issuing and checking, as `/cgi-bin/gettoken` and every other API do it. */
export interface TokenStore {
  route: Route;
  /** The error answer for a call's access_token, or undefined when it is valid. */
  refuse(query: Record<string, string>): ApiResult | undefined;
  /** Every token issued so far becomes expired (42001). */
  expireAll(): void;
}

/** Creates the token side of the fake. */
export function createTokenStore(ctx: FakeContext): TokenStore {
  const tokens = new Map<string, IssuedToken>();
  let current: string | undefined;

  const isValid = (token: IssuedToken) => !token.revoked && ctx.now() < token.expiresAt;

  function getToken(query: Record<string, string>): ApiResult {
    if (!query.corpid) return wecomError(41002);
    if (query.corpid !== ctx.corpId) return wecomError(40013);
    if (!query.corpsecret) return wecomError(41004);
    if (query.corpsecret !== ctx.corpSecret) return wecomError(40001);
    // WeCom answers the same token while it is valid and a new one once it has expired.
    const existing = current === undefined ? undefined : tokens.get(current);
    if (current !== undefined && existing && isValid(existing)) {
      return ok({ access_token: current, expires_in: Math.ceil((existing.expiresAt - ctx.now()) / 1000) });
    }
    current = opaqueId(48);
    tokens.set(current, { expiresAt: ctx.now() + ctx.tokenTtlSeconds * 1000, revoked: false });
    return ok({ access_token: current, expires_in: ctx.tokenTtlSeconds });
  }

  return {
    route: { method: 'GET', path: '/cgi-bin/gettoken', handle: (request) => getToken(request.query) },
    refuse(query) {
      const value = query.access_token;
      if (!value) return wecomError(41001);
      const token = tokens.get(value);
      if (!token) return wecomError(40014);
      return isValid(token) ? undefined : wecomError(42001);
    },
    expireAll() {
      for (const token of tokens.values()) token.revoked = true;
    },
  };
}
