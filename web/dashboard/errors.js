// How failures are shown: a polite message in the page; 401 and 403 are decided by the caller (app.js).
import { ApiError } from './api.js';
import { h } from './dom.js';

export const FORBIDDEN_TEXT = '无权访问此页面';

/**
 * The sentence to show for an error: 403 → 无权访问此页面 (but an unknown agency says what to do), API errors →
 * their message, anything else → generic.
 */
export function errorMessage(err) {
  if (err instanceof ApiError) return err.status === 403 && err.code !== 'unknown_agency' ? FORBIDDEN_TEXT : err.message;
  return '页面出错了，请刷新后重试。';
}

/** Errors that replace the whole page (login needed, or no access) rather than a part of it. */
export function isPageLevel(err) {
  return err instanceof ApiError && (err.status === 401 || err.status === 403);
}

/** An alert box with the error's message. */
export function errorBox(err) {
  return h('div', { class: 'alert alert-error', role: 'alert', testid: 'page-error' }, errorMessage(err));
}
