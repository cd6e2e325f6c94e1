/** A JSON answer of the API as the tests read it: any shape. */
export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON answers

export interface ApiCall {
  method?: string;
  /** The bearer token; the client's default when not given, none when neither is. */
  token?: string;
  json?: unknown;
}

/**
 * Calls the app's HTTP API as a client would, with a bearer token and a JSON body; redirects are returned, not
 * followed. `baseUrl` is read at each call (the app starts after the tests are declared).
 */
export function apiClient(baseUrl: () => string, defaultToken?: string) {
  const call = (path: string, init: ApiCall = {}) => {
    const token = init.token ?? defaultToken;
    return fetch(`${baseUrl()}${path}`, {
      method: init.method ?? 'GET',
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: init.json !== undefined ? JSON.stringify(init.json) : undefined,
      redirect: 'manual',
    });
  };
  const json = async (path: string, init: ApiCall = {}) => {
    const response = await call(path, init);
    return { status: response.status, body: (await response.json()) as Json };
  };
  return { call, json };
}
