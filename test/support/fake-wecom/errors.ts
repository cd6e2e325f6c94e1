import { randomBytes } from 'node:crypto';
import type { ApiResult } from './http-kit.js';

/**
 * errmsg texts of the errcodes the fake answers. Codes marked "unsure" are our best reading of WeCom's global
 * error table (developer.work.weixin.qq.com/devtool/query); production code must branch on the code only.
 */
const errmsgs: Record<number, string> = {
  [-1]: 'system busy',
  40001: 'invalid credential', // gettoken with a wrong secret; also a long-connection subscribe with a wrong secret (unsure)
  40004: 'invalid media type', // media/upload ?type= not image|voice|video|file (unsure)
  40005: 'invalid file type', // an image that is not jpg/png (unsure)
  40006: 'invalid file size', // under 5 bytes or over the type's limit (unsure)
  40007: 'invalid media_id',
  40008: 'invalid message type', // unsure
  40013: 'invalid corpid',
  40014: 'invalid access_token',
  40056: 'invalid agentid', // unsure
  40058: 'invalid Request Parameter', // WeCom's catch-all for a field that fails validation
  41001: 'access_token missing',
  41002: 'corpid missing', // unsure
  41004: 'corpsecret missing', // unsure
  41005: 'media data missing', // no multipart part named "media" (unsure)
  41009: 'userid missing', // unsure
  42001: 'access_token expired',
  44004: 'empty content', // text/markdown content "" (unsure)
  45002: 'content size out of limit', // request body over the fake's limit (unsure)
  45009: 'api freq out of limit',
  47001: 'data format error', // body is not JSON (unsure)
  60111: 'userid not found',
  81013: 'user & party & tag all invalid',
  93000: 'invalid webhook url', // unknown or removed group-robot key
  846605: 'invalid req_id', // long connection: a reply to a req_id the server never pushed (seen in the wild)
};

/** The errmsg WeCom would send: detail first, then the code's text and a hint, as real answers look. */
export function errmsgFor(errcode: number, detail?: string): string {
  const text = errmsgs[errcode] ?? 'unknown error';
  const hint = `${Date.now()}_${randomBytes(6).toString('hex')}`;
  const prefix = detail ? `${detail}. ` : '';
  return `${prefix}${text}, hint: [${hint}], from ip: 127.0.0.1, more info at https://open.work.weixin.qq.com/devtool/query?e=${errcode}`;
}

/** A JSON error answer (HTTP 200 unless given: WeCom reports API errors in the body). */
export function wecomError(errcode: number, detail?: string, status = 200): ApiResult {
  return { status, json: { errcode, errmsg: errmsgFor(errcode, detail) } };
}

/** A JSON success answer with extra fields. */
export function ok(fields: Record<string, unknown> = {}, errmsg = 'ok'): ApiResult {
  return { status: 200, json: { errcode: 0, errmsg, ...fields } };
}
