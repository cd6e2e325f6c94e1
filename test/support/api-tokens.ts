/** API credentials of the tests and the demo (never real ones). */
export const apiTokens = {
  admin: 'test-admin-token-0123456789abcdef',
  prosecutor: 'test-prosecutor-token-0123456789ab',
  linyeAdmin: 'test-linye-admin-token-0123456789',
} as const;

/** API_TOKENS for those credentials: ops (admin), wangjc (prosecutor), linye-admin (agency admin of 林业局). */
export const apiTokensEnv = `ops:admin:${apiTokens.admin},wangjc:prosecutor:${apiTokens.prosecutor},linye-admin:agency_admin@linye:${apiTokens.linyeAdmin}`;
