import { decryptFile } from '@wecom/aibot-node-sdk';
import type { WecomApiClient } from '../wecom/api-client.js';
import type { InboundMedia } from '../wecom/inbound-message.js';

/** A file as received: its bytes, type and name (when WeCom gives one). */
export interface FetchedMedia {
  bytes: Buffer;
  contentType: string;
  filename?: string;
}

/** Most files staff send are photos and office documents; anything larger is refused before storing. */
export const maxMediaBytes = 20 * 1024 * 1024;

/**
 * Downloads a received photo or file: through the media API for app messages, or from the intelligent
 * bot's short-lived URL, decrypted with the message's own AES key.
 */
export async function fetchMedia(api: WecomApiClient, media: InboundMedia): Promise<FetchedMedia> {
  if (media.mediaId) {
    const { bytes, contentType, filename } = await api.downloadMedia(media.mediaId);
    return { bytes, contentType, filename: filename ?? media.filename };
  }
  if (!media.url) throw new Error('media without media id or URL');
  const response = await fetch(media.url, { signal: AbortSignal.timeout(30_000) });
  if (!response.ok) throw new Error(`media download answered HTTP ${response.status}`);
  const raw = Buffer.from(await response.arrayBuffer());
  const bytes = media.aesKey ? decryptFile(raw, media.aesKey) : raw;
  const disposition = response.headers.get('content-disposition') ?? '';
  const name = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1];
  return { bytes, contentType: response.headers.get('content-type') ?? 'application/octet-stream', filename: name ? decodeURIComponent(name) : media.filename };
}

/** True for a spreadsheet staff send to report cases in bulk (.xlsx / .csv). */
export function isSpreadsheet(file: FetchedMedia): boolean {
  const name = file.filename?.toLowerCase() ?? '';
  return name.endsWith('.xlsx') || name.endsWith('.csv') || file.contentType.includes('spreadsheetml') || file.contentType.includes('text/csv');
}
