// Keeps a tab true to the session it shows. Every tab shares one session cookie: a login in another tab makes this
// tab's requests another person's, and a session may end while the page stays open.
/* global Element, document, window */ // browser globals, for the repository's Node-oriented ESLint config
import { ApiError, LOGGED_OUT_KEY, apiDownload, apiGet, goToLogin, watchPrincipal } from './api.js';
import { h } from './dom.js';
import { errorMessage } from './errors.js';
import { ROLE_NAMES } from './format.js';

/** Whom this tab showed before it reloaded for another principal (set just before the reload). */
const CHANGED_KEY = 'lb-principal-changed';

function remember(key, value) {
  try {
    if (value === null) sessionStorage.removeItem(key);
    else sessionStorage.setItem(key, value);
  } catch {
    // Storage refused: the page works on, it only says less.
  }
}

function recall(key) {
  try {
    return sessionStorage.getItem(key);
  } catch {
    return null;
  }
}

/** 退出 in this tab: pages reached afterwards (Back) say the user logged out, not that the login expired. */
export function markLoggedOut() {
  remember(LOGGED_OUT_KEY, '1');
}

/** A page shown with a session: whatever comes later in this tab is no longer "after 退出". */
export function forgetLogout() {
  remember(LOGGED_OUT_KEY, null);
}

/** 王检察官（检察官）. */
export function principalLabel(me) {
  return `${me.displayName ?? me.name}（${ROLE_NAMES[me.role] ?? '用户'}）`;
}

/** Reloads the tab for the principal now signed in, noting whom it showed so that the new page can say so. */
function reloadFor(me) {
  return (_answeredFor, { notSubmitted = false } = {}) => {
    remember(CHANGED_KEY, JSON.stringify({ name: me.name, label: principalLabel(me), notSubmitted }));
    window.location.reload();
  };
}

/** After such a reload: a banner saying that the page now shows another person's view, and how to go back. */
export function announcePrincipalChange(me) {
  const raw = recall(CHANGED_KEY);
  remember(CHANGED_KEY, null);
  let before = null;
  try {
    before = raw ? JSON.parse(raw) : null;
  } catch {
    before = null;
  }
  if (!before?.label || before.name === me.name) return;
  // The change this tab was sending was refused before anything was done: said first, it is what the user was doing.
  const refused = before.notSubmitted ? '您刚才的操作未提交：登录身份已变更。' : '';
  const text = `${refused}本浏览器已在其他窗口以 ${principalLabel(me)} 身份登录，此页面原来的 ${before.label} 登录已被替换，现在显示的是 ${me.displayName ?? me.name} 可以查看的内容。如需以 ${before.label} 身份使用，请退出后重新登录。`;
  document.getElementById('view').before(h('div', { class: 'alert alert-warn principal-changed', role: 'alert', testid: 'principal-changed' }, text));
}

/**
 * Checks each API answer against `me` (api.js reloads the tab for the new principal), and asks the server again
 * whenever the tab comes back into view, so a tab left open does not go on showing one person's name over another's
 * session until its next click.
 */
export function watchSession(me) {
  watchPrincipal(me.name, reloadFor(me));
  let lastCheck = 0;
  const check = () => {
    if (document.visibilityState !== 'visible' || Date.now() - lastCheck < 1000) return;
    lastCheck = Date.now();
    apiGet('/api/me').catch((err) => {
      if (err instanceof ApiError && err.status === 401) goToLogin();
    });
  };
  window.addEventListener('focus', check);
  document.addEventListener('visibilitychange', check);
  // Back to this page from the browser's cache (after 退出, say): it is shown as it was, without asking the server.
  window.addEventListener('pageshow', (event) => {
    if (event.persisted) {
      lastCheck = 0;
      check();
    }
  });
}

/** A failed download or evidence link said in the page (the link itself stays as it was). */
function showLinkError(err) {
  const view = document.getElementById('view');
  view.querySelector('[data-testid=download-error]')?.remove();
  view.prepend(h('div', { class: 'alert alert-error', role: 'alert', testid: 'download-error' }, errorMessage(err)));
}

async function download(link) {
  link.setAttribute('aria-busy', 'true');
  try {
    await apiDownload(link.getAttribute('href'), link.getAttribute('download') || `${link.textContent.trim() || '导出'}.xlsx`);
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return goToLogin();
    if (!(err instanceof ApiError && err.code === 'principal_changed')) showLinkError(err);
  } finally {
    link.removeAttribute('aria-busy');
  }
}

/** Opens an evidence photo in a new tab once the session is known to hold, else the login page here. */
async function openChecked(link) {
  // Opened now, while the click still counts as the user's (a window opened after an await may be blocked).
  const opened = window.open('about:blank', '_blank');
  try {
    await apiGet('/api/me');
    if (opened) opened.location.href = link.href;
    else window.location.assign(link.href);
  } catch (err) {
    opened?.close();
    if (err instanceof ApiError && err.status === 401) return goToLogin();
    if (!(err instanceof ApiError && err.code === 'principal_changed')) showLinkError(err);
  }
}

/**
 * Exports and evidence are plain links to /api (they download, or open a photo), which the browser would follow
 * without the page: after the session ended it saved the 401's JSON as 导出.json. Each is followed through the page
 * instead, so an ended session goes to the login page as every other click does. Modified clicks (a new tab by
 * the user's choice) are left to the browser.
 */
export function guardApiLinks() {
  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = event.target instanceof Element ? event.target.closest('a[href^="/api/"]') : null;
    if (!link) return;
    event.preventDefault();
    if (link.hasAttribute('download')) void download(link);
    else void openChecked(link);
  });
}
