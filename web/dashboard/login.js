// The login page: one access token, POST /api/login, then the dashboard (or the page the user was on).
/* global document, window */ // browser globals, for the repository's Node-oriented ESLint config
import { ApiError, HOME_PAGE, LOGIN_PAGE, apiPost } from './api.js';

const form = document.getElementById('login-form');
const input = document.getElementById('login-token');
const error = document.getElementById('login-error');
const submit = document.getElementById('login-submit');
const notice = document.getElementById('login-notice');
const params = new URLSearchParams(window.location.search);

/** Whether `url` is a page of ours a login may lead back to: the dashboard or the queue board, never elsewhere. */
function isOwnPage(url) {
  if (url.origin !== window.location.origin || url.pathname === LOGIN_PAGE) return false;
  return url.pathname.startsWith('/dashboard/') || url.pathname === '/admin/queues' || url.pathname.startsWith('/admin/queues/');
}

/**
 * Where to go once logged in: `next` (the page a 401 or the queue board sent the user from), else the dashboard
 * page whose #route came along when the server redirected a visit without a session here.
 */
function nextPage() {
  const next = params.get('next');
  if (next) {
    try {
      const url = new URL(next, window.location.origin);
      if (isOwnPage(url)) return `${url.pathname}${url.search}${url.hash}`;
    } catch {
      // Not a URL: go home.
    }
    return HOME_PAGE;
  }
  return `${HOME_PAGE}${window.location.hash}`;
}

/** A session that ended under the user (expiry, logout elsewhere) is said so, not just a bare login form. */
function showExpired() {
  if (params.get('expired') === null) return;
  notice.textContent = '登录已过期，请重新登录';
  notice.hidden = false;
}

function showError(message) {
  error.textContent = message;
  error.hidden = false;
  input.setAttribute('aria-invalid', 'true');
  input.focus();
}

function clearError() {
  error.textContent = '';
  error.hidden = true;
  input.removeAttribute('aria-invalid');
}

function messageFor(err) {
  if (err instanceof ApiError && err.status === 401) return '令牌无效，请核对后重新输入。';
  if (err instanceof ApiError) return err.message;
  return '登录失败，请稍后重试。';
}

async function login(event) {
  event.preventDefault();
  clearError();
  const token = input.value.trim();
  if (!token) {
    showError('请输入令牌。');
    return;
  }
  submit.disabled = true;
  submit.textContent = '登录中…';
  try {
    await apiPost('/api/login', { token });
    window.location.assign(nextPage());
  } catch (err) {
    showError(messageFor(err));
    submit.disabled = false;
    submit.textContent = '登录';
  }
}

showExpired();
form.addEventListener('submit', login);
input.addEventListener('input', clearError);
input.focus();
