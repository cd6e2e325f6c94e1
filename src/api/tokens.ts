import { createHash, timingSafeEqual } from 'node:crypto';

export const apiRoles = ['admin', 'prosecutor', 'agency_admin'] as const;
export type ApiRole = (typeof apiRoles)[number];

/** Who is calling the API: a configured token's name and role (agency admins are scoped to one agency). */
export interface Principal {
  name: string;
  role: ApiRole;
  agency?: string;
}

/** A configured credential; only the token's SHA-256 is kept in memory after parsing. */
export interface ApiToken extends Principal {
  tokenHash: Buffer;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest();

/**
 * Reads API_TOKENS: comma-separated `name:role[@agency]:token`, e.g.
 * `ops:admin:3c5f…,wangjc:prosecutor:9a1e…,linye-admin:agency_admin@linye:77b2…`.
 * Tokens must be at least 16 characters; names unique. Throws a readable Error naming the bad entry (never the token).
 */
export function parseApiTokens(text: string): ApiToken[] {
  const tokens: ApiToken[] = [];
  for (const [index, entry] of text.split(',').map((e) => e.trim()).filter(Boolean).entries()) {
    const parts = entry.split(':');
    const [name, roleSpec, ...rest] = parts;
    const token = rest.join(':');
    const [role, agency] = (roleSpec ?? '').split('@');
    const nameOk = Boolean(name) && /^[A-Za-z0-9_.-]{1,64}$/.test(name ?? '');
    // With `name:role:` left out, the first part IS the token; so the name is shown only when the entry
    // has all three parts and the name looks like one. The error line goes to the service manager's journal.
    const where = `entry ${index + 1}${nameOk && parts.length >= 3 ? ` (${name})` : ''}`;
    if (parts.length < 3) throw new Error(`${where}: the format is name:role[@agency]:token, with all three parts`);
    if (!name || !nameOk) throw new Error(`${where}: the name must be letters, digits, _ . or - (format name:role[@agency]:token)`);
    if (!(apiRoles as readonly string[]).includes(role ?? '')) throw new Error(`${where}: the role must be one of ${apiRoles.join(', ')}`);
    if ((role === 'agency_admin') !== Boolean(agency)) throw new Error(`${where}: agency_admin needs its agency (agency_admin@<agency id>), other roles take none`);
    if (token.length < 16) throw new Error(`${where}: the token must be at least 16 characters`);
    if (tokens.some((t) => t.name === name)) throw new Error(`${where}: the name is used twice`);
    tokens.push({ name, role: role as ApiRole, agency: agency || undefined, tokenHash: sha256(token) });
  }
  return tokens;
}

/** The configured principal whose token this is, compared in constant time; undefined otherwise. */
export function findToken(tokens: ApiToken[], presented: string): ApiToken | undefined {
  const hash = sha256(presented);
  let found: ApiToken | undefined;
  // Every entry is compared, so the time taken does not tell which entry (if any) nearly matched.
  for (const t of tokens) if (timingSafeEqual(t.tokenHash, hash)) found = t;
  return found;
}
