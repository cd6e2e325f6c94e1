import type { Context, Next } from 'koa';
import { z, type ZodError } from 'zod';
import { AdminInputError, ProsecutorsNotBoundError } from '../admin/registry.js';
import type { Logger } from '../log.js';

/** An API failure with its HTTP status, a stable code and a message a person can read (Chinese). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown[],
    /** What went wrong underneath (e.g. an operator-facing English message), for the log only. */
    readonly internal?: string,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new ApiError(404, 'not_found', `没有找到${what}`);
export const forbidden = (message = '您的角色无权进行此操作') => new ApiError(403, 'forbidden', message);

/** A 400 about one field, in the same shape as a schema refusal: `输入有误：字段 问题`. */
export function fieldError(field: string, problem: string): ApiError {
  return new ApiError(400, 'invalid_input', `输入有误：${field} ${problem}`, [{ field, problem }]);
}

/**
 * An operator-input refusal from the registry (src/admin) as a 400; anything else unchanged, to rethrow. The
 * registry words its refusals in English for the CLI; the routes check what they can first, in Chinese, so this
 * is the fallback: a Chinese answer, the English reason kept for the log.
 */
export function fromAdminInput(error: unknown): unknown {
  if (error instanceof ProsecutorsNotBoundError) {
    const named = error.userids.map((u) => `「${u}」`).join('、');
    return fieldError('prosecutors', `${named}不是在岗的检察官或管理员，请先将其绑定为检察官（角色 prosecutor），再指定为承办检察官`);
  }
  return error instanceof AdminInputError ? new ApiError(400, 'invalid_input', '输入有误，请核对后重试', undefined, error.message) : error;
}

const typeNames: Record<string, string> = {
  string: '文本', number: '数字', int: '整数', boolean: '布尔值（true 或 false）', object: '对象', array: '数组', null: '空值', date: '日期',
};

const sizeUnits: Record<string, string> = { string: '个字符', array: '项', set: '项', file: '字节' };

/** Zod's issues in Chinese (the dashboard shows them as they are); a schema's own message still wins. */
const chineseIssue: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? '必填' : `应为${typeNames[issue.expected] ?? issue.expected}`;
    case 'invalid_value':
      return `应为以下之一：${issue.values.map(String).join('、')}`;
    case 'too_small': {
      const unit = sizeUnits[issue.origin];
      if (unit === '个字符' && Number(issue.minimum) === 1) return '不能为空';
      return unit ? `至少 ${String(issue.minimum)} ${unit}` : `不能小于 ${String(issue.minimum)}`;
    }
    case 'too_big': {
      const unit = sizeUnits[issue.origin];
      return unit ? `最多 ${String(issue.maximum)} ${unit}` : `不能大于 ${String(issue.maximum)}`;
    }
    case 'unrecognized_keys':
      return `不支持的参数：${issue.keys.join('、')}`;
    case 'invalid_format':
      return '格式不正确';
    case 'invalid_union':
      return '不是可接受的取值';
    default:
      return '取值无效';
  }
};

/** Options for safeParse that word every issue in Chinese. */
export const chineseParse = { error: chineseIssue } as const;

/** Zod issues as `字段: 问题` lines, for a 400 answer. */
export function invalidInput(error: ZodError): ApiError {
  const details = error.issues.map((i) => ({ field: i.path.join('.') || '请求', problem: i.message }));
  // An issue of the request as a whole (unknown parameters) reads without the field: 输入有误：不支持的参数：agency.
  const said = details.map((d) => (d.field === '请求' ? d.problem : `${d.field} ${d.problem}`));
  return new ApiError(400, 'invalid_input', `输入有误：${said.join('；')}`, details);
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
        else logger.info({ ...entry, reason: error.internal ?? error.message }, 'api request refused');
        return;
      }
      logger.error({ err: error, path: ctx.path }, 'api request failed');
      ctx.status = 500;
      ctx.body = { error: 'internal_error', message: '服务器内部错误，请稍后重试或联系管理员' };
    }
  };
}
