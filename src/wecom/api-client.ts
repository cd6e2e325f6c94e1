import type { Redis } from 'ioredis';
import { WecomApiError } from './errors.js';
import { callWecom, fetchWecom, readJson, type WecomRequest } from './http.js';
import type { MessageBody, SendResult, TemplateCard } from './outbound-message.js';
import { TokenCache } from './token-cache.js';

export interface WecomApiClientOptions {
  /** https://qyapi.weixin.qq.com, a private deployment, or the fake. */
  apiBase: string;
  corpId: string;
  corpSecret: string;
  agentId: number;
  /** Shared token cache. */
  redis: Redis;
  /** Prefix of the Redis keys this client uses. */
  keyPrefix: string;
  timeoutMs?: number;
}

/** A member as user/get answers. */
export interface WecomUser {
  userid: string;
  name: string;
  mobile?: string;
  department?: number[];
}

/**
 * Typed client of the self-built app's server API. The access token is shared by all processes
 * through Redis; a refused token (40014 / 42001 / 40001) is refreshed and the call retried once.
 */
export class WecomApiClient {
  readonly tokens: TokenCache;
  private readonly timeoutMs: number;

  constructor(private readonly options: WecomApiClientOptions) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.tokens = new TokenCache({
      redis: options.redis,
      key: `${options.keyPrefix}:wecom:token:${options.corpId}:${options.agentId}`,
      fetchToken: async () => {
        const data = await callWecom<{ access_token: string; expires_in: number }>(
          options.apiBase,
          { method: 'GET', path: '/cgi-bin/gettoken', query: { corpid: options.corpId, corpsecret: options.corpSecret } },
          this.timeoutMs,
        );
        return { token: data.access_token, expiresIn: data.expires_in };
      },
    });
  }

  /** Runs `call` with the current token, refreshing and retrying once when WeCom refuses the token. */
  private async withToken<T>(call: (token: string) => Promise<T>): Promise<T> {
    const token = await this.tokens.get();
    try {
      return await call(token);
    } catch (error) {
      if (!(error instanceof WecomApiError) || !error.isTokenError) throw error;
      return call(await this.tokens.refresh(token));
    }
  }

  private request<T extends object>(request: WecomRequest) {
    return this.withToken((token) =>
      callWecom<T>(this.options.apiBase, { ...request, query: { ...request.query, access_token: token } }, this.timeoutMs),
    );
  }

  /** message/send to members (userids, joined with |). */
  async sendMessage(touser: string[], body: MessageBody): Promise<SendResult> {
    const data = await this.request<{ msgid?: string; invaliduser?: string; response_code?: string }>({
      method: 'POST',
      path: '/cgi-bin/message/send',
      json: { touser: touser.join('|'), agentid: this.options.agentId, ...body },
    });
    return {
      msgid: data.msgid,
      invalidUsers: data.invaliduser ? data.invaliduser.split('|').filter(Boolean) : [],
      responseCode: data.response_code,
    };
  }

  /** Replaces a card after a button click (once per response_code): a new button name or a whole card. */
  async updateTemplateCard(options: { responseCode: string; userids?: string[]; replaceName?: string; card?: TemplateCard }): Promise<void> {
    await this.request({
      method: 'POST',
      path: '/cgi-bin/message/update_template_card',
      json: {
        agentid: this.options.agentId,
        response_code: options.responseCode,
        ...(options.userids ? { userids: options.userids } : { atall: 1 }),
        ...(options.card ? { template_card: options.card } : { button: { replace_name: options.replaceName ?? '已处理' } }),
      },
    });
  }

  /** Uploads a temporary media file (valid 3 days) and returns its media_id. */
  async uploadMedia(type: 'image' | 'file' | 'voice' | 'video', bytes: Buffer, filename: string): Promise<string> {
    const data = await this.withToken((token) => {
      const form = new FormData();
      form.append('media', new Blob([bytes]), filename);
      return callWecom<{ media_id: string }>(
        this.options.apiBase,
        { method: 'POST', path: '/cgi-bin/media/upload', query: { access_token: token, type }, form },
        this.timeoutMs,
      );
    });
    return data.media_id;
  }

  /** Downloads a media file; WeCom answers JSON instead of bytes when it refuses. */
  async downloadMedia(mediaId: string): Promise<{ bytes: Buffer; contentType: string; filename?: string }> {
    return this.withToken(async (token) => {
      const path = '/cgi-bin/media/get';
      const response = await fetchWecom(this.options.apiBase, { method: 'GET', path, query: { access_token: token, media_id: mediaId } }, this.timeoutMs);
      const contentType = response.headers.get('content-type') ?? 'application/octet-stream';
      if (contentType.includes('json') || contentType.startsWith('text/plain')) {
        await readJson(response, path);
        throw new WecomApiError(-2, 'media/get answered JSON without an error', path);
      }
      const disposition = response.headers.get('content-disposition') ?? '';
      const filename = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1];
      return { bytes: Buffer.from(await response.arrayBuffer()), contentType, filename: filename ? decodeURIComponent(filename) : undefined };
    });
  }

  /** user/get: a member's name, mobile and departments. */
  async getUser(userid: string): Promise<WecomUser> {
    return this.request<WecomUser>({ method: 'GET', path: '/cgi-bin/user/get', query: { userid } });
  }
}
