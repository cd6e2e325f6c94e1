/**
 * Dashboard sessions over HTTP against the real services: logout ends a session on the server, so a copy of its
 * cookie stops working everywhere; and who is signed in is named as a person when the token is a staff member's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionMs } from '../../src/api/auth.js';
import { apiTokens, apiTokensEnv } from '../support/api-tokens.js';
import { startBotHarness, type BotHarness } from '../support/bot-harness.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON answers

describe('dashboard sessions (e2e over HTTP)', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ env: { API_TOKENS: apiTokensEnv } });
  });
  afterAll(() => h.stop());

  const call = (path: string, init: RequestInit & { token?: string; cookie?: string } = {}) => {
    const headers = { accept: 'text/html', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...(init.cookie ? { cookie: init.cookie } : {}) };
    return fetch(`${h.runtime.url}${path}`, { ...init, headers, redirect: 'manual' });
  };
  const json = async (path: string, init: Parameters<typeof call>[1] = {}) => {
    const response = await call(path, init);
    return { status: response.status, body: (await response.json()) as Json };
  };
  /** A fresh login of `token`: the cookie as a browser would send it back. */
  const login = async (token: string) => {
    const response = await fetch(`${h.runtime.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
    expect(response.status).toBe(200);
    return response.headers.get('set-cookie')!.split(';')[0]!;
  };

  describe('logout', () => {
    it('ends the session: a copy of its cookie is refused by the API, the dashboard page and the queue board', async () => {
      const copied = await login(apiTokens.admin);
      expect((await call('/api/me', { cookie: copied })).status).toBe(200);
      expect((await call('/admin/queues', { cookie: copied })).status).toBe(200);
      expect((await call('/dashboard/', { cookie: copied })).status).toBe(200);

      const logout = await call('/api/logout', { method: 'POST', cookie: copied });
      expect(logout.status).toBe(200);
      expect(logout.headers.get('set-cookie')).toMatch(/^lb_session=;/);

      expect(await json('/api/me', { cookie: copied })).toEqual({ status: 401, body: { error: 'unauthorized', message: '登录已过期，请重新登录' } });
      expect((await call('/api/board?format=xlsx', { cookie: copied })).status).toBe(401);
      expect((await call('/dashboard/', { cookie: copied })).headers.get('location')).toBe('/dashboard/login.html');
      expect((await call('/admin/queues', { cookie: copied })).headers.get('location')).toBe('/dashboard/login.html?next=%2Fadmin%2Fqueues');
      // Logging out again with it is a request without a session like any other.
      expect((await call('/api/logout', { method: 'POST', cookie: copied })).status).toBe(401);
    });

    it('ends only that login: the same principal\'s other session and its token go on', async () => {
      const [ended, other] = [await login(apiTokens.prosecutor), await login(apiTokens.prosecutor)];
      expect((await call('/api/logout', { method: 'POST', cookie: ended })).status).toBe(200);
      expect((await call('/api/me', { cookie: ended })).status).toBe(401);
      expect((await json('/api/me', { cookie: other })).body).toMatchObject({ name: 'wangjc', role: 'prosecutor' });
      expect((await call('/api/me', { token: apiTokens.prosecutor })).status).toBe(200);
    });

    it('keeps refusing the cookie until it would have expired by itself', async () => {
      const cookie = await login(apiTokens.linyeAdmin);
      expect((await call('/api/logout', { method: 'POST', cookie })).status).toBe(200);
      h.clock.advance(sessionMs - 60_000);
      try {
        expect((await call('/api/me', { cookie })).status).toBe(401);
        // A later logout prunes what has expired; a session ended before its time is still refused.
        expect((await call('/api/logout', { method: 'POST', cookie: await login(apiTokens.linyeAdmin) })).status).toBe(200);
        expect((await call('/api/me', { cookie })).status).toBe(401);
      } finally {
        h.clock.advance(-(sessionMs - 60_000));
      }
    });

    it('refuses a session cookie of the earlier form (name.expiry.signature), which logout could not end', async () => {
      const [name, , expires, sig] = (await login(apiTokens.admin)).split('.');
      expect((await call('/api/me', { cookie: `${name}.${expires}.${sig}` })).status).toBe(401);
    });
  });

  describe('who is signed in', () => {
    it('is named as the bound staff member whose userid the token is named for', async () => {
      expect((await json('/api/me', { token: apiTokens.prosecutor })).body).toEqual({ name: 'wangjc', displayName: '王检察官', staffName: '王检察官', role: 'prosecutor' });
      const cookie = await login(apiTokens.prosecutor);
      expect((await json('/api/me', { cookie })).body).toMatchObject({ name: 'wangjc', displayName: '王检察官' });
    });

    it('is named by the token when no bound staff member has that userid', async () => {
      expect((await json('/api/me', { token: apiTokens.admin })).body).toEqual({ name: 'ops', displayName: 'ops', role: 'admin' });
      expect((await json('/api/me', { token: apiTokens.linyeAdmin })).body).toEqual({ name: 'linye-admin', displayName: '富阳区林业局管理员', role: 'agency_admin', agency: 'linye', agencyName: '富阳区林业局' });
    });

    it('is named by the token again once that staff member is unbound', async () => {
      expect((await call('/api/staff/wangjc', { method: 'DELETE', token: apiTokens.admin })).status).toBe(200);
      expect((await json('/api/me', { token: apiTokens.prosecutor })).body).toEqual({ name: 'wangjc', displayName: 'wangjc', role: 'prosecutor' });
    });
  });
});
