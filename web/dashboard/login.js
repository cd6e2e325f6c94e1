// The login page: one access token, POST /api/login, then the dashboard (or the page the user was on).
/* global document, window */ // browser globals, for the repository's Node-oriented ESLint config
import { ApiError, HOME_PAGE, LOGGED_OUT_KEY, LOGIN_PAGE, apiPost, currentSession } from './api.js';
import { ROLE_NAMES } from './format.js';

const form = document.getElementById('login-form');
const input = document.getElementById('login-token');
const error = document.getElementById('login-error');
const submit = document.getElementById('login-submit');
const notice = document.getElementById('login-notice');
const session = document.getElementById('login-session');
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

/** Whether 退出 was pressed in this tab (Back to a dashboard page then comes here, redirected by the server). */
function loggedOutHere() {
  try {
    return sessionStorage.getItem(LOGGED_OUT_KEY) === '1';
  } catch {
    return false;
  }
}

/** Why the login page was opened, when a page sent the user here: the session ended under them, or they logged out. */
function showNotice() {
  if (params.get('loggedout') !== null || loggedOutHere()) notice.textContent = '您已退出登录。如需继续使用，请重新登录。';
  else if (params.get('expired') !== null) notice.textContent = '登录已过期，请重新登录';
  else return;
  notice.hidden = false;
}

function showForm() {
  session.hidden = true;
  form.hidden = false;
  input.focus();
}

/**
 * A session already open in this browser (another tab logged in): said, with the choice to go on as that person or to
 * log out first. Logging in over it would silently make every other tab that person's.
 */
async function offerSession() {
  const me = await currentSession();
  if (!me) return showForm();
  notice.hidden = true;
  const role = ROLE_NAMES[me.role] ?? '用户';
  const agency = me.role === 'agency_admin' && me.agencyName && !String(me.displayName ?? '').includes(me.agencyName) ? `，${me.agencyName}` : '';
  document.getElementById('login-session-text').textContent = `您已以 ${me.displayName ?? me.name}（${role}${agency}）身份登录。`;
  session.hidden = false;
  document.getElementById('login-continue').focus();
}

async function switchUser(event) {
  const button = event.currentTarget;
  button.disabled = true;
  try {
    await apiPost('/api/logout');
  } catch {
    // Ended or unreachable: either way the form is what comes next; a failed login will say why.
  }
  button.disabled = false;
  showForm();
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
    try {
      sessionStorage.removeItem(LOGGED_OUT_KEY);
    } catch {
      // Only the wording after a later 退出 depends on it.
    }
    window.location.assign(nextPage());
  } catch (err) {
    showError(messageFor(err));
    submit.disabled = false;
    submit.textContent = '登录';
  }
}

showNotice();
form.addEventListener('submit', login);
input.addEventListener('input', clearError);
document.getElementById('login-continue').addEventListener('click', () => window.location.assign(nextPage()));
document.getElementById('login-switch').addEventListener('click', switchUser);
void offerSession();
