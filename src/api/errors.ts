import type { Context, Next } from 'koa';
import type { ZodError } from 'zod';
import { AdminInputError } from '../admin/registry.js';
import type { Logger } from '../log.js';

/** An API failure with its HTTP status, a stable code and a message a person can read (Chinese). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown[],
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new ApiError(404, 'not_found', `没有找到${what}`);
export const forbidden = (message = '您的角色无权进行此操作') => new ApiError(403, 'forbidden', message);

/** An operator-input refusal from the registry (src/admin) as a 400; anything else unchanged, to rethrow. */
export function fromAdminInput(error: unknown): unknown {
  return error instanceof AdminInputError ? new ApiError(400, 'invalid_input', error.message) : error;
}

/** Zod issues as `字段: 问题` lines, for a 400 answer. */
export function invalidInput(error: ZodError): ApiError {
  const details = error.issues.map((i) => ({ field: i.path.join('.') || '(body)', problem: i.message }));
  return new ApiError(400, 'invalid_input', `输入有误：${details.map((d) => `${d.field} ${d.problem}`).join('；')}`, details);
}

/** Turns thrown ApiErrors into JSON answers; anything else is logged and answered 500 without internals. */
export function apiErrors(logger: Logger) {
  return async (ctx: Context, next: Next) => {
    try {
      await next();
    } catch (error) {
      if (error instanceof ApiError) {
        ctx.status = error.status;
        ctx.body = { error: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) };
        // Every refusal leaves a line (never the token): who asked what, and why it was refused.
        const entry = { path: ctx.path, method: ctx.method, status: error.status, code: error.code, principal: (ctx.state.principal as { name?: string } | undefined)?.name };
        if (error.status === 401 || error.status === 403) logger.warn(entry, 'api access refused');
        else logger.info({ ...entry, reason: error.message }, 'api request refused');
        return;
      }
      logger.error({ err: error, path: ctx.path }, 'api request failed');
      ctx.status = 500;
      ctx.body = { error: 'internal_error', message: '服务器内部错误，请稍后重试或联系管理员' };
    }
  };
}
