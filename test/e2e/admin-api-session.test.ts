/**
 * Dashboard sessions over HTTP against the real services: who is signed in is named as a person when the token is a
 * staff member's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

  describe('who is signed in', () => {
    it('is named as the bound staff member whose userid the token is named for', async () => {
      expect((await json('/api/me', { token: apiTokens.prosecutor })).body).toEqual({ name: 'wangjc', displayName: '王检察官', staffName: '王检察官', role: 'prosecutor' });
      const cookie = await login(apiTokens.prosecutor);
      expect((await json('/api/me', { cookie })).body).toMatchObject({ name: 'wangjc', displayName: '王检察官' });
    });

    it('is named by the token when no bound staff member has that userid', async () => {
      expect((await json('/api/me', { token: apiTokens.admin })).body).toEqual({ name: 'ops', displayName: 'ops', role: 'admin' });
      expect((await json('/api/me', { token: apiTokens.linyeAdmin })).body).toEqual({ name: 'linye-admin', displayName: 'linye-admin', role: 'agency_admin', agency: 'linye', agencyName: '富阳区林业局' });
    });

    it('is named by the token again once that staff member is unbound', async () => {
      expect((await call('/api/staff/wangjc', { method: 'DELETE', token: apiTokens.admin })).status).toBe(200);
      expect((await json('/api/me', { token: apiTokens.prosecutor })).body).toEqual({ name: 'wangjc', displayName: 'wangjc', role: 'prosecutor' });
    });
  });
});
