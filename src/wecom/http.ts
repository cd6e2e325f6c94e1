import { transportErrcode, WecomApiError } from './errors.js';

/** One HTTP call to WeCom, the way every WeCom endpoint answers: JSON with errcode/errmsg. */
export interface WecomRequest {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string>;
  json?: unknown;
  form?: FormData;
}

/** Performs a request and returns the parsed JSON; any errcode ≠ 0 or HTTP failure becomes a WecomApiError. */
export async function callWecom<T extends object>(apiBase: string, request: WecomRequest, timeoutMs: number): Promise<T & { errcode?: number; errmsg?: string }> {
  const response = await fetchWecom(apiBase, request, timeoutMs);
  return readJson<T>(response, request.path);
}

/** Performs a request and returns the raw response (media downloads answer bytes, or JSON on error). */
export async function fetchWecom(apiBase: string, request: WecomRequest, timeoutMs: number): Promise<Response> {
  const url = new URL(apiBase + request.path);
  for (const [k, v] of Object.entries(request.query ?? {})) url.searchParams.set(k, v);
  let response: Response;
  try {
    response = await fetch(url, {
      method: request.method,
      headers: request.json === undefined ? undefined : { 'content-type': 'application/json' },
      body: request.form ?? (request.json === undefined ? undefined : JSON.stringify(request.json)),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    // The URL may carry a token or secret: report the host (is WECOM_API_BASE right?) and the path only.
    throw new WecomApiError(transportErrcode, `${(error as Error).name === 'TimeoutError' ? 'timed out' : 'connection failed'} (${url.host})`, request.path);
  }
  if (response.status >= 500) {
    throw new WecomApiError(transportErrcode, `HTTP ${response.status}`, request.path, response.status);
  }
  return response;
}

/** Parses a WeCom JSON answer, throwing on errcode ≠ 0. */
export async function readJson<T extends object>(response: Response, path: string): Promise<T & { errcode?: number; errmsg?: string }> {
  let data: T & { errcode?: number; errmsg?: string };
  try {
    data = (await response.json()) as T & { errcode?: number; errmsg?: string };
  } catch {
    throw new WecomApiError(transportErrcode, `HTTP ${response.status} with a body that is not JSON`, path, response.status);
  }
  if (typeof data.errcode === 'number' && data.errcode !== 0) {
    throw new WecomApiError(data.errcode, data.errmsg ?? '', path, response.status);
  }
  if (!response.ok) throw new WecomApiError(transportErrcode, `HTTP ${response.status}`, path, response.status);
  return data;
}
