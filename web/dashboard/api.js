// All calls to the server's /api. Errors become ApiError with a Chinese message for people.
/* global document, window */ // browser globals, for the repository's Node-oriented ESLint config

export const LOGIN_PAGE = '/dashboard/login.html';
export const HOME_PAGE = '/dashboard/';

export class ApiError extends Error {
  constructor(status, code, message, details) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

const DEFAULT_MESSAGES = {
  400: '请求内容有误，请检查后重试。',
  401: '登录已过期，请重新登录。',
  403: '无权访问此页面',
  404: '未找到相关记录。',
  409: '操作与当前状态冲突，请刷新后重试。',
  429: '请求过于频繁，请稍后再试。',
};

function defaultMessage(status) {
  return DEFAULT_MESSAGES[status] ?? (status >= 500 ? `服务器暂时无法处理请求（${status}），请稍后重试。` : `请求失败（${status}）。`);
}

/** `path` with the non-empty values of `params` as a query string, in the order given. */
export function withQuery(path, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    query.append(key, String(value));
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

async function readJson(response) {
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('json')) return null;
  try {
    return await response.json();
  } catch {
    return null;
  }
}

/** The response header naming who the server took the caller for (src/api/session-guard.ts). */
const PRINCIPAL_HEADER = 'x-principal';

/** The request header naming whom this page shows: the server refuses a change for anyone else, before acting. */
const EXPECTED_PRINCIPAL_HEADER = 'x-expected-principal';

/**
 * Who this page shows as signed in, and what to do when an answer comes for someone else: the session cookie is
 * shared by every tab, so a login in another tab silently makes this tab's requests that person's.
 */
let shownPrincipal = null;
let onPrincipalChange = null;

/**
 * Makes every API answer be checked against `name` (the principal the page shows), and every change name them to the
 * server; `onChange(newName, { notSubmitted })` once on a mismatch (`notSubmitted`: a change was refused for it).
 */
export function watchPrincipal(name, onChange) {
  shownPrincipal = name;
  onPrincipalChange = onChange;
}

/** Whom the page shows as signed in (null before it knows). */
export function shownPrincipalName() {
  return shownPrincipal;
}

function decodeHeader(value) {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * Throws (after telling the page, once) when `response` was answered for another principal than the one shown. A
 * change (`change`) sent so was refused by the server before it acted (it named the principal shown).
 */
function checkPrincipal(response, change) {
  const header = response.headers.get(PRINCIPAL_HEADER);
  if (!shownPrincipal || !header) return;
  const answeredFor = decodeHeader(header);
  if (answeredFor === shownPrincipal) return;
  const notify = onPrincipalChange;
  onPrincipalChange = null;
  notify?.(answeredFor, { notSubmitted: change });
  // Never hand another person's data to a page that shows this person's name.
  throw new ApiError(409, 'principal_changed', '登录身份已变更，页面正在刷新…');
}

async function send(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const change = method !== 'GET';
  if (change && shownPrincipal) headers[EXPECTED_PRINCIPAL_HEADER] = encodeURIComponent(shownPrincipal);
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', '无法连接服务器，请检查网络后重试。');
  }
  checkPrincipal(response, change);
  return response;
}

async function failure(response) {
  const data = await readJson(response);
  const message = typeof data?.message === 'string' && data.message ? data.message : defaultMessage(response.status);
  return new ApiError(response.status, data?.error ?? `http_${response.status}`, message, data?.details);
}

async function request(method, path, body) {
  const response = await send(method, path, body);
  if (!response.ok) throw await failure(response);
  return readJson(response);
}

export function apiGet(path, params) {
  return request('GET', withQuery(path, params));
}

export function apiPost(path, body = {}) {
  return request('POST', path, body);
}

/** Who the session cookie belongs to now, without the principal check: for the login page, which shows no data. */
export async function currentSession() {
  const response = await fetch('/api/me', { headers: { Accept: 'application/json' }, credentials: 'same-origin' }).catch(() => null);
  return response?.ok ? readJson(response) : null;
}

/** Set by 退出 in this tab: a page reached afterwards (the browser's Back) says the user logged out, not that it expired. */
export const LOGGED_OUT_KEY = 'lb-logged-out';

function loggedOutHere() {
  try {
    return sessionStorage.getItem(LOGGED_OUT_KEY) === '1';
  } catch {
    return false;
  }
}

/**
 * Leaves for the login page after a 401: the page itself needed a session, so it has ended (expired, or logged
 * out elsewhere). The login page says so and, once logged in again, comes back to this page. After a deliberate
 * 退出 in this tab, it says that instead.
 */
export function goToLogin() {
  const reason = loggedOutHere() ? { loggedout: 1 } : { expired: 1 };
  window.location.assign(withQuery(LOGIN_PAGE, { ...reason, next: `${window.location.pathname}${window.location.hash}` }));
}

/** The file name a download's Content-Disposition gives (filename*=UTF-8''… first), else `fallback`. */
function downloadName(response, fallback) {
  const disposition = response.headers.get('content-disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  if (encoded) return decodeHeader(encoded);
  return /filename="([^"]+)"/i.exec(disposition)?.[1] ?? fallback;
}

/**
 * Downloads `path` (an export) through fetch, so that a session that ended leads to the login page like any other
 * page, and a failure is a message, rather than the browser saving the error's JSON as the file.
 */
export async function apiDownload(path, fallbackName) {
  const response = await send('GET', path);
  if (!response.ok) throw await failure(response);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = downloadName(response, fallbackName);
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The click has handed the blob to the download; give it a moment before letting it go.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The URL of an .xlsx export: the list URL with its filters (no paging) plus format=xlsx. */
export function exportUrl(path, filters) {
  return withQuery(path, { ...filters, format: 'xlsx' });
}

/** One cached load of the agencies (for the agency filter); resolves to [] when not allowed. */
let agenciesPromise = null;
export function loadAgencyOptions() {
  agenciesPromise ??= apiGet('/api/agencies', { page: 1, pageSize: 200 })
    .then((data) => (data?.items ?? []).map((item) => ({ value: String(item.id), label: String(item.name ?? item.id) })))
    .catch(() => {
      agenciesPromise = null;
      return [];
    });
  return agenciesPromise;
}

/**
 * One cached load of the domains and campaigns the statistics know, offered as suggestions in the lists' 领域 and
 * 专项 filters (which match a whole name); {} when not available.
 */
let dimensionsPromise = null;
export function loadDimensionOptions() {
  const keys = (rows) => (Array.isArray(rows) ? rows.map((row) => String(row.key)) : []);
  dimensionsPromise ??= apiGet('/api/stats')
    .then((data) => ({ domain: keys(data?.byDomain), campaign: keys(data?.byCampaign) }))
    .catch(() => {
      dimensionsPromise = null;
      return {};
    });
  return dimensionsPromise;
}
