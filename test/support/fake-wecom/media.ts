import { extname } from 'node:path';
import { opaqueId, unixSeconds, type FakeContext } from './context.js';
import { ok, wecomError } from './errors.js';
import { attachment, type ApiRequest, type ApiResult, type Route } from './http-kit.js';
import type { TokenStore } from './tokens.js';

/** A temporary media file (临时素材). */
export interface StoredMedia {
  mediaId: string;
  type: string;
  filename: string;
  contentType: string;
  bytes: Buffer;
  createdAt: number;
}

/** Temporary media of one owner: the app, or one group robot (their media ids do not mix). */
export interface MediaStore {
  add(owner: string, media: Omit<StoredMedia, 'mediaId' | 'createdAt'>): StoredMedia;
  get(owner: string, mediaId: string): StoredMedia | undefined;
}

const threeDaysMs = 3 * 24 * 3600 * 1000;
const megabyte = 1024 * 1024;
/** Upload limits of WeCom's media/upload: size and accepted extensions per type. */
const uploadLimits: Record<string, { maxBytes: number; extensions?: string[] }> = {
  image: { maxBytes: 10 * megabyte, extensions: ['.jpg', '.jpeg', '.png'] },
  voice: { maxBytes: 2 * megabyte, extensions: ['.amr'] },
  video: { maxBytes: 10 * megabyte, extensions: ['.mp4'] },
  file: { maxBytes: 20 * megabyte },
};
/** Upload bodies carry the file plus multipart framing. */
export const uploadBodyLimit = 21 * megabyte;

/** Creates the media store; media expire three days after upload, as WeCom's do. */
export function createMediaStore(ctx: FakeContext): MediaStore {
  const media = new Map<string, StoredMedia & { owner: string }>();
  return {
    add(owner, input) {
      const stored = { ...input, mediaId: `3${opaqueId(36)}`, createdAt: ctx.now(), owner };
      media.set(stored.mediaId, stored);
      return stored;
    },
    get(owner, mediaId) {
      const stored = media.get(mediaId);
      if (!stored || stored.owner !== owner || ctx.now() - stored.createdAt > threeDaysMs) return undefined;
      return stored;
    },
  };
}

/**
 * Checks an upload the way media/upload and webhook/upload_media do and stores it.
 * `allowedTypes` differs: the app takes image|voice|video|file, a group robot file|voice.
 */
export function acceptUpload(store: MediaStore, owner: string, request: ApiRequest, allowedTypes: string[]): ApiResult {
  const type = request.query.type ?? '';
  const limits = uploadLimits[type];
  if (!limits || !allowedTypes.includes(type)) return wecomError(40004, `type ${type || '(missing)'} not supported`);
  const file = request.files.find((part) => part.field === 'media');
  if (!file) return wecomError(41005, 'form-data part "media" with a filename is required');
  if (limits.extensions && !limits.extensions.includes(extname(file.filename).toLowerCase())) {
    return wecomError(40005, `${type} must be ${limits.extensions.join('/')}`);
  }
  // WeCom refuses files of 5 bytes or less as well as files over the type's limit.
  if (file.bytes.length <= 5 || file.bytes.length > limits.maxBytes) return wecomError(40006, `size ${file.bytes.length}`);
  const stored = store.add(owner, { type, filename: file.filename, contentType: file.contentType, bytes: file.bytes });
  // WeCom's documented answer has an empty errmsg and created_at as a string of unix seconds.
  return ok({ type, media_id: stored.mediaId, created_at: String(unixSeconds(stored.createdAt)) }, '');
}

/** The app's `/cgi-bin/media/upload` and `/cgi-bin/media/get`. */
export function mediaRoutes(store: MediaStore, tokens: TokenStore): Route[] {
  return [
    {
      method: 'POST',
      path: '/cgi-bin/media/upload',
      bodyLimit: uploadBodyLimit,
      handle: (request) => tokens.refuse(request.query) ?? acceptUpload(store, 'app', request, ['image', 'voice', 'video', 'file']),
    },
    {
      method: 'GET',
      path: '/cgi-bin/media/get',
      handle(request) {
        const refused = tokens.refuse(request.query);
        if (refused) return refused;
        const stored = store.get('app', request.query.media_id ?? '');
        if (!stored) return wecomError(40007);
        const headers = { 'content-type': stored.contentType, 'content-disposition': attachment(stored.filename) };
        return { status: 200, bytes: stored.bytes, headers };
      },
    },
  ];
}
