/** An error answer from WeCom: errcode ≠ 0, or an HTTP failure (errcode -2 for transport errors we make up). */
export class WecomApiError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
    readonly path: string,
    readonly httpStatus?: number,
  ) {
    super(`WeCom ${path} failed: ${errcode} ${errmsg}`);
    this.name = 'WecomApiError';
  }

  /** The token was refused: refresh it and try once more. */
  get isTokenError(): boolean {
    return tokenErrors.has(this.errcode);
  }

  /** Worth retrying later with backoff: WeCom busy, over a frequency limit, or a server/transport error. */
  get isRetryable(): boolean {
    return this.errcode === -1 || this.errcode === 45009 || this.errcode === transportErrcode || (this.httpStatus ?? 0) >= 500;
  }
}

/** 40014 invalid token, 42001 token expired, 40001 invalid credential. */
export const tokenErrors = new Set([40014, 42001, 40001]);

/** errcode used for HTTP-level failures (5xx, timeouts, non-JSON answers); not a WeCom code. */
export const transportErrcode = -2;
