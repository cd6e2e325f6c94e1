import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { issueSession, readSession, sessionMs } from '../../../src/api/auth.js';
import { parseApiTokens } from '../../../src/api/tokens.js';

const tokens = parseApiTokens('linye-admin:agency_admin@linye:token-linye-0123456789,wang:prosecutor:token-wang-0123456789');
const base64url = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

describe('dashboard session cookie', () => {
  const now = Date.UTC(2026, 10, 25);
  const cookie = issueSession(tokens[0]!, now);

  it('authenticates the cookie it issued until it expires', () => {
    expect(readSession(tokens, cookie, now + 1000)).toMatchObject({ token: { name: 'linye-admin' }, expires: now + sessionMs });
    expect(readSession(tokens, cookie, now + sessionMs + 1)).toBeUndefined();
  });

  it('gives every login its own session id, which logout can revoke alone', () => {
    const ids = [cookie, issueSession(tokens[0]!, now), issueSession(tokens[0]!, now)].map((c) => readSession(tokens, c, now + 1000)?.id);
    expect(ids.every((id) => /^[A-Za-z0-9_-]{22}$/.test(id ?? ''))).toBe(true);
    expect(new Set(ids).size).toBe(3);
  });

  it('refuses every other spelling of the signature, including ones that decode to the same bytes', () => {
    // A 32-byte HMAC in base64url leaves two spare bits in the last character; a lenient decoder accepts
    // four spellings of the last character, which a bytewise comparison would let through.
    const head = cookie.slice(0, -1);
    const others = [...base64url].filter((c) => c !== cookie.at(-1));
    const accepted = others.filter((c) => readSession(tokens, head + c, now + 1000));
    expect(accepted).toEqual([]);
  });

  it('refuses a cookie re-labelled with another principal or session id, a moved expiry, or extra parts', () => {
    const [, id, expires, sig] = cookie.split('.');
    const otherId = readSession(tokens, issueSession(tokens[0]!, now), now)!.id;
    expect(readSession(tokens, `wang.${id}.${expires}.${sig}`, now)).toBeUndefined();
    expect(readSession(tokens, `linye-admin.${otherId}.${expires}.${sig}`, now)).toBeUndefined();
    expect(readSession(tokens, `linye-admin.${id}.${Number(expires) + 1}.${sig}`, now)).toBeUndefined();
    expect(readSession(tokens, `${cookie}.x`, now)).toBeUndefined();
  });

  it('refuses a cookie of the earlier form without a session id, which logout could not revoke', () => {
    const [name, , expires] = cookie.split('.');
    const legacy = `${name}.${expires}`;
    const sig = createHmac('sha256', tokens[0]!.tokenHash).update(legacy).digest('base64url');
    expect(readSession(tokens, `${legacy}.${sig}`, now)).toBeUndefined();
  });
});
