import { decryptFile } from '@wecom/aibot-node-sdk';
import type { WecomApiClient } from '../wecom/api-client.js';
import { WecomApiError } from '../wecom/errors.js';
import type { InboundMedia } from '../wecom/inbound-message.js';
import { identifyFile } from './sniff-type.js';

/** A file as received: its bytes, type and name (when WeCom gives one). */
export interface FetchedMedia {
  bytes: Buffer;
  contentType: string;
  filename?: string;
}

/** Most files staff send are photos and office documents; anything larger is refused before storing. */
export const maxMediaBytes = 20 * 1024 * 1024;

/**
 * A photo or file WeCom will never hand over: the long connection's URL expired (it lives 5 minutes), the app's
 * media id is unknown or past its 3 days, or the bytes cannot be decrypted. Retrying cannot fetch it; only the
 * sender sending it again can. Anything else (5xx, timeouts, a dropped connection) is thrown as is and retried.
 */
export class MediaUnavailableError extends Error {
  constructor(
    /** `expired` for a refused download URL or media id, `undecryptable` for bytes the message's key does not open. */
    readonly reason: 'expired' | 'undecryptable',
    message: string,
  ) {
    super(message);
    this.name = 'MediaUnavailableError';
  }
}

/** 40007 invalid media_id: the app's media/get answer for a media id that is unknown or expired. */
const mediaGoneErrcodes = new Set([40007]);

/**
 * Downloads a received photo or file: through the media API for app messages, or from the intelligent
 * bot's short-lived URL, decrypted with the message's own AES key. A file without a real type or name gets
 * them from its bytes (see {@link identifyFile}). Throws {@link MediaUnavailableError} when WeCom refuses it for good.
 */
export async function fetchMedia(api: WecomApiClient, media: InboundMedia): Promise<FetchedMedia> {
  const file = await downloadRaw(api, media);
  return { bytes: file.bytes, ...identifyFile(file.bytes, file) };
}

async function downloadRaw(api: WecomApiClient, media: InboundMedia): Promise<FetchedMedia> {
  if (media.mediaId) return fetchAppMedia(api, media.mediaId, media.filename);
  if (!media.url) throw new Error('media without media id or URL');
  const response = await fetch(media.url, { signal: AbortSignal.timeout(30_000) });
  if (isRefusedForGood(response.status)) {
    // The URL is a signed storage link: an expired one answers 403 "Request has expired", and no retry renews it.
    const detail = (await response.text().catch(() => '')).slice(0, 100);
    throw new MediaUnavailableError('expired', `media download answered HTTP ${response.status} ${detail}`.trim());
  }
  if (!response.ok) throw new Error(`media download answered HTTP ${response.status}`);
  const raw = Buffer.from(await response.arrayBuffer());
  const bytes = media.aesKey ? decrypt(raw, media.aesKey) : raw;
  const disposition = response.headers.get('content-disposition') ?? '';
  const name = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1];
  return { bytes, contentType: response.headers.get('content-type') ?? 'application/octet-stream', filename: name ? decodeURIComponent(name) : media.filename };
}

async function fetchAppMedia(api: WecomApiClient, mediaId: string, fallbackName: string | undefined): Promise<FetchedMedia> {
  try {
    const { bytes, contentType, filename } = await api.downloadMedia(mediaId);
    return { bytes, contentType, filename: filename ?? fallbackName };
  } catch (error) {
    if (error instanceof WecomApiError && mediaGoneErrcodes.has(error.errcode)) throw new MediaUnavailableError('expired', error.message);
    throw error;
  }
}

/** A 4xx other than 408 (timeout) and 429 (too many requests): the storage will not serve this URL again. */
function isRefusedForGood(status: number): boolean {
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}

function decrypt(raw: Buffer, aesKey: string): Buffer {
  try {
    return decryptFile(raw, aesKey);
  } catch (error) {
    // The whole body arrived (a cut connection fails the read instead), so the same bytes would fail again.
    throw new MediaUnavailableError('undecryptable', `media could not be decrypted: ${(error as Error).message}`);
  }
}

/**
 * True for a spreadsheet staff send to report cases in bulk (.xlsx / .csv), and for the older Excel and WPS formats
 * (.xls / .et) agencies still keep their ledgers in: those are answered as sheets (how to save them as .xlsx), never
 * kept as evidence while the cases in them are not imported.
 */
export function isSpreadsheet(file: FetchedMedia): boolean {
  const name = file.filename?.toLowerCase() ?? '';
  const type = file.contentType.toLowerCase();
  return /\.(?:xlsx|csv|xls|et)$/.test(name) || type.includes('spreadsheetml') || type.includes('text/csv') || type.includes('vnd.ms-excel');
}
