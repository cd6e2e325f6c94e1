import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type Koa from 'koa';
import { principalOf } from '../api/auth.js';
import type { ApiToken } from '../api/tokens.js';
import { projectRoot } from '../embedded/project-root.js';

const types: Record<string, string> = { html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8', svg: 'image/svg+xml', png: 'image/png', ico: 'image/x-icon' };
// Only plain file names in the one folder: no path can climb out of it.
const fileName = /^[A-Za-z0-9_-]+\.(html|js|css|svg|png|ico)$/;

/**
 * Serves the dashboard (web/dashboard) at /dashboard/. The page itself needs a session and sends a visitor
 * without one to the login page; the data all comes from /api, which checks every call.
 */
export function mountDashboard(app: Koa, options: { tokens: ApiToken[]; now: () => number }): void {
  const root = join(projectRoot(), 'web', 'dashboard');
  app.use(async (ctx, next) => {
    if (ctx.path === '/' || ctx.path === '/dashboard') return ctx.redirect('/dashboard/');
    if (!ctx.path.startsWith('/dashboard/') || ctx.method !== 'GET') return next();
    const name = ctx.path.slice('/dashboard/'.length) || 'index.html';
    if (!fileName.test(name)) return next();
    if (name === 'index.html' && !principalOf(ctx, options.tokens, options.now())) return ctx.redirect('/dashboard/login.html');
    try {
      ctx.body = await readFile(join(root, name));
    } catch {
      return next();
    }
    ctx.type = types[name.split('.').pop()!] ?? 'application/octet-stream';
    ctx.set('cache-control', 'no-cache');
    ctx.set('x-content-type-options', 'nosniff');
    ctx.set('content-security-policy', "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'");
  });
}
