// All calls to the server's /api. Errors become ApiError with a Chinese message for people.
/* global window */ // browser globals, for the repository's Node-oriented ESLint config

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

async function request(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
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
  const data = await readJson(response);
  if (!response.ok) {
    const message = typeof data?.message === 'string' && data.message ? data.message : defaultMessage(response.status);
    throw new ApiError(response.status, data?.error ?? `http_${response.status}`, message, data?.details);
  }
  return data;
}

export function apiGet(path, params) {
  return request('GET', withQuery(path, params));
}

export function apiPost(path, body = {}) {
  return request('POST', path, body);
}

/**
 * Leaves for the login page after a 401: the page itself needed a session, so it has ended (expired, or logged
 * out elsewhere). The login page says so and, once logged in again, comes back to this page.
 */
export function goToLogin() {
  window.location.assign(withQuery(LOGIN_PAGE, { expired: 1, next: `${window.location.pathname}${window.location.hash}` }));
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
