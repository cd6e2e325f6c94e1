import { callWecom } from './http.js';
import type { MessageBody } from './outbound-message.js';

/**
 * Group-robot webhook client. The key is the credential: it is never logged (errors carry the path only).
 * Pacing (20 messages a minute per key) is the deliver job's business, not this client's.
 */
export class WebhookClient {
  constructor(private readonly options: { apiBase: string; timeoutMs?: number }) {}

  /** Sends one message to the robot's group. */
  async send(key: string, body: MessageBody): Promise<void> {
    await callWecom(this.options.apiBase, { method: 'POST', path: '/cgi-bin/webhook/send', query: { key }, json: body }, this.options.timeoutMs ?? 10_000);
  }

  /** Uploads a file for the robot to send (valid 3 days); returns its media_id. */
  async uploadMedia(key: string, bytes: Buffer, filename: string): Promise<string> {
    const form = new FormData();
    form.append('media', new Blob([bytes]), filename);
    const data = await callWecom<{ media_id: string }>(
      this.options.apiBase,
      { method: 'POST', path: '/cgi-bin/webhook/upload_media', query: { key, type: 'file' }, form },
      this.options.timeoutMs ?? 10_000,
    );
    return data.media_id;
  }
}
